"""Audio formats Parley uses, defined once: sample rates and frame sizes.

Speech recognition, voice-activity detection and stored answers use 16 kHz mono; the live
call's browser side is 48 kHz (what WebRTC's Opus codec runs at), cut into 20 ms frames.
"""
from __future__ import annotations

SPEECH_RATE = 16000  # Hz: what Whisper, webrtcvad, Silero and the cloud recognizers all want
WEBRTC_RATE = 48000  # Hz: what the browser sends and the Opus encoder wants, so playout needs no resampling
TTS_FALLBACK_RATE = 24000  # Hz: assumed for a decoded voice file that does not say (OpenAI speech is 24 kHz)

LIVE_FRAME_MS = 20  # one WebRTC audio frame, also the live VAD and turn-detection step
VAD_FRAME_MS = 30  # webrtcvad's frame on whole recordings (it accepts 10, 20 or 30 ms)
WEBRTCVAD_FRAME_MS = (10, 20, 30)


def frame_samples(rate: int, frame_ms: int) -> int:
    """Samples in one frame: 320 for 20 ms at 16 kHz, 960 at 48 kHz."""
    return rate * frame_ms // 1000


LIVE_FRAME_SAMPLES = frame_samples(SPEECH_RATE, LIVE_FRAME_MS)  # 320
