"""Tests for core.metrics: fillers, hedges, pace, STAR cues, pauses."""

import pytest

from core.metrics import (
    FILLERS,
    HEDGES,
    filler_counts,
    hedge_counts,
    long_pauses,
    speech_metrics,
    star_markers,
    word_count,
    words_per_minute,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        # "like" as verb or comparison is not a filler
        ("I like Python", {}),
        ("I would like to join your team", {}),
        ("It looks like rain", {}),
        ("Do it like this", {}),
        ("We used Redis or something like that", {}),
        ("I like, um, Python", {"um": 1}),
        # "like" as filler
        ("um, I, like, basically think so", {"um": 1, "like": 1, "basically": 1}),
        ("It was, like, really hard", {"like": 1}),
        ("Like, I think it went fine", {"like": 1}),
        ("and like we never tested it", {"like": 1}),
        ("It was like really hard", {"like": 1}),
        ("Like I said, it was fine", {}),
        # "you know"
        ("you know the answer", {}),
        ("Do you know the answer?", {}),
        ("If you know, tell me", {}),
        ("it was, you know, hard", {"you know": 1}),
        ("You know, I tried my best", {"you know": 1}),
        ("It was hard, you know?", {"you know": 1}),
        # "I mean"
        ("I mean, it worked", {"i mean": 1}),
        ("What I mean is simple", {}),
        ("I mean it", {}),
        # sound variants and case
        ("Umm, ummm, UM, uh, uhh", {"um": 3, "uh": 2}),
        ("Hmm... erm, er, ah", {"hmm": 1, "erm": 1, "er": 1, "ah": 1}),
        ("Actually I literally basically did it", {"actually": 1, "literally": 1, "basically": 1}),
        ("", {}),
        # hedges are not fillers
        ("I think it is sort of fine", {}),
        # word boundaries
        ("The umbrella and the hummus were actual art", {}),
    ],
)
def test_filler_counts_english(text, expected):
    assert filler_counts(text) == expected


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("Eh, este, o sea, no sé", "es", {"eh": 1, "este": 1, "o sea": 1}),
        ("Este libro es bueno", "es", {}),
        ("Euh, bah, du coup je pars", "fr", {"euh": 1, "bah": 1, "du coup": 1}),
        ("Ähm, das ist halt so, ähmm", "de", {"ähm": 2, "halt": 1}),
        # German "um" / "er" are real words, not fillers
        ("Er kommt um acht", "de", {}),
        # region tags and unknown languages
        ("um, like, yes", "en-US", {"um": 1, "like": 1}),
        ("um, yes", "xx", {"um": 1}),
    ],
)
def test_filler_counts_other_languages(text, lang, expected):
    assert filler_counts(text, lang) == expected


def test_fillers_data_has_required_languages():
    assert {"en", "es", "fr", "de"} <= set(FILLERS)
    for word in ("eh", "este", "o sea"):
        assert word in FILLERS["es"]
    for word in ("euh", "bah"):
        assert word in FILLERS["fr"]
    for word in ("ähm", "halt"):
        assert word in FILLERS["de"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("um, I, like, basically think so", 3),
        ("I like Python", 0),
        ("uh uh uh", 3),
    ],
)
def test_filler_total(text, expected):
    assert sum(filler_counts(text).values()) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", 0),
        ("   ", 0),
        ("Hello world", 2),
        ("I don't think it's well-known.", 5),
        ("In 2021 we shipped v2 - fast!", 6),
        ("我喜欢编程", 5),
        ("私はPythonが好き", 6),
        ("저는 학생입니다", 2),
    ],
)
def test_word_count(text, expected):
    assert word_count(text) == expected


@pytest.mark.parametrize(
    "text, seconds, expected",
    [
        ("one two three four five six seven eight nine ten", 5, 120.0),
        ("one two three", 60, 3.0),
        ("one two three", 7, 25.7),
        ("one two three", 0, 0.0),
        ("one two three", -3, 0.0),
        ("", 10, 0.0),
    ],
)
def test_words_per_minute(text, seconds, expected):
    assert words_per_minute(text, seconds) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I guess maybe it was sort of fine", {"i guess": 1, "maybe": 1, "sort of": 1}),
        ("I think I'm not sure, probably", {"i think": 1, "i'm not sure": 1, "probably": 1}),
        ("I am not sure. Perhaps. I suppose", {"i'm not sure": 1, "perhaps": 1, "i suppose": 1}),
        ("It was kind of slow", {"kind of": 1}),
        ("What kind of database do you use?", {}),
        ("Which sort of cache, a kind of LRU? That kind of thing", {}),
        ("I built the API and it shipped", {}),
        ("Maybe, maybe not", {"maybe": 2}),
    ],
)
def test_hedge_counts(text, expected):
    assert hedge_counts(text) == expected


def test_hedges_data():
    for hedge in ("i guess", "maybe", "sort of", "kind of", "i think", "probably",
                  "i'm not sure", "perhaps", "i suppose"):
        assert hedge in HEDGES


STAR_ANSWER = (
    "At my last job we had a flaky deployment pipeline. I was responsible for release "
    "quality, so I decided to add canary deploys and I talked to the SRE team. "
    "As a result we reduced failed releases by 40%."
)


@pytest.mark.parametrize(
    "text, expected",
    [
        (STAR_ANSWER, {"situation": True, "task": True, "action": True, "result": True}),
        ("I'm a hard worker and a team player who always gives their best.",
         {"situation": False, "task": False, "action": False, "result": False}),
        ("Back in 2021 I built a dashboard.",
         {"situation": True, "task": False, "action": True, "result": False}),
        ("My job was to cut latency; in the end it saved 30 ms.",
         {"situation": False, "task": True, "action": False, "result": True}),
        ("Sales went up 15% that quarter",
         {"situation": False, "task": False, "action": False, "result": True}),
    ],
)
def test_star_markers(text, expected):
    assert star_markers(text) == expected


@pytest.mark.parametrize(
    "segments, min_gap, expected",
    [
        ([], 1.0, 0),
        ([(0.0, 2.0)], 1.0, 0),
        ([(0.0, 1.0), (2.0, 3.0), (3.5, 4.0), (6.0, 7.0)], 1.0, 2),  # 1.0 counts, 0.5 no, 2.0 yes
        ([(6.0, 7.0), (0.0, 1.0), (2.0, 3.0)], 1.0, 2),  # unsorted input
        ([(0.0, 5.0), (1.0, 2.0), (5.5, 6.0)], 1.0, 0),  # overlap merged, gap 0.5
        ([(0.1, 0.4), (1.4, 2.0)], 1.0, 1),  # 1.4 - 0.4 < 1.0 in floats; still counts
        ([(0.0, 1.0), (1.6, 2.0)], 0.5, 1),
    ],
)
def test_long_pauses(segments, min_gap, expected):
    assert long_pauses(segments, min_gap) == expected


@pytest.mark.parametrize("bad", [0, -1.0])
def test_long_pauses_rejects_bad_gap(bad):
    with pytest.raises(ValueError):
        long_pauses([(0, 1)], bad)


def test_long_pauses_rejects_backwards_segment():
    with pytest.raises(ValueError):
        long_pauses([(2.0, 1.0)])


def test_speech_metrics_bundle():
    text = "Um, I think we reduced costs, like, a lot"
    result = speech_metrics(text, seconds=6)
    assert result == {
        "words": 9,
        "wpm": 90.0,
        "fillers": {"um": 1, "like": 1},
        "filler_total": 2,
        "hedges": {"i think": 1},
        "star": {"situation": False, "task": False, "action": False, "result": True},
    }


@pytest.mark.parametrize("seconds", [None, 0])
def test_speech_metrics_unknown_duration(seconds):
    assert speech_metrics("hello there", seconds=seconds)["wpm"] is None


def test_speech_metrics_language():
    result = speech_metrics("Euh, je pense que oui", lang="fr")
    assert result["fillers"] == {"euh": 1}
    assert result["filler_total"] == 1
    assert result["words"] == 5
