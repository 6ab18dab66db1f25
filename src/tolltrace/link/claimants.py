"""One registry of sources for the board: canonical names, aliases and a type for each.

The packaged registry (`tolltrace.claimants`) and the user's files come first, then the
aliases a user confirmed in the ledger. Names nobody registered get a type guessed from
their words ("Ministry" → government) and, when they are spelled close to a known or more
frequent name, or are its acronym ("VRW" → "Varnia Rights Watch"), an alias proposal that
the user confirms or rejects.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from ..claimants import ClaimantRegistry, clean_name, load_registry, lookup_key
from ..model import AliasProposal, Claim, Claimant
from ..store import Ledger
from .settings import LinkSettings

# First match wins: a health ministry is a health authority before it is a government.
_TYPE_RULES: tuple[tuple[str, str], ...] = (
    (
        r"\bhealth (?:ministry|directorate|department|authorit|service|bureau)|"
        r"\bministry of (?:public )?health\b|hospital|\bmedics?\b|\bdoctors?\b|clinic",
        "health authority",
    ),
    (
        r"^(?:the )?u\.?n\.?\b|\bunited nations\b|\bworld health\b|^who$|red cross|"
        r"red crescent|\bunicef\b|\bunhcr\b|\bocha\b|\biom\b|\bwfp\b|"
        r"international (?:committee|organi[sz]ation)",
        "international body",
    ),
    (r"\bwatch\b|\brights\b|\bamnesty\b|\bobservatory\b|\bmonitor\b", "rights group"),
    (
        r"\breuters\b|\bafp\b|^ap$|\bassociated press\b|\bpress agency\b|\bnews agency\b|\bwire\b|"
        r"\bagence\b",
        "news agency",
    ),
    (
        r"\bopposition\b|\brebels?\b|\bfront\b|\bresistance\b|\binsurgent|\bmilitants?\b",
        "opposition group",
    ),
    (
        r"\bministry\b|\bminister\b|\bpolice\b|\barmy\b|\bmilitary\b|\bgovernor\b|\bgovernment\b|"
        r"\bauthorities\b|\bofficials?\b|\bcoast ?guard\b|\bemergency service\b|"
        r"\bspokes(?:man|woman)\b|\bpresiden(?:t|cy)\b|\bstate (?:media|television)\b",
        "government",
    ),
)
_TYPE_RES = [(re.compile(pattern, re.IGNORECASE), kind) for pattern, kind in _TYPE_RULES]
_ACRONYM = re.compile(r"^[A-Z](?:\.?[A-Z]){1,5}\.?$")
_MINOR_WORDS = {"of", "the", "for", "and", "on", "in", "to", "de", "a", "an"}
_MIN_FUZZY_LENGTH = 5
_ACRONYM_SCORE = 0.95
_SPEAKER_SCORE = 0.95  # a person named as the one who gave an organisation's figure
_CONTAINED_SCORE = 0.9  # "Oslo-based IHR" holds the registered acronym "IHR"
# A longer name holding a name of several words is only proposed: "Lusenian Red Cross"
# holds "Red Cross" but is a national society, not the ICRC.
_HOLDS_NAME_SCORE = 0.85


def guess_type(name: str) -> str:
    """A claimant type from the words of a name nobody registered; "unknown" when unsure."""
    for pattern, kind in _TYPE_RES:
        if pattern.search(name):
            return kind
    return "unknown"


def registry_of(ledger: Ledger, settings: LinkSettings) -> ClaimantRegistry:
    """The packaged and user registries, extended by the aliases confirmed in this ledger."""
    registry = load_registry(settings.claimant_files)
    stored = ledger.claimants()
    confirmed: dict[str, list[str]] = {}
    for alias in ledger.claimant_aliases("confirmed"):
        confirmed.setdefault(alias.name, []).append(alias.alias)
    for name, aliases in sorted(confirmed.items()):
        kind = stored.get(name) or registry.type_of(name)
        registry.add(Claimant(name, kind, tuple(sorted(aliases))))
    return registry


def names_in(claims: Iterable[Claim]) -> Counter[str]:
    """How often each name is credited with or relays a figure, as the claims spell it."""
    seen: Counter[str] = Counter()
    for claim in claims:
        seen.update(name for name in claim.claimed_by if name.strip())
        if claim.via and claim.via.strip():
            seen[claim.via] += 1
    return seen


def canonical_types(names: Iterable[str], registry: ClaimantRegistry) -> dict[str, str]:
    """Each name's canonical form and its type: registered, else guessed."""
    types: dict[str, str] = {}
    for name in names:
        found = registry.find(name)
        if found is not None:
            types[found.name] = found.type
        else:
            types.setdefault(clean_name(name), guess_type(name))
    return types


def registered_aliases(names: Iterable[str], registry: ClaimantRegistry) -> list[AliasProposal]:
    """Spellings in the claims that the registry already resolves to another name."""
    found = []
    for name in sorted(set(names)):
        claimant = registry.find(name)
        if claimant is not None and claimant.name != name:
            found.append(AliasProposal(name, claimant.name, 1.0, "confirmed"))
    return found


def propose(
    seen: Counter[str], registry: ClaimantRegistry, settings: LinkSettings
) -> list[AliasProposal]:
    """For each unregistered name, the closest registered or more frequent name, if close."""
    counts: Counter[str] = Counter()
    for name, count in seen.items():
        counts[registry.canonical(name)] += count
    registered = {registry.canonical(alias) for alias in registry.aliases()}
    proposals = []
    for name in sorted(counts):
        if registry.find(name) is not None:
            continue
        targets = _targets(name, registered | set(counts), counts)
        best = _best_target(name, targets, settings) or _containing(name, targets, registry)
        if best is not None:
            proposals.append(best)
    return proposals


def speakers_of(claims: Iterable[Claim], registry: ClaimantRegistry) -> list[AliasProposal]:
    """A person who gave an organisation's figure (a claim's `speaker`) and is elsewhere
    credited with figures in their own name stands for that organisation."""
    credited = names_in(claims)
    found: dict[str, str] = {}
    for claim in claims:
        if claim.speaker and claim.claimed_by and credited[claim.speaker]:
            found.setdefault(claim.speaker, registry.canonical(claim.claimed_by[0]))
    return [
        AliasProposal(person, body, _SPEAKER_SCORE)
        for person, body in sorted(found.items())
        if person != body and registry.find(person) is None
    ]


def _containing(
    name: str, targets: list[str], registry: ClaimantRegistry
) -> AliasProposal | None:
    """The longest registered alias, or name of two words or more, that a longer name holds
    whole: "IHR director Mahmood Amiry-Moghaddam" speaks for "IHR". An acronym must be
    written in capitals; one word alone ("Iran") is too common to decide."""
    words = _comparable(name).split()
    written = set(re.findall(r"[^\W_]+", name))
    candidates = [
        (a, registry.canonical(a), _CONTAINED_SCORE if _ACRONYM.match(a) else _HOLDS_NAME_SCORE)
        for a in registry.aliases()
    ]
    candidates += [(target, target, _HOLDS_NAME_SCORE) for target in targets]
    best: tuple[int, str, float] | None = None
    for alias, canonical, score in candidates:
        inner = _comparable(alias).split()
        if not inner or canonical == name or len(inner) >= len(words):
            continue
        if _ACRONYM.match(alias):
            if alias.replace(".", "") not in written:
                continue
        elif len(inner) < 2 or not _holds(words, inner):
            continue
        if best is None or (len(alias), score) > best[::2]:
            best = (len(alias), canonical, score)
    return AliasProposal(name, best[1], best[2]) if best else None


def _holds(words: list[str], inner: list[str]) -> bool:
    """Whether `inner` appears in `words` as a run of consecutive words."""
    size = len(inner)
    return any(words[i : i + size] == inner for i in range(len(words) - size + 1))


def _targets(name: str, known: set[str], counts: Counter[str]) -> list[str]:
    """What a name may be an alias of: for an acronym, any name it abbreviates; otherwise a
    registered name or a more frequent (then longer) spelling, so pairs point one way."""
    if _ACRONYM.match(name):
        return sorted(known - {name})
    rank = (counts[name], len(name), name)
    return sorted(t for t in known if (counts.get(t, 1 << 30), len(t), t) > rank)


def _best_target(name: str, targets: list[str], settings: LinkSettings) -> AliasProposal | None:
    if _ACRONYM.match(name):
        letters = name.replace(".", "")
        for target in targets:
            if acronym(target) == letters:
                return AliasProposal(name, target, _ACRONYM_SCORE)
        return None
    key = _comparable(name)
    if len(key) < _MIN_FUZZY_LENGTH:
        return None
    choices = {target: _comparable(target) for target in targets}
    found = process.extractOne(
        key, choices, scorer=fuzz.token_sort_ratio, score_cutoff=settings.alias_threshold * 100
    )
    if found is None:
        return None
    return AliasProposal(name, found[2], round(found[1] / 100, 3))


def _comparable(name: str) -> str:
    """A name without case, possessives or minor words, so word order and "of the" don't count."""
    words = lookup_key(re.sub(r"['’]s\b", "", name)).split()
    return " ".join(word for word in words if word not in _MINOR_WORDS)


def acronym(name: str) -> str:
    """Initials of a name's significant words: "Varnia Rights Watch" → "VRW"."""
    words = re.findall(r"[^\W\d_][\w'’-]*", name)
    return "".join(word[0].upper() for word in words if word.lower() not in _MINOR_WORDS)
