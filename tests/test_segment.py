from tolltrace.extract.segment import (
    analysis_text,
    can_hold_figure,
    candidate_windows,
    sentence_spans,
)


def test_segment_keeps_headlines_apart_from_the_next_sentence():
    text = "Forty dead in Ostrel\nAt least 40 people died on Monday. Rescue goes on."
    sentences = [text[s:e] for s, e in sentence_spans(text)]
    assert sentences == [
        "Forty dead in Ostrel",
        "At least 40 people died on Monday.",
        "Rescue goes on.",
    ]


def test_segment_does_not_cut_after_abbreviations_or_initials():
    text = "Mr. Smith said 12 were killed in the U.S. raid. J. Doe disagreed."
    sentences = [text[s:e] for s, e in sentence_spans(text)]
    assert sentences == ["Mr. Smith said 12 were killed in the U.S. raid.", "J. Doe disagreed."]


def test_segment_analysis_text_keeps_length_and_offsets():
    text = "1,500\u00a0people and 12\u202fmore"
    plain = analysis_text(text)
    assert len(plain) == len(text)
    assert plain == "1,500 people and 12 more"


def test_segment_prefilter_needs_an_amount_and_a_toll_word():
    assert can_hold_figure("At least 40 people were killed.")
    assert can_hold_figure("Thousands were arrested.")
    assert not can_hold_figure("The 300 delegates met in 2019.")
    assert not can_hold_figure("Many people were killed.")


def test_segment_prefilter_ignores_case_and_keeps_distances_in_any_script():
    assert can_hold_figure("KILLED: 40 PEOPLE IN THE NIGHT")
    assert can_hold_figure("Arrests: 12 Detained After The March")
    far = "x" * 130
    # "İ" lower-cases to two characters; the distance between amount and toll word must not
    # be read off a lower-cased copy whose offsets have moved
    assert can_hold_figure(f"İİİİ 12 {'İ' * 100} killed")
    assert not can_hold_figure(f"İİİİ 12 {far} killed")


def test_segment_windows_join_a_following_source_sentence():
    text = (
        "The weather was fine. More than 900 people have died from cholera. "
        "The figures come from the health ministry. The rain stopped."
    )
    windows = candidate_windows(text)
    assert len(windows) == 1
    assert text[windows[0].start : windows[0].end] == (
        "More than 900 people have died from cholera. The figures come from the health ministry."
    )


def test_segment_windows_skip_documents_without_figures():
    assert candidate_windows("Nothing happened here today. Talks resume next week.") == []
