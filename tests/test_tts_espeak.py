"""espeak-ng, the last-resort voice (services/tts/espeak.py), and the WAV header repair it needs."""
from __future__ import annotations

import struct
import subprocess

import pytest

from core.languages import CODES, get_language
from services.tts import espeak
from services.tts.wav import fix_wav_header, pcm_to_wav
from tests.test_speakable import NATIVE
from tests.tts_helpers import read_wav

pytestmark = pytest.mark.skipif(not espeak.available(), reason="espeak-ng is not installed (packages.txt)")


@pytest.mark.parametrize("code", CODES)
def test_every_language_gives_a_valid_non_silent_wav(code):
    info = read_wav(espeak.synthesize(NATIVE[code], language=get_language(code)))  # checks header sizes too
    assert info.channels == 1 and info.rate == 22050
    assert info.seconds > 1.0  # two or three short sentences
    assert info.rms > 300


def test_raw_espeak_output_really_has_placeholder_sizes():
    raw = subprocess.run(["espeak-ng", "-v", "en-us", "--stdout", "--", "Hello there."],
                         capture_output=True, check=True).stdout
    assert struct.unpack("<I", raw[4:8])[0] != len(raw) - 8  # why fix_wav_header exists
    fixed = fix_wav_header(raw)
    assert read_wav(fixed).samples.size * 2 == len(raw) - 44


def test_text_that_looks_like_an_option_is_read_not_parsed():
    info = read_wav(espeak.synthesize("--version -v xx", language=get_language("en")))
    assert info.seconds > 0.5


def test_missing_binary_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(espeak.shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError, match="not installed"):
        espeak.synthesize("Hello.", language=get_language("en"))


def test_fix_wav_header_keeps_a_correct_wav_and_refuses_other_files():
    good = pcm_to_wav(b"\x01\x00\x02\x00" * 100, 16000)
    assert fix_wav_header(good) == good
    with pytest.raises(ValueError):
        fix_wav_header(b"ID3\x04" + bytes(100))
    with pytest.raises(ValueError):
        fix_wav_header(good[:36])  # header without a data chunk
