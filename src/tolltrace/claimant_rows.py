"""One row per claimant on a board: spellings of one body in one event's claims, grouped.

Within one event, "Central Committee", "Doctors Central Committee" and "Sudan's Central
Committee of Doctors" are one body written three ways: a name whose words all appear in a
longer name, or that is its acronym, joins it. A name that two unrelated longer names hold
("Human Rights" in "Iran Human Rights" and "Human Rights Watch") is ambiguous and stays
alone. This is applied on the board only, where every name speaks of the same event; the
ledger-wide aliases are the registry's and the user's (link/claimants.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .claimants import lookup_key

_MINOR = frozenset({"of", "the", "for", "and", "in", "on", "to", "de", "a", "an", "s"})
# words for the people of a body rather than the body: "Red Cross teams" is the Red Cross
_ROLES = frozenset(
    "team teams official officials staff worker workers volunteer volunteers member members "
    "spokesman spokeswoman spokesperson officer officers source sources chief director head "
    "medics".split()
)
_CAPITALS = re.compile(r"^[A-Z]{2,6}$")
GROUPED_SCORE = 0.9  # how sure a grouping of spellings on one board is (see board.py)


def words(name: str) -> frozenset[str]:
    """A name's significant words, without case, possessives, minor words or the words for
    a body's people."""
    key = lookup_key(re.sub(r"['’]s\b", "", name))
    return frozenset(w for w in re.findall(r"[^\W_]+", key) if w not in _MINOR | _ROLES)


def _initials(name: str) -> str:
    found = re.findall(r"[^\W\d_][\w'’-]*", name)
    return "".join(w[0].upper() for w in found if w.lower() not in _MINOR)


def holds(longer: str, shorter: str) -> bool:
    """Whether `shorter` names the body `longer` names: all its words (two at least) are in
    the longer name, or it is the longer name's acronym."""
    if _CAPITALS.match(shorter):
        return _initials(longer) == shorter or shorter in re.findall(r"[^\W_]+", longer)
    inner, outer = words(shorter), words(longer)
    return len(inner) >= 2 and inner < outer


def row_names(counts: Mapping[str, int]) -> dict[str, str]:
    """Each name on a board to the name of its row: the most frequent spelling of its
    group, then the longest."""
    names = sorted(counts)
    parent = {name: name for name in names}

    def root(name: str) -> str:
        while parent[name] != name:
            name = parent[name]
        return name

    for short in names:
        longer = [n for n in names if n != short and holds(n, short)]
        if longer and _one_body(longer):
            for name in longer:
                parent[root(name)] = root(short)
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(root(name), []).append(name)
    rows = {}
    for members in groups.values():
        shown = max(members, key=lambda n: (counts[n], len(n), n))
        rows.update({name: shown for name in members})
    return rows


def _one_body(names: list[str]) -> bool:
    """Whether the longer names holding one name are spellings of one body: each pair has
    one holding the other, or the same words."""
    return all(
        words(a) == words(b) or words(a) <= words(b) or words(b) <= words(a)
        for a in names
        for b in names
    )
