"""ChunkedSpeaker: speaks the first sentence while the rest is still being written, in order."""
from __future__ import annotations

import threading
import time

from core.errors import StageError
from core.chunker import SentenceChunker, split_sentences
from services.speaker import MAX_UNIT_CHARS, ChunkedSpeaker, clauses


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
    assert [c.seq for c in first + rest] == [0, 1, 2, 3]  # one sentence a chunk
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


def late_seconds(texts: list[str], rtf: float, pause: float, per_char: float = 0.07) -> list[float]:
    """Silence beyond the player's pause before each chunk after the first, on a virtual clock.

    The speaker's one worker synthesizes chunk after chunk without waiting for playback, so with
    the whole text written, chunk k is ready after the synthesis of chunks 0..k: `rtf` seconds of
    work per second of speech, and speech lasts `per_char` seconds a character (Piper: ~0.07)."""
    ready, end, late = 0.0, None, []
    for text in texts:
        seconds = len(text) * per_char
        ready += rtf * seconds
        if end is None:
            start = ready
        else:
            start = max(ready, end + pause)
            late.append(start - (end + pause))
        end = start + seconds
    return late


def test_synthesis_runs_ahead_of_playback():
    """Issue 11: the next chunk is ready before the current one has finished playing.

    At 0.25 s of synthesis per second of speech (Piper measured 0.07 unloaded; under load it is
    several times that), a 2–3 sentence chunk after a one-sentence first chunk is late; one
    sentence a chunk, with the player's sentence pause between chunks, never is."""
    from ui.player import PAUSE_S

    reply = ("Thanks, that is clear. I liked that you began with the customer's problem and named the metric "
             "first. How did you roll it out safely? Who decided when to switch the old path off? "
             "Walk me through the checks you ran and the alerts you set.")

    def chunks(chunker) -> list[str]:
        speaker = ChunkedSpeaker(lambda text: text.encode(), chunker)
        speaker.feed(reply)
        return [c.text for c in speaker.drain()]

    ahead = chunks(None)
    assert ahead == split_sentences(reply)  # one sentence a chunk (none here is long enough to cut)
    assert max(late_seconds(ahead, rtf=0.25, pause=PAUSE_S)) == 0
    grouped = chunks(SentenceChunker())  # the chunking the practice pages used before
    assert max(late_seconds(grouped, rtf=0.25, pause=0.0)) > 0.3


def test_a_long_sentence_is_spoken_in_clauses_and_nothing_is_lost():
    long = ("Walk me through the checks you ran, the alerts you set up, and what you would do differently "
            "if you had to do it again next quarter. ")
    pieces = clauses(long)
    assert pieces == ["Walk me through the checks you ran, the alerts you set up, ",
                      "and what you would do differently if you had to do it again next quarter. "]
    assert clauses("Short, and sweet. ") == ["Short, and sweet. "]
    no_commas = "word " * 40
    assert clauses(no_commas) == [no_commas]  # nowhere to cut: whole
    cjk = "我们先看看你的项目，" * 12 + "然后再谈谈结果。"
    assert "".join(clauses(cjk)) == cjk and len(clauses(cjk)) > 1
    tail = "A" * 85 + ", ok. "
    assert clauses(tail) == [tail]  # a last piece too short to stand alone stays with the one before

    speaker = ChunkedSpeaker(lambda text: text.encode())
    speaker.feed("Thanks. " + long + "Take your time.")
    units = [c.text for c in speaker.drain()]
    assert units == ["Thanks. ", *pieces, "Take your time."]
    assert all(len(u) <= MAX_UNIT_CHARS for u in units)
