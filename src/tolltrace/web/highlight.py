"""A stored text cut into plain pieces and figures, at the claims' exact character offsets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Claim


@dataclass(frozen=True)
class Piece:
    """A run of the text; `claim` is set when the run is that claim's figure."""

    text: str
    claim: Claim | None = None


def pieces(text: str, claims: Sequence[Claim]) -> list[Piece]:
    """The text in order, each claim's `text[start:end]` its own piece.

    A claim that overlaps one already placed (or lies outside the text) is not highlighted;
    it still appears in the claims list beside the text.
    """
    found: list[Piece] = []
    position = 0
    for claim in sorted(claims, key=lambda c: (c.start, -c.end)):
        if claim.start < position or claim.end > len(text):
            continue
        if claim.start > position:
            found.append(Piece(text[position : claim.start]))
        found.append(Piece(text[claim.start : claim.end], claim))
        position = claim.end
    if position < len(text):
        found.append(Piece(text[position:]))
    return found


def highlighted_ids(parts: Sequence[Piece]) -> set[int]:
    return {p.claim.id for p in parts if p.claim is not None and p.claim.id is not None}
