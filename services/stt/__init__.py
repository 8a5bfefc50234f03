"""Speech to text: one seam over local Whisper, Groq and OpenAI.

`transcribe(audio)` decodes and checks the recording first (size, length, silence), so no
provider is ever asked to transcribe nothing, and never invents words for a silent clip.
The provider comes from settings (`Settings.stt_provider`): a cloud key wins, else local Whisper.
"""
from __future__ import annotations

import time
from dataclasses import replace
from typing import Iterable

import numpy as np

from config import Settings, get_settings
from core.errors import StageError
from services import audio as audio_codec
from services import vad
from services.stt import cloud, local
from services.stt.base import Segment, Transcription, Word
from services.stt.local import load_local_model
from services.stt.prompt import build_prompt, prompt_for, strip_prompt_echo

__all__ = ["Segment", "Transcription", "Word", "build_prompt", "load_local_model", "stt_label", "supports_language",
           "transcribe", "transcribe_detailed"]


def _lang(language: str | None) -> str:
    """"en-US" → "en": Whisper and the APIs take ISO 639-1 codes."""
    return (language or "en").strip().lower().replace("_", "-").split("-")[0] or "en"


def no_speech() -> StageError:
    return StageError("stt", "no_speech", "I didn't catch anything — try again.", retryable=True)


def transcribe_detailed(audio: bytes | np.ndarray, language: str = "en", prompt: str | Iterable[str] | None = None,
                        *, settings: Settings | None = None, fast: bool = False) -> Transcription:
    """Transcribe a recording (file bytes, or 16 kHz mono float samples) with the configured provider.

    `prompt` is domain terms ("Redis, Kafka" or a list) or the question just asked; fillers are
    added to it (see build_prompt). Raises StageError: stage "upload" for unreadable or
    oversized audio, stage "stt" for silence (no_speech), English-only offline models
    (language_unsupported_offline), missing keys and provider failures.
    """
    settings = settings or get_settings()
    language = _lang(language)
    provider = settings.stt_provider
    if provider == "local":
        model = load_local_model(settings, language)
        local.check_language(model, language)
    else:
        cloud.client_for(settings, provider)  # fail on a missing key before decoding anything
    samples = _samples(audio, settings)
    if vad.is_silent(samples):
        raise no_speech()
    if provider != "local" and vad.silero_has_speech(samples) is False:  # local Whisper runs Silero itself
        raise no_speech()
    # ...except on a live turn's short window (services/stt/short_window.py): the same test its filter makes,
    # any speech at all. Requiring 0.2 s, as for a cloud upload, took a browser's "Actually," for a cough.
    if provider == "local" and fast and vad.silero_has_speech(samples, min_speech_s=0.0) is False:
        raise no_speech()
    # Long clips get no filler words in the prompt, and any echo of the prompt is removed (stream branch).
    initial = prompt_for(prompt, language, audio_codec.duration_seconds(samples))
    if provider == "local":
        extra = {"fast": True} if fast else {}  # live turns: a short encoder window (see local.transcribe)
        result = local.transcribe(model, samples, language, initial, **extra)
    else:
        started = time.perf_counter()
        text = cloud.transcribe(settings, provider, audio_codec.to_wav_bytes(samples), language, initial)
        result = Transcription(text=text, seconds=round(audio_codec.duration_seconds(samples), 3), language=language,
                               provider=provider, elapsed=round(time.perf_counter() - started, 3))
    result = replace(result, text=strip_prompt_echo(result.text, initial))
    if not result.text.strip():
        raise no_speech()
    return replace(result, samples=samples)


def transcribe(audio: bytes | np.ndarray, language: str = "en", prompt: str | Iterable[str] | None = None,
               *, settings: Settings | None = None, fast: bool = False) -> str:
    """Just the text of transcribe_detailed."""
    return transcribe_detailed(audio, language, prompt, settings=settings, fast=fast).text


def _samples(audio: bytes | np.ndarray, settings: Settings) -> np.ndarray:
    """Decoded file bytes, or given samples (float in [-1, 1] or int16, 16 kHz mono) checked alike."""
    if not isinstance(audio, np.ndarray):
        return audio_codec.decode(audio, max_bytes=settings.max_audio_bytes, max_seconds=settings.max_audio_seconds)
    samples = audio.reshape(-1)
    samples = samples / np.float32(32768) if samples.dtype == np.int16 else samples.astype(np.float32)
    if audio_codec.duration_seconds(samples) > settings.max_audio_seconds:
        raise audio_codec.too_long(settings.max_audio_seconds)
    return np.clip(np.nan_to_num(samples), -1.0, 1.0).astype(np.float32, copy=False)


def supports_language(language: str, settings: Settings | None = None) -> bool | None:
    """Can the active provider transcribe `language`? None when unknown until the local model loads."""
    settings = settings or get_settings()
    if settings.stt_provider != "local" or _lang(language) == "en":
        return True
    english_only = local.english_only(settings)
    return None if english_only is None else not english_only


def stt_label(settings: Settings | None = None) -> str:
    """What the sidebar says about speech to text, e.g. "Groq · whisper-large-v3-turbo"."""
    settings = settings or get_settings()
    provider = settings.stt_provider
    if provider in cloud.NAMES:
        return f"{cloud.NAMES[provider]} · {cloud.model_for(settings, provider)}"
    if settings.whisper_model_dir:
        scope = "offline, English only" if local.english_only(settings) else "offline"
        return f"Local Whisper {local.model_name(settings)} ({scope})"
    return f"Local Whisper {local.model_name(settings)} for English, base (multilingual) for other languages (offline)"
