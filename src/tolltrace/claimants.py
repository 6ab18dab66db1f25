"""The registry of claimants: one canonical name for "PMOI", "MEK" and "People's Mojahedin".

Packaged entries come from `data/claimants.toml`; users extend or override them with
their own TOML files of the same shape.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from .errors import SettingsError
from .model import CLAIMANT_TYPES, Claimant

_PARENTHESIS = re.compile(r"\s*\(([^)]*)\)\s*")
_POSSESSIVE = re.compile(r"['’]s?$")
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def lookup_key(name: str) -> str:
    """How names compare: case, apostrophes, hyphens, a leading "the" and spacing don't count."""
    key = name.replace("’", "'").replace("‘", "'").lower()
    key = re.sub(r"[-–—/.,]+", " ", key)
    key = _LEADING.sub("", key.strip())
    return re.sub(r"\s+", " ", key).strip()


def clean_name(name: str) -> str:
    """A name as the text gives it, without a leading article, brackets or trailing "'s"."""
    name = _PARENTHESIS.sub(" ", name).strip(" ,;:-—–\"'“”")
    name = _LEADING.sub("", name)
    name = _POSSESSIVE.sub("", name).strip()
    return re.sub(r"\s+", " ", name)


class ClaimantRegistry:
    """Canonical names and types of the claimants a user cares about."""

    def __init__(self, claimants: Iterable[Claimant] = ()) -> None:
        self._by_key: dict[str, Claimant] = {}
        self._described: set[str] = set()
        self._written: re.Pattern[str] | None = None  # every name as written, built on demand
        for claimant in claimants:
            self.add(claimant)

    def add(self, claimant: Claimant) -> None:
        for alias in (claimant.name, *claimant.aliases, *claimant.descriptions):
            self._by_key[lookup_key(alias)] = claimant
        self._described |= {lookup_key(d) for d in claimant.descriptions}
        self._written = None

    def __len__(self) -> int:
        return len({c.name for c in self._by_key.values()})

    def find(self, name: str) -> Claimant | None:
        """The registered claimant a name refers to, trying bracketed acronyms too."""
        for candidate in (name, clean_name(name), *_bracketed_parts(name)):
            found = self._by_key.get(lookup_key(candidate))
            if found is not None:
                return found
        return None

    def canonical(self, name: str) -> str:
        found = self.find(name)
        return found.name if found else clean_name(name)

    def fuller(self, name: str) -> str:
        """The registered name when it is a fuller form of the one written ("Amnesty" →
        "Amnesty International", "HRW" → "Human Rights Watch") or the written one only
        describes the body ("the UN health agency"); otherwise the name as written,
        which says more than a registered name of another form would ("UN rights office")."""
        found = self.find(name)
        written = clean_name(name)
        if found is None:
            return written
        if lookup_key(written) in self._described:
            return found.name
        words, full = set(lookup_key(written).split()), set(lookup_key(found.name).split())
        initials = "".join(w[0] for w in found.name.split() if w[:1].isupper()).lower()
        if words <= full or lookup_key(written).replace(" ", "") == initials or written.isupper():
            return found.name
        return written

    def type_of(self, name: str) -> str:
        found = self.find(name)
        return found.type if found else "unknown"

    def name_at(self, text: str, start: int) -> str | None:
        """The longest registered name or alias written exactly at `start`, so a name the
        parser cut short ("Doctors" of "Doctors Without Borders") is read whole."""
        if self._written is None:
            names = "|".join(re.escape(alias) for alias in self.aliases())
            self._written = re.compile(rf"(?:{names})(?!\w)" if names else r"(?!)")
        found = self._written.match(text, start)
        return found.group() if found else None

    def aliases(self) -> list[str]:
        """Every known name, longest first, for finding mentions in text."""
        return sorted(
            {a for c in self._by_key.values() for a in (c.name, *c.aliases)}, key=len, reverse=True
        )


def _bracketed_parts(name: str) -> list[str]:
    parts: list[str] = []
    for inside in _PARENTHESIS.findall(name):
        parts.append(inside)
        parts.extend(p.strip() for p in re.split(r"[/,;]", inside) if p.strip())
    return parts


def read_claimants(text: str, source: str) -> list[Claimant]:
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise SettingsError(source, f"not valid TOML: {err}") from err
    entries = []
    for n, row in enumerate(table.get("claimant", []), 1):
        name, kind = row.get("name"), row.get("type", "unknown")
        if not isinstance(name, str) or not name.strip():
            raise SettingsError(source, f"claimant {n} has no name")
        if kind not in CLAIMANT_TYPES:
            raise SettingsError(source, f"claimant {name!r}: type must be one of {CLAIMANT_TYPES}")
        aliases, described = tuple(row.get("aliases", ())), tuple(row.get("descriptions", ()))
        entries.append(Claimant(name.strip(), kind, aliases, described))
    return entries


def load_registry(extra_files: Iterable[Path] = ()) -> ClaimantRegistry:
    """The packaged registry, extended by the user's files in order."""
    packaged = resources.files("tolltrace").joinpath("data/claimants.toml").read_text("utf-8")
    registry = ClaimantRegistry(read_claimants(packaged, "tolltrace/data/claimants.toml"))
    for path in extra_files:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise SettingsError(str(path), f"cannot read claimant file: {err}") from err
        for claimant in read_claimants(text, str(path)):
            registry.add(claimant)
    return registry


_ORG_WORDS = (
    r"Ministry|Organi[sz]ation|Council|Watch|International|Agency|Committee|Office|Department|"
    r"Authority|Service|Network|Commission|Association|Union|Front|Party|Army|Police|Forces|"
    r"Hospital|Cent(?:er|re)|Institute|Foundation|Society|Observatory|Monitor|Coalition|"
    r"Federation|Bureau|Directorate|Government|Guard|Mission|Red Cross|Red Crescent"
)
_SPACE = r"[^\S\n]+"  # a name never runs across lines: "in April\n\nThe World Health Organization"
_ORG_PHRASE = re.compile(
    rf"(?:\b[A-Z][\w'’-]*{_SPACE}(?:(?:of|for|the|and|on){_SPACE})*){{0,5}}\b(?:{_ORG_WORDS})\b"
    rf"(?:{_SPACE}(?:of|for|on){_SPACE}(?:the{_SPACE})?[A-Z][\w'’-]*"
    rf"(?:{_SPACE}[A-Z][\w'’-]*){{0,3}})?"
)
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
# "the ombudsman's office", "the disaster agency": named in lower case, pointed back to later
_LOWER_ORG = re.compile(
    rf"\b[Tt]he{_SPACE}((?:[A-Za-z-]+['’]s{_SPACE}|[a-z-]+{_SPACE}){{1,3}}"
    r"(?:office|agency|ministry|directorate|service|department|authority|commission|committee|"
    r"council|monitor|observatory))\b"
)


def organisation_mentions(text: str, registry: ClaimantRegistry) -> tuple[tuple[int, str], ...]:
    """Where the text names an organisation, so "it said" can point back to the last one."""
    found = [(m.start(), m.group()) for m in _ORG_PHRASE.finditer(text)]
    found += [(m.start(), m.group()) for m in _ACRONYM.finditer(text) if registry.find(m.group())]
    found += lower_case_organisations(text)
    return tuple(sorted(found))


def lower_case_organisations(text: str) -> list[tuple[int, str]]:
    """ "the ombudsman's office", "the Baruna disaster agency": named without capitals."""
    return [(m.start(1), m.group(1)) for m in _LOWER_ORG.finditer(text)]
