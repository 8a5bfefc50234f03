"""WAV bytes in and out: every voice in the chain returns the same thing, a valid 16-bit WAV.

Some engines write headers with placeholder sizes (espeak-ng's `--stdout`, streamed HTTP
audio) and gTTS returns MP3; browsers and `wave` then misjudge or refuse the file.
"""
from __future__ import annotations

import io
import struct

from services.audio import pcm_to_wav  # one WAV writer for the whole app


def fix_wav_header(data: bytes) -> bytes:
    """Rebuild a PCM WAV whose RIFF/data sizes are wrong: the data chunk runs to the end of the file.

    Raises ValueError when `data` is not a PCM WAV at all.
    """
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ValueError("not a WAV file")
    fmt = None
    pos = 12
    while pos + 8 <= len(data):
        chunk_id, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = pos + 8
        if chunk_id == b"fmt ":
            tag, channels, rate, _, _, bits = struct.unpack("<HHIIHH", data[body:body + 16])
            if tag not in (1, 0xFFFE) or bits % 8:
                raise ValueError(f"unsupported WAV encoding (format {tag}, {bits} bits)")
            fmt = (channels, rate, bits // 8)
        elif chunk_id == b"data":
            if fmt is None:
                raise ValueError("WAV data before its format chunk")
            return pcm_to_wav(data[body:], fmt[1], channels=fmt[0], width=fmt[2])
        pos = body + size + (size & 1)
    raise ValueError("WAV file without audio data")


def decode_to_wav(data: bytes) -> bytes:
    """Any audio file PyAV (FFmpeg) can read, such as MP3, as a 16-bit mono WAV at its own rate."""
    import av
    import numpy as np

    from core.audio_format import TTS_FALLBACK_RATE
    from services.resample import StreamResampler

    with av.open(io.BytesIO(data), mode="r") as container:
        stream = next((s for s in container.streams if s.type == "audio"), None)
        if stream is None:
            raise ValueError("no audio track")
        rate = stream.codec_context.sample_rate or TTS_FALLBACK_RATE
        resampler = StreamResampler(rate)  # downmix only: the rate stays the file's own
        parts = [array for decoded in container.decode(stream) for array in resampler.feed(decoded)]
        parts += resampler.flush()
    samples = np.concatenate(parts).astype("<i2") if parts else np.zeros(0, dtype="<i2")
    return pcm_to_wav(samples.tobytes(), rate)
