"""ICE servers for the WebRTC call, from configuration: a TURN server on Streamlit Community
Cloud (its containers sit behind NAT that peers cannot reach directly), none at all locally.

`PARLEY_ICE_SERVERS` (environment, `.env` or `st.secrets`, read by config.Settings) holds the
RTCIceServer list as JSON:
    PARLEY_ICE_SERVERS='[{"urls": ["turn:turn.example.com:3478"], "username": "u", "credential": "p"}]'
In `secrets.toml` it may also be a TOML array of tables ([[PARLEY_ICE_SERVERS]]). Unset means an
explicit empty list: host candidates only, which is what a local run and the loopback test need.
(Left as None, streamlit-webrtc would fetch TURN credentials itself and aiortc would fall back
to a public STUN server.)
"""
from __future__ import annotations

import json
from typing import Any, Mapping

from config import Settings, get_settings

ENV = "PARLEY_ICE_SERVERS"
_SCHEMES = ("stun:", "stuns:", "turn:", "turns:")


def ice_servers(settings: Settings | None = None) -> list[dict]:
    """The configured ICE servers (`Settings.parley_ice_servers`); [] when none.

    Raises ValueError with a readable message when the setting is present but malformed.
    """
    settings = settings or get_settings()
    raw: Any = settings.parley_ice_servers.strip()
    if not raw:
        return []
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError as exc:
            raise ValueError(f"{ENV} is not valid JSON ({exc.msg}). Expected a list like "
                             '[{"urls": ["turn:host:3478"], "username": "...", "credential": "..."}].') from None
    if isinstance(raw, Mapping):
        raw = [raw]
    if not isinstance(raw, list):
        raise ValueError(f"{ENV} must be a list of ICE servers.")
    servers = []
    for entry in raw:
        if not isinstance(entry, Mapping) or "urls" not in entry:
            raise ValueError(f'Each entry of {ENV} needs "urls", e.g. {{"urls": ["turn:host:3478"]}}.')
        urls = entry["urls"]
        urls = [urls] if isinstance(urls, str) else list(urls)
        if not urls or not all(isinstance(u, str) and u.startswith(_SCHEMES) for u in urls):
            raise ValueError(f"{ENV}: every url must start with stun:, stuns:, turn: or turns: (got {urls!r}).")
        server = {"urls": urls}
        for key in ("username", "credential"):
            if entry.get(key):
                server[key] = str(entry[key])
        servers.append(server)
    return servers


def rtc_configuration(settings: Settings | None = None) -> dict:
    """What to pass as `webrtc_streamer(rtc_configuration=...)`: always an explicit list."""
    return {"iceServers": ice_servers(settings)}
