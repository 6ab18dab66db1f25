"""The number reader: `find_numbers` alone, then the `tolltrace_numbers` component."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from tolltrace.extract import numbers
from tolltrace.extract.extensions import WindowContext
from tolltrace.extract.numbers import COMPONENT_NAME, NumberReader, find_numbers
from tolltrace.model import APPROX_VALUES, NumberMention

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev" / "seeds.jsonl"


def only(text: str, lang: str = "en") -> NumberMention:
    """The one mention in `text`; fails when there are none or several."""
    found = find_numbers(text, lang)
    assert len(found) == 1, found
    return found[0]


def summary(text: str, lang: str = "en") -> list[tuple[str, int, int | None, str]]:
    return [(m.text, m.value_min, m.value_max, m.approx) for m in find_numbers(text, lang)]


def assert_well_formed(text: str, found: list[NumberMention]) -> None:
    """Offsets index `text`, mentions are in order and never overlap, values make sense."""
    previous_end = 0
    for mention in found:
        assert previous_end <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
        assert mention.approx in APPROX_VALUES
        assert mention.value_min >= 0
        if mention.value_max is not None:
            assert mention.value_max >= mention.value_min
        previous_end = mention.end


# --- digits -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("the 1,500 protesters", "1,500", 1500),
        ("More than 152,900 people", "More than 152,900", 152900),
        ("some 1,500,000 displaced", "some 1,500,000", 1500000),
        ("a toll of 1\u00a0500", "1\u00a0500", 1500),
        ("a toll of 1\u202f500", "1\u202f500", 1500),
        ("a toll of 1\u2009500", "1\u2009500", 1500),
        ("the death toll of 1500", "1500", 1500),
        ("300 Iranian communities", "300", 300),
        ("0 deaths", "0", 0),
        ("exactly 7 people", "7", 7),
    ],
)
def test_numbers_reads_thousands_separators(text: str, span: str, value: int) -> None:
    mention = only(text)
    assert (mention.text, mention.value_min) == (span, value)


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("1.500 Tote", "de", 1500),
        ("1.500.000 Menschen", "de-DE", 1500000),
        ("3.000 persone", "it", 3000),
        ("1.500 muertos", "es", 1500),
        ("1.500 mortos", "pt_BR", 1500),
        ("1.500 doden", "nl", 1500),
        ("1.500 kişi", "tr", 1500),
        ("1 500 morts", "fr", 1500),
        ("1\u202f500 morts", "fr", 1500),
        ("1,500 people", "en", 1500),
        ("1,500 people", "ja", 1500),
    ],
)
def test_numbers_reads_the_thousands_separator_of_the_language(
    text: str, lang: str, value: int
) -> None:
    assert only(text, lang).value_min == value


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("1.500", "en"),  # a decimal in English
        ("1.500.000", "en"),
        ("1,500", "fr"),  # a decimal in French, which groups with a space or a dot
        ("1,5 Tote", "de"),  # a decimal in German
        ("1,500", "de"),
        ("15.12.2019", "de"),
    ],
)
def test_numbers_skips_separators_the_language_does_not_group_with(text: str, lang: str) -> None:
    assert find_numbers(text, lang) == []


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("1.5 million", "1.5 million", 1500000),
        ("2.3m people", "2.3m", 2300000),
        ("1.2bn", "1.2bn", 1200000000),
        ("3 bn", "3 bn", 3000000000),
        ("500k people", "500k", 500000),
        ("2 million people", "2 million", 2000000),
        ("300 thousand", "300 thousand", 300000),
        ("1.500 million", "1.500 million", 1500000),
        ("5 lakh people", "5 lakh", 500000),
        ("2 dozen", "2 dozen", 24),
        ("0.5 million", "0.5 million", 500000),
    ],
)
def test_numbers_reads_scale_words_and_abbreviations(text: str, span: str, value: int) -> None:
    mention = only(text)
    assert (mention.text, mention.value_min, mention.approx) == (span, value, "exact")


# --- words ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("seven", 7),
        ("Twelve", 12),
        ("nineteen", 19),
        ("forty-two", 42),
        ("twenty five", 25),
        ("Eighty-three", 83),
        ("one hundred and twenty", 120),
        ("ONE HUNDRED", 100),
        ("a hundred", 100),
        ("twelve hundred", 1200),
        ("a thousand", 1000),
        ("a hundred thousand", 100000),
        ("twenty-five thousand", 25000),
        ("two million five hundred thousand", 2500000),
        ("one thousand two hundred and five", 1205),
        ("two million", 2000000),
        ("two dozen", 24),
        ("a dozen", 12),
        ("half a dozen", 6),
        ("half a million", 500000),
        ("a quarter of a million", 250000),
        ("quarter of a million", 250000),
        ("one", 1),
    ],
)
def test_numbers_reads_spelled_out_numbers(text: str, value: int) -> None:
    mention = only(f"they said {text} people died")
    assert (mention.text, mention.value_min, mention.value_max) == (text, value, value)


@pytest.mark.parametrize(
    ("text", "approx"),
    [
        ("a dozen", "about"),
        ("two dozen", "about"),
        ("half a dozen", "about"),
        ("half a million", "about"),
        ("a quarter of a million", "about"),
        ("a hundred", "exact"),
        ("a thousand", "exact"),
        ("twelve", "exact"),
    ],
)
def test_numbers_reads_dozens_and_fractions_as_round_figures(text: str, approx: str) -> None:
    assert only(f"{text} were killed").approx == approx


@pytest.mark.parametrize(
    "text",
    [
        "the first victim",
        "the second day",
        "a third of them",
        "the twenty-first century",
        "two thirds of them",
        "one-third of them",
        "no one was hurt",
        "they helped one another",
        "one by one",
        "a few people",
        "several people",
        "many people",
        "a half",
        "thousand",
        "someone often tends to",
    ],
)
def test_numbers_skips_ordinals_fractions_and_pronoun_ones(text: str) -> None:
    assert find_numbers(text) == []


def test_numbers_reads_word_numbers_only_in_english() -> None:
    assert find_numbers("ten minste tien doden", "nl") == []
    assert summary("seven dead", "en") == [("seven", 7, 7, "exact")]


# --- vague amounts ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("hundreds of people", "hundreds", 200),
        ("Thousands were arrested", "Thousands", 2000),
        ("dozens of people", "dozens", 24),
        ("scores of people", "scores", 40),
        ("millions of people", "millions", 2000000),
        ("tens of thousands of people", "tens of thousands", 20000),
        ("hundreds of thousands of people", "hundreds of thousands", 200000),
        ("tens of millions of people", "tens of millions", 20000000),
        ("several hundred people", "several hundred", 200),
        ("several thousand people", "several thousand", 2000),
        ("several thousands of people", "several thousands", 2000),
        ("several dozen people", "several dozen", 24),
        ("a few hundred people", "a few hundred", 200),
        ("a few dozen people", "a few dozen", 24),
        ("a couple of hundred people", "a couple of hundred", 200),
        ("several hundred thousand people", "several hundred thousand", 200000),
        ("and many more thousands arrested", "many more thousands", 2000),
        ("many, many thousands", "many, many thousands", 2000),
        ("hundreds or even thousands of fatalities", "hundreds or even thousands", 200),
        ("hundreds, if not thousands, of people", "hundreds, if not thousands", 200),
        ("dozens or even hundreds of people", "dozens or even hundreds", 24),
        ("thousands upon thousands of people", "thousands upon thousands", 2000),
        ("thousands and thousands of people", "thousands and thousands", 2000),
        ("at least hundreds of people", "at least hundreds", 200),
    ],
)
def test_numbers_reads_vague_amounts_as_the_least_plural(text: str, span: str, value: int) -> None:
    mention = only(text)
    assert (mention.text, mention.value_min, mention.value_max, mention.approx) == (
        span,
        value,
        None,
        "vague",
    )


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("scores of people were hurt", "scores"),
        ("scores were killed", "scores"),
        ("scores more died", "scores"),
        ("dozens were hurt", "dozens"),
        ("dozens more were injured", "dozens"),
        ("the blast, killing dozens.", "dozens"),
        ("Dozens of protesters", "Dozens"),
        ("the league said scores were beaten", "scores"),
        ("killing scores", "scores"),
        ("dozens unaccounted for", "dozens"),
        ("Dozens die each year", "Dozens"),
        ("Dozens feared trapped", "Dozens"),
    ],
)
def test_numbers_reads_scores_and_dozens_that_count_people(text: str, span: str) -> None:
    assert only(text).text == span


@pytest.mark.parametrize(
    "text",
    [
        "test scores rose",
        "test scores of students",
        "the scores of the match",
        "he scores a goal",
        "she scores highly",
        "the scores were announced",
        "their scores improved",
    ],
)
def test_numbers_skips_scores_that_count_nobody(text: str) -> None:
    assert find_numbers(text) == []


# --- ranges -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "low", "high"),
    [
        ("between 180 and 450 people", "between 180 and 450", 180, 450),
        ("Between 180 and 450 people", "Between 180 and 450", 180, 450),
        ("180 to 450 people", "180 to 450", 180, 450),
        ("180-450 people", "180-450", 180, 450),
        ("180\u2013450 people", "180\u2013450", 180, 450),
        ("180 \u2013 450 people", "180 \u2013 450", 180, 450),
        ("from 180 to 450 people", "from 180 to 450", 180, 450),
        ("1,500-2,000 people", "1,500-2,000", 1500, 2000),
        ("between 2 and 3 million people", "between 2 and 3 million", 2000000, 3000000),
        ("1.5 to 2 million people", "1.5 to 2 million", 1500000, 2000000),
        ("between 500 and 3 million", "between 500 and 3 million", 500, 3000000),
        ("five to ten people", "five to ten", 5, 10),
        ("between five and ten people", "between five and ten", 5, 10),
        ("two to three thousand people", "two to three thousand", 2000, 3000),
    ],
)
def test_numbers_reads_ranges(text: str, span: str, low: int, high: int) -> None:
    assert summary(text) == [(span, low, high, "range")]


def test_numbers_reads_a_range_in_its_language() -> None:
    assert summary("180-450 Tote", "de") == [("180-450", 180, 450, "range")]


def test_numbers_reads_or_as_two_numbers_not_a_range() -> None:
    assert summary("180 or 190 people") == [
        ("180", 180, 180, "exact"),
        ("190", 190, 190, "exact"),
    ]


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("the toll fell from 300 to 200", ["300", "200"]),
        ("VRW has raised its count from 58 to 104 and then to 143.", ["58", "104", "143"]),
        ("Deaths rose from 1,500 to 2,000 on Monday.", ["1,500", "2,000"]),
        ("the toll was revised up from 12 to 30", ["12", "30"]),
    ],
)
def test_numbers_reads_a_change_from_to_as_separate_counts(text: str, spans: list[str]) -> None:
    found = find_numbers(text)
    assert [m.text for m in found] == spans
    assert {m.approx for m in found} == {"exact"}


# --- qualifiers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qualifier", "approx"),
    [
        ("at least", "at least"),
        ("At least", "at least"),
        ("at minimum", "at least"),
        ("a minimum of", "at least"),
        ("no fewer than", "at least"),
        ("not less than", "at least"),
        ("no less than", "at least"),
        ("more than", "more than"),
        ("More than", "more than"),
        ("MORE THAN", "more than"),
        ("over", "more than"),
        ("Over", "more than"),
        ("upwards of", "more than"),
        ("in excess of", "more than"),
        ("just over", "more than"),
        ("well over", "more than"),
        ("past", "more than"),
        ("passed", "more than"),
        ("topped", "more than"),
        ("exceeding", "more than"),
        ("beyond", "more than"),
        ("nearly", "about"),
        ("almost", "about"),
        ("about", "about"),
        ("around", "about"),
        ("approximately", "about"),
        ("approx.", "about"),
        ("roughly", "about"),
        ("some", "about"),
        ("an estimated", "about"),
        ("estimated", "about"),
        ("close to", "about"),
        ("circa", "about"),
        ("just under", "about"),
        ("closer to", "about"),
        ("near", "about"),
        ("up to", "up to"),
        ("as many as", "up to"),
        ("fewer than", "up to"),
        ("less than", "up to"),
        ("at most", "up to"),
        ("no more than", "up to"),
        ("not more than", "up to"),
    ],
)
def test_numbers_reads_qualifiers_into_the_span(qualifier: str, approx: str) -> None:
    text = f"Officials said {qualifier} 300 people were killed."
    mention = only(text)
    high = None if approx in ("at least", "more than") else 300
    assert (mention.text, mention.value_min, mention.value_max, mention.approx) == (
        f"{qualifier} 300",
        300,
        high,
        approx,
    )


@pytest.mark.parametrize(
    ("text", "span", "value", "high", "approx"),
    [
        ("more than a thousand people", "more than a thousand", 1000, None, "more than"),
        ("over a dozen people", "over a dozen", 12, None, "more than"),
        ("at least a dozen people", "at least a dozen", 12, None, "at least"),
        ("some 300 people", "some 300", 300, 300, "about"),
        ("more than 200,000 people", "more than 200,000", 200000, None, "more than"),
        ("around\u00a01,500 deaths", "around\u00a01,500", 1500, 1500, "about"),
        ("nearly two dozen people", "nearly two dozen", 24, 24, "about"),
        ("up to 1.5 million people", "up to 1.5 million", 1500000, 1500000, "up to"),
        ("300+ people", "300+", 300, None, "more than"),
        ("300-plus people", "300-plus", 300, None, "more than"),
        ("300 or more people", "300 or more", 300, None, "at least"),
        ("a dozen or so people", "a dozen or so", 12, 12, "about"),
        ("some 40-odd people", "some 40-odd", 40, 40, "about"),
        ("40-odd people", "40-odd", 40, 40, "about"),
    ],
)
def test_numbers_reads_qualified_amounts(
    text: str, span: str, value: int, high: int | None, approx: str
) -> None:
    assert summary(text) == [(span, value, high, approx)]


# --- what is not a count of people ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # years
        "in 2019",
        "the November 2019 uprising",
        "since 1990",
        "by 2030",
        "the 1990s",
        "mid-1990s",
        "the 2019's events",
        "from 2010 to 2015",
        "between 1990 and 2000",
        "2010-2015",
        "2019-20",
        "around 2019",
        # dates
        "December 15, 2019",
        "on December 15",
        "Dec. 15",
        "15 December",
        "15 Dec",
        "15-16 December",
        "2019-12-15",
        "12/15/2019",
        "15/12",
        "the 15th",
        # times
        "at 10:30",
        "3 p.m.",
        "3pm",
        "at 3 a.m.",
        "3 AM",
        "10.30am",
        "1500 GMT",
        "at 5 o'clock",
        # percentages
        "30%",
        "30 %",
        "30 percent",
        "30 per cent",
        "30 pct",
        "5 percentage points",
        # money
        "$5",
        "$ 5",
        "€5 million",
        "5 million dollars",
        "US$3bn",
        "£2",
        "Rs 500",
        "Rs. 500",
        "$1.5 billion",
        "1.2 million euros",
        "500 rupees",
        "thousands of dollars",
        "millions of dollars",
        "USD 300",
        # ordinals
        "1st",
        "2nd",
        "3rd",
        "the 12th",
        "12th-century",
        "third",
        "second",
        "first",
        # numbers in names
        "Covid-19",
        "COVID-19",
        "G7",
        "F-16",
        "MH17",
        "A320",
        "COVID19",
        "M23",
        "4x4",
        "5G",
        "F1",
        "9mm",
        "Su-27",
        "#5",
        # ages
        "23-year-old",
        "a 1,000-year-old church",
        "aged 23",
        "age 23",
        "23 years old",
        "aged between 18 and 25",
        "Ali Hassan, 23, was",
        # measurements
        "5 km",
        "5km",
        "10 kilometres",
        "100 metres",
        "5.8-magnitude",
        "magnitude 6.1",
        "magnitude 6",
        "72 hours",
        "3 days",
        "5 more days",
        "300 years",
        "thousands of years",
        "hundreds of kilometres",
        "5 mph",
        "10-fold",
        "3 times",
        "30-point",
        "20 tonnes",
        "500 barrels",
        # phones and ids
        "+1 555 123 4567",
        "555-123-4567",
        "(555) 123-4567",
        "+44 20 7946 0958",
        "ID 123456789012",
        "5551234567",
        "007",
        # sports scores
        "won 3-1",
        "a 2-0 victory",
        "lost 1-3",
        "a 1-2 defeat",
        "a 5-4 vote",
        # references
        "Article 19",
        "Resolution 2334",
        "No. 5",
        "Section 3",
        "page 5",
        "Flight 17",
        "Chapter 4",
        "per 100,000",
        # decimals and signs
        "2.5",
        "0.5",
        ".5",
        "-5",
        "\u22125",
        "1/3",
        "24/7",
        "9/11",
    ],
)
def test_numbers_skips_what_never_counts_people(text: str) -> None:
    assert find_numbers(text) == []


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("On December 15, 2019, 300 people died.", [300]),
        ("In 2019, 300 people died.", [300]),
        ("Police said 12 were killed on 15 March at 10:30.", [12]),
        ("The 23-year-old was among 40 arrested.", [40]),
        ("A 5.8-magnitude quake killed 120 people within 5 km.", [120]),
        ("Covid-19 has killed more than 152,900 people, 30% of them elderly.", [152900]),
        ("The $5 million fund helps 4,000 families.", [4000]),
        ("Reuters confirmed on December 23, 2019 the death toll of 1500.", [1500]),
        ("Over 72 hours, 1,200 people were detained.", [1200]),
        ("In March, 12 people died; on April 3 more.", [12]),
        ("From 1 January to 3 March, 40 died.", [40]),
        ("In the 24 hours to 6 a.m., 30 people died.", [30]),
        ("Of the 300, 120 were women.", [300, 120]),
        ("See pages 5-10: 61 were killed.", [61]),
    ],
)
def test_numbers_keeps_the_count_beside_a_distractor(text: str, values: list[int]) -> None:
    assert [m.value_min for m in find_numbers(text)] == values


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2000 people", 2000),
        ("1998 deaths", 1998),
        ("2019 protesters", 2019),
        ("1850 soldiers", 1850),
        ("2000 bodies", 2000),
        ("at least 2000 killed", 2000),
    ],
)
def test_numbers_reads_a_year_shaped_number_followed_by_a_toll_word(text: str, value: int) -> None:
    assert only(text).value_min == value


@pytest.mark.parametrize(
    "text",
    ["The 2019 killings were never investigated", "In 2019 deaths rose", "since 1988 arrests"],
)
def test_numbers_skips_a_year_after_an_article_or_a_time_preposition(text: str) -> None:
    assert find_numbers(text) == []


# --- offsets and robustness -------------------------------------------------------------


def test_numbers_gives_offsets_into_the_text_in_order() -> None:
    text = (
        "On November 7, 2020, officials said at least 304 people were killed, "
        "between 180 and 450 wounded, hundreds or even thousands detained, "
        "and some 1\u00a0500 others missing; another two dozen fled."
    )
    found = find_numbers(text)
    assert_well_formed(text, found)
    assert [(m.text, m.approx) for m in found] == [
        ("at least 304", "at least"),
        ("between 180 and 450", "range"),
        ("hundreds or even thousands", "vague"),
        ("some 1\u00a0500", "about"),
        ("two dozen", "about"),
    ]
    assert found[0].start == text.index("at least 304")


def test_numbers_reads_the_seed_documents_gold_figures() -> None:
    if not SEEDS.exists():
        pytest.skip(f"{SEEDS} is not here")
    for line in SEEDS.read_text(encoding="utf-8").splitlines():
        document = json.loads(line)
        text = document["text"]
        found = find_numbers(text, document.get("lang") or "en")
        assert_well_formed(text, found)
        for figure in document["figures"]:
            start = text.index(figure["evidence"])
            end = start + len(figure["evidence"])
            hits = [m for m in found if m.start < end and start < m.end]
            assert hits, figure["evidence"]
            if figure["approx"] == "vague":
                assert len(str(hits[0].value_min)) == len(str(figure["value_min"]))
            else:
                assert hits[0].value_min == figure["value_min"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\u0661\u0662\u0663",
        "\u202e12\u202c",
        "1\u200b500",
        "\u200b\u200d\ufeff",
        "\U0001f600 12 \U0001f600",
        "\uff11\uff12\uff13",
        "12\u0301",
        "9" * 500,
        "1," * 500,
        "one " * 500,
        "a thousand " * 200,
        "hundreds or " * 200,
        "between 1 and " * 200,
        "-" * 500,
        "\ud800 surrogate 12",
    ],
)
def test_numbers_never_raises_on_odd_text(text: str) -> None:
    assert_well_formed(text, find_numbers(text))


def test_numbers_caps_digit_runs_and_stays_fast_on_long_ones() -> None:
    started = time.perf_counter()
    assert find_numbers("9" * 100_000) == []
    assert find_numbers("killed 1234567890123 people") == []
    assert time.perf_counter() - started < 2.0


def test_numbers_never_raises_on_random_text() -> None:
    rng = random.Random(20261129)
    alphabet = "0123456789 ,.-\u2013/:%$+()abcmkdozenhundredsthousandone\u00a0\u202f\u200b\u0661"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        for lang in ("en", "de", "fr", "xx"):
            assert_well_formed(text, find_numbers(text, lang))


# --- the spaCy component ----------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe(COMPONENT_NAME)
    return pipeline


def test_numbers_component_sets_figures_with_their_mentions(nlp: Language) -> None:
    text = "There were around 1,500 deaths, 4,000 people injured and many more thousands arrested."
    doc = nlp(text)
    assert [span.text for span in doc._.figures] == ["around 1,500", "4,000", "many more thousands"]
    assert [span._.number for span in doc._.figures] == find_numbers(text)
    for span in doc._.figures:
        assert (span.start_char, span.end_char) == (span._.number.start, span._.number.end)


def test_numbers_component_widens_a_mention_to_whole_tokens(nlp: Language) -> None:
    doc = nlp("~300 people")
    (span,) = doc._.figures
    assert span.text == "~300"
    assert span._.number.text == "300"


def test_numbers_component_leaves_an_empty_list_when_there_is_no_number(
    nlp: Language,
) -> None:
    assert nlp("Nobody was hurt.")._.figures == []
    assert nlp("")._.figures == []


def test_numbers_component_reads_the_language_from_the_window_context(
    nlp: Language,
) -> None:
    doc = nlp.make_doc("1.500 Tote")
    doc._.context = WindowContext(doc_id="d1", lang="de")
    doc = nlp.get_pipe(COMPONENT_NAME)(doc)
    assert [span._.number.value_min for span in doc._.figures] == [1500]
    assert nlp("1.500 Tote")._.figures == []


def test_numbers_component_takes_its_language_from_the_config() -> None:
    pipeline = spacy.blank("en")
    pipeline.add_pipe(COMPONENT_NAME, config={"lang": "de"})
    assert isinstance(pipeline.get_pipe(COMPONENT_NAME), NumberReader)
    assert [s._.number.value_min for s in pipeline("1.500 Tote")._.figures] == [1500]


def test_numbers_component_declares_what_it_assigns(nlp: Language) -> None:
    declared = nlp.analyze_pipes()["summary"][COMPONENT_NAME]
    assert declared["assigns"] == ["doc._.figures", "span._.number"]


def test_numbers_exports_its_public_names() -> None:
    public = {name for name in vars(numbers) if not name.startswith("_")}
    assert set(numbers.__all__) <= public
    assert set(numbers.__all__) == {
        "COMPONENT_NAME",
        "NumberReader",
        "find_numbers",
        "make_number_reader",
    }
