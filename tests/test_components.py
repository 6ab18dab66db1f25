"""Each extraction component alone, on hand-built parsed Docs: no statistical model loaded."""

from __future__ import annotations

from datetime import date

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import tolltrace.extract.pipeline  # noqa: F401  (registers the components)
from tolltrace.extract.event import kind_of
from tolltrace.extract.extensions import WindowContext, register_extensions


@pytest.fixture(scope="module")
def nlp() -> Language:
    register_extensions()
    blank = spacy.blank("en")
    for name in (
        "tolltrace_numbers",
        "tolltrace_measure",
        "tolltrace_attribution",
        "tolltrace_time",
        "tolltrace_modality",
        "tolltrace_event",
    ):
        blank.add_pipe(name)
    return blank


def parsed(nlp: Language, rows: list[tuple[str, int, str, str]], **context: object) -> Doc:
    """A Doc from (word, head index, dependency, POS) rows, as the parser would give it."""
    words = [w for w, _, _, _ in rows]
    doc = Doc(
        nlp.vocab,
        words=words,
        heads=[h for _, h, _, _ in rows],
        deps=[d for _, _, d, _ in rows],
        pos=[p for _, _, _, p in rows],
        sent_starts=[True] + [False] * (len(rows) - 1),
    )
    doc._.context = WindowContext(doc_id="t", outlet="The Paper", **context)
    return doc


def run(nlp: Language, doc: Doc, *names: str) -> Doc:
    for name in ("tolltrace_numbers", *names):
        doc = nlp.get_pipe(name)(doc)
    return doc


# "Police arrested 300 demonstrators , the group said ."
ARRESTS = [
    ("Police", 1, "nsubj", "NOUN"),
    ("arrested", 7, "ccomp", "VERB"),
    ("300", 3, "nummod", "NUM"),
    ("demonstrators", 1, "dobj", "NOUN"),
    (",", 7, "punct", "PUNCT"),
    ("the", 6, "det", "DET"),
    ("group", 7, "nsubj", "NOUN"),
    ("said", 7, "ROOT", "VERB"),
    (".", 7, "punct", "PUNCT"),
]

# "5,000 protesters marched peacefully ."
MARCH = [
    ("5,000", 1, "nummod", "NUM"),
    ("protesters", 2, "nsubj", "NOUN"),
    ("marched", 2, "ROOT", "VERB"),
    ("peacefully", 2, "advmod", "ADV"),
    (".", 2, "punct", "PUNCT"),
]

# "30 soldiers killed 5 protesters ."
PERPETRATORS = [
    ("30", 1, "nummod", "NUM"),
    ("soldiers", 2, "nsubj", "NOUN"),
    ("killed", 2, "ROOT", "VERB"),
    ("5", 4, "nummod", "NUM"),
    ("protesters", 2, "dobj", "NOUN"),
    (".", 2, "punct", "PUNCT"),
]

# "Reuters , citing hospital sources , said 40 people died ."
NESTED = [
    ("Reuters", 6, "nsubj", "PROPN"),
    (",", 6, "punct", "PUNCT"),
    ("citing", 6, "advcl", "VERB"),
    ("hospital", 4, "compound", "NOUN"),
    ("sources", 2, "dobj", "NOUN"),
    (",", 6, "punct", "PUNCT"),
    ("said", 6, "ROOT", "VERB"),
    ("40", 8, "nummod", "NUM"),
    ("people", 9, "nsubj", "NOUN"),
    ("died", 6, "ccomp", "VERB"),
    (".", 6, "punct", "PUNCT"),
]

# "Had the attack gone ahead , there could have been thousands of deaths ."
COUNTERFACTUAL = [
    ("Had", 3, "aux", "AUX"),
    ("the", 2, "det", "DET"),
    ("attack", 3, "nsubj", "NOUN"),
    ("gone", 9, "advcl", "VERB"),
    ("ahead", 3, "advmod", "ADV"),
    (",", 9, "punct", "PUNCT"),
    ("there", 9, "expl", "PRON"),
    ("could", 9, "aux", "AUX"),
    ("have", 9, "aux", "AUX"),
    ("been", 9, "ROOT", "AUX"),
    ("thousands", 9, "attr", "NOUN"),
    ("of", 10, "prep", "ADP"),
    ("deaths", 11, "pobj", "NOUN"),
    (".", 9, "punct", "PUNCT"),
]


def test_measure_reads_the_verb_that_governs_the_counted_people(nlp: Language):
    doc = run(nlp, parsed(nlp, ARRESTS), "tolltrace_measure")
    [figure] = doc._.figures
    assert (figure.text, figure._.measure, figure._.counted) == ("300", "arrested", "demonstrators")


def test_measure_drops_people_counted_for_something_else(nlp: Language):
    doc = run(nlp, parsed(nlp, MARCH), "tolltrace_measure")
    assert doc._.figures == []


def test_measure_drops_the_perpetrators_keeps_the_victims(nlp: Language):
    doc = run(nlp, parsed(nlp, PERPETRATORS), "tolltrace_measure")
    assert [(f.text, f._.measure) for f in doc._.figures] == [("5", "killed")]


def test_attribution_nested_source_claims_and_relay_is_via(nlp: Language):
    doc = run(nlp, parsed(nlp, NESTED), "tolltrace_measure", "tolltrace_attribution")
    [figure] = doc._.figures
    assert figure._.claimed_by == ("hospital sources",)
    assert figure._.via == "Reuters"


def test_attribution_pronoun_points_back_to_the_last_named_organisation(nlp: Language):
    earlier = "Last week Human Rights Watch counted the detainees.".ljust(100)
    text = earlier + "Officers arrested 300 demonstrators, the group said."
    rows = [("Officers", *ARRESTS[0][1:]), *ARRESTS[1:]]
    doc = parsed(nlp, rows, offset=100, document_text=text)
    assert doc._.context.first_window
    doc = run(nlp, doc, "tolltrace_measure", "tolltrace_attribution")
    assert doc._.figures[0]._.claimed_by == ("Human Rights Watch",)


def test_attribution_unattributed_figures_belong_to_the_outlet(nlp: Language):
    rows = [("Twelve", 1, "nsubj", "NUM"), ("died", 1, "ROOT", "VERB"), (".", 1, "punct", "PUNCT")]
    doc = run(nlp, parsed(nlp, rows), "tolltrace_measure", "tolltrace_attribution")
    assert doc._.figures[0]._.claimed_by == ("The Paper",)


def test_modality_marks_counterfactual_figures(nlp: Language):
    doc = run(nlp, parsed(nlp, COUNTERFACTUAL), "tolltrace_measure", "tolltrace_modality")
    [figure] = doc._.figures
    assert figure._.measure == "killed"
    assert figure._.hypothetical is True


def test_modality_leaves_counts_alone(nlp: Language):
    doc = run(nlp, parsed(nlp, ARRESTS), "tolltrace_measure", "tolltrace_modality")
    assert doc._.figures[0]._.hypothetical is False


def test_time_resolves_a_weekday_against_the_publication_date(nlp: Language):
    # "40 people died on Monday ."
    rows = [
        ("40", 1, "nummod", "NUM"),
        ("people", 2, "nsubj", "NOUN"),
        ("died", 2, "ROOT", "VERB"),
        ("on", 2, "prep", "ADP"),
        ("Monday", 3, "pobj", "PROPN"),
        (".", 2, "punct", "PUNCT"),
    ]
    doc = parsed(nlp, rows, published=date(2024, 3, 14))  # a Thursday
    doc.ents = [doc.char_span(doc.text.index("Monday"), doc.text.index("Monday") + 6, "DATE")]
    doc = run(nlp, doc, "tolltrace_measure", "tolltrace_time")
    assert doc._.figures[0]._.as_of == "2024-03-11"


def test_event_key_joins_place_kind_and_month(nlp: Language):
    # "40 protesters were killed in Ostrel ."
    rows = [
        ("40", 1, "nummod", "NUM"),
        ("protesters", 3, "nsubjpass", "NOUN"),
        ("were", 3, "auxpass", "AUX"),
        ("killed", 3, "ROOT", "VERB"),
        ("in", 3, "prep", "ADP"),
        ("Ostrel", 4, "pobj", "PROPN"),
        (".", 3, "punct", "PUNCT"),
    ]
    doc = parsed(nlp, rows, published=date(2025, 3, 2), title="Crackdown on protests")
    doc.ents = [doc.char_span(doc.text.index("Ostrel"), doc.text.index("Ostrel") + 6, "GPE")]
    doc = run(nlp, doc, "tolltrace_measure", "tolltrace_time", "tolltrace_event")
    assert doc._.figures[0]._.event == "ostrel-protests-2025-03"


def test_pipeline_declares_what_each_component_reads_and_writes(nlp: Language):
    analysis = nlp.analyze_pipes()
    assigns = {row["name"] if isinstance(row, dict) else row: row for row in analysis["summary"]}
    assert set(assigns) >= {"tolltrace_numbers", "tolltrace_measure", "tolltrace_attribution"}
    assert not analysis["problems"]["tolltrace_measure"]


def test_attribution_memory_does_not_leak_between_documents(nlp: Language):
    first = parsed(nlp, NESTED)
    run(nlp, first, "tolltrace_measure", "tolltrace_attribution")
    again = parsed(nlp, ARRESTS, offset=100)
    again = run(nlp, again, "tolltrace_measure", "tolltrace_attribution")
    # "the group" named nobody earlier in this document: it stays "group", not the
    # previous document's "hospital sources"
    assert again._.figures[0]._.claimed_by == ("group",)


@pytest.mark.parametrize(
    ("texts", "kind"),
    [
        # the earlier kind in the list wins wherever it stands in the text
        (("Gunmen opened fire on the crowd at the protest.",), "protests"),
        (("After the shooting came the EARTHQUAKE.",), "earthquake"),
        # "bombardment" holds both "bomb" (bombing) and "bombard" (strikes)
        (("The bombardment went on.",), "bombing"),
        # the sentence first, then the title, then the window
        (("Twelve died.", "Quake hits the coast", "Twelve died. A flood followed."), "earthquake"),
        (("Twelve died.", None, "Twelve died in the İzmir flood."), "disaster"),
        (("Twelve died.",), "event"),
        # kinds are words, not letters inside other words
        (("The toll changed toward 40 as the ceasefire held.",), "event"),
    ],
)
def test_event_kind_prefers_the_earlier_kind_and_the_closer_text(
    texts: tuple[str | None, ...], kind: str
) -> None:
    assert kind_of(*texts) == kind


# "The blast killed 15 people and wounded over 100 ." (the parser hangs "over 100" on the verb)
OWN_COUNTS = [
    ("The", 1, "det", "DET"),
    ("blast", 2, "nsubj", "NOUN"),
    ("killed", 2, "ROOT", "VERB"),
    ("15", 4, "nummod", "NUM"),
    ("people", 2, "dobj", "NOUN"),
    ("and", 2, "cc", "CCONJ"),
    ("wounded", 2, "conj", "VERB"),
    ("over", 6, "prep", "ADP"),
    ("100", 7, "pobj", "NUM"),
    (".", 2, "punct", "PUNCT"),
]

# "One guard was killed and five others injured ." (the others listed beside the verb)
LISTED_BESIDE_THE_VERB = [
    ("One", 1, "nummod", "NUM"),
    ("guard", 3, "nsubjpass", "NOUN"),
    ("was", 3, "auxpass", "AUX"),
    ("killed", 3, "ROOT", "VERB"),
    ("and", 3, "cc", "CCONJ"),
    ("five", 6, "nummod", "NUM"),
    ("others", 3, "conj", "NOUN"),
    ("injured", 6, "acl", "VERB"),
    (".", 3, "punct", "PUNCT"),
]

# "At least 40 people died , including 12 children ."
INCLUDING = [
    ("At", 1, "advmod", "ADV"),
    ("least", 2, "advmod", "ADV"),
    ("40", 3, "nummod", "NUM"),
    ("people", 4, "nsubj", "NOUN"),
    ("died", 4, "ROOT", "VERB"),
    (",", 4, "punct", "PUNCT"),
    ("including", 4, "prep", "VERB"),
    ("12", 8, "nummod", "NUM"),
    ("children", 6, "pobj", "NOUN"),
    (".", 4, "punct", "PUNCT"),
]

# "One of the wounded died ."
ONE_OF = [
    ("One", 4, "nsubj", "NUM"),
    ("of", 0, "prep", "ADP"),
    ("the", 3, "det", "DET"),
    ("wounded", 1, "pobj", "NOUN"),
    ("died", 4, "ROOT", "VERB"),
    (".", 4, "punct", "PUNCT"),
]


def test_measure_a_joined_verb_with_its_own_amount_does_not_share_the_count(nlp: Language):
    doc = run(nlp, parsed(nlp, OWN_COUNTS), "tolltrace_measure")
    assert (doc._.figures[0].text, doc._.figures[0]._.measure) == ("15", "killed")


def test_measure_a_group_listed_beside_the_verb_keeps_its_own_word(nlp: Language):
    doc = run(nlp, parsed(nlp, LISTED_BESIDE_THE_VERB), "tolltrace_measure")
    measures = [(f.text, f._.measure) for f in doc._.figures]
    assert measures == [("One", "killed"), ("five", "injured")]


def test_measure_a_sub_count_points_at_its_total(nlp: Language):
    doc = run(nlp, parsed(nlp, INCLUDING), "tolltrace_measure")
    total, part = doc._.figures
    assert (total.text, total._.part_of) == ("At least 40", None)
    assert (part.text, part._.measure, part._.part_of) == ("12", "killed", total.start_char)


def test_measure_one_picked_out_of_a_group_is_not_a_count(nlp: Language):
    doc = run(nlp, parsed(nlp, ONE_OF), "tolltrace_measure")
    assert doc._.figures == []
