"""The linker's settings: one frozen object with packaged defaults, passed down to every step."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..settings import Settings

# Kinds whose news runs for months: their claims may lie further apart and still be one event.
LONG_RUNNING_KINDS: tuple[str, ...] = ("conflict", "epidemic", "covid-19")
# Kinds whose news runs for weeks: a protest movement's toll grows from one month to the next.
SEASONAL_KINDS: tuple[str, ...] = ("protests",)


@dataclass(frozen=True)
class LinkSettings:
    # copies: word shingles, MinHash, and what counts as a republished text
    shingle_words: int = 5
    num_perm: int = 128
    copy_jaccard: float = 0.5  # estimated Jaccard at or above which a text copies another
    copy_containment: float = 0.8  # or: this share of the shorter text is in the longer one
    min_shingles: int = 8  # shorter texts are too generic to call copies
    # events
    window_days: int = 45
    long_window_days: int = 365
    seasonal_window_days: int = 150
    link_threshold: float = 0.45  # average similarity at which two groups of claims join
    undated_threshold: float = 0.52  # mean similarity at which an undated account joins an event
    undated_unit_threshold: float = 0.65  # undated accounts this alike are placed together
    # claimants
    alias_threshold: float = 0.86  # rapidfuzz score (0-1) at which a name is proposed as alias
    claimant_files: tuple[Path, ...] = field(default_factory=tuple)

    @classmethod
    def from_settings(cls, settings: Settings) -> LinkSettings:
        """The linker's defaults with the user's claimant registries."""
        return cls(claimant_files=settings.claimant_files)

    def window_for(self, kind: str | None) -> int:
        if kind in LONG_RUNNING_KINDS:
            return self.long_window_days
        return self.seasonal_window_days if kind in SEASONAL_KINDS else self.window_days
