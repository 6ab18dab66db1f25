"""Who claims a figure, in languages read without a model.

The source is the name next to a reporting phrase of the figure's sentence ("nach Angaben
des Innenministeriums", "selon l'ONU", "قال المتحدث باسم الوزارة"), written as the text
writes it, without its articles; a registered alias ("Vereinte Nationen") gives the
registry's name, so one board groups an organisation across languages. A sentence that
names no one, or points back ("a-t-il ajouté", "وأضاف", "die Organisation"), continues
the account of the last source named before it in its paragraph (or of a registered body
named earlier in the document); else the outlet claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..claimants import ClaimantRegistry, load_registry
from .extensions import context_of, figures_of, register_extensions
from .languages import LanguagePack, load_pack
from .rules import BREAKS, WORD
from .segment import sentence_spans

_MAX_WORDS = 7  # a source's name is rarely longer ("Syrische Beobachtungsstelle für ...")
_QUOTES = frozenset("\"“”„«»")
_LIST_ITEM = 40  # characters: a line this short continues the account it belongs to
_WORD_END = re.compile(r"[\w\u200c]*")  # the rest of a word a stem matched the start of


def _alias_pattern(aliases: list[str]) -> re.Pattern[str]:
    """Registered names as written; a short acronym also in title case ("Onu", "Hrw"), never
    in lower case ("who")."""
    written: list[str] = []
    for alias in aliases:  # a Persian joiner may be written, dropped or a space
        written.append(re.escape(alias).replace("\u200c", "[\u200c ]?"))
        if alias.isupper() and len(alias) <= 6:
            written.append(re.escape(alias.capitalize()))
    return re.compile(rf"(?<!\w)(?:{'|'.join(written)})(?!\w)" if written else r"(?!)")


@dataclass(frozen=True)
class Source:
    """A source named in the text: where, the name as claimed, and how sure the reading is."""

    start: int
    name: str
    strength: int  # 3 a registered name, 2 a word for a source, 1 a capitalised name
    via: str | None = None  # who relays it: X of "X, citing Y"


class SourceReader:
    """Finds the sources a sentence names, with one language's pack and the registry."""

    def __init__(self, pack: LanguagePack, registry: ClaimantRegistry) -> None:
        self.pack = pack
        self.registry = registry
        self._aliases = _alias_pattern(registry.aliases())
        self._clitics = re.compile(pack.word_prefix or "(?!)")

    def _words(self, text: str, low: int, high: int, forward: bool) -> list[re.Match[str]]:
        """The words that may make a name: forward from `low`, or back from `high`. A name
        never runs across punctuation, a digit, a stop word or a toll word."""
        candidates = list(WORD.finditer(text, max(low, high - 200) if not forward else low, high))
        if forward:
            candidates = candidates[: _MAX_WORDS * 3]
        else:
            candidates.reverse()
        taken: list[re.Match[str]] = []
        if not forward and candidates and self.pack.auxiliaries.match(candidates[0].group()):
            candidates = candidates[1:]  # "Renzi a fait état": the name is before the auxiliary
        if not forward and candidates and candidates[0].group() == ")":
            opening = next((i for i, w in enumerate(candidates) if w.group() == "("), 0)
            candidates = candidates[opening + 1 :]  # "... (OMS) informó": past the brackets
        for n, word in enumerate(candidates):
            lowered = word.group().lower()
            if forward and word.group() in _QUOTES:
                if taken:
                    break  # "أعلنت “هنغاو” عن": a quoted name ends at its closing mark
                continue
            if word.group() in BREAKS or word.group()[0].isdigit() or len(taken) >= _MAX_WORDS:
                break
            if not forward and taken and self.pack.articles.match(lowered):
                further = candidates[n + 1].group().lower() if n + 1 < len(candidates) else ""
                if not self.pack.connectors.match(further):
                    break  # "Finalmente el secretario": the name starts at its article
            if forward and not taken and self.pack.articles.match(lowered):
                continue
            if self.pack.measure_of(lowered) or self.pack.toll_holders.match(lowered):
                break
            if self.pack.stops.match(lowered) and not (
                forward and self.pack.connectors.match(lowered) and self._names_source(taken)
            ):
                break
            taken.append(word)
        if not forward:
            taken.reverse()
        while taken and self.pack.articles.match(taken[0].group().lower()):
            taken.pop(0)
        while taken and (
            self.pack.articles.match(taken[-1].group().lower())
            or self.pack.connectors.match(taken[-1].group().lower())
        ):
            taken.pop()
        return taken

    def _is_source_word(self, text: str) -> bool:
        """ "Ministerium", "Katastrophenschutzbehörde", "للدفاع المدني": words for a source,
        also inside a compound or after clitics."""
        lowered = text.lower()
        for found in self.pack.source_words.finditer(lowered):
            word_start = max(lowered.rfind(" ", 0, found.start()) + 1, 0)
            glued = lowered[word_start : found.start()]
            if not glued or len(found.group()) >= 5 or self._clitics.fullmatch(glued):
                return True
        return False

    def _names_source(self, words: list[re.Match[str]]) -> bool:
        """A word for a source is among `words`: "of the" may go on ("Ministère de la Santé")."""
        return self._is_source_word(" ".join(w.group() for w in words))

    def _generic(self, words: list[re.Match[str]]) -> bool:
        """ "die Organisation", "المنظمة في تقرير": a common noun pointing back to a source,
        and nothing after it that names one ("ministère de l'Intérieur" does)."""
        head = next(
            (i for i, w in enumerate(words) if self.pack.connectors.match(w.group().lower())),
            len(words),
        )
        noun = " ".join(w.group() for w in words[:head])
        rest = words[head:]
        named = self._names_source(rest) or (
            self.pack.cased and any(w.group()[0].isupper() for w in rest)
        )
        return bool(noun) and not named and self.pack.generic_sources.fullmatch(noun) is not None

    def _source(
        self, text: str, words: list[re.Match[str]], loose: bool = False, start: int = 0
    ) -> Source | None:
        """The source `words` name, if they name one; `loose` takes any words (a name right
        after a verb that puts its subject first, as Arabic does). A lone capitalised word
        at the sentence's `start` is no name ("Si", "Dabei")."""
        if not words or self._generic(words):
            return None
        phrase = text[words[0].start() : words[-1].end()]
        alias = self._aliases.search(phrase)
        if alias:
            return Source(words[0].start(), self.registry.canonical(alias.group()), 3)
        phrase = self.pack.clean_name(phrase)
        if self._names_source(words):
            return Source(words[0].start(), self.registry.canonical(phrase), 2)
        capitals = sum(w.group()[0].isupper() for w in words)
        opening = words[0].start() <= start + 1 and capitals < 2
        if (self.pack.cased and words[0].group()[0].isupper() and not opening) or loose:
            return Source(words[0].start(), self.registry.canonical(phrase), 1)
        return None

    def named_in(self, text: str, start: int = 0, end: int | None = None) -> list[Source]:
        """The sources a sentence names next to a reporting phrase, in text order."""
        end = len(text) if end is None else end
        found = [s for s in (self._headline(text, start, end),) if s]
        citing = [*self.pack.citing.finditer(text, start, end)]
        for cue in citing:
            after = self._source(text, self._words(text, self._end_of_word(text, cue), end, True))
            relay = self._source(text, self._words(text, start, cue.start(), False), start=start)
            if after:
                found.append(replace(after, via=relay.name if relay else None))
        reporting = [*self.pack.reporting.finditer(text, start, end)]
        cues = [*self.pack.according_to.finditer(text, start, end), *reporting]
        cues += self.pack.pointing_back.finditer(text, start, end)
        for cue in cues if not found else []:
            loose = self.pack.verb_first and cue in reporting
            after_words = self._words(text, self._end_of_word(text, cue), end, forward=True)
            after = self._source(text, after_words, loose)
            before_words = self._words(text, start, cue.start(), forward=False)
            before = self._source(text, before_words, start=start)
            options = [s for s in (after, before) if s is not None]
            if options:
                found.append(max(options, key=lambda s: s.strength))
        if cues and not found:  # "وزارت کشور ... را ۱۷ نفر اعلام کرد": the subject opens it
            first_cue = min(cue.start() for cue in cues)
            opening_words = self._words(text, start, first_cue, forward=True)
            opening = self._source(text, opening_words, start=start)
            found += [opening] if opening else []
            found += [
                Source(m.start(), self.registry.canonical(m.group()), 3)
                for m in self._aliases.finditer(text, start, end)
            ]
        return sorted(found, key=lambda s: s.start)

    def points_back(self, text: str) -> bool:
        """The sentence continues a source's account: "a-t-il ajouté", "l'organisation"."""
        if self.pack.pointing_back.search(text):
            return True
        cues = [*self.pack.according_to.finditer(text), *self.pack.reporting.finditer(text)]
        return any(
            self._generic(self._words(text, self._end_of_word(text, cue), len(text), True))
            or self._generic(self._words(text, 0, cue.start(), False))
            for cue in cues
        )

    def _end_of_word(self, text: str, cue: re.Match[str]) -> int:
        """Where the word a stem matched the start of ends ("registr" of "registrato")."""
        rest = _WORD_END.match(text, cue.end())
        return rest.end() if rest else cue.end()

    def _headline(self, text: str, start: int, end: int) -> Source | None:
        """ "سخنگوی سازمان ...: ۳۲۸ کشته", "UNHCR: 5,5 Millionen": a source before a colon."""
        colon = text.find(":", start, min(end, start + 100))
        if colon < 0:
            return None
        found = self._source(text, self._words(text, start, colon, forward=False))
        return found if found and found.strength > 1 else None


class Sources:
    """The `tolltrace_sources` component: `span._.claimed_by` of each figure."""

    def __init__(self, lang: str, registry: ClaimantRegistry) -> None:
        register_extensions()
        self.reader = SourceReader(load_pack(lang), registry)
        self._document: tuple[str, int] = ("", -1)  # the document `_named` was read from
        self._named: list[Source] = []

    def __call__(self, doc: Doc) -> Doc:
        context = context_of(doc)
        here = self.reader.named_in(doc.text)
        for figure in figures_of(doc):
            if here:  # the source named nearest before the figure, else the nearest after
                before = [s for s in here if s.start < figure.start_char]
                nearest = before[-1] if before else here[0]
                figure._.claimed_by = (nearest.name,)
                figure._.via = nearest.via
                continue
            pointing = self.reader.points_back(doc.text)
            listed = len(doc.text) < _LIST_ITEM  # "کرند: ۱۴ کشته": a line of a list
            earlier = self._earlier(
                context.doc_id, context.document_text, context.offset, pointing, listed
            )
            if earlier is not None:
                figure._.claimed_by = (earlier.name,)
                figure._.confidence = round(figure._.confidence * 0.8, 3)
            elif context.outlet:
                figure._.claimed_by = (context.outlet,)
        return doc

    def _earlier(
        self, doc_id: str, text: str, offset: int, pointing: bool, listed: bool
    ) -> Source | None:
        """The last source named before `offset` in its paragraph; in the whole document for
        a line of a list or a sentence that points back ("a-t-elle ajouté", "selon l'ONG"),
        and then an organisation rather than a bare capitalised name; else the last
        registered body the document named, whose report it goes on retelling."""
        if self._document != (doc_id, len(text)):
            self._document = (doc_id, len(text))
            spans = sentence_spans(text, english=False)
            self._named = [
                s for start, end in spans for s in self.reader.named_in(text, start, end)
            ]
        low = -1 if pointing or listed else text.rfind("\n", 0, offset)
        before = [s for s in self._named if low < s.start < offset]
        if not before:  # a registered body whose report the article retells
            before = [s for s in self._named if s.start < offset and s.strength > 2]
        if pointing:
            before = [s for s in before if s.strength > 1] or before
        return before[-1] if before else None


@Language.factory(
    "tolltrace_sources",
    default_config={"lang": "de", "claimant_files": []},
    requires=["doc._.figures", "doc._.context"],
    assigns=["span._.claimed_by", "span._.via", "span._.confidence"],
)
def make_sources(nlp: Language, name: str, lang: str, claimant_files: list[str]) -> Sources:
    return Sources(lang, load_registry(Path(p) for p in claimant_files))
