"""services.llm.deadlines.guarded: first-token, idle and overall deadlines around any iterator."""
from __future__ import annotations

import threading

import pytest

from services.llm.deadlines import StreamTimeout, guarded


def dripping(first: list[str], released: threading.Event, blanks: bool = False):
    """Yields `first`, then nothing (or empty strings, like keep-alive deltas) until released."""
    yield from first
    while not released.wait(0.02):
        if blanks:
            yield ""


def run(source, released, **limits):
    got = []
    with pytest.raises(StreamTimeout) as info:
        for item in guarded(source, hang_up=released.set, poll_s=0.02, **limits):
            got.append(item)
    return got, info.value


@pytest.mark.parametrize("blanks", [False, True], ids=["silent", "empty-deltas"])
def test_three_tokens_then_a_drip_ends_idle_and_hangs_up(blanks):
    released = threading.Event()
    got, timeout = run(dripping(["a", "b", "c"], released, blanks), released,
                       first_token_s=5, idle_s=0.2, total_s=30)
    assert got == ["a", "b", "c"] and timeout.kind == "idle"
    assert released.is_set()  # the connection was hung up, so the reader thread ends too


def test_nothing_at_all_ends_at_the_first_token_deadline():
    released = threading.Event()
    got, timeout = run(dripping([], released), released, first_token_s=0.2, idle_s=5, total_s=30)
    assert got == [] and timeout.kind == "first_token"


def test_a_steady_stream_still_ends_at_the_overall_deadline():
    released = threading.Event()

    def steady():
        while not released.wait(0.05):
            yield "word "

    got, timeout = run(steady(), released, first_token_s=5, idle_s=5, total_s=0.4)
    assert timeout.kind == "deadline" and got


def test_errors_from_the_source_are_raised_to_the_reader():
    def broken():
        yield "a"
        raise ValueError("boom")

    with pytest.raises(ValueError):
        list(guarded(broken(), first_token_s=5, idle_s=5, total_s=5, hang_up=lambda: None))


def test_a_stop_ends_the_stream_quietly():
    released = threading.Event()
    stop = threading.Event()
    waits = []

    def on_wait(seconds):
        waits.append(seconds)
        stop.set()

    out = list(guarded(dripping([], released), first_token_s=5, idle_s=5, total_s=5, hang_up=released.set,
                       stopped=stop.is_set, on_wait=on_wait, poll_s=0.02))
    assert out == [] and len(waits) == 1 and released.is_set()
