"""Two cheap stand-ins for parts of the model tolltrace need only some of the time.

`tolltrace_pos` gives coarse part-of-speech tags from the tagger's fine tags with one table
lookup a token, where the model's attribute ruler runs a matcher over every window.
`tolltrace_entities` runs the model's entity recognizer (which has its own encoder) only on
windows that still hold a figure once the measure component has dropped the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from .extensions import figures_of, register_extensions

_AUXILIARIES = frozenset(
    "be is are was were been being am 's 're 'm have has had having do does did".split()
)
_POS_OF_TAG = {
    **dict.fromkeys(("NN", "NNS"), "NOUN"),
    **dict.fromkeys(("NNP", "NNPS"), "PROPN"),
    **dict.fromkeys(("VB", "VBD", "VBG", "VBN", "VBP", "VBZ"), "VERB"),
    **dict.fromkeys(("JJ", "JJR", "JJS", "AFX"), "ADJ"),
    **dict.fromkeys(("RB", "RBR", "RBS", "WRB"), "ADV"),
    **dict.fromkeys(("DT", "PDT", "WDT"), "DET"),
    **dict.fromkeys(("PRP", "PRP$", "WP", "WP$", "EX"), "PRON"),
    **dict.fromkeys((",", ".", ":", "``", "''", "-LRB-", "-RRB-", "HYPH", "NFP"), "PUNCT"),
    **dict.fromkeys(("FW", "ADD", "XX", "LS", "GW"), "X"),
    "CD": "NUM",
    "MD": "AUX",
    "IN": "ADP",
    "CC": "CCONJ",
    "TO": "PART",
    "RP": "ADP",
    "POS": "PART",
    "UH": "INTJ",
    "$": "SYM",
    "SYM": "SYM",
    "_SP": "SPACE",
}


def coarse_tag(tag: str, lower: str) -> str:
    pos = _POS_OF_TAG.get(tag, "X")
    return "AUX" if pos == "VERB" and lower in _AUXILIARIES else pos


@Language.component("tolltrace_pos", requires=["token.tag"], assigns=["token.pos"])
def pos_component(doc: Doc) -> Doc:
    for token in doc:
        token.pos_ = coarse_tag(token.tag_, token.lower_)
    return doc


class EntitiesOnDemand:
    """Runs `recognizer` on windows with figures; the pipeline hands it the model's own."""

    def __init__(self) -> None:
        register_extensions()
        self.recognizer: Any = None  # the model's "ner" pipe

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Batches, as the recognizer is several times faster over many docs at once."""
        for batch in minibatch(docs, batch_size):
            wanted = [doc for doc in batch if figures_of(doc)]
            if self.recognizer is not None and wanted:
                for _ in self.recognizer.pipe(wanted):  # sets the entities in place
                    pass
            yield from batch


@Language.factory(
    "tolltrace_entities", requires=["doc._.figures"], assigns=["doc.ents", "token.ent_type"]
)
def make_entities(nlp: Language, name: str) -> EntitiesOnDemand:
    return EntitiesOnDemand()
