"""Test helpers for speech: encode samples into browser containers, word error rate."""
from __future__ import annotations

import io
import re
from fractions import Fraction

import numpy as np

from core.text.metrics import edit_distance

# name -> (container format, codec, encoder sample rate, sample format, layout)
FORMATS = {
    "wav": ("wav", "pcm_s16le", 22050, "s16", "mono"),
    "webm_opus": ("webm", "libopus", 48000, "s16", "mono"),
    "ogg_opus": ("ogg", "libopus", 48000, "s16", "mono"),
    "ogg_vorbis": ("ogg", "vorbis", 44100, "fltp", "stereo"),  # FFmpeg's own Vorbis encoder is stereo-only
    "mp3": ("mp3", "libmp3lame", 44100, "s16p", "mono"),
    "m4a_aac": ("ipod", "aac", 44100, "fltp", "mono"),  # "ipod" is FFmpeg's .m4a muxer
    "flac": ("flac", "flac", 22050, "s16", "mono"),
}


class _Stream(io.RawIOBase):
    """A write-only, non-seekable sink: muxers cannot go back to write the duration, as in a
    browser's MediaRecorder stream."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def write(self, b) -> int:
        self.data += bytes(b)
        return len(b)


def encode(samples_int16: np.ndarray, rate: int, name: str, *, live: bool = False,
           out_rate: int | None = None) -> bytes:
    """Encode mono int16 samples at `rate` into one of FORMATS with PyAV, as a browser/phone would.

    live=True writes to a non-seekable stream, so the file does not declare its duration;
    out_rate overrides the format's usual encoder rate (gTTS's MP3s are 24 kHz, say).
    """
    import av

    fmt, codec, usual_rate, sample_fmt, layout = FORMATS[name]
    out_rate = out_rate or usual_rate
    buffer = _Stream() if live else io.BytesIO()
    with av.open(buffer, mode="w", format=fmt) as container:
        stream = container.add_stream(codec, rate=out_rate, layout=layout)
        if codec == "vorbis":
            stream.codec_context.options = {"strict": "experimental"}
        frame = av.AudioFrame.from_ndarray(np.asarray(samples_int16, dtype=np.int16).reshape(1, -1),
                                           format="s16", layout="mono")
        frame.sample_rate = rate
        frame.time_base = Fraction(1, rate)
        frame.pts = 0
        resampler = av.AudioResampler(format=sample_fmt, layout=layout, rate=out_rate,
                                      frame_size=stream.codec_context.frame_size or None)
        for chunk in [*resampler.resample(frame), *resampler.resample(None)]:
            for packet in stream.encode(chunk):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return bytes(buffer.data) if live else buffer.getvalue()


_NUMBERS = {"0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six",
            "7": "seven", "8": "eight", "9": "nine", "10": "ten", "20": "twenty", "100": "hundred"}


def words(text: str) -> list[str]:
    """Lower-case words without punctuation; small numbers spelled out; hyphens split."""
    text = text.lower().replace("\u2019", "'").replace("-", " ")
    tokens = re.findall(r"[a-z0-9']+", text)
    return [_NUMBERS.get(t, t).strip("'") for t in tokens if t.strip("'")]


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate: word-level edit distance / reference length."""
    ref, hyp = words(reference), words(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return edit_distance(ref, hyp) / len(ref)
