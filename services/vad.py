"""Where the speech is in a 16 kHz clip: webrtcvad per frame, then smoothed into segments.

Used to refuse silent recordings before any recognizer can invent words, and to time pauses.
A detector adapts to the background noise it has heard, so one is created per call (per stream).
"""
from __future__ import annotations

import numpy as np

from core.audio_format import SPEECH_RATE, VAD_FRAME_MS, WEBRTCVAD_FRAME_MS

RATE = SPEECH_RATE
MIN_SPEECH_S = 0.2  # a clip is "silent" unless some segment lasts this long
QUIET_RMS = 10 ** (-50 / 20)  # -50 dBFS: quieter than any usable microphone signal


def _pcm16(samples: np.ndarray) -> bytes:
    """float [-1, 1] (or int16) samples as 16-bit little-endian PCM, converted once."""
    samples = np.asarray(samples)
    if samples.dtype != np.int16:
        samples = (np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2")
    return samples.astype("<i2", copy=False).tobytes()


def frame_flags(samples16k: np.ndarray, aggressiveness: int = 2, frame_ms: int = VAD_FRAME_MS) -> list[bool]:
    """webrtcvad's speech / not-speech decision for each whole frame of the clip."""
    import webrtcvad

    if frame_ms not in WEBRTCVAD_FRAME_MS:
        raise ValueError("webrtcvad frames must be 10, 20 or 30 ms")
    vad = webrtcvad.Vad(aggressiveness)
    step = RATE * frame_ms // 1000 * 2  # bytes per frame
    pcm = memoryview(_pcm16(samples16k))  # slicing a memoryview copies nothing
    return [vad.is_speech(pcm[i:i + step], RATE) for i in range(0, len(pcm) - step + 1, step)]


def speech_segments(samples16k: np.ndarray, aggressiveness: int = 2, frame_ms: int = VAD_FRAME_MS, *,
                    hangover_ms: int = 300, min_speech_ms: int = 150) -> list[tuple[float, float]]:
    """(start_s, end_s) of speech, in order.

    Gaps shorter than `hangover_ms` (between words, a stop consonant) are bridged; runs shorter
    than `min_speech_ms` (a click, a breath) are dropped. Ends are not padded, so the gaps
    left between segments are real pauses.
    """
    flags = frame_flags(samples16k, aggressiveness, frame_ms)
    runs: list[list[int]] = []  # [first_frame, end_frame) of voiced frames
    for i, voiced in enumerate(flags):
        if not voiced:
            continue
        if runs and (i - runs[-1][1]) * frame_ms < hangover_ms:
            runs[-1][1] = i + 1
        else:
            runs.append([i, i + 1])
    seconds = frame_ms / 1000.0
    return [(round(a * seconds, 3), round(b * seconds, 3)) for a, b in runs if (b - a) * frame_ms >= min_speech_ms]


def loudest_rms(samples16k: np.ndarray, frame_ms: int = VAD_FRAME_MS) -> float:
    """RMS of the loudest frame (float scale): 0 for digital silence, ~0.1 for normal speech."""
    samples = np.asarray(samples16k, dtype=np.float32)
    n = RATE * frame_ms // 1000
    whole = len(samples) // n * n
    if whole == 0:
        return float(np.sqrt(np.mean(samples ** 2))) if len(samples) else 0.0
    frames = samples[:whole].reshape(-1, n)
    return float(np.sqrt((frames ** 2).mean(axis=1).max()))


def is_silent(samples16k: np.ndarray, aggressiveness: int = 2) -> bool:
    """True when nothing in the clip is worth transcribing: too quiet, or no speech ≥ 200 ms."""
    if len(samples16k) < RATE * MIN_SPEECH_S or loudest_rms(samples16k) < QUIET_RMS:
        return True
    return not any(end - start >= MIN_SPEECH_S for start, end in speech_segments(samples16k, aggressiveness))


def silero_has_speech(samples16k: np.ndarray, min_speech_s: float = MIN_SPEECH_S) -> bool | None:
    """A second opinion from Silero VAD (ships with faster-whisper, runs offline, ~2 ms per second).

    webrtcvad mistakes loud static or hum for speech; Silero does not. Local Whisper runs it already
    (vad_filter), so this is for audio about to be sent to a cloud recognizer, or to a live turn's short
    window (services/stt/short_window.py), which has no filter. None when faster-whisper is not installed.
    """
    try:
        from faster_whisper.vad import VadOptions, get_speech_timestamps
    except ImportError:
        return None
    spans = get_speech_timestamps(np.asarray(samples16k, dtype=np.float32), VadOptions())
    return any(span["end"] - span["start"] >= min_speech_s * RATE for span in spans)


def speech_seconds(segments: list[tuple[float, float]]) -> float:
    """Total voiced time of non-overlapping segments."""
    return round(sum(end - start for start, end in segments), 3)
