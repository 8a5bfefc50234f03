"""services.audio: every browser/phone format decodes to 16 kHz mono; bad input fails with a useful error."""
from __future__ import annotations

import io
import wave

import numpy as np
import pytest

from core.errors import StageError
from services import audio
from tests.speech_helpers import FORMATS, encode

SENTENCE = "We cache sessions in Redis. Then we measure the latency."
BIG = dict(max_bytes=50_000_000, max_seconds=300)


@pytest.fixture(scope="module")
def speech(speak):
    samples, rate = speak(SENTENCE)
    return samples, rate, len(samples) / rate


def _fails(data: bytes, code: str, **limits) -> StageError:
    with pytest.raises(StageError) as info:
        audio.decode(data, **{**BIG, **limits})
    err = info.value
    assert (err.stage, err.code) == ("upload", code)
    return err


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_each_format_decodes_to_16k_mono_float(speech, name):
    samples, rate, seconds = speech
    data = encode(samples, rate, name)
    assert audio.sniff(data) is not None
    decoded = audio.decode(data, **BIG)
    assert decoded.dtype == np.float32 and decoded.ndim == 1
    assert abs(audio.duration_seconds(decoded) - seconds) < 0.05  # no lost or invented audio
    assert 0.3 < np.abs(decoded).max() <= 1.0
    # The loudness survives resampling and the codec: RMS within 15 % of the original's.
    original_rms = np.sqrt(np.mean((samples / 32768.0) ** 2))
    assert abs(np.sqrt(np.mean(decoded ** 2)) / original_rms - 1) < 0.15


def test_lossless_decode_matches_a_reference_resample(speech):
    """WAV in, 16 kHz out: the waveform itself is right, not just its length and loudness."""
    samples, rate, _ = speech
    decoded = audio.decode(encode(samples, rate, "wav"), **BIG)
    times = np.arange(len(decoded)) / 16000
    reference = np.interp(times, np.arange(len(samples)) / rate, samples / 32768.0)
    assert np.corrcoef(decoded[200:-200], reference[200:-200])[0, 1] > 0.95


def test_live_webm_without_declared_duration_decodes(speech):
    samples, rate, seconds = speech
    data = encode(samples, rate, "webm_opus", live=True)
    assert abs(audio.duration_seconds(audio.decode(data, **BIG)) - seconds) < 0.05


def test_empty_bytes():
    err = _fails(b"", "empty_audio")
    assert "record" in err.message.lower()


def test_over_size_is_refused_before_decoding(speech):
    samples, rate, _ = speech
    data = encode(samples, rate, "wav")
    err = _fails(data, "too_large", max_bytes=len(data) - 1)
    assert "MB" in err.message and "shorter" in err.message


@pytest.mark.parametrize("live", [False, True], ids=["declared-duration", "live-stream"])
def test_over_duration(speech, live):
    """Refused from the header when the file declares its length, else while decoding."""
    samples, rate, seconds = speech
    data = encode(samples, rate, "webm_opus", live=live)
    err = _fails(data, "too_long", max_seconds=seconds / 2)
    assert "under" in err.message


def test_exactly_at_the_limit_is_fine(speech):
    samples, rate, seconds = speech
    assert len(audio.decode(encode(samples, rate, "wav"), max_bytes=BIG["max_bytes"], max_seconds=seconds + 0.01))


@pytest.mark.parametrize("data", [
    b"definitely not audio" + np.random.default_rng(7).integers(0, 256, 20_000, dtype=np.uint8).tobytes(),
    b"%PDF-1.7\n" + b"0" * 5000,
    b"PK\x03\x04" + b"\x00" * 5000,  # a zip / docx
    b"<html><body>hello</body></html>" * 50,
], ids=["random", "pdf", "zip", "html"])
def test_not_audio_is_unsupported(data):
    err = _fails(data, "unsupported_audio")
    assert "WAV" in err.message and "MP3" in err.message


def test_image_without_audio_track_is_unsupported():
    import av

    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="matroska") as container:  # a video with no sound
        stream = container.add_stream("ffv1", rate=1)
        stream.width, stream.height = 16, 16
        frame = av.VideoFrame.from_ndarray(np.zeros((16, 16, 3), dtype=np.uint8), format="rgb24")
        for packet in [*stream.encode(frame.reformat(format=stream.pix_fmt)), *stream.encode(None)]:
            container.mux(packet)
    _fails(buffer.getvalue(), "unsupported_audio")


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_truncated_to_its_header_is_corrupt(speech, name):
    samples, rate, _ = speech
    err = _fails(encode(samples, rate, name)[:60], "corrupt_audio")
    assert "cut off" in err.message


def test_wav_header_without_samples_is_corrupt():
    _fails(audio.to_wav_bytes(np.zeros(0, dtype=np.int16)), "corrupt_audio")


def test_cut_off_upload_keeps_what_was_recorded(speech):
    """Half a file decodes to about half the speech (like a media player), not an error."""
    samples, rate, seconds = speech
    data = encode(samples, rate, "mp3")
    decoded = audio.decode(data[: len(data) // 2], **BIG)
    assert 0.3 * seconds < audio.duration_seconds(decoded) < 0.7 * seconds


def test_to_wav_bytes_round_trip():
    tone = (0.5 * np.sin(2 * np.pi * 440 * np.arange(16000) / 16000)).astype(np.float32)
    data = audio.to_wav_bytes(tone, 16000)
    with wave.open(io.BytesIO(data)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()) == (1, 2, 16000, 16000)
        stored = np.frombuffer(w.readframes(16000), dtype="<i2")
    assert np.abs(stored / 32767.0 - tone).max() < 1e-4
    assert np.allclose(audio.decode(data, **BIG), tone, atol=1e-4)


def test_to_wav_bytes_keeps_int16_and_clips_floats():
    ints = np.array([0, 1, -1, 32767, -32768], dtype=np.int16)
    assert audio.to_wav_bytes(ints, 8000)[44:] == ints.astype("<i2").tobytes()
    loud = audio.to_wav_bytes(np.array([2.0, -2.0], dtype=np.float32), 8000)
    assert np.frombuffer(loud[44:], dtype="<i2").tolist() == [32767, -32767]
    with pytest.raises(ValueError):
        audio.to_wav_bytes(np.zeros((10, 2)), 8000)


def test_duration_seconds():
    assert audio.duration_seconds(np.zeros(24000)) == 1.5
    assert audio.duration_seconds(np.zeros(22050), rate=22050) == 1.0
