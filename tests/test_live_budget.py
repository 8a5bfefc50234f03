"""Live voice turns are paid from the visitor's budget: the Live page's turn worker builds its
conversations with this visitor's budget (kept in the database), and an empty budget is a clear error in
the call, not a crash of the worker."""
from __future__ import annotations

import numpy as np
import pytest

from core.errors import StageError
from tests.test_live_page import inert_webrtc, start  # noqa: F401 (fixture)

pytestmark = pytest.mark.slow


def test_the_live_worker_spends_this_visitors_budget():
    at = start("chat")
    worker = at.session_state["live:worker"]
    try:
        convo = worker._conversation()
        assert convo.limiter is at.session_state["rate_limiter"]
        spend_all(convo.limiter)  # spent: the next live reply is refused with a clear message
        with pytest.raises(StageError) as info:
            list(convo.reply())
        assert info.value.code == "too_fast"
    finally:
        worker.stop()


def test_an_empty_budget_in_a_live_turn_is_reported_to_the_call():
    from services.realtime.bridge import Utterance

    at = start("chat")
    worker, bridge = at.session_state["live:worker"], at.session_state["live:bridge"]
    worker.stop()
    spend_all(at.session_state["rate_limiter"])
    errors = []
    bridge.error = errors.append
    worker._transcribe = lambda samples, language, prompt: "Hello, I am back."
    worker._speak_for = lambda convo, tone: (lambda text: iter(()))
    job = Utterance(seq=1, samples=np.zeros(16000, dtype=np.int16), timings=bridge_timings())
    bridge.start_reply = lambda seq: True
    worker.handle(job)
    assert [e.code for e in errors] == ["too_fast"]


def spend_all(limiter) -> None:
    for _ in range(100):
        if limiter.take() > 0:
            return
    raise AssertionError("the budget never ran out")


def bridge_timings():
    from services.realtime.bridge import TurnTimings

    return TurnTimings(seq=1)
