"""Wire copies: one story republished by many outlets is one source, not many.

Each text becomes a MinHash of its word shingles; locality-sensitive hashing (datasketch's
MinHashLSH) finds the pairs worth comparing, so the work grows with the number of texts, not
its square. A pair is a copy when the estimated Jaccard similarity is high, or when nearly
all of the shorter text is inside the longer one (a wire story cut short, or one with a
paragraph added). In each group of copies the earliest published text is the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from ..model import CopyOf, Document
from .settings import LinkSettings

_WORD = re.compile(r"\w+")
_SEED = 1
_SCHEME = "affine32"  # named, so stored signatures are read back the way they were made
_STORED = "<u4"  # affine32 hash values, little-endian, as stored in the ledger
_NO_DATE = "9999-99-99"  # undated texts sort after every dated one


@dataclass(frozen=True)
class Signature:
    """A text's MinHash and how many distinct shingles it had (to estimate containment)."""

    minhash: LeanMinHash
    shingles: int

    def to_bytes(self) -> bytes:
        return np.asarray(self.minhash.hashvalues, dtype=_STORED).tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, shingles: int) -> Signature:
        values = np.frombuffer(data, dtype=_STORED).astype(np.uint32)
        return cls(LeanMinHash(seed=_SEED, hashvalues=values, scheme=_SCHEME), shingles)


def stored_width(settings: LinkSettings) -> int:
    """Bytes of a stored signature; one of another width was made with other settings."""
    return settings.num_perm * np.dtype(_STORED).itemsize


def shingles(text: str, size: int) -> set[str]:
    """Overlapping runs of `size` words, case and punctuation ignored."""
    words = _WORD.findall(text.casefold())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def signature(text: str, settings: LinkSettings) -> Signature:
    found = shingles(text, settings.shingle_words)
    minhash = MinHash(num_perm=settings.num_perm, seed=_SEED, scheme=_SCHEME)
    minhash.update_batch(s.encode("utf-8") for s in sorted(found))
    return Signature(LeanMinHash(minhash), len(found))


def find_copies(
    documents: Iterable[Document], settings: LinkSettings | None = None
) -> list[CopyOf]:
    """Which documents copy which, computed from the texts alone."""
    settings = settings or LinkSettings()
    documents = list(documents)
    signatures = {doc.id: signature(doc.text, settings) for doc in documents}
    return copies_among(signatures, {doc.id: doc.published for doc in documents}, settings)


def copies_among(
    signatures: Mapping[str, Signature],
    published: Mapping[str, str | None],
    settings: LinkSettings,
) -> list[CopyOf]:
    """Copy-of relations among signed documents, each copy pointing at its group's original."""
    usable = {
        doc_id: sig for doc_id, sig in signatures.items() if sig.shingles >= settings.min_shingles
    }
    groups = _groups(_copy_pairs(usable, settings), sorted(usable))
    found: list[CopyOf] = []
    for members in groups:
        original = min(members, key=lambda doc_id: (published.get(doc_id) or _NO_DATE, doc_id))
        for doc_id in sorted(members - {original}):
            similarity = usable[doc_id].minhash.jaccard(usable[original].minhash)
            found.append(CopyOf(doc_id, original, round(float(similarity), 3)))
    return sorted(found, key=lambda copy: copy.doc_id)


def _copy_pairs(
    signatures: Mapping[str, Signature], settings: LinkSettings
) -> list[tuple[str, str]]:
    """Candidate pairs from LSH, kept when they pass the exact copy test."""
    index = MinHashLSH(threshold=_lsh_threshold(settings), num_perm=settings.num_perm)
    for doc_id in sorted(signatures):
        index.insert(doc_id, signatures[doc_id].minhash)
    pairs = set()
    for doc_id in sorted(signatures):
        for other in index.query(signatures[doc_id].minhash):
            if other > doc_id and is_copy(signatures[doc_id], signatures[other], settings):
                pairs.add((doc_id, other))
    return sorted(pairs)


def _lsh_threshold(settings: LinkSettings) -> float:
    """Low enough that a short text fully contained in a longer one is still a candidate."""
    return min(settings.copy_jaccard, 0.3)


def is_copy(a: Signature, b: Signature, settings: LinkSettings) -> bool:
    jaccard = float(a.minhash.jaccard(b.minhash))
    return (
        jaccard >= settings.copy_jaccard
        or containment(jaccard, a.shingles, b.shingles) >= settings.copy_containment
    )


def containment(jaccard: float, size_a: int, size_b: int) -> float:
    """The share of the smaller shingle set inside the larger, from Jaccard and the sizes."""
    if not size_a or not size_b:
        return 0.0
    shared = jaccard / (1 + jaccard) * (size_a + size_b)
    return min(1.0, shared / min(size_a, size_b))


def _groups(pairs: Iterable[tuple[str, str]], ids: Iterable[str]) -> list[set[str]]:
    """Connected groups of copies (union-find); documents copying nothing are left out."""
    parent = {doc_id: doc_id for doc_id in ids}

    def root(doc_id: str) -> str:
        while parent[doc_id] != doc_id:
            parent[doc_id] = parent[parent[doc_id]]
            doc_id = parent[doc_id]
        return doc_id

    for a, b in pairs:
        low, high = sorted((root(a), root(b)))
        parent[high] = low
    members: dict[str, set[str]] = {}
    for doc_id in parent:
        members.setdefault(root(doc_id), set()).add(doc_id)
    return [group for _, group in sorted(members.items()) if len(group) > 1]
