from pathlib import Path

import pytest

from tolltrace.claimants import (
    ClaimantRegistry,
    clean_name,
    load_registry,
    organisation_mentions,
)
from tolltrace.errors import SettingsError
from tolltrace.model import Claimant


def test_claimants_registry_maps_aliases_to_one_name():
    registry = load_registry()
    for alias in ("PMOI", "MEK", "the People’s Mojahedin Organization of Iran", "PMOI / MEK Iran"):
        assert registry.canonical(alias) == "People's Mojahedin Organization of Iran"
    assert registry.canonical("Amnesty") == "Amnesty International"
    assert registry.type_of("HRW") == "rights group"


def test_claimants_registry_reads_bracketed_acronyms():
    registry = load_registry()
    name = "National Council of Resistance of Iran’s (NCRI)"
    assert registry.canonical(name) == "National Council of Resistance of Iran"
    assert (
        registry.canonical("the Unknown Front (PMOI)") == "People's Mojahedin Organization of Iran"
    )


def test_claimants_unknown_names_are_cleaned_not_invented():
    registry = ClaimantRegistry()
    assert registry.canonical("the Varnia Rights Watch’s") == "Varnia Rights Watch"
    assert registry.type_of("Varnia Rights Watch") == "unknown"
    assert clean_name("the health ministry (MoH)") == "health ministry"


def test_claimants_user_file_extends_the_packaged_registry(tmp_path: Path):
    extra = tmp_path / "mine.toml"
    extra.write_text(
        '[[claimant]]\nname = "Varnia Rights Watch"\ntype = "rights group"\naliases = ["VRW"]\n',
        encoding="utf-8",
    )
    registry = load_registry([extra])
    assert registry.canonical("VRW") == "Varnia Rights Watch"
    assert registry.canonical("MEK") == "People's Mojahedin Organization of Iran"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[[claimant]]\ntype = 'rights group'\n", "has no name"),
        ("[[claimant]]\nname = 'X'\ntype = 'alien'\n", "type must be one of"),
        ("[[claimant\n", "not valid TOML"),
    ],
)
def test_claimants_bad_user_file_is_one_clear_error(tmp_path: Path, text: str, reason: str):
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError, match=reason) as caught:
        load_registry([bad])
    assert str(bad) in str(caught.value)


def test_claimants_finds_organisations_named_in_text():
    registry = ClaimantRegistry([Claimant("Human Rights Watch", "rights group", ("HRW",))])
    text = "The Ministry of Health gave no figure. HRW said it had counted the dead."
    names = [name for _, name in organisation_mentions(text, registry)]
    assert names == ["The Ministry of Health", "HRW"]


def test_claimants_organisation_names_do_not_run_across_lines():
    text = "Attacks on clinics rose in April\n\nThe World Health Organization counted them.\n"
    text += "Floods hit Kesh\nRed Cross teams arrived on Monday."
    names = [name for _, name in organisation_mentions(text, ClaimantRegistry([]))]
    assert names == ["The World Health Organization", "Red Cross"]


def test_claimants_name_at_reads_the_longest_registered_name_written_there():
    registry = ClaimantRegistry(
        [
            Claimant("Doctors Without Borders", "international body", ("MSF",)),
            Claimant("Doctors of the World", "international body", ()),
        ]
    )
    text = "Doctors Without Borders (MSF) and doctors at the clinic said so."
    assert registry.name_at(text, 0) == "Doctors Without Borders"
    assert registry.name_at(text, 25) == "MSF"
    assert registry.name_at(text, text.index("doctors")) is None  # written otherwise
    assert registry.name_at("MSFX said", 0) is None  # a name ends where a word ends
    assert ClaimantRegistry([]).name_at(text, 0) is None


def test_registry_credits_a_description_to_the_body_it_describes():
    registry = ClaimantRegistry(
        [Claimant("Lake Health Office", "health authority", ("LHO",), ("the lake's health body",))]
    )
    assert registry.fuller("the lake's health body") == "Lake Health Office"
    assert registry.fuller("LHO") == "Lake Health Office"


def test_registry_keeps_another_name_of_a_body_as_written():
    registry = ClaimantRegistry([Claimant("Lake Health Office", aliases=("Shore clinic network",))])
    assert registry.fuller("Shore clinic network") == "Shore clinic network"
