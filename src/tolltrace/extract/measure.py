"""What a number counts, and whether it is a human toll at all.

The dependency parse links an amount to the word that says what happened to the people
counted ("1,500 deaths", "4,000 people injured", "the death toll of 1500", "lost their
lives"). Amounts linked to nothing of the kind (marchers, buildings, speakers) are dropped
here, so later components only see toll figures.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .extensions import figures_of, register_extensions
from .syntax import AMOUNT_NOUNS, ancestors_within, counted_token, number_token, phrase_top

_STEMS: tuple[tuple[str, str], ...] = (
    (r"casualt", "casualties"),
    (
        r"kill|dead$|deaths?$|die[ds]?$|dying|fatal|slain|murder|massacr|perish|drown|slaughter|"
        r"shot$|gunned|bod(?:y|ies)$|corpses|remains$|martyr|succumb|neutrali[sz]|lives$",
        "killed",
    ),
    (
        r"injur|wound|hurt|maim|hospitali[sz]|hospital$|treated$|treatment$|admitted$|beaten$|"
        r"condition$",
        "injured",
    ),
    (r"arrest|detain|detention|jail|imprison|apprehend|custody|prison$|bars$|held$", "arrested"),
    (r"execut|hang(?:ed|ings?|s)?$|hanged|behead", "executed"),
    (r"missing|disappear|unaccounted|trapped$|buried$|whereabouts$", "missing"),
    (r"displac|fled|flee|refugee|homeless|evacuat|uproot|shelters?$|homes$|arrivals$", "displaced"),
    (r"abduct|kidnap|hostages?$|seiz|rescued$|survived$|survivors$", "other"),
)
_STEM_RE = [(re.compile(rf"^(?:{pattern})"), measure) for pattern, measure in _STEMS]

# Any word of the lexicon, for the prefilter that decides which sentences to parse.
TOLL_WORDS = re.compile(
    r"\b(?:" + "|".join(p for p, _ in _STEMS).replace("$", r"\b") + r"|lives|toll|sought)",
    re.IGNORECASE,
)

# Nouns that stand for the people counted without saying what happened to them.
_TOLL_HOLDERS = frozenset("toll tally number count figure figures total estimate estimates".split())

# Things, not people: an amount of these is never a toll.
_THINGS = frozenset(
    """buildings homes houses huts tents shelters dwellings structures villages towns cities
    communities locations countries provinces districts hospitals clinics centres centers
    facilities schools mosques churches vehicles cars trucks tanks missiles rockets drones shells
    bombs days hours weeks months years minutes seconds times kilometres kilometers km miles
    metres meters kilograms kg dollars euros pounds percent tonnes tons cases votes seats pages
    articles speakers sessions rounds flights ships boats aircraft planes incidents attacks
    strikes raids protests rallies demonstrations sites cells camps beds doses tests laws bills
    resolutions sentences verdicts trials charges rifles guns weapons launchers grenades
    ammunition rounds country place places region regions""".split()
)
# Verbs that say the people counted were not harmed: "22 inmates had escaped".
_UNHARMED = re.compile(
    r"^(?:escap|releas|freed|free$|recaptur|transferr|pardon|saved|evacuated safely|"
    r"attend|march|gather|rall(?:y|ied)|vot|sentenc|convict|condemn)"
)
# Counts of the sick: a toll only when they died ("2,105 patients in hospital" is not one).
_CASE_NOUNS = frozenset("patients cases infections".split())
# People who may or may not be a toll: "17 former detainees" told their story.
_ROLE_COUNTS = frozenset("detainees prisoners inmates refugees evacuees hostages captives".split())
# "built for 1,800 inmates", "testimony from 17 detainees": a capacity or a source, not a toll.
_NOT_TOLL_PREPS = frozenset("for from with to by under".split())

# Verbs that make their subject the one who did the harm, not the one harmed.
_ACTIVE_HARM = re.compile(r"^(?:kill|injur|wound|arrest|detain|execut|shot|shoot|murder|held|hold)")

DISEASE_CUE = re.compile(
    r"\b(?:covid|coronavirus|cholera|ebola|measles|malaria|dengue|influenza|flu|tuberculosis|"
    r"plague|typhoid|mpox|diphtheria|hepatitis|pneumonia|meningitis|virus|disease|epidemic|"
    r"pandemic|infection|illness|health crisis|outbreak(?! of (?:violence|fighting|clashes)))",
    re.IGNORECASE,
)


def measure_of_word(word: str) -> str | None:
    """The measure a single word names: "wounded" → injured, "detainees" → arrested."""
    lower = word.lower()
    for pattern, measure in _STEM_RE:
        if pattern.search(lower):
            return measure
    return None


def _cues_on_modifiers(counted: Token, figure: Span | None = None) -> list[str]:
    """ "injured people", "people killed", "protesters that were killed". When one noun carries
    several amounts ("5,000 homeless, 2 firefighters dead"), a modifier belongs to the amount
    nearest before it."""
    found = []
    for child in counted.children:
        if figure is not None and not _nearest_amount_is(figure, child):
            continue
        if child.dep_ in ("amod", "acl", "relcl"):
            found.append(measure_of_word(child.text))
            found.extend(measure_of_word(c.text) for c in _complements(child))
    return [m for m in found if m]


def _nearest_amount_is(figure: Span, word: Token) -> bool:
    amounts = [c for c in word.head.children if c.dep_ == "nummod"]
    if len(amounts) < 2:
        return True
    before = [a for a in amounts if a.i < word.i]
    return not before or figure.start <= max(before, key=lambda a: a.i).i < figure.end


def _complements(verb: Token) -> list[Token]:
    """Words that finish a verb's meaning: "left homeless", "feared dead", "in prison",
    "lost their homes", "treated for injuries"."""
    words = []
    for child in verb.children:
        if child.dep_ in ("acomp", "oprd", "xcomp", "attr", "dobj"):
            words.append(child)
        elif child.dep_ == "prep" and child.lower_ in _COMPLEMENT_PREPS:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    words.append(obj)
                    words.extend(c for c in obj.children if c.dep_ in ("compound", "amod", "acl"))
                elif obj.dep_ == "pcomp":  # "without homes fit to live in"
                    words.extend(t for t in obj.subtree if t.pos_ in ("NOUN", "ADJ"))
    return words


_COMPLEMENT_PREPS = frozenset("in behind into for from to of among without".split())


def _shares_argument(other: Token, head: Token, counted: Token) -> bool:
    """ "injuring and killing thousands", "devices killed or wounded 190 civilians": the other
    verb has no argument of its own in the counted word's role; a later verb with a subject of
    its own ("admitted 48 people and four had died") starts a clause of its own."""
    subjects = ("nsubj", "nsubjpass")
    role = counted.dep_
    own = {c.dep_ for c in other.children}
    if any(t.like_num for t in other.subtree if t.i > other.i and t not in counted.subtree):
        return False  # "killed 15 people and wounded over 100": it counts its own
    if role in subjects:
        return not own & set(subjects)
    return "dobj" not in own and (other.i < head.i or not own & set(subjects))


def _cues_on_head(counted: Token) -> list[str]:
    """What the verb or noun governing the counted word says: "were killed", "killing",
    "lost their lives", "left homeless", "the deaths of 12", "the toll ... at 225"."""
    head = counted.head
    if head == counted:
        return []
    if counted.dep_ == "nsubj" and _ACTIVE_HARM.search(head.lower_) and _has_object(head):
        return ["perpetrator"]
    if head.lower_ in ("held", "hold", "holds", "holding") and counted.dep_ == "dobj":
        # "the regime holds 300 political prisoners" vs "the club held 600 people"
        return ["arrested"] if counted.lower_ in _ROLE_COUNTS else []
    if counted.dep_ == "pobj" and head.lower_ in ("from", "including", "among"):
        inherited = _inherited(head)
        if inherited:
            return inherited
        return ["antecedent"]
    found = [measure_of_word(head.text)]
    if head.lower_ == "sought" and any(c.dep_ == "auxpass" for c in head.children):
        found = ["missing"]  # "four are still being sought", not "sought medical help"
    complements = [c for c in _complements(head) if c != counted]
    if head.lower_ in ("put", "putting") and any(c.lower_ == "death" for c in complements):
        return ["executed"]  # "17 men were put to death"
    if found[0] is None:  # "died of gunshot wounds": the cause, not a second measure
        found.extend(measure_of_word(c.text) for c in complements)
    found.extend(
        measure_of_word(c.text)
        for c in head.conjuncts
        if c.pos_ == "VERB" and _shares_argument(c, head, counted)
    )
    if head.lower_ in _LIFE_TAKING and any(c.lower_ in ("lives", "life") for c in head.children):
        found.append("killed")
    held = counted.dep_ in ("pobj", "dobj", "attr", "npadvmod") or head.lower_ in _TOLL_HOLDERS
    if held and not any(found):
        found.extend(_cues_of_holder(head))
    return [m for m in found if m]


_LIFE_TAKING = frozenset(("lost", "lose", "losing", "claimed", "claiming", "took", "taken"))


def _inherited(prep: Token) -> list[str]:
    """ "..., up from 31", "including 14,500 civilians": the amount counts what the clause
    around it counts."""
    anchor = prep.head
    if anchor.lower_ in ("up", "down") or anchor.dep_ == "advmod":
        anchor = anchor.head
    found = [measure_of_word(anchor.text), *(measure_of_word(w.text) for w in _complements(anchor))]
    found += _cues_on_modifiers(anchor)
    if anchor.pos_ != "VERB":
        found += _cues_on_head(anchor) if anchor.head != anchor else []
    found += _cues_of_holder(anchor)
    return [m for m in found if m and m != "perpetrator"]


def _has_object(verb: Token) -> bool:
    return any(c.dep_ == "dobj" for c in verb.children)


def _cues_of_holder(token: Token) -> list[str]:
    """ "death toll of 40", "put the death toll at 40", "the toll rose to 40",
    "the number of people killed has risen to 212": the toll noun near the amount, or the
    people it counts, says what it counts."""
    found: list[str] = []
    for ancestor in [token, *ancestors_within(token, 3)]:
        governs_value = token.lower_ in _VALUE_PREPS and ancestor == token.head
        own = [ancestor] if ancestor.pos_ in ("NOUN", "PROPN") or governs_value else []
        nouns = [*own, *(c for c in ancestor.children if c.dep_ in ("nsubj", "dobj", "attr"))]
        for noun in nouns:
            if noun.lower_ not in _TOLL_HOLDERS and measure_of_word(noun.text) is None:
                continue
            found.append(measure_of_word(noun.text))
            found.extend(_held_by(noun))
            if noun.lower_ in _DEATH_COUNTS and not any(found):
                found.append("killed")  # a bare "toll", "its count", "the tally" counts the dead
        if any(found):
            break
    return [m for m in found if m and m != "perpetrator"]


_DEATH_COUNTS = frozenset("toll count tally".split())
_VALUE_PREPS = frozenset("at to past".split())  # "put the toll at 40", "rose to 71"


def _held_by(noun: Token, depth: int = 3) -> list[str | None]:
    """What a toll noun counts: "death" in "death toll", "people killed" in "the number of
    people killed", through "estimates of the number of ..." chains."""
    found: list[str | None] = []
    for word in _modifiers(noun):
        found.append(measure_of_word(word.text))
        found.extend(_cues_on_modifiers(word))
        if depth and word.lower_ in _TOLL_HOLDERS:
            found.extend(_held_by(word, depth - 1))
    return found


def _modifiers(noun: Token) -> list[Token]:
    """ "death" in "death toll", "dead" in "the number of dead"."""
    words = [c for c in noun.children if c.dep_ in ("compound", "amod", "nmod")]
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            words.extend(c for c in prep.children if c.dep_ == "pobj")
    return words


def _cues_nearby(figure: Span) -> list[str]:
    """Fallback when the parse links nothing: toll words right after or just before."""
    doc = figure.doc
    after = doc[figure.end : min(len(doc), figure.end + 5)]
    before = doc[max(figure.sent.start, figure.start - 3) : figure.start]
    found = []
    for token in [*after, *reversed(before)]:
        if token.is_punct and token.text not in ("-",):
            break
        if token.like_num and token not in figure:  # another figure's words from here on
            break
        if token.dep_ != "compound":  # "two prison doctors" are not prisoners
            found.append(measure_of_word(token.text))
    return [m for m in found if m]


def _capacity_or_age(figure: Span, counted: Token) -> bool:
    """ "built for 1,800 inmates", "testimony from nine former prisoners", "children under
    five", "aged 31, 36 and 44", "22 inmates had escaped"."""
    top = phrase_top(figure)
    harmed = _cues_on_modifiers(counted)  # "seven of those hanged ... had been convicted"
    if top.head.pos_ == "VERB" and _UNHARMED.match(top.head.lower_) and not harmed:
        return True
    if top.dep_ == "pobj" and top.head.lower_ in _NOT_TOLL_PREPS:
        attached_to_noun = top.head.head.pos_ in ("NOUN", "PROPN")
        return attached_to_noun or counted.lower_ in _ROLE_COUNTS or top.head.lower_ == "under"
    return any(t.lower_ in ("aged", "ages", "age") for t in (top.head, top.head.head))


_VIOLENCE = re.compile(
    r"\b(?:kill|shot|shoot|gun|attack|strike|bomb|blast|clash|fire|explo|crash|collaps|flood|"
    r"quake|drown|stampede|crush|murder|execut|beat|torture|fight|war|raid)",
    re.IGNORECASE,
)


def _with_disease(measure: str | None, figure: Span) -> str | None:
    """Deaths in a sentence, or an article, about a disease are deaths of that disease."""
    if measure != "killed":
        return measure
    sentence = figure.sent.text
    if DISEASE_CUE.search(sentence):
        return "died_of_disease"
    title = figure.doc._.context.title if figure.doc._.context else None
    if title and DISEASE_CUE.search(title) and not _VIOLENCE.search(sentence):
        return "died_of_disease"
    return measure


def decide_measure(cues: list[str]) -> str | None:
    """One measure from the cues found; "antecedent" only marks a figure that counts what the
    one before it counts, which the component fills in."""
    if "perpetrator" in cues:
        return None
    cues = [cue for cue in cues if cue != "antecedent"]
    if not cues:
        return None
    kinds = set(cues)
    if "casualties" in kinds or {"killed", "injured"} <= kinds:
        return "casualties"
    return cues[0]


def classify(figure: Span) -> tuple[str | None, str | None, float]:
    """(measure, counted words, confidence) of a figure, or measure None if not a toll."""
    counted = counted_token(figure)
    if counted.lower_ in _THINGS or _capacity_or_age(figure, counted):
        return None, None, 0.0
    top = phrase_top(figure)
    cues = _cues_on_modifiers(counted, figure)
    if top != counted:
        cues += _cues_on_modifiers(top)
    listed = [t for t in counted.conjuncts if not any(c.like_num for c in t.subtree)]
    own = [measure_of_word(t.text) for t in (counted, *listed)]
    strong = [m for m in own if m]
    partitive = top.like_num and top != counted  # "two of the wounded had died"
    if strong and counted.lower_ not in _ROLE_COUNTS and not counted.like_num and not partitive:
        # "14 bodies ... brought to hospital": the event noun says what is counted
        return _with_disease(decide_measure(cues + strong), figure), counted.text, 0.9
    listed_own = (
        [measure_of_word(c.text) for c in _complements(top)]
        if top.dep_ in ("appos", "conj")
        else []
    )
    # "140 dead, 30,000 without shelter": a listed amount's own words come first
    head_cues = [m for m in listed_own if m] or _cues_on_head(top)
    if cues and top.dep_ == "conj" and top.head.pos_ == "VERB":
        head_cues = []  # "one was killed and five others injured": the others' own word wins
    if not head_cues and top.dep_ == "appos":  # "47 people, 19 of them police officers, were"
        head_cues = _cues_on_modifiers(top.head) + _cues_on_head(top.head)
    if top.head.lower_ in ("holds", "hold", "held", "holding") and counted.lower_ in _ROLE_COUNTS:
        head_cues = ["arrested"]  # "the regime still holds thousands of political prisoners"
    if counted.lower_ in _ROLE_COUNTS and not head_cues and top.head.pos_ == "VERB":
        own = []  # "22 inmates had escaped": people, not a toll
    if partitive and head_cues:
        own = []  # "two of the wounded had died": what happened to the two
    cues += head_cues + [m for m in own if m]
    confidence = 0.9
    if not cues:
        cues, confidence = _cues_nearby(figure), 0.6
    measure = _with_disease(decide_measure(cues), figure)
    if counted.lower_ in _CASE_NOUNS and measure not in ("killed", "died_of_disease"):
        return None, None, 0.0
    words = None if counted.lower_ in AMOUNT_NOUNS or counted.like_num else counted.text
    return measure, words, confidence


def _is_change(word: Token) -> bool:
    """ "up from 97", "rose from 58", "down from 31": a figure compared with an earlier one."""
    return word.lower_ in ("up", "down") or bool(_CHANGE.match(word.lower_))


_CHANGE = re.compile(r"^(?:ris|rose|climb|increas|jump|grew|grow|fell|fall|drop|revis|rais|lower)")


def _same_statement(earlier: Span, figure: Span) -> bool:
    """The earlier figure is in the same sentence, or the figure's sentence points back to it
    ("... 6,700 were killed. The figure includes 730 children.")."""
    if earlier.sent == figure.sent:
        return True
    subject = next((c for c in phrase_top(figure).head.children if c.dep_ == "nsubj"), None)
    return subject is not None and subject.lower_ in _TOLL_HOLDERS


def _is_part(figure: Span) -> bool:
    """ "including 14,500 civilians", "among them 12 children", "19 of them", "the toll
    includes 730": the amount is a part of the figure before it, not a rival to it."""
    top = phrase_top(figure)
    if top.dep_ == "pobj" and top.head.lower_ in ("including", "among"):
        return True
    if top.dep_ == "dobj" and top.head.lower_.startswith("includ"):
        return True
    return any(
        c.dep_ == "prep"
        and c.lower_ == "of"
        and any(o.lower_ in ("them", "whom", "those") for o in c.children)
        for c in (*top.children, *number_token(figure).children)
    )


def _refers_back(figure: Span) -> bool:
    """A part of the figure before it, or "..., up from 97": the amount counts the same thing
    as the figure before it in the sentence."""
    top = phrase_top(figure)
    if _is_part(figure):
        return True
    if top.dep_ == "pobj" and top.head.lower_ == "from" and _is_change(top.head.head):
        return True
    if top.dep_ == "pobj" and top.head.lower_ in _VALUE_PREPS:  # "put the figure at about 225"
        held = [c for c in top.head.head.children if c.dep_ in ("dobj", "nsubj")]
        return any(c.lower_ in _TOLL_HOLDERS and not list(c.children)[1:] for c in held)
    return False


def _one_of_many(figure: Span) -> bool:
    """ "one of the men hanged", "one of the wounded died": a person picked out of a group,
    not a count, as "a man was killed" is not one."""
    after = figure.doc[figure.end : figure.end + 1]
    return figure._.number.value_min == 1 and len(after) == 1 and after[0].lower_ == "of"


def _total_of(part: Span, kept: list[Span]) -> int | None:
    """The document offset of the total a sub-count belongs to: the nearest earlier figure of
    the same statement that is no part itself."""
    if not kept or not _is_part(part) or not _same_statement(kept[-1], part):
        return None
    totals = [f for f in kept if f._.part_of is None]
    if not totals:
        return None
    context = part.doc._.context
    return (context.offset if context else 0) + totals[-1]._.number.start


@Language.component(
    "tolltrace_measure",
    requires=["doc._.figures", "span._.number"],
    assigns=[
        "doc._.figures",
        "span._.measure",
        "span._.counted",
        "span._.confidence",
        "span._.part_of",
    ],
)
def measure_component(doc: Doc) -> Doc:
    register_extensions()
    kept: list[Span] = []
    for figure in figures_of(doc):
        if _one_of_many(figure):
            continue
        measure, counted, confidence = classify(figure)
        if measure is None and kept and _refers_back(figure) and _same_statement(kept[-1], figure):
            measure, confidence = kept[-1]._.measure, 0.6
        if measure is None:
            continue
        figure._.measure = measure
        figure._.counted = counted
        figure._.confidence = confidence
        figure._.part_of = _total_of(figure, kept)
        kept.append(figure)
    doc._.figures = kept
    return doc
