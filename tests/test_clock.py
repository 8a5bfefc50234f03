"""The answer clock of a timed interview: pure arithmetic on fixed server times (core.clock), and its
enforcement (services.clock): typed answers stamped cut after the limit, recordings trimmed to it."""
from __future__ import annotations

import numpy as np
import pytest

from core import clock
from core.asked import record
from core.spec import PracticeSpec, timed_label
from services import clock as answer_clock
from services.report import session_turns

T0 = 1_800_000_000.0  # when the question was saved (a turn's created_at)
TIMED = PracticeSpec(mode="interview", think_s=30, answer_s=120)


def question(at: float, text: str = "How would you cache it?", kind: str = "question") -> dict:
    return {"role": "assistant", "content": f"Okay. {text}", "meta": {"asks": record(text, kind=kind)},
            "created_at": at}


def said(text: str, at: float) -> dict:
    return {"role": "user", "content": text, "meta": {"input": "text"}, "created_at": at}


@pytest.mark.parametrize("now,name,left", [
    (T0, clock.THINKING, 30), (T0 + 29.5, clock.THINKING, 0.5), (T0 + 30, clock.ANSWERING, 120),
    (T0 + 149, clock.ANSWERING, 1), (T0 + 150, clock.OVER, 0), (T0 + 900, clock.OVER, 0)])
def test_thinking_time_then_answer_time_then_over(now, name, left):
    found = clock.phase(T0, now, 30, 120)
    assert (found.name, found.left_s, found.deadline) == (name, pytest.approx(left), T0 + 150)
    assert found.over == (name == clock.OVER)


def test_a_spoken_answer_counts_up_to_the_deadline_and_at_most_the_answer_time():
    assert clock.speech_allowed_s(T0, T0 + 40, 30, 120) == 110  # began 10 s into the answer time
    assert clock.speech_allowed_s(T0, T0 + 5, 30, 120) == 120  # began while thinking: still 2 min at most
    assert clock.speech_allowed_s(T0, T0 + 160, 30, 120) == 0  # began after the deadline


def test_the_clock_starts_at_the_open_question_and_stops_at_its_answer():
    assert clock.open_question_at([]) is None
    turns = [question(T0)]
    assert clock.open_question_at(turns) == T0
    turns += [said("repeat", T0 + 3), question(T0 + 4, kind="repeat")]  # a repeat does not restart it
    assert clock.open_question_at(turns) == T0
    turns += [said("wait", T0 + 5), {"role": "assistant", "content": "Take your time.", "meta": {"asks": None},
                                     "created_at": T0 + 6}]  # nor does "take your time"
    assert clock.open_question_at(turns) == T0
    turns += [said("I would cache the hot keys in Redis.", T0 + 60)]
    assert clock.open_question_at(turns) is None  # answered: no question is waiting
    turns += [question(T0 + 70, "What about invalidation?")]
    assert clock.open_question_at(turns) == T0 + 70


def test_countdown_text():
    assert [clock.mmss(s) for s in (0, 0.2, 59.1, 60, 125.2)] == ["0:00", "0:01", "1:00", "1:00", "2:06"]


def test_timed_answers_are_spec_fields_of_an_interview():
    assert not PracticeSpec(mode="interview").timed  # off by default, and for sessions saved before
    assert TIMED.timed and PracticeSpec.from_dict(TIMED.to_dict()) == TIMED
    assert not PracticeSpec(mode="chat", answer_s=60).timed
    assert TIMED.title().endswith("timed 30 s + 2 min")
    assert timed_label((30, 120)) == "30 s to think + 2 min to answer" and timed_label((0, 0)) == "Off"
    with pytest.raises(ValueError):
        PracticeSpec(mode="interview", answer_s=-1)


def test_a_typed_answer_after_the_limit_is_kept_and_marked_cut():
    turns = [question(T0)]
    on_time = answer_clock.stamp(TIMED, turns, {"input": "text"}, at=T0 + 149)
    assert on_time == {"input": "text"}
    late = answer_clock.stamp(TIMED, turns, {"input": "text"}, at=T0 + 151)
    assert late["cut"] is True and late["limit_s"] == 120 and late["cut_reason"] == answer_clock.SENT_LATE
    # A reviewed recording keeps its own verdict; edited after the limit, the edit came late.
    assert answer_clock.stamp(TIMED, turns, {"input": "voice", "edited": False}, at=T0 + 200) == \
        {"input": "voice", "edited": False}
    assert answer_clock.stamp(TIMED, turns, {"input": "voice", "edited": True}, at=T0 + 200)["cut"]
    untimed = PracticeSpec(mode="interview")
    assert answer_clock.stamp(untimed, turns, {"input": "text"}, at=T0 + 9999) == {"input": "text"}


def test_a_recording_longer_than_the_answer_time_left_is_trimmed_to_it():
    turns = [question(T0)]
    rate = 16000
    samples = np.ones(rate * 10, dtype=np.float32)  # 10 s, arriving 4 s after the deadline: began 6 s before it
    kept, cut = answer_clock.trim_recording(TIMED, turns, samples, rate, at=T0 + 154)
    assert len(kept) == 6 * rate
    assert cut["cut"] and cut["cut_reason"] == answer_clock.RECORDING_TRIMMED
    assert (cut["recorded_s"], cut["kept_s"], cut["limit_s"]) == (10, 6, 120)
    fits, none = answer_clock.trim_recording(TIMED, turns, samples, rate, at=T0 + 100)
    assert fits is samples and none is None  # in time: untouched
    long = np.ones(rate * 130, dtype=np.float32)  # 2:10 from the question: only 2 min of it counts
    kept, cut = answer_clock.trim_recording(TIMED, turns, long, rate, at=T0 + 131)
    assert len(kept) == 120 * rate and cut["kept_s"] == 120
    with pytest.raises(Exception) as refused:  # begun after the deadline: nothing counts
        answer_clock.trim_recording(TIMED, turns, samples, rate, at=T0 + 170)
    assert refused.value.code == "after_limit"


def test_nothing_sent_in_time_is_a_skip_marked_cut():
    text, meta = answer_clock.timed_out(TIMED)
    assert text == clock.TIMED_OUT_TEXT and meta["cut"] and meta["timed_out"]
    assert answer_clock.seconds_left(TIMED, [question(T0)], at=T0 + 100) == 50
    assert answer_clock.seconds_left(PracticeSpec(mode="interview"), [question(T0)], at=T0) is None


@pytest.mark.slow  # the offline report judges the answer with the embedding model
def test_the_report_turn_carries_the_cut_and_the_report_says_so():
    from core.feedback import offline_report

    cut = answer_clock.cut_meta(TIMED, answer_clock.SENT_LATE)
    turns = [question(T0, "What is a hash table?"),
             {"role": "user", "content": "A hash table maps keys to buckets with a hash function, so",
              "meta": {"input": "text", **cut}, "created_at": T0 + 160}]
    [item] = session_turns(turns, "interview")
    assert item["cut"] == {"limit_s": 120, "reason": answer_clock.SENT_LATE}
    report = offline_report([item], "interview")
    assert "cut at the 2 min limit" in report["answers"][0]["cut"].lower()
    assert any("was cut at the 2 min limit" in i["point"] for i in report["improvements"])
