"""Who claims each figure, who relays it and who confirmed it.

Reads the parse around the amount: "according to X", "X said ...", "X put the toll at",
"X's figures", "data obtained by X", "X, citing Y" (Y claims, X relays), "confirmed by X".
Pronouns ("it said") point back to the last organisation the document named. A figure the
text attributes to no one belongs to the outlet that published it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..claimants import ClaimantRegistry, load_registry, organisation_mentions
from .extensions import WindowContext, context_of, figures_of, register_extensions
from .sources import SourceTable
from .syntax import ancestors_within, counted_token, name_span, number_token, phrase_top

_REPORTING = re.compile(
    r"^(?:say|said|says|saying|report|announc|estimat|stated?$|states|stating|tell|told|claim|"
    r"counted|record(?:ed|ing|s)?$|documented|tallied|register|publish|releas|added|note[ds]?$|alleg|warn|"
    r"declar|indicat|show|reveal|disclos|acknowledg|wr[io]te|tweet|posted|put$|puts|revis|"
    r"putting|gave|give|given|confirm|verif|corroborat|list|compil|insist|calculat|tall(?:y|ies)|"
    r"quot|cit(?:ed|ing|es)$|suggest|find|found|estimat|collect|gather|spoke|speak|project|"
    r"counts?$|counting|rais|lower|maintain|assert|argu|concede)"
)
_CONFIRMING = re.compile(r"^(?:confirm|verif|corroborat)")
_CITING = frozenset("citing quoting cited quoted".split())
_FIGURE_NOUNS = frozenset(
    """figure figures data statistics stats tally count toll estimate estimates numbers number
    report reports records record list information study research modelling modeling model
    analysis survey findings census documentation registers register testimony accounts
    documents""".split()
)
# Sources of figures that are named by a common noun ("the ministry's figures").
_SOURCE_NOUNS = frozenset(
    """ministry government authorities police army military agency office group organisation
    organization officials hospital hospitals council committee commission coalition monitor
    observatory network ngo charity watchdog union association state regime directorate service
    department authority mission administration company operator coastguard""".split()
)
_DATA_PREPS = frozenset("from by".split())
_COMING = frozenset("come comes came are is were was originate originated".split())
_RELATIVE = frozenset("who which that".split())
_ROLE_NOUNS = frozenset(
    """spokesman spokeswoman spokesperson official officials head chief director representative
    member members source sources officer officers statement""".split()
)
_PRONOUNS = frozenset("it they he she we its their i".split())
_PERSONAL = frozenset("he she i".split())
_NOBODY = frozenset(
    "nobody none no-one someone anyone everyone everybody most many some all".split()
)
_GENERIC_ORGS = frozenset(
    """group organisation organization agency ministry charity watchdog monitor ngo office body
    committee council network service directorate""".split()
)


@dataclass
class Attribution:
    claimed_by: list[str] = field(default_factory=list)
    via: str | None = None
    corroborated_by: str | None = None
    certainty: float = 1.0


def _subject(verb: Token) -> Token | None:
    """Who did the reporting: the subject nearest the verb, the agent of a passive, or for
    "who put the toll at 118" the noun the relative clause hangs on."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "DET"]
    subjects = [c for c in subjects if c.lower_ not in _NOBODY]
    if not subjects:
        return _agent(verb)
    subject = min(subjects, key=lambda c: abs(verb.i - c.i))
    if subject.dep_ == "nsubjpass":
        return _agent(verb)
    if subject.lower_ in _RELATIVE and verb.dep_ == "relcl":
        return verb.head
    return subject


def _entity_before(verb: Token) -> Token | None:
    """The name just before "said" in "..., the UN office (OCHA) said": a fallback for
    sentences the parser got wrong."""
    i = verb.i - 1
    doc = verb.doc
    while i >= 0 and (doc[i].is_punct or (doc[i].dep_ == "appos" and doc[i].is_upper)):
        i -= 1
    if i >= 0 and doc[i].ent_type_ in ("ORG", "PERSON", "NORP"):
        return doc[i]
    return None


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _cited(verb: Token) -> Token | None:
    """Y in "X, citing Y, said", "X said, quoting Y" and "X quoted Y as saying"."""
    citing = [verb] if verb.lower_ in _CITING else []
    citing += [c for c in verb.children if c.lower_ in _CITING]
    for word in citing:
        for obj in word.children:
            if obj.dep_ in ("dobj", "pobj", "attr"):
                return obj
    return None


def _according_to(token: Token) -> Token | None:
    for child in token.children:
        if child.lower_ == "according":
            for prep in child.children:
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        return obj
    return None


def _source_of_noun(noun: Token) -> Token | None:
    """X in "X's figures", "figures from X", "data obtained by X", "a study by X",
    "the figures come from X"."""
    if noun.dep_ == "nsubj" and noun.head.lower_ in _COMING:
        for prep in noun.head.children:
            if prep.dep_ == "prep" and prep.lower_ in _DATA_PREPS:
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    return obj
    for child in noun.children:
        if child.dep_ == "poss" and _can_be_source(child):
            return child
        if child.dep_ == "prep" and child.lower_ in _DATA_PREPS and noun.lower_ != "toll":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return _source_of_noun(obj) if obj.lower_ in _FIGURE_NOUNS else obj
        if child.dep_ in ("acl", "relcl") and not _CONFIRMING.match(child.lower_):
            agent = _agent(child)
            if agent is not None:
                return _source_of_noun(agent) if agent.lower_ in _FIGURE_NOUNS else agent
    return None


def _can_be_source(token: Token) -> bool:
    """ "the ministry's figures" names a source; "the pandemic's toll" does not."""
    return token.pos_ == "PROPN" or token.is_upper or token.lower_ in _SOURCE_NOUNS | _PRONOUNS


def _named_figures(noun: Token) -> bool:
    """ "UN data", "official figures", "government statistics": the figures name their owner."""
    return noun.lower_ in _DATA_NOUNS and any(
        c.dep_ in ("compound", "amod", "nmod")
        and (c.is_upper or c.ent_type_ == "ORG" or c.lower_ in _OWNER_WORDS)
        for c in noun.children
    )


_HEARSAY = frozenset("reports accounts estimates sources".split())
_DATA_NOUNS = frozenset(
    "figure figures data statistics stats numbers count tally estimates".split()
)
_OWNER_WORDS = frozenset("official government ministry police army state un".split())


def _is_claim_of_lives(verb: Token) -> bool:
    """ "the outbreak claimed 118 lives" is a toll, not a claim."""
    return verb.lower_.startswith("claim") and any(
        c.lower_ in ("lives", "life") for c in verb.subtree
    )


class Attributor:
    """Finds the claimant, relay and corroborator of figures in one parsed window."""

    def __init__(self, registry: ClaimantRegistry) -> None:
        self.registry = registry
        self._named_in = ""
        self._named: tuple[tuple[int, str], ...] = ()

    def _organisations_named(self, context: WindowContext) -> tuple[tuple[int, str], ...]:
        """The organisations the whole document names, found only when a window points back
        ("it said"), once per document: most documents never need them."""
        if context.document_text is not self._named_in:
            self._named_in = context.document_text
            self._named = organisation_mentions(context.document_text, self.registry)
        return self._named

    def attribute(self, figure: Span, context: WindowContext) -> Attribution:
        result = self._along_path(figure, context)
        if not result.claimed_by and result.corroborated_by:
            result.claimed_by, result.corroborated_by = [result.corroborated_by], None
        if not result.claimed_by:
            result.claimed_by = self._in_sentence(figure, context)
        if not result.claimed_by:
            result.claimed_by = self._in_following(figure, context)
            result.certainty = 0.85
        if result.corroborated_by in result.claimed_by:  # a source does not confirm itself
            result.corroborated_by = None
        return result

    def _along_path(self, figure: Span, context: WindowContext) -> Attribution:
        result = Attribution()
        inner: Token | None = None
        number = number_token(figure)
        own = {number, phrase_top(figure), counted_token(figure)}
        for token in [number, *ancestors_within(number)]:
            according = _according_to(token)
            if according is not None and not result.claimed_by:
                result.claimed_by = self._source_names(according, context)
            for child in token.children:
                if child.dep_ in ("relcl", "acl", "parataxis") and _is_reporting(child):
                    # "the toll announced by X", "..., X said, and ..."
                    self._take(result, child, _subject(child), context)
                elif child.lower_ in ("officially",) and not result.claimed_by:
                    result.claimed_by = ["official figures"]
                elif child.lower_ in _FIGURE_NOUNS and not result.claimed_by:
                    result.claimed_by = self._source_names(child, context, strict=True)
            if token.pos_ in ("VERB", "AUX") and _is_reporting(token):
                relays = inner is not None and inner.head == token and inner.dep_ in _NESTING
                subject = _subject(token)
                if subject is not None and subject in own:
                    subject = _entity_before(token)
                self._take(result, token, subject, context, relays=relays)
                inner = token
        return result

    def _take(
        self,
        result: Attribution,
        verb: Token,
        subject: Token | None,
        context: WindowContext,
        relays: bool = False,
    ) -> None:
        if subject is None:
            return
        names = self._source_names(subject, context)
        if not names:
            return
        if _CONFIRMING.match(verb.lower_):
            result.corroborated_by = result.corroborated_by or names[0]
            return
        if not result.claimed_by:
            result.claimed_by = names
            cited = _cited(verb)
            if cited is not None:
                result.via, result.claimed_by = names[0], self._source_names(cited, context)
            elif verb.lower_ in ("told", "tell", "tells"):
                listener = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
                result.via = self._names(listener, context)[0] if listener is not None else None
        elif relays and result.via is None and names[0] not in result.claimed_by:
            result.via = names[0]

    def _source_names(
        self, token: Token, context: WindowContext, strict: bool = False
    ) -> list[str]:
        """Names behind a subject that may be the figures themselves ("UN data shows")."""
        if token.lower_ not in _FIGURE_NOUNS:
            return [] if strict else self._names(token, context)
        source = _source_of_noun(token)
        if source is not None:
            return self._names(source, context)
        if _named_figures(token):
            return [name_span(token).text]
        if not strict and _is_generic(token):  # "the report estimated"
            earlier = self._earlier_source(context, token.idx, token.lower_)
            return [earlier] if earlier else []
        if not strict and token.lower_ in _HEARSAY and any(c.dep_ == "amod" for c in token.lefts):
            return [name_span(token).text]  # "unconfirmed reports indicate": kept as written
        return []

    def _in_sentence(self, figure: Span, context: WindowContext) -> list[str]:
        """Sources named anywhere in the sentence: "according to X", "X's figures", or a
        reporting verb at the top of the sentence ("..., OCHA said, and 103 have died")."""
        sentence = figure.sent
        for token in sentence:
            according = _according_to(token)
            if according is not None:
                return self._source_names(according, context)
            if token.lower_ in _FIGURE_NOUNS:
                found = self._source_names(token, context, strict=True)
                if found:
                    return found
        for verb in (sentence.root, *sentence.root.conjuncts, *sentence.root.children):
            if verb.pos_ == "VERB" and _is_reporting(verb) and not _CONFIRMING.match(verb.lower_):
                subject = _subject(verb)
                if subject is not None:
                    return self._source_names(subject, context)
        return []

    def _in_following(self, figure: Span, context: WindowContext) -> list[str]:
        """ "The figures come from the health ministry." in the sentence after the figure."""
        for sentence in figure.doc.sents:
            if sentence.start >= figure.sent.end:
                for token in sentence:
                    according = _according_to(token)
                    if according is not None:
                        return self._source_names(according, context)
                    if token.lower_ in _FIGURE_NOUNS:
                        found = self._source_names(token, context, strict=True)
                        if found:
                            return found
                return []
        return []

    def _names(self, token: Token, context: WindowContext) -> list[str]:
        """Canonical names for an entity and anything listed with it ("X and Y", "X, Y")."""
        names = []
        for head in (token, *_listed_with(token)):
            name = self._resolve(head, context)
            if name and name not in names:
                names.append(name)
        return names

    def _resolve(self, head: Token, context: WindowContext) -> str | None:
        if head.lower_ in _ROLE_NOUNS:
            organisation = _organisation_of_role(head)
            if organisation is not None:
                head = organisation
            elif any(c.dep_ == "poss" for c in head.children):  # "the agency's director"
                head = next(c for c in head.children if c.dep_ == "poss")
        if head.lower_ in _NOBODY:
            return None
        if _described_only(head):  # "a monitor", "one official": described, never named
            return head.doc[head.left_edge.i : head.i + 1].text
        if head.lower_ in _PERSONAL and context.sources is not None:
            # "he said": the last person the document has speaking, not only those the
            # entity recognizer tagged in the windows it saw
            pointed = context.sources.resolve(head.text, context.offset + head.idx)
            if pointed is not None:
                return pointed.speaker or pointed.name
        if head.lower_ in _PRONOUNS or _is_generic(head):
            return self._earlier_source(context, head.idx, head.lower_) or (
                None if head.lower_ in _PRONOUNS else head.lower_
            )
        span = name_span(head)
        text = span.text.strip()
        written = self.registry.name_at(head.doc.text, span.start_char)
        if written is not None and len(written) > len(text):
            text = written
        return self.registry.fuller(text) if text else None

    def _earlier_source(self, context: WindowContext, at: int, word: str) -> str | None:
        """Whom "it said" or "the agency said" points back to: the latest organisation the
        document named or claimant an earlier window found, preferring one whose name holds
        the word used ("agency" → "Baruna disaster agency"); "she said" points to a person."""
        position = context.offset + at
        if word in _PERSONAL:
            pool = [*context.people, *(m for m in context.claimants if _looks_like_person(m[1]))]
        else:
            pool = [*self._organisations_named(context), *context.claimants]
        earlier = sorted(m for m in pool if m[0] < position)
        matching = [
            m
            for m in earlier
            if word not in _PRONOUNS and word in m[1].lower().split() and m[1].lower() != word
        ]
        earlier = [m for m in earlier if m[1].lower() not in _GENERIC_ORGS]
        chosen = (matching or earlier)[-1:]
        return self.registry.fuller(chosen[0][1]) if chosen else None


def _described_only(head: Token) -> bool:
    """ "a monitor said", "one official told Reuters", "a security source said"."""
    indefinite = any(c.lower_ in ("a", "an", "one", "another") for c in head.lefts)
    return indefinite and (_is_generic(head) or head.lower_ in _ROLE_NOUNS)


def _looks_like_person(name: str) -> bool:
    words = name.split()
    return (
        2 <= len(words) <= 4
        and all(w[:1].isupper() for w in words)
        and not any(w.lower() in _GENERIC_ORGS | _SOURCE_NOUNS for w in words)
    )


_NESTING = frozenset("ccomp xcomp parataxis".split())


def _is_reporting(verb: Token) -> bool:
    return bool(_REPORTING.match(verb.lower_)) and not _is_claim_of_lives(verb)


def _listed_with(token: Token) -> Iterable[Token]:
    for child in token.children:
        if child.dep_ in ("conj", "appos"):
            yield child
            yield from _listed_with(child)


def _organisation_of_role(role: Token) -> Token | None:
    """ "a spokesman for the interior ministry" names the ministry."""
    for child in role.children:
        if child.dep_ == "prep" and child.lower_ in ("for", "of", "at", "from", "in"):
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.pos_ in ("PROPN", "NOUN"):
                    return obj
    return None


def _is_generic(head: Token) -> bool:
    """ "the group", "the Geneva-based monitor", "the report": a pointer back, not a name."""
    return (
        head.lower_ in _GENERIC_ORGS | _FIGURE_NOUNS
        and not head.is_upper
        and all(
            c.dep_ in ("det", "punct")
            or c.text.endswith("based")
            or c.lower_ in _POINTING_ADJECTIVES
            for c in head.lefts
        )
        and not any(c.dep_ == "prep" for c in head.rights)
    )


# "an earlier model", "the latest report": still a pointer back to a source named before
_POINTING_ADJECTIVES = frozenset(
    "earlier new latest previous preliminary initial final updated revised last recent same".split()
)


def outlet_claim(context: WindowContext) -> list[str]:
    return [context.outlet] if context.outlet else []


@Language.factory(
    "tolltrace_attribution",
    default_config={"claimant_files": []},
    requires=["doc._.figures", "doc._.context"],
    assigns=[
        "span._.claimed_by",
        "span._.speaker",
        "span._.via",
        "span._.corroborated_by",
        "span._.confidence",
    ],
)
def make_attribution(nlp: Language, name: str, claimant_files: list[str]) -> AttributionComponent:
    return AttributionComponent(load_registry(Path(p) for p in claimant_files))


class AttributionComponent:
    """Windows of one document arrive in order. A figure whose own sentence names a source
    takes it; one that names none continues the account of the source before it in the
    passage (the document's `SourceTable`), or takes the wire that credits the story, or the
    body's source when it is a headline; only then the outlet."""

    def __init__(self, registry: ClaimantRegistry) -> None:
        register_extensions()
        self.attributor = Attributor(registry)
        self.registry = registry
        self._seen: list[tuple[int, str]] = []
        self._people: list[tuple[int, str]] = []
        self._previous: tuple[int, int, tuple[str, ...]] = (-1, -1, ())
        self._table: SourceTable | None = None

    def _sources(self, context: WindowContext) -> SourceTable:
        """One table a document, built when the first of its windows needs it."""
        if self._table is None or self._table.text is not context.document_text:
            self._table = SourceTable(context.document_text, self.registry, context.outlet)
        return self._table

    def __call__(self, doc: Doc) -> Doc:
        context = context_of(doc)
        if context.first_window:
            self._seen, self._people, self._previous = [], [], (-1, -1, ())
        self._people += [
            (context.offset + e.start_char, e.text) for e in doc.ents if e.label_ == "PERSON"
        ]
        sources = self._sources(context)
        context = replace(
            context, claimants=tuple(self._seen), people=tuple(self._people), sources=sources
        )
        for figure in figures_of(doc):
            found = self.attributor.attribute(figure, context)
            start = context.offset + figure.sent.start_char
            wire = sources.wire
            cited = sources.cited_in_sentence(context.offset + figure.start_char)
            if cited is not None and not found.claimed_by:
                found.claimed_by = [cited.name]  # "... raised the toll to 40, citing Y"
            elif cited is not None and cited.name not in found.claimed_by:
                found.via = found.via or cited.name  # "X said ..., the outlet reports citing Y"
            if found.claimed_by:
                claimed = self._as_claimants(found.claimed_by, sources)
                figure._.via = found.via or (wire if wire not in claimed[0] else None)
            elif self._continues(doc, start):
                claimed, found.certainty = self._previous[2], 0.8
                figure._.via = found.via
            else:
                claimed, found.certainty = self._passage_source(figure, context, sources)
                figure._.via = None
            names, speaker = claimed
            figure._.claimed_by = names or tuple(outlet_claim(context))
            figure._.speaker = speaker
            figure._.corroborated_by = found.corroborated_by
            figure._.confidence = round(figure._.confidence * found.certainty, 3)
            if found.claimed_by:
                self._seen.append((context.offset + figure.start_char, names[0]))
                self._previous = (start, context.offset + len(doc.text), claimed)
        return doc

    def _as_claimants(
        self, names: list[str], sources: SourceTable
    ) -> tuple[tuple[str, ...], str | None]:
        """Names the parse found, made the fullest the document gives; a person who speaks
        for an organisation becomes the organisation, with the person as speaker."""
        resolved: list[str] = []
        speaker = None
        for name in names:
            source = sources.source(name)
            name = self.registry.fuller(source.name)
            if name not in resolved:
                resolved.append(name)
            speaker = speaker or source.speaker
        return tuple(resolved), speaker

    def _passage_source(
        self, figure: Span, context: WindowContext, sources: SourceTable
    ) -> tuple[tuple[tuple[str, ...], str | None], float]:
        """The source a figure with none of its own belongs to, listed with whoever published
        it (the outlet, or the wire it carries), and how sure that is."""
        at = context.offset + figure.start_char
        text = context.document_text
        paragraph = text.rfind("\n", 0, at) + 1
        publisher = sources.author or context.outlet
        source = (
            sources.account_closing(at)
            or sources.account_in_sentence(at)
            or (
                sources.headline_source(figure.text) if paragraph == 0 else sources.line_named(at)
            )
            or sources.account_before(at, paragraph)
            or sources.headline_named()
        )
        if source is None:
            return ((publisher,) if publisher else (), None), 1.0
        names: tuple[str, ...] = (self.registry.fuller(source.name),)
        if publisher and publisher not in names:
            names += (publisher,)
        return (names, source.speaker), 0.75

    def _continues(self, doc: Doc, sentence_start: int) -> bool:
        """The figure shares a sentence with a figure whose source was named ("recording 1,247
        casualties, 412 killed and 835 injured"), or its sentence comes right after such a
        sentence in the same paragraph ("..., OCHA said. More than 400 were injured.")."""
        start, end, names = self._previous
        if not names:
            return False
        window = context_of(doc)
        if start == sentence_start or window.offset <= start:  # same sentence, or same window
            return True
        new_paragraph = sentence_start == window.offset and window.new_paragraph
        return not new_paragraph and 0 <= sentence_start - end <= 2
