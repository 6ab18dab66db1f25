"""Documents in, claims out: windows through the pipeline, offsets back into the stored text."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..model import Claim, Document
from ..settings import Settings
from .extensions import WindowContext, figures_of
from .languages import load_pack, pack_languages
from .pipeline import NUMBERS, load_pack_pipeline, load_pipeline
from .segment import Window, candidate_windows, pack_windows

logger = logging.getLogger(__name__)


def _published(document: Document) -> date | None:
    try:
        return date.fromisoformat(document.published) if document.published else None
    except ValueError:
        return None


def _batched(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def reader_of(lang: str) -> str | None:
    """Which pipeline reads a language: "en" (the model), a packed language, or None (no
    language support: no figures are read)."""
    if lang in ("en", ""):
        return "en"
    return lang if lang in pack_languages() else None


class Extractor:
    """Holds the loaded pipelines, each language's loaded when its first document arrives;
    reuse one for many documents."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.nlp = load_pipeline(self.settings)
        self._packed: dict[str, Language] = {}

    def _pipeline(self, reader: str) -> Language:
        if reader == "en":
            return self.nlp
        if reader not in self._packed:
            self._packed[reader] = load_pack_pipeline(reader, self.settings)
        return self._packed[reader]

    def claims(self, document: Document) -> list[Claim]:
        return next(self.extract([document]))[1]

    def extract(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list[Claim]]]:
        """Each document with its claims, in input order; the model sees whole batches.

        Each batch runs in a spaCy memory zone: the strings its texts add to the vocabulary
        are dropped afterwards (claims hold copies), so memory does not grow with the corpus.
        """
        for batch in _batched(documents, self.settings.batch_size):
            found: dict[int, list[Claim]] = {id(d): [] for d in batch}
            for reader in dict.fromkeys(reader_of(d.lang) for d in batch):
                if reader is None:
                    continue
                members = [d for d in batch if reader_of(d.lang) == reader]
                nlp = self._pipeline(reader)
                with nlp.memory_zone():
                    found.update(self._batch_claims(members, nlp, reader))
            for document in batch:
                yield document, found[id(document)]

    def _batch_claims(
        self, batch: list[Document], nlp: Language, reader: str
    ) -> dict[int, list[Claim]]:
        """Claims of each document of the batch, by `id(document)`. The number reader runs
        first; only windows where it finds an amount go through the model or the rules."""
        windows = [(document, w) for document in batch for w in self._windows(document, reader)]
        read_numbers = nlp.get_pipe(NUMBERS)
        numbered = [
            (document, window, doc)
            for (document, window), doc in zip(
                windows, self._window_docs(windows, nlp), strict=True
            )
            if figures_of(read_numbers(doc))
        ]
        _mark_first_windows(numbered)
        parsed = nlp.pipe((doc for _, _, doc in numbered), disable=[NUMBERS])
        found: dict[int, list[Claim]] = {id(d): [] for d in batch}
        for (document, window, _), doc in zip(numbered, parsed, strict=True):
            found[id(document)].extend(_claims_of(document, window, doc))
        limit = self.settings.max_claims_per_document
        for document in batch:
            if len(found[id(document)]) > limit:
                _truncated(document, f"{len(found[id(document)]):,} figures", limit, "claims")
                del found[id(document)][limit:]
        return found

    def _windows(self, document: Document, reader: str) -> list[Window]:
        """The document's candidate sentences, no more than `max_windows_per_document`: a page
        of one sentence repeated thousands of times would otherwise cost minutes and flood
        the ledger with copies of one figure."""
        limit = self.settings.max_windows_per_document
        if reader == "en":
            windows = candidate_windows(document.text, limit=limit)
        else:
            windows = pack_windows(document.text, load_pack(reader).toll_words, limit=limit)
        if len(windows) > limit:
            _truncated(document, f"more than {limit:,} candidate sentences", limit, "windows")
            del windows[limit:]
        return windows

    def _window_docs(self, windows: list[tuple[Document, Window]], nlp: Language) -> list[Doc]:
        docs = []
        for document, window in windows:
            doc = nlp.make_doc(window.text)
            doc._.context = WindowContext(
                doc_id=document.id,
                offset=window.start,
                new_paragraph=window.start == 0 or document.text[window.start - 1] == "\n",
                outlet=document.outlet,
                published=_published(document),
                lang=document.lang or "en",
                title=document.title,
                document_text=document.text,
                first_window=False,
            )
            docs.append(doc)
        return docs


def _truncated(document: Document, found: str, limit: int, what: str) -> None:
    logger.warning(
        "%s: %s; only the first %s kept (max_%s_per_document)",
        document.source or document.id,
        found,
        f"{limit:,}",
        what,
    )


def _mark_first_windows(windows: list[tuple[Document, Window, Doc]]) -> None:
    """Components keep memory across a document's windows and reset it at the first one the
    model sees (earlier windows may have been skipped)."""
    seen: set[int] = set()
    for document, _, doc in windows:
        if id(document) not in seen:
            seen.add(id(document))
            doc._.context = replace(doc._.context, first_window=True)


def _claims_of(document: Document, window: Window, doc: Doc) -> list[Claim]:
    return [_claim(document, window, figure) for figure in figures_of(doc)]


def _claim(document: Document, window: Window, figure: Span) -> Claim:
    number = figure._.number
    start, end = window.start + number.start, window.start + number.end
    sentence = figure.sent
    return Claim(
        doc_id=document.id,
        start=start,
        end=end,
        mention=document.text[start:end],
        value_min=number.value_min,
        value_max=number.value_max,
        approx=number.approx,
        measure=figure._.measure,
        counted=figure._.counted,
        claimed_by=tuple(figure._.claimed_by),
        via=figure._.via,
        corroborated_by=figure._.corroborated_by,
        as_of=figure._.as_of,
        hypothetical=bool(figure._.hypothetical),
        event=figure._.event,
        sentence=document.text[
            window.start + sentence.start_char : window.start + sentence.end_char
        ],
        confidence=figure._.confidence,
        part_of=figure._.part_of,
        speaker=figure._.speaker,
    )
