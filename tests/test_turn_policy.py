"""Pure end-of-turn policy and barge-in filter (no audio, no model)."""

import pytest

from core.turn import ASK_MODEL, END_OF_TURN, EndpointPolicy, is_real_interruption


def _run(policy, frames):
    return [e for e in (policy.push(s) for s in frames) if e]


def test_asks_model_after_short_pause_and_ends_when_complete():
    p = EndpointPolicy(ask_after_ms=240, frame_ms=20)
    events = [p.push(s) for s in [True] * 10 + [False] * 12]
    assert events[-1] == ASK_MODEL and events.count(ASK_MODEL) == 1
    assert p.score(0.9) == END_OF_TURN
    assert p.push(False) is None  # already ended


def test_incomplete_waits_until_cap_then_ends():
    p = EndpointPolicy(ask_after_ms=200, min_wait_ms=800, cap_ms=3000, frame_ms=20)
    _run(p, [True] * 5 + [False] * 10)
    assert p.score(0.1) is None
    events = _run(p, [False] * 139)
    assert events == []  # 2980 ms of silence: still listening
    assert p.push(False) == END_OF_TURN


def test_user_going_on_makes_verdict_stale_and_learns_pause():
    p = EndpointPolicy(ask_after_ms=200, min_wait_ms=400, cap_ms=3000, frame_ms=20)
    _run(p, [True] * 5 + [False] * 30 + [True] * 5)  # 600 ms mid-turn pause
    assert p.score(0.99) is None  # question was about a pause that is over
    assert p.wait_ms == 900
    p.reset()
    _run(p, [True] * 5 + [False] * 10)
    p.score(0.2)
    assert _run(p, [False] * 34) == []
    assert _run(p, [False]) == [END_OF_TURN]  # 900 ms total


def test_silence_before_speech_never_asks():
    p = EndpointPolicy()
    assert _run(p, [False] * 500) == []


def test_rejects_bad_config():
    with pytest.raises(ValueError):
        EndpointPolicy(ask_after_ms=900, min_wait_ms=800)


@pytest.mark.parametrize("ms,words,real", [
    (200, "stop please", False),   # too short
    (800, None, True),             # lasting, not transcribed yet
    (800, "", False),              # cough: no words
    (800, "Mm-hmm.", False),
    (800, "yeah right", False),
    (800, "wait, I meant Python", True),
])
def test_barge_in_filter(ms, words, real):
    assert is_real_interruption(ms, words) is real


@pytest.mark.parametrize("text,language,unfinished", [
    ("The thing I enjoy most about.", "en", True),
    ("Last year I worked on the.", "en", True),
    ("I think that I.", "en", True),
    ("Well, and then,", "en", True),
    ("So...", "en", True),
    ("I went hiking with my brother.", "en", False),
    ("If I had more time.", "en", True),  # a subordinate clause, its main clause still to come
    ("Before I joined this company.", "en", True),
    ("Once we had the data.", "en", True),
    ("After lunch I went home.", "en", False),  # "after" as a preposition: a whole sentence
    ("After university, I moved abroad.", "en", False),
    ("I think so.", "en", False),
    ("Not really.", "en", False),
    ("", "en", False),
    ("Fui al mercado con mi.", "es", True),
    ("Fui al mercado con mi hermano.", "es", False),
    ("Ich habe das Buch mit dem.", "de", True),
    ("我觉得，", "zh", True),
    ("我觉得很好。", "zh", False),
])
def test_a_transcript_that_stops_mid_sentence(text, language, unfinished):
    from core.turn import unfinished_text

    assert unfinished_text(text, language) is unfinished


def test_after_a_cut_complete_verdicts_wait_like_unfinished_ones_for_a_few_turns():
    p = EndpointPolicy(ask_after_ms=200, min_wait_ms=1000, cap_ms=3000, frame_ms=20)
    _run(p, [True] * 5 + [False] * 10)
    assert p.score(0.95) == END_OF_TURN  # trusted: ends at once
    p.false_end(900)  # …but the user went on after 900 ms: it was a cut
    for _ in range(EndpointPolicy.DISTRUST_TURNS):
        p.reset()
        _run(p, [True] * 5 + [False] * 10)
        assert p.score(0.95) is None  # not trusted now: wait max(1000, 1.5 × 900) = 1350 ms
        assert _run(p, [False] * 57) == []  # 1340 ms
        assert _run(p, [False]) == [END_OF_TURN]
    p.reset()
    _run(p, [True] * 5 + [False] * 10)
    assert p.score(0.95) == END_OF_TURN  # trusted again


def test_an_unfinished_verdict_gets_further_looks_which_must_be_surer():
    p = EndpointPolicy(ask_after_ms=240, min_wait_ms=1000, cap_ms=3000, frame_ms=20, second_look_ms=500)
    assert _run(p, [True] * 10 + [False] * 12) == [ASK_MODEL]  # 240 ms
    assert p.score(0.3) is None and not p.second_look
    assert _run(p, [False] * 12) == []  # 480 ms
    assert _run(p, [False]) == [ASK_MODEL] and p.second_look and p.looks == 2  # 500 ms: look again
    assert _run(p, [False] * 20) == []  # 900 ms: the second look's answer is not in, so nothing more is asked
    assert p.score(0.55) is None  # 0.5 would have done the first time; a further look needs 0.6
    assert _run(p, [False]) == [ASK_MODEL] and p.looks == 3  # answered, and past 750 ms: a third look
    assert p.score(0.59) is None
    assert _run(p, [False] * 3) == []  # 980 ms; 1,000 ms is the fourth look's time
    assert _run(p, [False]) == [ASK_MODEL] and p.looks == 4
    assert p.score(0.62) == END_OF_TURN  # a sure verdict as the pause grows ends the turn (not the cap)
    p.reset()
    _run(p, [True] * 10 + [False] * 12)
    p.score(0.3)
    assert _run(p, [False] * 13) == [ASK_MODEL]
    assert p.score(0.62) == END_OF_TURN  # a browser's second look on a finished sentence (0.7 missed it)
    p.reset()
    _run(p, [True] * 10 + [False] * 25)
    p.score(0.3)
    assert _run(p, [False]) == [ASK_MODEL]
    assert p.score(0.85) == END_OF_TURN


def test_no_second_look_when_off_before_the_first_verdict_or_after_a_cut():
    off = EndpointPolicy(ask_after_ms=240, frame_ms=20)  # second_look_ms=None
    _run(off, [True] * 10 + [False] * 12)
    off.score(0.3)
    assert _run(off, [False] * 100) == []
    late = EndpointPolicy(ask_after_ms=240, frame_ms=20, second_look_ms=500)
    assert _run(late, [True] * 10 + [False] * 40) == [ASK_MODEL]  # the first verdict is not in: nothing more to ask
    cut = EndpointPolicy(ask_after_ms=240, min_wait_ms=1000, frame_ms=20, second_look_ms=500)
    cut.false_end(900)
    _run(cut, [True] * 10 + [False] * 12)
    cut.score(0.3)
    assert _run(cut, [False] * 30) == []  # after a cut the learned wait applies, with no shortcut
    with pytest.raises(ValueError):
        EndpointPolicy(ask_after_ms=240, second_look_ms=240)


def test_speech_after_a_second_look_starts_a_fresh_pause():
    p = EndpointPolicy(ask_after_ms=240, frame_ms=20, second_look_ms=500)
    _run(p, [True] * 10 + [False] * 12)
    p.score(0.3)
    _run(p, [False] * 13)
    assert p.second_look
    assert _run(p, [True] * 3 + [False] * 12) == [ASK_MODEL] and not p.second_look
    assert p.score(0.6) == END_OF_TURN  # a first look again: the usual threshold
