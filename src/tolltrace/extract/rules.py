"""What a number counts, and whether it is hypothetical, in languages read without a model.

No parse here: the toll word nearest the amount in its own clause says what it counts
("30 Menschen getötet", "مقتل 16 متظاهرا", "۳۲۸ کشته"). A clause ends at punctuation or
at a word that starts another one ("und", "et"), so "5 Tote und 20 Verletzte" gives each
amount its own word. Every word comes from the language's pack.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from .extensions import context_of, figures_of, register_extensions
from .languages import LanguagePack, load_pack

# A word: an elided article on its own ("l'", "dell'"), else letters, digits and joiners with
# inner hyphens ("UN-Flüchtlingshilfswerk"); or one other character.
WORD = re.compile(r"[^\W\d_]{1,5}['’](?=\w)|[\w\u200c\u200d]+(?:-[\w\u200c\u200d]+)*|[^\w\s]")
# Characters that end a clause.
BREAKS = frozenset(',;:.!?()[]«»"“”„—–|،؛؟')
_AFTER = 8  # words looked at after the amount
_BEFORE = 5  # and before it
_LEAD_CHARS = 300  # the headline and lead say what an article is about
_NEAR_CHARS = 90  # how far a sentence-level toll word may be from a bare "people" amount


def words_after(text: str, start: int, limit: int = _AFTER) -> Iterator[re.Match[str]]:
    """The words of the clause that follow `start`, up to `limit`."""
    for count, match in enumerate(WORD.finditer(text, start)):
        if match.group() in BREAKS or count >= limit:
            return
        yield match


def words_before(text: str, end: int, limit: int = _BEFORE) -> list[re.Match[str]]:
    """The words of the clause before `end`, nearest first."""
    found = [m for m in WORD.finditer(text, max(0, end - 200), end) if m.end() <= end]
    clause: list[re.Match[str]] = []
    for match in reversed(found):
        if match.group() in BREAKS or len(clause) >= limit:
            break
        clause.append(match)
    return clause


def _cue(pack: LanguagePack, lowered: str, start: int) -> str | None:
    """The measure a toll word (or phrase) starting at `start` names."""
    for measure, pattern in pack.measures:
        if pattern.match(lowered, start):
            return measure
    return None


def _own_cues(pack: LanguagePack, text: str, figure: Span) -> tuple[list[tuple[float, str]], bool]:
    """(distance in words, measure) of the toll words in the amount's clause, and whether
    the amount counts things (a "thing" word right after it)."""
    lowered = text.lower()
    cues: list[tuple[float, str]] = []
    for distance, word in enumerate(words_after(lowered, figure.end_char), 1):
        if distance == 1 and pack.things.match(lowered, word.start()):
            return [], True
        if pack.clause_ends.match(word.group()):
            break
        measure = _cue(pack, lowered, word.start())
        if measure:
            cues.append((distance, measure))
            break
    for distance, word in enumerate(words_before(lowered, figure.start_char), 1):
        if pack.clause_ends.match(word.group()):
            break
        measure = _cue(pack, lowered, word.start())
        if measure:  # a word after the amount wins a tie
            cues.append((distance + 0.25, measure))
            break
        if pack.toll_holders.match(lowered, word.start()):
            cues.append((distance + 0.5, "killed"))
            break
    return sorted(cues), False


def _counts_people(pack: LanguagePack, text: str, figure: Span) -> bool:
    """The amount is followed by a word for people, maybe after an article ("69 i bambini"):
    its harm may be said further away."""
    lowered = text.lower()
    following = list(words_after(lowered, figure.end_char, 2))
    if following and pack.articles.match(following[0].group()):
        following = following[1:]
    return bool(following) and pack.people.match(lowered, following[0].start()) is not None


def _ends_clause(text: str, figure: Span) -> bool:
    """Nothing follows the amount in its clause: "in Turchia 2.921, in Siria 1451"."""
    return next(words_after(text, figure.end_char, 1), None) is None


def _nearest_in_sentence(pack: LanguagePack, text: str, figure: Span) -> str | None:
    """The toll word of the sentence nearest to the amount, within `_NEAR_CHARS`."""
    lowered = text.lower()
    best: tuple[int, str] | None = None
    for word in WORD.finditer(lowered):
        distance = min(abs(word.start() - figure.end_char), abs(figure.start_char - word.end()))
        if distance > _NEAR_CHARS or figure.start_char <= word.start() < figure.end_char:
            continue
        measure = _cue(pack, lowered, word.start())
        if measure and (best is None or distance < best[0]):
            best = (distance, measure)
    return best[1] if best else None


def _is_sub_count(pack: LanguagePack, text: str, figure: Span) -> bool:
    """ "darunter zehn Kinder", "dont 12 enfants", "بينهم 5 أطفال"."""
    before = text[max(0, figure.start_char - 40) : figure.start_char]
    return any(m.end() >= len(before.rstrip()) - 12 for m in pack.including.finditer(before))


def _bracketed(text: str, figure: Span) -> bool:
    """ "Afghanistan (2,7 Millionen)", "فيتنام (85)": one item of a list of counts."""
    before = text[: figure.start_char].rstrip()
    return before.endswith("(") and text[figure.end_char :].lstrip().startswith(")")


def _reaches_value(pack: LanguagePack, text: str, figure: Span) -> bool:
    """ "ist ... auf 41 gestiegen", "ارتفع إلى 20 ألفا": the amount a toll rose or fell to."""
    before = words_before(text, figure.start_char, 1)
    return bool(before) and pack.value_preps.match(before[0].group().lower()) is not None


def _last_before(pack: LanguagePack, text: str, figure: Span) -> str | None:
    """The measure of the last toll word (or "toll") before the amount in its sentence."""
    lowered = text.lower()
    found: str | None = None
    for word in WORD.finditer(lowered, 0, figure.start_char):
        measure = _cue(pack, lowered, word.start())
        if measure is None and pack.toll_holders.match(lowered, word.start()):
            measure = "killed"
        found = measure or found
    return found


def classify(pack: LanguagePack, figure: Span, previous: str | None) -> tuple[str | None, float]:
    """(measure, confidence) of an amount; measure None when it is not a toll."""
    text = figure.doc.text
    cues, things = _own_cues(pack, text, figure)
    if things:
        return None, 0.0
    people = _counts_people(pack, text, figure)
    if cues:
        measure, confidence = cues[0][1], 0.8
    elif previous and (
        people
        or _is_sub_count(pack, text, figure)
        or _bracketed(text, figure)
        or _ends_clause(text, figure)
    ):
        measure, confidence = previous, 0.6  # "..., darunter zehn Kinder", "(5 uomini e 1 donna)"
    elif people:
        measure, confidence = _nearest_in_sentence(pack, text, figure), 0.5
    elif _reaches_value(pack, text, figure):
        measure, confidence = _last_before(pack, text, figure), 0.6
    else:
        return None, 0.0
    if measure == "killed" and _about_disease(pack, figure):
        measure = "died_of_disease"
    return measure, confidence


def _about_disease(pack: LanguagePack, figure: Span) -> bool:
    """The sentence, the headline or the lead names a disease."""
    context = context_of(figure.doc)
    lead = context.document_text[:_LEAD_CHARS]
    return any(pack.disease.search(text) for text in (figure.doc.text, context.title or "", lead))


def is_hypothetical(pack: LanguagePack, figure: Span) -> bool:
    """A modal or projection word in the amount's clause ("könnte", "pourrait", "ممکن است")."""
    text = figure.doc.text
    start = min((m.start() for m in words_before(text, figure.start_char, 12)), default=0)
    end = max((m.end() for m in words_after(text, figure.end_char, 12)), default=figure.end_char)
    return pack.hypothetical.search(text, start, end) is not None


class TollWords:
    """The `tolltrace_toll_words` component: keeps the amounts a toll word claims."""

    def __init__(self, lang: str) -> None:
        register_extensions()
        self.pack = load_pack(lang)

    def __call__(self, doc: Doc) -> Doc:
        kept: list[Span] = []
        for figure in figures_of(doc):
            previous = kept[-1]._.measure if kept else None
            measure, confidence = classify(self.pack, figure, previous)
            if measure is None:
                continue
            figure._.measure = measure
            figure._.confidence = confidence
            kept.append(figure)
        doc._.figures = kept
        return doc


class Hedges:
    """The `tolltrace_hedges` component: marks projected and counterfactual amounts."""

    def __init__(self, lang: str) -> None:
        register_extensions()
        self.pack = load_pack(lang)

    def __call__(self, doc: Doc) -> Doc:
        for figure in figures_of(doc):
            figure._.hypothetical = is_hypothetical(self.pack, figure)
        return doc


@Language.factory(
    "tolltrace_toll_words",
    default_config={"lang": "de"},
    requires=["doc._.figures", "span._.number"],
    assigns=["doc._.figures", "span._.measure", "span._.confidence"],
)
def make_toll_words(nlp: Language, name: str, lang: str) -> TollWords:
    return TollWords(lang)


@Language.factory(
    "tolltrace_hedges",
    default_config={"lang": "de"},
    requires=["doc._.figures"],
    assigns=["span._.hypothetical"],
)
def make_hedges(nlp: Language, name: str, lang: str) -> Hedges:
    return Hedges(lang)


@Language.component("tolltrace_one_sentence", assigns=["token.is_sent_start"])
def one_sentence(doc: Doc) -> Doc:
    """A window is one sentence already (the project's splitter cut it): say so to spaCy."""
    for token in doc:
        token.is_sent_start = token.i == 0
    return doc
