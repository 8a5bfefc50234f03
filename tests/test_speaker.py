"""ChunkedSpeaker: speaks the first sentence while the rest is still being written, in order."""
from __future__ import annotations

import threading
import time

from core.errors import StageError
from services.speaker import ChunkedSpeaker


def test_first_chunk_is_ready_before_the_text_is_finished():
    made = threading.Event()

    def synthesize(text: str) -> bytes:
        made.set()
        return text.encode()

    speaker = ChunkedSpeaker(synthesize)
    for delta in ["Hello there", ". How are", " you today? "]:
        speaker.feed(delta)
    assert made.wait(5)  # the first sentence went to TTS while the reply was still open
    first = []
    deadline = time.monotonic() + 5
    while not first and time.monotonic() < deadline:
        first = speaker.ready()
    assert [c.text for c in first] == ["Hello there. "]
    speaker.feed("I am fine. Thanks for asking.")
    rest = list(speaker.drain())
    assert [c.seq for c in first + rest] == [0, 1]
    assert "".join(c.audio.decode() for c in first + rest) == "Hello there. How are you today? I am fine. Thanks for asking."


def test_order_is_kept_even_when_synthesis_takes_different_times():
    def synthesize(text: str) -> bytes:
        time.sleep(0.05 if len(text) > 20 else 0)
        return text.encode()

    speaker = ChunkedSpeaker(synthesize)
    speaker.feed("One. Two is a longer sentence than one. Three. Four is also rather long indeed. Five.")
    chunks = list(speaker.drain())
    assert [c.seq for c in chunks] == list(range(len(chunks)))


def test_stop_synthesizes_nothing_more():
    started, release, calls = threading.Event(), threading.Event(), []

    def synthesize(text: str) -> bytes:
        calls.append(text)
        started.set()
        release.wait(5)
        return b"x"

    speaker = ChunkedSpeaker(synthesize)
    speaker.feed("First sentence. Second sentence here. Third one now. Fourth one too. ")
    assert started.wait(5)
    speaker.stop()
    release.set()
    list(speaker.drain())
    assert calls == ["First sentence. "]


def test_a_failed_chunk_carries_its_error_and_the_rest_still_play():
    def synthesize(text: str) -> bytes:
        if text.startswith("Bad"):
            raise StageError("tts", "all_failed", "no voice")
        return b"ok"

    speaker = ChunkedSpeaker(synthesize)
    speaker.feed("Bad start. Then a good one follows here. And another good one.")
    chunks = list(speaker.drain())
    assert chunks[0].error is not None and chunks[0].audio == b""
    assert all(c.audio == b"ok" for c in chunks[1:]) and len(chunks) >= 2
