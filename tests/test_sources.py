"""The per-document table of sources, rule by rule, on short texts we wrote; then the whole
attribution on real English news (../shared/eval/dev/news-en.jsonl)."""

from __future__ import annotations

from pathlib import Path

import pytest

import tolltrace
from tolltrace.claimants import load_registry
from tolltrace.extract.sources import Source, SourceTable

REGISTRY = load_registry()
SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval"


def table(text: str, outlet: str | None = "The Daily") -> SourceTable:
    return SourceTable(text, REGISTRY, outlet)


def test_sources_acronym_in_brackets_means_the_full_name():
    sources = table("The Office for Lake Safety (OLS) counted the boats. OLS said 12 died.")
    assert sources.fullest("OLS") == "Office for Lake Safety"


def test_sources_surname_means_the_person_named_in_full_and_titles_are_dropped():
    sources = table("Rhea Varga Tomsen visited the camp.\nDr Tomsen said 40 people were hurt.")
    assert sources.fullest("Tomsen") == "Rhea Varga Tomsen"
    assert sources.fullest("Dr. Rhea Varga Tomsen") == "Rhea Varga Tomsen"


@pytest.mark.parametrize(
    "text",
    [
        "Pol Arrand, a spokesman for the Harbour Authority, said 9 died.",
        "Harbour Authority spokesman Pol Arrand said 9 died.",
    ],
)
def test_sources_person_speaking_for_an_organisation_yields_both(text: str):
    assert table(text).source("Pol Arrand") == Source("Harbour Authority", speaker="Pol Arrand")


def test_sources_pronouns_and_descriptive_nouns_point_back():
    text = (
        "The Lantern Relief Agency said 30 people died.\n"
        "It added that 12 were missing.\n"
        "The agency said 5 more were found."
    )
    names = [account.source.name for account in table(text).accounts]
    assert names == ["Lantern Relief Agency"] * 3


def test_sources_indefinite_description_is_kept_as_written():
    sources = table("A local monitor said 14 people died in the raid.")
    assert sources.accounts[0].source == Source("A local monitor", kind="generic")


def test_sources_figure_continues_the_account_before_it_in_the_passage():
    text = (
        "Nine were killed on Monday, the Coastal Rescue Service said.\n"
        "Another 20 people were taken to hospital.\n"
    )
    sources = table(text)
    assert sources.account_before(text.index("20"), text.index("Another")).name == (
        "Coastal Rescue Service"
    )


def test_sources_account_expires_far_from_its_source():
    text = "Officials of the Delta Council said the river rose." + " Filler." * 300 + " 8 died."
    sources = table(text)
    assert sources.account_before(text.index("8 died"), text.index("8 died")) is None


def test_sources_quotation_takes_its_speaker_over_hard_wrapped_lines():
    text = (
        'Gunmen struck the market.\n"They killed 11 people and\ntook 4 away," Ana Prell,\n'
        "spokeswoman for the Vell regional government, told reporters.\n"
    )
    assert table(text).account_closing(text.index("11")).name in (
        "Vell regional government",
        "Ana Prell",
    )


def test_sources_headline_names_its_source():
    text = "Rights Desk Watch: 60 killed in crackdown\n\nAt least 60 people died in the city."
    assert table(text).headline_named().name == "Rights Desk Watch"


@pytest.mark.parametrize(
    ("text", "wire"),
    [
        ("PORTVILLE (AP) — Seven people died in a fire.", "Associated Press"),
        ("(KNN)Seven people died in a fire on Monday.", "KNN"),
        ("Seven people died in a fire on Monday, the mayor said. (dpa/XYZ)", "dpa"),
    ],
)
def test_sources_wire_credit_in_a_dateline_or_closing_the_story(text: str, wire: str):
    assert table(text).wire == wire


def test_sources_description_named_just_after_it():
    text = (
        "The river watchdog reports that 31 people drowned.\n"
        "The Lake Rights Association (LRA) said boats were overloaded."
    )
    assert table(text).accounts[0].source.name == "Lake Rights Association"


def test_sources_generic_sources_are_kept_as_written():
    text = "Hospital sources said 15 people were wounded."
    assert table(text).accounts[0].source == Source("Hospital sources", kind="generic")


# --- the whole attribution, on real news -------------------------------------------------


@pytest.fixture(scope="module")
def news_en() -> dict:
    """Scored once a session; `tolltrace.evaluate` reuses the process's loaded pipeline."""
    gold = SHARED / "dev" / "news-en.jsonl"
    if not gold.exists():
        pytest.skip("../shared/eval/dev is not beside the checkout")
    result, _ = tolltrace.evaluate(gold, scorer=SHARED / "score.py")
    return result


def test_attribution_on_real_english_news_holds_its_floor(news_en):
    """Floors at what the rules reached on 2026-12-04; they were tuned on the odd-numbered
    documents and the even ones were held out (docs/attribution.md)."""
    assert news_en["strict"]["f1"] >= 0.78
    assert news_en["of_matched"]["claimed_by"] >= 0.88


def test_sources_citing_names_who_claims_the_figure():
    text = "The relief office raised the toll to 310, citing the Marsh Health Directorate."
    assert table(text).cited_in_sentence(text.index("310")).name == "Marsh Health Directorate"


def test_sources_a_headline_like_line_names_its_source_at_its_end():
    text = "Intro line.\nFlood toll climbs to 310: Marsh Health Directorate\nMore text follows."
    assert table(text).line_named(text.index("310")).name == "Marsh Health Directorate"


def test_sources_a_person_named_after_a_role_word_is_a_person():
    text = "Police officer Tarek-Al-Noor told reporters 6 were hurt. He said 2 died."
    names = [a.source.name for a in table(text).accounts]
    assert names == ["Tarek-Al-Noor", "Tarek-Al-Noor"]


def test_sources_a_dateline_is_no_name_for_the_wire_acronym():
    assert "AFP" not in table("PORTVILLE (AFP) - Nine died, police said.").expansions


def test_sources_a_dateline_credit_authors_the_copy_a_closing_credit_only_relays():
    opening = table("(Lake Wire) – Nine people died in the floods, officials said.")
    closing = table("Nine people died in the floods, officials said.\n— Lake Wire")
    assert (opening.author, opening.wire) == ("Lake Wire", "Lake Wire")
    assert (closing.author, closing.wire) == (None, "Lake Wire")


def test_sources_a_passive_agent_reports():
    text = "Nine people were killed. The toll was confirmed by the Harbour Rights Council."
    assert table(text).accounts[0].source.name == "Harbour Rights Council"


def test_sources_a_headline_figure_takes_the_source_the_body_gives_it():
    text = (
        "Floods kill 31 in the delta\n\n"
        "Rescuers searched the villages, the Delta Council said on Monday.\n"
        "The Lake Health Office said 31 people had drowned."
    )
    assert table(text).headline_source("31").name == "Lake Health Office"
