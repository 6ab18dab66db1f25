"""The user's merges, splits and renames, replayed over every fresh linking run.

A decision names events by id and also lists the claims they held, each as
(document, start, end): ids of events change when their earliest claim does, and claim ids
change when a document is re-extracted, but a figure's place in its text does not. When an
event id is gone, the event now holding most of the listed claims stands in for it.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model import Claim
from .events import slug

ClaimRef = tuple[str, int, int]


def ref_of(claim: Claim) -> ClaimRef:
    return (claim.doc_id, claim.start, claim.end)


@dataclass
class Linked:
    """Claims placed in events: by the linker, then by the user's decisions."""

    claims: dict[int, Claim]  # by claim id
    event_of: dict[int, str]  # claim id -> event id
    scores: dict[int, float] = field(default_factory=dict)
    decided: set[int] = field(default_factory=set)
    labels: dict[str, str] = field(default_factory=dict)  # event id -> the user's label

    def members(self, event_id: str) -> list[int]:
        return sorted(cid for cid, eid in self.event_of.items() if eid == event_id)

    def groups(self) -> dict[str, list[Claim]]:
        found: dict[str, list[Claim]] = {}
        for claim_id, event_id in sorted(self.event_of.items()):
            found.setdefault(event_id, []).append(self.claims[claim_id])
        return found

    def refs(self, claim_ids: Iterable[int]) -> list[list[Any]]:
        return [list(ref_of(self.claims[cid])) for cid in sorted(claim_ids)]

    def claim_ids(self, refs: Iterable[Iterable[Any]]) -> list[int]:
        """The current ids of the claims a decision lists; claims since removed are skipped."""
        by_ref = {ref_of(claim): cid for cid, claim in self.claims.items()}
        found = (by_ref.get(_as_ref(ref)) for ref in refs)
        return sorted(cid for cid in found if cid is not None and cid in self.event_of)

    def resolve(self, event_id: str, refs: Iterable[Iterable[Any]]) -> str | None:
        """The event a decision meant: the same id if it still exists, else the event that
        holds most of the claims it held then."""
        if event_id in self.event_of.values():
            return event_id
        votes = Counter(self.event_of[cid] for cid in self.claim_ids(refs))
        if not votes:
            return None
        return min(votes, key=lambda eid: (-votes[eid], eid))

    def move(self, claim_ids: Iterable[int], event_id: str) -> None:
        for claim_id in claim_ids:
            self.event_of[claim_id] = event_id
            self.decided.add(claim_id)


def _as_ref(ref: Iterable[Any]) -> ClaimRef:
    doc_id, start, end = ref
    return (str(doc_id), int(start), int(end))


def merge_payload(linked: Linked, source: str, target: str) -> dict[str, Any]:
    return {
        "source": source,
        "target": target,
        "source_claims": linked.refs(linked.members(source)),
        "target_claims": linked.refs(linked.members(target)),
    }


def split_payload(
    linked: Linked, event_id: str, claim_ids: Iterable[int], label: str | None
) -> dict[str, Any]:
    """The split-off event's id comes from its claims, so replaying it gives the same id."""
    refs = linked.refs(claim_ids)
    digest = hashlib.sha1(json.dumps(["split", refs]).encode()).hexdigest()[:6]
    first = linked.claims[min(claim_ids, key=lambda cid: ref_of(linked.claims[cid]))]
    stem = slug(label or first.event or "") or "event"
    return {"event": event_id, "claims": refs, "new_id": f"{stem}-{digest}", "label": label}


def rename_payload(linked: Linked, event_id: str, label: str) -> dict[str, Any]:
    return {"event": event_id, "claims": linked.refs(linked.members(event_id)), "label": label}


def apply(linked: Linked, kind: str, payload: Mapping[str, Any]) -> bool:
    """Replay one decision; False when the events or claims it names are all gone."""
    if kind == "merge":
        return _merge(linked, payload)
    if kind == "split":
        return _split(linked, payload)
    if kind == "rename":
        return _rename(linked, payload)
    raise ValueError(f"unknown event decision {kind!r}")


def _merge(linked: Linked, payload: Mapping[str, Any]) -> bool:
    source = linked.resolve(payload["source"], payload["source_claims"])
    target = linked.resolve(payload["target"], payload["target_claims"])
    if source is None or target is None or source == target:
        return False
    linked.move(linked.members(source), target)
    linked.decided.update(linked.members(target))
    return True


def _split(linked: Linked, payload: Mapping[str, Any]) -> bool:
    moving = linked.claim_ids(payload["claims"])
    if not moving:
        return False
    linked.move(moving, payload["new_id"])
    if payload.get("label"):
        linked.labels[payload["new_id"]] = payload["label"]
    return True


def _rename(linked: Linked, payload: Mapping[str, Any]) -> bool:
    event_id = linked.resolve(payload["event"], payload["claims"])
    if event_id is None:
        return False
    linked.labels[event_id] = payload["label"]
    return True
