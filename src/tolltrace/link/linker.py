"""Linking a ledger: copies, then events, then the claimant registry, all written back.

`link` recomputes every event from scratch and then replays the user's decisions, so a
merge, split or rename made once holds on every later run. The decision verbs record the
decision and apply it to the stored events at once.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import LedgerError
from ..model import CLAIMANT_TYPES, AliasProposal, Claim, CopyOf, Document, EventLink, LinkReport
from ..store import Ledger
from . import claimants as registry
from .copies import Signature, copies_among, signature, stored_width
from .decisions import Linked, apply, merge_payload, rename_payload, split_payload
from .events import Corpus, build_event, cluster_claims
from .features import tfidf_vectors, written_years
from .settings import LinkSettings


def link(ledger: Ledger, settings: LinkSettings | None = None) -> LinkReport:
    """Find copies, group every claim into events, replay the user's decisions, and propose
    claimant aliases; everything found is stored in the ledger."""
    settings = settings or LinkSettings()
    documents = list(ledger.documents())
    published = {doc.id: doc.published for doc in documents}
    hashed, copies = _link_copies(ledger, documents, settings)
    originals = {copy.doc_id: copy.original_id for copy in copies}
    texts = {doc.id: doc.text for doc in documents if doc.id not in originals}
    years = {doc.id: written_years(doc.text) for doc in documents}
    langs = {doc.id: doc.lang for doc in documents}
    corpus = Corpus(published, originals, tfidf_vectors(texts), years, langs)
    claims = ledger.claims()
    clustering = cluster_claims(claims, corpus, settings)
    linked = Linked({c.id: c for c in claims if c.id is not None}, {}, clustering.scores)
    for group in clustering.groups:
        event_id = build_event(group, published, years=years)[0].id
        linked.event_of.update({claim.id: event_id for claim in group if claim.id is not None})
    applied = sum(apply(linked, kind, payload) for _, kind, payload in ledger.event_decisions())
    _store(ledger, linked, published, years)
    proposals = _update_claimants(ledger, claims, settings)
    return LinkReport(
        events=len(set(linked.event_of.values())),
        claims_linked=len(linked.event_of),
        copies=len(copies),
        alias_proposals=len(proposals),
        decisions_applied=applied,
        documents_hashed=hashed,
    )


def _link_copies(
    ledger: Ledger, documents: Sequence[Document], settings: LinkSettings
) -> tuple[int, list[CopyOf]]:
    """Copies among all documents; only texts without a stored signature are hashed."""
    width = stored_width(settings)
    stored = {
        doc_id: Signature.from_bytes(data, shingles)
        for doc_id, (shingles, data) in ledger.minhashes().items()
        if len(data) == width  # a signature of other settings is made again
    }
    fresh = {
        doc.id: signature(doc.text, settings) for doc in documents if doc.id not in stored
    }
    if fresh:
        ledger.add_minhashes({doc_id: (s.shingles, s.to_bytes()) for doc_id, s in fresh.items()})
    signatures = {**stored, **fresh}
    published = {doc.id: doc.published for doc in documents}
    copies = copies_among(
        {doc.id: signatures[doc.id] for doc in documents}, published, settings
    )
    ledger.replace_copies(copies)
    return len(fresh), copies


def _store(
    ledger: Ledger,
    linked: Linked,
    published: dict[str, str | None],
    years: dict[str, frozenset[int]],
) -> None:
    events, links = [], []
    for event_id, members in sorted(linked.groups().items()):
        label = linked.labels.get(event_id)
        event, _ = build_event(members, published, event_id, label, years)
        events.append(event)
        for claim in members:
            if claim.id is None:
                continue
            decided = claim.id in linked.decided
            score = 1.0 if decided else linked.scores.get(claim.id, 0.0)
            links.append(EventLink(claim.id, event_id, score, decided))
    ledger.replace_events(events, links)


# The events as stored, with each document's date and the years its text writes.
Stored = tuple[Linked, dict[str, str | None], dict[str, frozenset[int]]]


def _stored(ledger: Ledger) -> Stored:
    """The events as the ledger holds them, ready for one more decision."""
    claims = {claim.id: claim for claim in ledger.claims() if claim.id is not None}
    stored = ledger.event_links()
    labels = {event.id: event.label for event in ledger.events()}
    linked = Linked(
        claims,
        {cid: link.event_id for cid, link in stored.items()},
        {cid: link.score for cid, link in stored.items()},
        {cid for cid, link in stored.items() if link.decided},
        labels,
    )
    doc_ids = {claim.doc_id for claim in claims.values()}
    published, years = {}, {}
    for doc_id in doc_ids:
        document = ledger.document(doc_id)
        published[doc_id] = document.published if document else None
        years[doc_id] = written_years(document.text) if document else frozenset()
    return linked, published, years


def _decide(ledger: Ledger, stored: Stored, kind: str, payload: dict) -> None:
    linked, published, years = stored
    ledger.add_event_decision(kind, payload)
    apply(linked, kind, payload)
    _store(ledger, linked, published, years)


def _require_event(ledger: Ledger, linked: Linked, event_id: str) -> None:
    if not linked.members(event_id):
        raise LedgerError(ledger.path, f"no event {event_id!r}; 'tolltrace events' lists them")


def merge_events(ledger: Ledger, source_id: str, target_id: str) -> None:
    """Put every claim of one event into another, now and on every later `link`."""
    stored = _stored(ledger)
    linked = stored[0]
    _require_event(ledger, linked, source_id)
    _require_event(ledger, linked, target_id)
    if source_id == target_id:
        raise LedgerError(ledger.path, f"cannot merge event {source_id!r} into itself")
    _decide(ledger, stored, "merge", merge_payload(linked, source_id, target_id))


def split_event(
    ledger: Ledger, event_id: str, claim_ids: Sequence[int], label: str | None = None
) -> str:
    """Move some claims of an event into a new event of their own; returns the new id."""
    stored = _stored(ledger)
    linked = stored[0]
    _require_event(ledger, linked, event_id)
    members = set(linked.members(event_id))
    strays = sorted(set(claim_ids) - members)
    if not claim_ids or strays:
        raise LedgerError(
            ledger.path,
            f"claims {strays or 'none given'} are not in event {event_id!r}; "
            f"give ids of its claims (claim_events.claim_id)",
        )
    payload = split_payload(linked, event_id, sorted(set(claim_ids)), label)
    _decide(ledger, stored, "split", payload)
    return str(payload["new_id"])


def rename_event(ledger: Ledger, event_id: str, label: str) -> None:
    """Give an event a name of the user's choosing, kept across re-linking."""
    if not label.strip():
        raise ValueError("an event label cannot be empty")
    stored = _stored(ledger)
    _require_event(ledger, stored[0], event_id)
    _decide(ledger, stored, "rename", rename_payload(stored[0], event_id, label.strip()))


def propose_aliases(
    ledger: Ledger, settings: LinkSettings | None = None
) -> list[AliasProposal]:
    """Fresh alias proposals for the names in the ledger's claims, stored and returned."""
    _update_claimants(ledger, ledger.claims(), settings or LinkSettings())
    return ledger.claimant_aliases("proposed")


def _update_claimants(
    ledger: Ledger, claims: Sequence[Claim], settings: LinkSettings
) -> list[AliasProposal]:
    known = registry.registry_of(ledger, settings)
    seen = registry.names_in(claims)
    proposals = registry.propose(seen, known, settings)
    taken = {proposal.alias for proposal in proposals}
    proposals += [p for p in registry.speakers_of(claims, known) if p.alias not in taken]
    ledger.update_claimants(
        registry.canonical_types(seen, known),
        [*registry.registered_aliases(seen, known), *proposals],
    )
    return proposals


def confirm_alias(
    ledger: Ledger,
    alias: str,
    canonical: str,
    type: str | None = None,
    settings: LinkSettings | None = None,
) -> None:
    """Record that `alias` names `canonical`; from now on the registry resolves it."""
    if type is not None and type not in CLAIMANT_TYPES:
        raise ValueError(f"claimant type must be one of {', '.join(CLAIMANT_TYPES)}")
    if alias == canonical:
        raise ValueError(f"{alias!r} cannot be an alias of itself")
    if type is None and canonical not in ledger.claimants():
        known = registry.registry_of(ledger, settings or LinkSettings())
        type = registry.canonical_types([canonical], known).get(canonical, "unknown")
    ledger.decide_alias(AliasProposal(alias, canonical, _score(ledger, alias, canonical),
                                      "confirmed"), type)


def reject_alias(ledger: Ledger, alias: str, canonical: str) -> None:
    """Record that `alias` does not name `canonical`; it is not proposed again."""
    ledger.decide_alias(AliasProposal(alias, canonical, _score(ledger, alias, canonical),
                                      "rejected"))


def _score(ledger: Ledger, alias: str, canonical: str) -> float:
    """The proposal's score when there was one; a user's own pairing counts as sure."""
    for found in ledger.claimant_aliases():
        if (found.alias, found.name) == (alias, canonical):
            return found.score
    return 1.0
