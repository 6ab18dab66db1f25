"""The whole extraction path on sentences of the kinds users feed it, through the real model."""

from __future__ import annotations

import pytest

import tolltrace
from tolltrace.model import Claim, Document

pytestmark = pytest.mark.slow


def claims_of(text: str, published: str = "2024-03-05") -> list[Claim]:
    document = Document(id="t", text=text, outlet="Test Wire", published=published)
    return next(iter(tolltrace.extract([document])))[1]


def summary(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(c.mention, c.measure, c.claimed_by) for c in claims_of(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "There were around 1,500 deaths, 4,000 people injured and many more thousands "
            "arrested.",
            [("around 1,500", "killed"), ("4,000", "injured"), ("many more thousands", "arrested")],
        ),
        (
            "The blast left 12 dead and 30 wounded, police said.",
            [("12", "killed"), ("30", "injured")],
        ),
        (
            "The fighting has claimed the lives of more than 300 civilians.",
            [("more than 300", "killed")],
        ),
        (
            "At least 19 people have been confirmed dead, with 7 still unaccounted for.",
            [("At least 19", "killed"), ("7", "missing")],
        ),
        ("Police said 45 people were taken into custody.", [("45", "arrested")]),
        ("Some 3,000 people were evacuated from the coast.", [("Some 3,000", "displaced")]),
        (
            "More than 152,900 people have now died from Covid-19.",
            [("More than 152,900", "died_of_disease")],
        ),
        (
            "It responded with great violence, injuring and killing thousands of protesters.",
            [("thousands", "casualties")],
        ),
    ],
)
def test_extract_reads_what_each_figure_counts(text: str, expected: list[tuple[str, str]]):
    assert [(mention, measure) for mention, measure, _ in summary(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "About 5,000 protesters marched through the city on Wednesday.",
        "A court sentenced 12 men to death on Monday over the attack.",
        "The storm destroyed 400 homes in 12 villages.",
        "The 2019 killings were never investigated, the 23-year-old said.",
        "The prison was built for 1,800 inmates, and 22 inmates escaped during the riot.",
        "Rescuers saved 40 lives after the ferry capsized.",
        "The government pledged $25 million and 30% more staff for the 300 communities.",
    ],
)
def test_extract_ignores_numbers_that_are_not_tolls(text: str):
    assert summary(text) == []


def test_extract_nested_attribution_puts_the_relay_in_via():
    [claim] = claims_of(
        "Reuters, citing three interior ministry officials, said 1,500 people died."
    )
    assert claim.claimed_by == ("interior ministry officials",)
    assert claim.via == "Reuters"


def test_extract_corroboration_keeps_the_claimant_apart():
    [claim] = claims_of(
        "Reuters confirmed the death toll of 1500 that was announced by the People's Mojahedin "
        "Organization of Iran (PMOI) on December 15, 2019."
    )
    assert claim.claimed_by == ("People's Mojahedin Organization of Iran",)
    assert claim.corroborated_by == "Reuters"
    assert claim.as_of == "2019-12-15"


def test_extract_competing_figures_in_one_sentence_keep_their_own_sources():
    text = (
        "Rights group Amnesty International said security forces had killed at least 304 "
        "people, while the government put the figure at about 225."
    )
    assert summary(text) == [
        ("at least 304", "killed", ("Amnesty International",)),
        ("about 225", "killed", ("government",)),
    ]


def test_extract_pronoun_points_back_to_the_organisation_named_before():
    text = (
        "The Kelso Rights Centre published its report on Monday. At least 40 people were "
        "killed in the crackdown, it said."
    )
    assert summary(text) == [("At least 40", "killed", ("Kelso Rights Centre",))]


def test_extract_reads_a_registered_name_whole_where_the_parse_cuts_it():
    text = (
        "At least 6,700 members of the minority were killed in the first month, "
        "Doctors Without Borders (MSF) estimated on Thursday."
    )
    assert summary(text) == [("At least 6,700", "killed", ("Doctors Without Borders",))]


def test_extract_pronoun_ignores_names_on_lines_before():
    text = (
        "Attacks on clinics rose in April\n\nThe World Health Organization verified the "
        "attacks, in which eleven patients were killed, the agency said."
    )
    assert summary(text) == [("eleven", "killed", ("World Health Organization",))]


def test_extract_source_named_in_the_next_sentence():
    text = (
        "More than 900 people have died of cholera since June. The figures come from the "
        "health ministry."
    )
    assert summary(text) == [("More than 900", "died_of_disease", ("health ministry",))]


def test_extract_unattributed_figures_belong_to_the_outlet():
    assert summary("Twelve people died in the fire.") == [("Twelve", "killed", ("Test Wire",))]


@pytest.mark.parametrize(
    ("text", "hypothetical"),
    [
        ("Had the attack gone ahead, there could have been hundreds of deaths.", True),
        ("Up to 10,000 people could die if the dam bursts, engineers warned.", True),
        ("Dozens of people are feared dead after the landslide.", False),
        ("The WHO warned the outbreak could spread as deaths reached 41.", False),
    ],
)
def test_extract_marks_counterfactuals_and_projections(text: str, hypothetical: bool):
    [claim] = claims_of(text)
    assert claim.hypothetical is hypothetical


def test_extract_resolves_weekdays_against_the_publication_day():
    [claim] = claims_of("Forty people were killed on Tuesday, officials said.", "2024-03-05")
    assert claim.as_of == "2024-03-05"  # published on that Tuesday


def test_extract_offsets_index_the_text_exactly_even_with_odd_spaces():
    text = "GENEVA — At least 1\u00a0500\u202fpeople were killed, the agency said."
    [claim] = claims_of(text)
    assert text[claim.start : claim.end] == claim.mention == "At least 1\u00a0500"
    assert claim.value_min == 1500


def test_extract_gives_only_measures_and_qualifiers_the_ledger_accepts():
    """Every claim of every document we ship fits the ledger's CHECK constraints."""
    import json
    from pathlib import Path

    from tolltrace.model import APPROX_VALUES, MEASURES

    data = Path(__file__).parent / "data"
    rows = [
        json.loads(line)
        for name in ("dev.jsonl", "linking.jsonl")
        for line in (data / name).read_text(encoding="utf-8").splitlines()
    ]
    rows.append({"id": "list", "text": "Among the between 514 and 744 dead were 30 children."})
    documents = [Document(id=str(r["id"]), text=r["text"], outlet=r.get("outlet")) for r in rows]
    claims = [c for _, found in tolltrace.extract(documents) for c in found]
    assert claims
    assert {c.measure for c in claims} <= set(MEASURES)
    assert {c.approx for c in claims} <= set(APPROX_VALUES)
