"""Tests for core.turn.TurnDetector: frame-exact turn-taking events."""

import pytest

from core.turn import BARGE_IN, END_OF_TURN, SPEECH_START, TurnDetector


def feed(det, pattern, bot=False):
    """Push frames; pattern is a list of (is_speech, n_frames). Returns events with frame index."""
    events = []
    i = 0
    for is_speech, n in pattern:
        for _ in range(n):
            ev = det.push(is_speech, bot_speaking=bot)
            if ev is not None:
                events.append((i, ev))
            i += 1
    return events


def test_speech_start_after_min_speech():
    det = TurnDetector()  # 20 ms frames, min speech 200 ms = 10 frames
    events = feed(det, [(True, 30)])
    assert events == [(9, SPEECH_START)]
    assert det.in_speech
    assert det.speech_ms == 600


def test_end_of_turn_after_exactly_1500_ms_once():
    det = TurnDetector()
    feed(det, [(True, 20)])
    results = [det.push(False) for _ in range(200)]
    assert results[73] is None  # 74 frames = 1480 ms: not yet
    assert results[74] == END_OF_TURN  # 75th silent frame = 1500 ms
    assert results.count(END_OF_TURN) == 1
    assert all(r is None for i, r in enumerate(results) if i != 74)
    assert not det.in_speech


def test_silence_ms_tracks_frames():
    det = TurnDetector()
    feed(det, [(True, 20), (False, 74)])
    assert det.silence_ms == 1480
    assert det.in_speech
    assert det.push(False) == END_OF_TURN
    assert det.silence_ms == 1500


@pytest.mark.parametrize("pause_frames", [1, 2, 25, 74])
def test_pause_shorter_than_end_silence_stays_in_turn(pause_frames):
    det = TurnDetector()
    events = feed(det, [(True, 20), (False, pause_frames), (True, 20), (False, 75)])
    assert [e for _, e in events] == [SPEECH_START, END_OF_TURN]
    # end_of_turn counts silence from the last speech frame
    assert events[-1][0] == 20 + pause_frames + 20 + 74


@pytest.mark.parametrize(
    "pattern",
    [
        [(True, 3), (False, 100)],                    # 60 ms click
        [(True, 3), (False, 2), (True, 3), (False, 100)],  # clicks separated by 40 ms
        [(True, 9), (False, 2), (True, 9), (False, 100)],  # 180 ms + 180 ms, gap resets
    ],
)
def test_blips_are_not_speech(pattern):
    det = TurnDetector()
    assert feed(det, pattern) == []
    assert not det.in_speech


def test_single_dropped_frame_does_not_reset_speech_onset():
    det = TurnDetector()
    events = feed(det, [(True, 5), (False, 1), (True, 5)])
    assert events == [(10, SPEECH_START)]


def test_barge_in_after_300_ms_while_bot_speaks():
    det = TurnDetector()
    events = feed(det, [(True, 40)], bot=True)
    assert events == [(14, BARGE_IN)]  # 15 frames * 20 ms = 300 ms
    assert det.in_speech


def test_barge_in_then_end_of_turn():
    det = TurnDetector()
    events = feed(det, [(True, 20)], bot=True)
    events += [(20 + i, e) for i, e in feed(det, [(False, 100)], bot=False)]
    assert events == [(14, BARGE_IN), (20 + 74, END_OF_TURN)]


def test_barge_in_turn_ends_even_if_bot_flag_lags():
    det = TurnDetector()
    events = feed(det, [(True, 20), (False, 80)], bot=True)
    assert [e for _, e in events] == [BARGE_IN, END_OF_TURN]


def test_barge_in_tolerates_one_dropped_frame():
    det = TurnDetector()
    events = feed(det, [(True, 8), (False, 1), (True, 7)], bot=True)
    assert events == [(15, BARGE_IN)]


@pytest.mark.parametrize(
    "pattern",
    [
        [(True, 5), (False, 200)],                     # 100 ms cough
        [(True, 5), (False, 2), (True, 5), (False, 50)],  # two coughs
        [(True, 14), (False, 100)],                    # 280 ms, just under
        [(True, 5), (False, 1), (True, 5), (False, 50)],  # 200 ms with one gap
    ],
)
def test_short_noise_while_bot_speaks_is_ignored(pattern):
    det = TurnDetector()
    assert feed(det, pattern, bot=True) == []
    assert not det.in_speech


def test_echo_protection_no_turn_events_while_bot_speaks():
    det = TurnDetector()
    # Lots of short speech bursts (echo) under the barge-in threshold.
    assert feed(det, [(True, 10), (False, 3)] * 20 + [(False, 100)], bot=True) == []


def test_speech_during_bot_does_not_count_toward_speech_start():
    det = TurnDetector()
    feed(det, [(True, 10)], bot=True)  # 200 ms, below barge-in
    events = feed(det, [(True, 10)], bot=False)
    assert events == [(9, SPEECH_START)]  # needs a fresh 200 ms


def test_bot_starting_to_speak_discards_partial_onset():
    det = TurnDetector()
    assert feed(det, [(True, 6)]) == []
    assert feed(det, [(False, 1)], bot=True) == []
    # the 120 ms heard before the bot spoke no longer counts
    assert feed(det, [(True, 6)]) == []
    assert det.push(True) is None
    assert feed(det, [(True, 5)]) == [(2, SPEECH_START)]


def test_reset_returns_to_idle():
    det = TurnDetector()
    feed(det, [(True, 20), (False, 10)])
    det.reset()
    assert not det.in_speech
    assert det.speech_ms == 0 and det.silence_ms == 0
    assert feed(det, [(False, 200)]) == []


@pytest.mark.parametrize(
    "frame_ms, min_frames, end_frames, barge_frames",
    [(10, 20, 150, 30), (20, 10, 75, 15), (30, 7, 50, 10)],
)
def test_frame_arithmetic_uses_frame_ms(frame_ms, min_frames, end_frames, barge_frames):
    det = TurnDetector(frame_ms=frame_ms)
    events = feed(det, [(True, min_frames + 5), (False, end_frames + 10)])
    assert events == [
        (min_frames - 1, SPEECH_START),
        (min_frames + 5 + end_frames - 1, END_OF_TURN),
    ]
    bot = TurnDetector(frame_ms=frame_ms)
    assert feed(bot, [(True, barge_frames + 5)], bot=True) == [(barge_frames - 1, BARGE_IN)]


def test_ten_ms_frames_end_of_turn():
    det = TurnDetector(frame_ms=10)
    feed(det, [(True, 30)])
    results = [det.push(False) for _ in range(300)]
    assert results.index(END_OF_TURN) == 149
    assert results.count(END_OF_TURN) == 1


@pytest.mark.parametrize("value, frames", [(500, 25), (3000, 150), (800, 40)])
def test_end_silence_ms_setter(value, frames):
    det = TurnDetector()
    det.end_silence_ms = value
    assert det.end_silence_ms == value
    feed(det, [(True, 20)])
    results = [det.push(False) for _ in range(200)]
    assert results.index(END_OF_TURN) == frames - 1


@pytest.mark.parametrize("bad", [0, 499, 3001, -100, True])
def test_end_silence_ms_setter_validation(bad):
    det = TurnDetector()
    with pytest.raises(ValueError):
        det.end_silence_ms = bad
    assert det.end_silence_ms == 1500


@pytest.mark.parametrize(
    "kwargs",
    [
        {"end_silence_ms": 100},
        {"end_silence_ms": 5000},
        {"frame_ms": 0},
        {"barge_in_ms": 0},
        {"min_speech_ms": -1},
    ],
)
def test_constructor_validation(kwargs):
    with pytest.raises(ValueError):
        TurnDetector(**kwargs)


def test_custom_thresholds():
    det = TurnDetector(end_silence_ms=600, barge_in_ms=100, min_speech_ms=60)
    assert feed(det, [(True, 3), (False, 30)]) == [(2, SPEECH_START), (3 + 29, END_OF_TURN)]
    assert feed(det, [(True, 5)], bot=True) == [(4, BARGE_IN)]


def test_without_auto_end_the_caller_ends_the_turn():
    det = TurnDetector(end_silence_ms=500, frame_ms=20, min_speech_ms=100, auto_end=False)
    events = [det.push(True) for _ in range(10)] + [det.push(False) for _ in range(200)]
    assert events.count(SPEECH_START) == 1 and END_OF_TURN not in events  # 4 s of silence: still in the turn
    assert det.in_speech and det.silence_ms == 4000
    det.end_turn()
    assert not det.in_speech and det.silence_ms == 4000  # the pause is still counted
    assert [e for e in (det.push(True) for _ in range(5)) if e] == [SPEECH_START]
