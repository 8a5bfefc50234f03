"""espeak-ng: the offline voice of last resort, robotic but instant and in all 13 languages.

Runs the Debian `espeak-ng` binary (a subprocess, so a crash or hang cannot take the app
down) and rewrites its `--stdout` WAV header, whose sizes are placeholders.
"""
from __future__ import annotations

import shutil
import subprocess

from services.tts import voices
from services.tts.wav import fix_wav_header

TIMEOUT_S = 15.0  # a 300-token reply takes well under a second (RTF ~0.002)


def available() -> bool:
    return shutil.which("espeak-ng") is not None


def synthesize(text: str, *, language, voice: str = "", **_) -> bytes:
    """A WAV of already-clean `text` read with the espeak-ng voice of `language` (a core Language), in the
    named voice's variant (services.tts.voices)."""
    binary = shutil.which("espeak-ng")
    if binary is None:
        raise RuntimeError("espeak-ng is not installed (apt-get install espeak-ng)")
    variant = voices.get(voice).espeak_variant
    result = subprocess.run([binary, "-v", language.espeak + (f"+{variant}" if variant else ""), "--stdout", "--", text],
                            capture_output=True, timeout=TIMEOUT_S, check=False)
    if result.returncode != 0 or not result.stdout:
        detail = result.stderr.decode("utf-8", "replace").strip()[:200]
        raise RuntimeError(f"espeak-ng exited with {result.returncode}: {detail}")
    return fix_wav_header(result.stdout)
