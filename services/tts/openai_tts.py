"""OpenAI speech (gpt-4o-mini-tts) through the official SDK: the most natural voice, with
delivery steered per mode and tone by `core.tone.tts_instructions`."""
from __future__ import annotations


from core.errors import StageError
from core.tone import tts_instructions
from services.sdk_clients import sdk_client
from services.llm.errors import to_stage_error
from services.tts.wav import fix_wav_header


def synthesize(text: str, *, mode: str, tone: str, settings, **_) -> bytes:
    """A WAV of already-clean `text` in the voice chosen for `mode`; StageError("tts", ...) on failure."""
    if not settings.openai_api_key:
        raise StageError("tts", "missing_key", "The OpenAI voice needs OPENAI_API_KEY.")
    # A slow voice should fall through to the next one quickly, not retry: own timeout, no retries.
    client = sdk_client("openai", settings.openai_api_key, settings.openai_base_url, settings.tts_timeout, 0)
    extra = {}
    if not settings.openai_tts_model.startswith("tts-1"):  # tts-1 models refuse `instructions`
        extra["instructions"] = tts_instructions(mode, tone)
    try:
        response = client.audio.speech.create(model=settings.openai_tts_model, voice=settings.tts_voice(mode),
                                              input=text, response_format="wav", **extra)
        audio = response.read()
    except Exception as exc:
        raise to_stage_error(exc, "openai", stage="tts") from exc
    return fix_wav_header(audio)  # streamed WAV may carry placeholder sizes
