"""One row per claimant on a board: spellings of one body in one event's claims, grouped.

Within one event, "Central Committee", "Doctors Central Committee" and "Sudan's Central
Committee of Doctors" are one body written three ways: a name whose words all appear in a
longer name, or that is its acronym, joins it. A name that two unrelated longer names hold
("Human Rights" in "Iran Human Rights" and "Human Rights Watch") is ambiguous and stays
alone, unless one of them carries far more of the board's figures. This is applied on the
board only, where every name speaks of the same event; the ledger-wide aliases are the
registry's and the user's (link/claimants.py).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

from .claimants import lookup_key

_MINOR = frozenset({"of", "the", "for", "and", "in", "on", "to", "de", "a", "an", "s"})
# words for the people of a body rather than the body: "Red Cross teams" is the Red Cross
_ROLES = frozenset(
    "team teams official officials staff worker workers volunteer volunteers member members "
    "spokesman spokeswoman spokesperson officer officers source sources chief director head "
    "medics".split()
)
_CAPITALS = re.compile(r"^[A-Z]{2,6}$")


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
    the longer name ("Teams of the Lusenian Red Cross" and "Lusenian Red Cross" have the
    same), or it is the longer name's acronym."""
    if _CAPITALS.match(shorter):
        return _initials(longer) == shorter or shorter in re.findall(r"[^\W_]+", longer)
    inner, outer = words(shorter), words(longer)
    return len(inner) >= 2 and inner <= outer


def row_names(names: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The row of each (written, canonical) name of a board's claims, by written name.

    Spellings as written group first (a registry may send a bare "Red Cross" to the ICRC
    where the board's other names say the national society); spellings the registry or a
    user gave one canonical name join too. A row shows its most frequent canonical name,
    then the longest.
    """
    pairs = list(names)
    counts = Counter(canonical for _, canonical in pairs)
    spelled = Counter(name for name, _ in pairs)
    written = sorted(spelled)
    parent = {name: name for name in written}

    def root(name: str) -> str:
        while parent[name] != name:
            name = parent[name]
        return name

    def join(a: str, b: str) -> None:
        parent[root(a)] = root(b)

    for short in written:
        longer = [n for n in written if n != short and holds(n, short)]
        for name in _likely_body(longer, spelled):
            join(name, short)
    first: dict[str, str] = {}
    for name, canonical in sorted(set(pairs)):
        join(name, first.setdefault(canonical, name))
    groups: dict[str, set[str]] = {}
    for name, canonical in pairs:
        groups.setdefault(root(name), set()).add(canonical)
    shown = {
        key: max(members, key=lambda n: (counts[n], len(n), n)) for key, members in groups.items()
    }
    return {name: shown[root(name)] for name in written}


def _likely_body(names: list[str], counts: Mapping[str, int]) -> list[str]:
    """Of the longer names holding one name, those of the body it most likely names: all of
    them when they are spellings of one body, else the body whose spellings carry twice the
    claims of the others or more ("Red Cross teams" beside five figures of the "Lusenian
    Red Cross" and two of the ICRC); none when no body stands out."""
    bodies: list[list[str]] = []
    for name in names:
        body = next((b for b in bodies if all(_compatible(name, other) for other in b)), None)
        if body is None:
            bodies.append([name])
        else:
            body.append(name)
    if len(bodies) <= 1:
        return names
    weights = sorted(((sum(counts[n] for n in b), b) for b in bodies), reverse=True)
    top, rest = weights[0][0], sum(weight for weight, _ in weights[1:])
    return weights[0][1] if top >= 2 * rest else []


def _compatible(a: str, b: str) -> bool:
    return words(a) <= words(b) or words(b) <= words(a)
