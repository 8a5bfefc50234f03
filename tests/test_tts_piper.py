"""Piper, the offline English voice (services/tts/piper.py): real synthesis with the joe-us model."""
from __future__ import annotations

import threading
import time

import pytest
from piper import SynthesisConfig

from services.tts import piper
from tests.tts_helpers import read_wav

FIXED = SynthesisConfig(noise_scale=0, noise_w_scale=0)  # no sampling noise: identical output each time
SENTENCE = "Tell me about a project you are proud of and the part you played in it."


def test_one_english_sentence_is_speech_of_a_plausible_length():
    info = read_wav(piper.synthesize(SENTENCE, syn_config=FIXED))
    words = len(SENTENCE.split())
    assert info.rate == 22050 and info.channels == 1
    assert 0.4 * words / 2.5 < info.seconds < 2.0 * words / 2.5  # people speak ~2.5 words a second; joe is brisk
    assert info.rms > 1000  # normalized speech, not silence or hiss


def test_fixed_synthesis_config_is_deterministic():
    assert piper.synthesize(SENTENCE, syn_config=FIXED) == piper.synthesize(SENTENCE, syn_config=FIXED)


def test_stream_pcm_yields_one_chunk_per_sentence_and_cleans_markdown():
    text = "**First** sentence here. Second one? Third one!"
    chunks = list(piper.stream_pcm(text, syn_config=FIXED))
    assert len(chunks) == 3
    assert all(rate == 22050 and len(pcm) > 22050 * 2 * 0.3 for pcm, rate in chunks)  # each > 0.3 s
    assert chunks == list(piper.stream_pcm("First sentence here. Second one? Third one!", syn_config=FIXED))


def test_sentences_in_a_wav_are_separated_by_a_pause():
    text = "First sentence here. Second one."
    pcm = b"".join(chunk for chunk, _ in piper.stream_pcm(text, syn_config=FIXED))
    wav = read_wav(piper.synthesize(text, syn_config=FIXED))
    assert wav.samples.size * 2 == len(pcm) + int(22050 * piper.SENTENCE_PAUSE_S) * 2


def test_nothing_to_say_streams_nothing():
    assert list(piper.stream_pcm("🎉 🎉 [INTERRUPTED]")) == []


def test_concurrent_synthesis_matches_serial():
    texts = ["The cache sits in front of the database.", "Latency dropped by half after the change."]
    serial = [piper.synthesize(t, syn_config=FIXED) for t in texts]
    results: dict[int, bytes] = {}
    threads = [threading.Thread(target=lambda i=i: results.__setitem__(i, piper.synthesize(texts[i], syn_config=FIXED)))
               for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [results[0], results[1]] == serial


def test_the_model_loads_once_even_when_threads_race(monkeypatch):
    import piper as piper_pkg

    calls = []

    def slow_load(*args, **kwargs):
        calls.append(args)
        time.sleep(0.05)
        return object()

    monkeypatch.setattr(piper, "_voice", None)
    monkeypatch.setattr(piper_pkg.PiperVoice, "load", staticmethod(slow_load))
    got = []
    threads = [threading.Thread(target=lambda: got.append(piper.load_piper())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and len(set(map(id, got))) == 1
    assert piper._voice is got[0]


@pytest.fixture(autouse=True, scope="module")
def _loaded_once():
    """Load the real model once for this file, and keep it for the rest of the run."""
    yield piper.load_piper()


def test_a_short_line_is_synthesized_once_and_kept_and_a_long_one_is_not(monkeypatch):
    """Replies open with stock lines ("Interesting."): once made, they go out at once (no model call)."""
    made = []
    real = piper._pcm_chunks

    def counting(text, syn_config):
        made.append(text)
        yield from real(text, syn_config)

    monkeypatch.setattr(piper, "_pcm_chunks", counting)
    monkeypatch.setattr(piper, "_kept", type(piper._kept)())
    first = list(piper.stream_pcm("**Interesting.** "))
    again = list(piper.stream_pcm("Interesting."))  # the same words once cleaned
    assert made == ["Interesting."] and again == first and len(first) == 1
    assert first[0][1] == 22050 and len(first[0][0]) > 22050 * 2 * 0.3  # real speech, not a placeholder
    long = "That is a much longer sentence than any stock line a reply opens with."
    assert len(long) > piper.KEEP_CHARS
    list(piper.stream_pcm(long)), list(piper.stream_pcm(long))
    assert made.count(long) == 2
    list(piper.stream_pcm("Right,", syn_config=FIXED))  # a pinned configuration is never served from the store
    list(piper.stream_pcm("Right,", syn_config=FIXED))
    assert made.count("Right,") == 2


def test_kept_lines_are_bounded_and_the_least_recent_goes_first(monkeypatch):
    monkeypatch.setattr(piper, "_pcm_chunks", lambda text, cfg: iter([(text.encode(), 22050)]))
    monkeypatch.setattr(piper, "_kept", type(piper._kept)())
    monkeypatch.setattr(piper, "KEEP_MAX", 2)
    for text in ("One.", "Two.", "One.", "Three.", "A line far too long to be kept by the voice at all, surely."):
        list(piper.stream_pcm(text))  # "One." used again: the most recent, so "Two." goes first
    assert list(piper._kept) == ["One.", "Three."]
