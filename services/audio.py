"""Decode whatever a browser or phone recorded into 16 kHz mono float32, safely.

One decoder (PyAV, i.e. FFmpeg) for WAV, WebM/Opus, Ogg/Opus, Ogg/Vorbis, MP3, M4A/AAC and FLAC, so
every speech engine downstream sees the same thing. Limits are checked before and during
decoding, so a tiny file that expands to hours of audio is refused early, not after the fact.
"""
from __future__ import annotations

import io
import wave

import numpy as np

from core.audio_format import SPEECH_RATE
from core.errors import StageError

RATE = SPEECH_RATE  # what Whisper, webrtcvad and the cloud recognizers all want
FORMATS = "WAV, MP3, M4A, OGG, WebM or FLAC"
# FFmpeg demuxer names we accept; anything else (images, video-only, text) is refused.
_CONTAINERS = {"wav", "w64", "matroska,webm", "ogg", "mp3", "mov,mp4,m4a,3gp,3g2,mj2", "flac", "aac", "aiff",
               "caf"}


def _fail(code: str, message: str) -> StageError:
    return StageError("upload", code, message)


def _minutes(seconds: float) -> str:
    """300 → "5 minutes", 90 → "1.5 minutes", 1 → "1 second"."""
    value, unit = (seconds / 60, "minute") if seconds >= 60 else (seconds, "second")
    return f"{value:g} {unit}{'' if value == 1 else 's'}"


def too_long(max_seconds: float) -> StageError:
    return _fail("too_long", f"The recording is longer than {_minutes(max_seconds)}. Keep your answer under "
                 f"{_minutes(max_seconds)}, or split it into two answers.")


def decode(data: bytes, *, max_bytes: int, max_seconds: float) -> np.ndarray:
    """Samples of the first audio track as float32 mono at 16 kHz, in [-1, 1].

    Raises StageError("upload", code) with code empty_audio, too_large, too_long,
    unsupported_audio (not an audio file we read) or corrupt_audio (nothing decodable).
    A damaged tail is tolerated, as media players do: what decoded before it is kept.
    """
    if not data:
        raise _fail("empty_audio", "The recording is empty. Press record, speak, then stop — or upload another file.")
    if len(data) > max_bytes:
        raise _fail("too_large", f"The file is {len(data) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB. "
                    "Record a shorter answer, or upload a compressed file (MP3, M4A, OGG or WebM).")
    import av

    try:
        container = av.open(io.BytesIO(bytes(data)), mode="r")
    except (av.FFmpegError, ValueError, OSError, EOFError):
        kind = sniff(data)
        if kind:  # it starts like audio but FFmpeg cannot read it: most likely cut off
            raise _fail("corrupt_audio", f"This {kind} file is damaged or cut off. Record again, or upload "
                        "the complete file.") from None
        raise _fail("unsupported_audio", f"This file is not audio Parley can read. Upload {FORMATS}, "
                    "or record your answer here.") from None
    with container:
        stream = next((s for s in container.streams if s.type == "audio"), None)
        if container.format.name not in _CONTAINERS or stream is None:
            raise _fail("unsupported_audio", f"This file has no audio Parley can read. Upload {FORMATS}, "
                        "or record your answer here.")
        declared = _declared_seconds(container, stream)
        if declared is not None and declared > max_seconds + 1.0:
            raise too_long(max_seconds)
        samples = _decode_stream(container, stream, max_seconds)
    if samples.size == 0:
        raise _fail("corrupt_audio", "The recording is damaged or cut off: no sound could be read from it. "
                    "Record again, or upload the file again.")
    return samples


def sniff(data: bytes) -> str | None:
    """The audio container a file's first bytes announce ("WAV", "WebM", …), or None."""
    head = bytes(data[:12])
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "WAV"
    if head[:4] == b"OggS":
        return "Ogg"
    if head[:4] == b"\x1aE\xdf\xa3":
        return "WebM"
    if head[:4] == b"fLaC":
        return "FLAC"
    if head[4:8] == b"ftyp":
        return "M4A"
    if head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "MP3"
    return None


def _declared_seconds(container, stream) -> float | None:
    """Duration the file claims (None when unknown, e.g. live WebM from MediaRecorder)."""
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None and container.duration > 0:
        return container.duration / 1_000_000  # AV_TIME_BASE
    return None


def _decode_stream(container, stream, max_seconds: float) -> np.ndarray:
    import av

    from services.resample import StreamResampler

    resampler = StreamResampler(RATE, "flt")
    limit = int(max_seconds * RATE)
    chunks: list[np.ndarray] = []
    total = 0

    def keep(arrays) -> None:
        nonlocal total
        for chunk in arrays:
            chunks.append(chunk)
            total += chunk.size
        if total > limit:
            raise too_long(max_seconds)

    try:
        for packet in container.demux(stream):
            try:
                for frame in packet.decode():
                    keep(resampler.feed(frame))
            except av.FFmpegError:
                continue  # a damaged packet: skip it, as media players do
        keep(resampler.flush())  # flush what the resampler still holds
    except av.FFmpegError:
        pass  # the demuxer gave up (truncated container): keep what decoded
    if not chunks:
        return np.zeros(0, dtype=np.float32)
    samples = np.concatenate(chunks).astype(np.float32, copy=False)
    np.nan_to_num(samples, copy=False, nan=0.0, posinf=1.0, neginf=-1.0)
    return np.clip(samples, -1.0, 1.0, out=samples)


def duration_seconds(samples: np.ndarray, rate: int = RATE) -> float:
    """Length of mono samples in seconds."""
    return len(samples) / float(rate)


def pcm_to_wav(pcm: bytes, rate: int, channels: int = 1, width: int = 2) -> bytes:
    """Wrap raw little-endian PCM in a WAV header (a trailing partial frame is dropped)."""
    pcm = pcm[: len(pcm) - len(pcm) % (channels * width)]
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(int(rate))
        out.writeframes(pcm)
    return buffer.getvalue()


def to_wav_bytes(samples: np.ndarray, rate: int = RATE) -> bytes:
    """16-bit PCM mono WAV of int16 or float samples (floats are clipped to [-1, 1]).

    The normalised form sent to cloud recognizers: small, predictable and read by every API.
    """
    samples = np.asarray(samples)
    if samples.ndim != 1:
        raise ValueError("to_wav_bytes expects mono samples (a 1-D array)")
    if samples.dtype != np.int16:
        samples = (np.clip(samples.astype(np.float32, copy=False), -1.0, 1.0) * 32767.0).round()
    return pcm_to_wav(samples.astype("<i2").tobytes(), rate)
