"""The `doc._` and `span._` attributes the extraction components read and write.

Registered once, here, so each component declares what it needs in `requires=` and what
it fills in `assigns=`, and `nlp.analyze_pipes()` shows the flow.

The pipeline runs on one sentence (or a short window of sentences) at a time;
`doc._.context` says where that window sits in its document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

if TYPE_CHECKING:
    from .sources import SourceTable


@dataclass(frozen=True)
class WindowContext:
    """What a component needs to know about the document a window came from."""

    doc_id: str = ""
    offset: int = 0  # where the window starts in the document text
    new_paragraph: bool = True  # the window starts a line of its own
    first_window: bool = True  # the first window of its document: per-document memory resets
    outlet: str | None = None
    published: date | None = None
    lang: str = "en"
    title: str | None = None
    # the whole stored text, where "it said" looks for the organisations named before it
    document_text: str = ""
    # claimants found in earlier windows of the same document, (document offset, name)
    claimants: tuple[tuple[int, str], ...] = ()
    # people the document named in earlier windows, (document offset, name), for "she said"
    people: tuple[tuple[int, str], ...] = ()
    # the document's table of sources (extract/sources.py), where "he said" and "the
    # agency" resolve; set by the attribution component
    sources: SourceTable | None = None


DOC_ATTRS: dict[str, object] = {
    "context": None,  # WindowContext
    "figures": None,  # list[Span], one per number mention; components narrow it
    "event_hint": None,  # str | None: place/kind words seen near the figures
}

SPAN_ATTRS: dict[str, object] = {
    "number": None,  # NumberMention (offsets relative to the window)
    "measure": None,  # Measure | None; None after the measure component = not a toll
    "counted": None,  # what is counted, in the text's words
    "claimed_by": (),  # tuple[str, ...], canonical claimant names
    "speaker": None,  # the person who spoke for the claimant organisation
    "part_of": None,  # a sub-count: the document offset of its total's mention
    "via": None,
    "corroborated_by": None,
    "as_of": None,  # YYYY-MM-DD
    "hypothetical": False,
    "event": None,
    "confidence": 0.5,
}


def register_extensions() -> None:
    """Register every attribute; safe to call again, and cheap: components call it per doc,
    so that they also work added to a pipeline of the user's own."""
    if Doc.has_extension("context") and Span.has_extension("confidence"):
        return
    for name, default in DOC_ATTRS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in SPAN_ATTRS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


def figures_of(doc: Doc) -> list[Span]:
    """The figure spans of a window, never None."""
    return doc._.figures or []


def context_of(doc: Doc) -> WindowContext:
    return doc._.context or WindowContext()
