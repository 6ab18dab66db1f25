"""The claimant registry on the linking side: types, alias proposals, the user's word."""

from __future__ import annotations

import pytest

from linkhelpers import OSTREL, claim, document
from tolltrace.link import confirm_alias, link, propose_aliases, reject_alias
from tolltrace.link.claimants import acronym, guess_type
from tolltrace.store import Ledger


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Ministry of the Interior", "government"),
        ("Ostrel police", "government"),
        ("the regional governor", "government"),
        ("Varnia Rights Watch", "rights group"),
        ("Amnesty Internatonal", "rights group"),
        ("Nord Press Agency", "news agency"),
        ("Reuters", "news agency"),
        ("Ostrel Central Hospital", "health authority"),
        ("Ministry of Health", "health authority"),
        ("Halde health directorate", "health authority"),
        ("UN Human Rights Office", "international body"),
        ("Lusenian Red Cross", "international body"),
        ("WHO", "international body"),
        ("Free Sorra Front", "opposition group"),
        ("the rebels", "opposition group"),
        ("Civic Alliance", "unknown"),
    ],
)
def test_claimants_guess_a_type_from_the_name(name: str, kind: str) -> None:
    assert guess_type(name) == kind


def test_claimants_acronym_skips_minor_words() -> None:
    assert acronym("Varnia Rights Watch") == "VRW"
    assert acronym("Office of the High Commissioner") == "OHC"


@pytest.fixture
def ledger(ledger_db: str) -> Ledger:
    opened = Ledger(ledger_db)
    names = ["Varnia Rights Watch", "Varnia Rights Watch", "VRW", "Amnesty Internatonal",
             "Interior Ministry", "Ministry of the Interior", "Amnesty", "city doctors"]
    for n, name in enumerate(names, start=10):
        doc = document(f"d{n}", OSTREL, n, "2025-03-10")
        opened.add_document(doc, [claim(doc, n, "ostrel-protests-2025-03", claimant=name)])
    yield opened
    opened.close()


def test_claimants_link_proposes_misspellings_and_acronyms(ledger: Ledger) -> None:
    report = link(ledger)
    proposed = {(p.alias, p.name): p.score for p in ledger.claimant_aliases("proposed")}

    assert report.alias_proposals == len(proposed) == 3
    assert proposed[("VRW", "Varnia Rights Watch")] == pytest.approx(0.95)
    assert proposed[("Amnesty Internatonal", "Amnesty International")] > 0.9
    assert ("Interior Ministry", "Ministry of the Interior") in proposed  # the longer, on a tie
    types = ledger.claimant_types()
    assert types["Varnia Rights Watch"] == "rights group"
    assert types["Amnesty"] == "rights group"  # the packaged registry's alias
    assert types["city doctors"] == "health authority"


def test_claimants_confirmed_alias_applies_and_rejected_is_not_proposed_again(
    ledger: Ledger,
) -> None:
    link(ledger)
    confirm_alias(ledger, "VRW", "Varnia Rights Watch")
    reject_alias(ledger, "Interior Ministry", "Ministry of the Interior")
    confirm_alias(ledger, "Amnesty Internatonal", "Amnesty International", type="rights group")

    assert propose_aliases(ledger) == []
    link(ledger)

    assert ledger.claimant_aliases("proposed") == []
    types = ledger.claimant_types()
    assert types["VRW"] == "rights group"
    assert "VRW" not in ledger.claimants()
    assert {(a.alias, a.status) for a in ledger.claimant_aliases("rejected")} == {
        ("Interior Ministry", "rejected")
    }


def test_claimants_confirm_refuses_an_unknown_type(ledger: Ledger) -> None:
    with pytest.raises(ValueError, match="claimant type must be one of"):
        confirm_alias(ledger, "VRW", "Varnia Rights Watch", type="club")


def test_claimants_a_longer_name_holding_a_registered_acronym_is_proposed_sure(
    ledger_db: str,
) -> None:
    names = ["Amnesty International", "Oslo-based HRW", "Spokesperson Lena Varga", "Nord Press"]
    with Ledger(ledger_db) as opened:
        for n, name in enumerate(names, start=10):
            doc = document(f"d{n}", OSTREL, n, "2025-03-10")
            found = claim(doc, n, "ostrel-protests-2025-03", claimant=name)
            if name == "Amnesty International":
                found.speaker = "Spokesperson Lena Varga"
            opened.add_document(doc, [found])
        link(opened)
        proposed = {(p.alias, p.name): p.score for p in opened.claimant_aliases("proposed")}
    assert proposed[("Oslo-based HRW", "Human Rights Watch")] == pytest.approx(0.9)
    assert proposed[("Spokesperson Lena Varga", "Amnesty International")] == pytest.approx(0.95)
    assert not any(alias == "Nord Press" for alias, _ in proposed)
