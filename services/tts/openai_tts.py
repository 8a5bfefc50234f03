"""OpenAI speech (gpt-4o-mini-tts) through the official SDK: the most natural voice, with
delivery steered per mode and tone by `core.tone.tts_instructions`."""
from __future__ import annotations


from core.tone import tts_instructions
from services.provider_errors import to_stage_error
from services.providers import PROVIDERS, client
from services.tts import voices
from services.tts.wav import fix_wav_header


def synthesize(text: str, *, mode: str, tone: str, settings, voice: str = "", **_) -> bytes:
    """A WAV of already-clean `text` in the voice chosen for `mode` (or a named voice's own, services.tts.voices);
    StageError("tts", ...) on failure."""
    # A slow voice should fall through to the next one quickly: its own short timeout (never retried).
    sdk = client(settings, "openai", "tts", timeout=settings.tts_timeout)
    model = PROVIDERS["openai"].model(settings, "tts")
    extra = {}
    if not model.startswith("tts-1"):  # tts-1 models refuse `instructions`
        extra["instructions"] = tts_instructions(mode, tone)
    try:
        response = sdk.audio.speech.create(model=model, voice=voices.get(voice).openai or settings.tts_voice(mode),
                                              input=text, response_format="wav", **extra)
        audio = response.read()
    except Exception as exc:
        raise to_stage_error(exc, "openai", stage="tts") from exc
    return fix_wav_header(audio)  # streamed WAV may carry placeholder sizes
