"""Properties of the number reader and the extractor, checked on generated input (hypothesis).

Example counts are kept modest for a 2-CPU machine; the full extractor's cases share one
loaded pipeline per batch size. No example database is kept (`database=None`), so a run
leaves no `.hypothesis/` directory behind.
"""

from __future__ import annotations

from dataclasses import astuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tolltrace.api import extractor_for
from tolltrace.extract.extractor import Extractor
from tolltrace.extract.numbers import MAX_COUNT, find_numbers
from tolltrace.model import Claim, Document
from tolltrace.settings import Settings

LANGS = ("en", "de", "fr", "es", "ru", "ar", "", "en-GB", "zz")
CLAIMANTS = ("the health ministry", "Varnia Rights Watch", "hospital sources", "the UN",
             "local officials", "the Red Crescent", "Nord Press Agency", "a police spokesman")
PLACES = ("Ostrel", "Serrat", "Brenna", "Kavo", "Dunmar")
TEMPLATES = (
    "{claimant} said {amount} people were killed in {place}.",
    "{amount} protesters were injured in {place}, according to {claimant}.",
    "According to {claimant}, {amount} civilians have died since Monday.",
    "Police arrested {amount} demonstrators in {place}, {claimant} said.",
    "{claimant} reported {amount} deaths in {place} on Tuesday.",
)
ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen").split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def in_words(n: int) -> str:
    """An English number name for 1 <= n < 10**9 ("two hundred and five thousand and six")."""
    parts = []
    for scale, name in ((10**6, "million"), (10**3, "thousand"), (1, "")):
        chunk, n = divmod(n, scale)
        if chunk:
            parts.append(f"{_below_thousand(chunk)} {name}".strip())
    return " ".join(parts)


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    words = [f"{ONES[hundreds]} hundred"] if hundreds else []
    if rest:
        tens, ones = divmod(rest, 10)
        small = ONES[rest] if rest < 20 else TENS[tens] + (f"-{ONES[ones]}" if ones else "")
        words.append(("and " if hundreds else "") + small)
    return " ".join(words)


def grouped(n: int) -> str:
    return f"{n:,}"


# (how a value is written, its approx, the value range it applies to)
FORMATS = {
    "plain": (str, "exact", (1, 999_999_999)),
    "commas": (grouped, "exact", (1_000, MAX_COUNT)),
    "words": (in_words, "exact", (1, 999_999_999)),
    "about": (lambda n: f"about {n:,}", "about", (1, MAX_COUNT)),
    "at least": (lambda n: f"at least {n:,}", "at least", (1, MAX_COUNT)),
    "more than": (lambda n: f"more than {n}", "more than", (1, 999_999_999)),
    "up to": (lambda n: f"up to {n:,}", "up to", (1, MAX_COUNT)),
    "plus": (lambda n: f"{n:,}+", "more than", (1, MAX_COUNT)),
    "million": (lambda n: f"{n} million", "exact", (1, 9_999)),
}


def not_a_year(n: int) -> bool:
    return not 1800 <= n <= 2100


@settings(max_examples=400, deadline=None, database=None)
@given(text=st.text(), lang=st.sampled_from(LANGS))
def test_properties_number_reader_never_raises(text: str, lang: str) -> None:
    for mention in find_numbers(text, lang):
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
        assert 0 <= mention.value_min <= MAX_COUNT


@settings(max_examples=200, deadline=None, database=None)
@given(
    text=st.text(alphabet=st.characters(categories=("Nd", "Zs", "Po", "Pd", "Cf", "Sm", "Ll"))),
)
def test_properties_number_reader_never_raises_on_digit_soup(text: str) -> None:
    for mention in find_numbers(text):
        assert 0 <= mention.value_min <= MAX_COUNT


@settings(max_examples=300, deadline=None, database=None)
@given(data=st.data(), style=st.sampled_from(sorted(FORMATS)))
def test_properties_a_number_written_any_supported_way_reads_back(
    data: st.DataObject, style: str
) -> None:
    write, approx, (low, high) = FORMATS[style]
    n = data.draw(st.integers(low, high).filter(not_a_year), label="n")
    phrase = write(n)
    text = f"Officials said {phrase} people were killed in Ostrel."
    found = find_numbers(text)
    assert len(found) == 1, (text, found)
    mention = found[0]
    assert mention.text == phrase
    expected = n * 10**6 if style == "million" else n
    assert (mention.value_min, mention.approx) == (expected, approx)


@settings(max_examples=200, deadline=None, database=None)
@given(low=st.integers(1, 10**6).filter(not_a_year), gap=st.integers(1, 10**6),
       way=st.sampled_from(("between {} and {}", "{} to {}", "from {} to {}")))
def test_properties_a_range_reads_back(low: int, gap: int, way: str) -> None:
    high = low + gap
    phrase = way.format(f"{low:,}", f"{high:,}")
    found = find_numbers(f"Officials said {phrase} people were killed in Ostrel.")
    assert [(m.text, m.value_min, m.value_max, m.approx) for m in found] == [
        (phrase, low, high, "range")
    ]


def sentences() -> st.SearchStrategy[str]:
    amount = st.one_of(
        st.integers(2, 50_000).filter(not_a_year).map(grouped),
        st.integers(2, 999).map(in_words),
        st.integers(2, 9_999).filter(not_a_year).map(lambda n: f"at least {n}"),
    )
    return st.builds(
        lambda template, claimant, place, written: template.format(
            claimant=claimant, place=place, amount=written
        ),
        st.sampled_from(TEMPLATES),
        st.sampled_from(CLAIMANTS),
        st.sampled_from(PLACES),
        amount,
    ).map(lambda s: s[0].upper() + s[1:])


def articles() -> st.SearchStrategy[str]:
    paragraphs = st.lists(st.lists(sentences(), min_size=1, max_size=4).map(" ".join),
                          min_size=1, max_size=3)
    return paragraphs.map("\n\n".join)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return extractor_for(Settings())


@pytest.mark.slow
@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=articles())
def test_properties_every_claim_span_holds_its_number(extractor: Extractor, text: str) -> None:
    claims = extractor.claims(Document("generated", text))
    assert claims, text
    read = {(m.start, m.end): m.value_min for m in find_numbers(text)}
    for claim in claims:
        assert 0 <= claim.start < claim.end <= len(text)
        assert text[claim.start : claim.end] == claim.mention
        assert read.get((claim.start, claim.end)) == claim.value_min, claim  # the number is there
        assert claim.sentence in text and claim.mention in claim.sentence


def claim_rows(claims: list[Claim]) -> list[tuple]:
    return [astuple(claim) for claim in claims]


@pytest.mark.slow
@settings(max_examples=8, deadline=None, database=None)
@given(texts=st.lists(articles(), min_size=2, max_size=12))
def test_properties_extraction_is_deterministic_and_batch_size_free(texts: list[str]) -> None:
    documents = [Document(f"doc-{i}", text) for i, text in enumerate(texts)]
    one = extractor_for(Settings(batch_size=1))
    many = extractor_for(Settings(batch_size=64))
    by_one = [claim_rows(claims) for _, claims in one.extract(documents)]
    by_many = [claim_rows(claims) for _, claims in many.extract(documents)]
    again = [claim_rows(claims) for _, claims in many.extract(documents)]
    assert by_one == by_many == again
