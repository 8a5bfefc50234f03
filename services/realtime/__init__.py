"""Real-time, hands-free voice over WebRTC: small pieces, one job each.

- `frames`: browser audio (48 kHz stereo) → 16 kHz mono, cut into 20 ms frames.
- `vad`: one webrtcvad detector per stream, speech or not for each 20 ms frame.
- `playout`: the outgoing speech buffer the WebRTC track pulls from; flushable at once, and
  it knows how much of each sentence was actually played.
- `bridge`: the per-session object shared by the media thread and the Streamlit script.
- `pipeline`: the turn worker (STT → conversation → streamed reply → TTS → playout).
- `ice`: ICE servers from configuration (read through config.Settings).

Nothing here imports Streamlit (the streamlit-webrtc workarounds live in ui/webrtc_quirks.py);
the media path never blocks.
"""
