"""Whether a figure is hypothetical: a counterfactual or a projection, not a count.

"could have killed thousands", "had the attack gone ahead", "up to 10,000 could die",
"at risk": such amounts are kept but marked, so they never sit beside counts. "Feared dead"
is an estimate of a real toll, not a projection, so it is not marked.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .extensions import figures_of, register_extensions
from .syntax import number_token

_MODALS = frozenset(["could", "would", "might", "may", "will", "shall", "'d", "'ll", "wo", "ca"])
_HEDGES = frozenset(["may", "might"])  # "may have died" hedges a past count
_PROJECTION_WORDS = frozenset(
    [
        "risk",
        "risks",
        "risked",
        "threaten",
        "threatens",
        "threatened",
        "projected",
        "projection",
        "projections",
        "forecast",
        "forecasts",
        "potential",
        "potentially",
        "scenario",
        "worst-case",
        "hypothetical",
        "predicted",
        "predicts",
        "expected",
    ]
)


def _clause_verbs(number: Token) -> list[Token]:
    """The verb of the amount's own clause, and the verb it completes ("expected to kill",
    "killed and injured"); not a verb of another clause ("could spread as deaths reach 41")."""
    verb = next((a for a in number.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return []
    if verb.dep_ in ("xcomp", "conj") and verb.head.pos_ in ("VERB", "AUX"):
        return [verb, verb.head]
    return [verb]


def _modal_of(verb: Token) -> bool:
    auxes = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
    modal = next((a for a in auxes if a in _MODALS), None)
    if modal is None:
        return False
    return not (modal in _HEDGES and "have" in auxes)


def _counterfactual(verb: Token) -> bool:
    """ "Had the attack gone ahead, ..." or "If the dam bursts, ..." on the figure's clause."""
    for clause in verb.children:
        if clause.dep_ != "advcl":
            continue
        marks = [c.lower_ for c in clause.children if c.dep_ in ("mark", "aux")]
        if "if" in marks or "unless" in marks or (marks and marks[0] == "had"):
            return True
    return False


def is_hypothetical(figure: Span) -> bool:
    verbs = _clause_verbs(number_token(figure))
    if any(_modal_of(v) for v in verbs):
        return True
    if verbs and _counterfactual(verbs[0]) and _modal_of(verbs[0]):
        return True
    near = [
        *verbs[:1],
        *(verbs[0].children if verbs else ()),
        *figure.doc[figure.start - 3 : figure.start],
    ]
    return any(t.lower_ in _PROJECTION_WORDS for t in near)


@Language.component(
    "tolltrace_modality",
    requires=["doc._.figures"],
    assigns=["span._.hypothetical"],
)
def modality_component(doc: Doc) -> Doc:
    register_extensions()
    for figure in figures_of(doc):
        figure._.hypothetical = is_hypothetical(figure)
    return doc
