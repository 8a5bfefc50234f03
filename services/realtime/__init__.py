"""Real-time, hands-free voice over WebRTC: small pieces, one job each.

- `frames`: browser audio (48 kHz stereo) → 16 kHz mono, cut into 20 ms frames.
- `vad`: one webrtcvad detector per stream, speech or not for each 20 ms frame.
- `playout`: the outgoing speech buffer the WebRTC track pulls from; flushable at once, and
  it knows how much of each sentence was actually played.
- `bridge`: the per-session object shared by the media thread and the Streamlit script.
- `pipeline`: the turn worker (STT → conversation → streamed reply → TTS → playout).
- `ice`: ICE servers from configuration (read through config.Settings).
- `smart_turn`: the end-of-turn model (Smart Turn v3.2, ONNX, shipped in `smart_turn_data/`).
- `listener`: the bridge's helper thread for the end-of-turn model and the words of speech over the bot.
- `preempt`: the reply started on the draft transcript, held (nothing spoken or saved) until the turn is confirmed.
- `warmup`: `preload(language)` loads and warms every model of a call when the call starts.

Nothing here imports Streamlit (the streamlit-webrtc workarounds live in ui/webrtc_quirks.py);
the media path never blocks.
"""


def preload(language: str = "en", settings=None) -> dict:
    """Load and warm the models a live call needs (see services.realtime.warmup); call it before
    the call starts, inside a visible status. Returns seconds per part loaded now."""
    from services.realtime.warmup import preload as _preload

    return _preload(language, settings)
