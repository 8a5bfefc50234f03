"""gTTS (Google Translate's voice): free and online, all 13 languages, no key.

It needs the internet and can stall, so the whole call has a hard deadline (gTTS's own
`timeout` only bounds each socket read). Audio goes to memory, never to a path, so a failure
cannot leave a 0-byte file behind. The MP3 is converted to WAV so every voice in the chain
returns the same format (one player, one way to join or measure chunks).
"""
from __future__ import annotations

import io
import threading

from services.tts import voices
from services.tts.wav import decode_to_wav


def synthesize(text: str, *, language, settings, voice: str = "", **_) -> bytes:
    """A WAV of already-clean `text` (a named voice: another accent); TimeoutError after `settings.gtts_timeout` s."""
    mp3 = fetch_mp3(text, language.gtts, settings.gtts_timeout, tld=voices.get(voice).gtts_tld)
    return decode_to_wav(mp3)


def fetch_mp3(text: str, lang: str, timeout: float, tld: str = "com") -> bytes:
    """gTTS's MP3 for `text`, or an exception within about `timeout` seconds."""
    outcome: dict = {}

    def run() -> None:
        try:
            from gtts import gTTS

            buffer = io.BytesIO()
            gTTS(text, lang=lang, tld=tld, lang_check=False, timeout=timeout).write_to_fp(buffer)
            outcome["mp3"] = buffer.getvalue()
        except Exception as exc:  # handed to the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=run, name="gtts", daemon=True)  # a stalled one dies with the process
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise TimeoutError(f"gTTS did not answer within {timeout:g} s")
    if "error" in outcome:
        raise outcome["error"]
    if not outcome.get("mp3"):
        raise RuntimeError("gTTS returned no audio")
    return outcome["mp3"]
