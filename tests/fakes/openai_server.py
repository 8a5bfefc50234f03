"""A local HTTP server that speaks the OpenAI / Groq REST wire format, with fault injection.

Used by the tests (and benchmarks) to drive the official `openai` and `groq` SDKs for real,
on loopback: chat completions (streamed as server-sent events, or whole), and later audio.
Faults are queued and consumed one request at a time, so "fails once, then succeeds" is easy.
"""
from __future__ import annotations

import json
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Fault:
    """What to do instead of (or in the middle of) a normal answer."""

    status: int | None = None  # reply with this HTTP status and an error body
    headers: dict = field(default_factory=dict)  # e.g. {"Retry-After": "1"}
    hang_s: float = 0.0  # sleep before answering (to trip client timeouts)
    cut_after: int | None = None  # stream this many chunks, then drop the connection
    malformed_after: int | None = None  # stream this many chunks, then send broken JSON
    drip_after: int | None = None  # stream this many chunks, then only SSE keep-alive comments, forever
    stall_first_s: float = 0.0  # after the headers, keep-alives only for this long before the first token
    split_surrogates: bool = False  # send each astral character (emoji) as two chunks, one UTF-16 half each
    drip_every_s: float = 0.2  # how often a drip or a stall sends a keep-alive comment


@dataclass
class Recorded:
    path: str
    headers: dict
    body: dict | None
    raw: bytes


class FakeOpenAI:
    """Start with `with FakeOpenAI() as server:`; point SDKs at `server.base_url` (OpenAI) or
    `server.groq_base_url` (Groq)."""

    def __init__(self, reply: str = "Hello there. This is a fake model speaking.", *,
                 first_token_s: float = 0.0, tokens_per_s: float | None = None, obeys: str | None = None):
        self.reply = reply
        # A gullible model: when `obeys` (an injected instruction) appears in a request outside every
        # <<<label … label>>> fence, it "follows" it and answers OBEYED instead of `reply`.
        self.obeys = obeys
        self.transcript = "I would put a Redis cache in front of the database."
        self.speech_audio = _tone_wav()
        self.first_token_s = first_token_s
        self.tokens_per_s = tokens_per_s
        self.faults: list[Fault] = []
        self.requests: list[Recorded] = []
        self.tokens_sent = 0
        self.sent_by_stream: list[int] = []  # tokens sent by each streamed reply, in the order they started
        self.disconnects = 0  # streams the client hung up on (seen as a failed write)
        self.lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # Life cycle ---------------------------------------------------------------------------
    def __enter__(self) -> "FakeOpenAI":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def base_url(self) -> str:
        return f"{self.url}/v1"

    @property
    def groq_base_url(self) -> str:  # the Groq SDK appends /openai/v1/...
        return self.url

    def fail_next(self, *faults: Fault) -> None:
        with self.lock:
            self.faults.extend(faults)

    def _next_fault(self) -> Fault | None:
        with self.lock:
            return self.faults.pop(0) if self.faults else None

    def reply_for(self, body: dict | None) -> str:
        """This request's answer: `reply`, or OBEYED when the request carries `obeys` outside a fence."""
        if self.obeys and body and any(self.obeys in outside_fences(str(m.get("content") or ""))
                                       for m in body.get("messages") or []):
            return OBEYED
        return self.reply

    def tokens(self, text: str | None = None) -> list[str]:
        """The reply split into token-like pieces (a word and its following space)."""
        pieces, word = [], ""
        for ch in self.reply if text is None else text:
            word += ch
            if ch == " ":
                pieces.append(word)
                word = ""
        return pieces + ([word] if word else [])

    # HTTP -----------------------------------------------------------------------------------
    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:  # noqa: N802 (http.server naming)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw and "json" in (self.headers.get("Content-Type") or "") else None
                except ValueError:
                    body = None
                with fake.lock:
                    fake.requests.append(Recorded(self.path, {k.lower(): v for k, v in self.headers.items()}, body, raw))
                fault = fake._next_fault()
                if fault and fault.hang_s:
                    time.sleep(fault.hang_s)
                if fault and fault.status:
                    return self._error(fault)
                if self.path.endswith("/audio/transcriptions"):
                    return self._json(200, {"text": fake.transcript})
                if self.path.endswith("/audio/speech"):
                    return self._bytes(fake.speech_audio, "audio/wav")
                if self.path.endswith("/chat/completions"):
                    if body and body.get("stream"):
                        return self._stream(body, fault)
                    return self._json(200, _completion(fake.reply_for(body), body or {}))
                return self._json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})

            def _json(self, status: int, payload: dict, headers: dict | None = None) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("x-request-id", f"req_fake_{len(fake.requests)}")
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def _bytes(self, data: bytes, content_type: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _error(self, fault: Fault) -> None:
                kinds = {401: "invalid_api_key", 403: "permission_denied", 429: "rate_limit_exceeded"}
                payload = {"error": {"message": f"fake error {fault.status}", "type": kinds.get(fault.status, "server_error"),
                                     "code": kinds.get(fault.status)}}
                self._json(fault.status, payload, fault.headers)

            def _stream(self, body: dict, fault: Fault | None) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("x-request-id", f"req_fake_{len(fake.requests)}")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                model = body.get("model", "fake")
                with fake.lock:
                    stream_index = len(fake.sent_by_stream)
                    fake.sent_by_stream.append(0)
                if fake.first_token_s:
                    time.sleep(fake.first_token_s)
                try:
                    if fault and fault.stall_first_s:
                        self._keep_alive_for(fault.stall_first_s, fault.drip_every_s)
                    self._event(_chunk(model, {"role": "assistant", "content": ""}))
                    for i, token in enumerate(fake.tokens(fake.reply_for(body))):
                        if fault and fault.drip_after is not None and i >= fault.drip_after:
                            self._keep_alive_for(600.0, fault.drip_every_s)  # until the client hangs up
                            return
                        if fault and fault.cut_after is not None and i >= fault.cut_after:
                            self.wfile.flush()
                            self.connection.shutdown(2)  # drop the connection mid-reply
                            return
                        if fault and fault.malformed_after is not None and i >= fault.malformed_after:
                            self._write(b'data: {"id": "broken", "choices": [{"delta": \n\n')
                            self._write(b"")
                            return
                        if fake.tokens_per_s and i:
                            time.sleep(1.0 / fake.tokens_per_s)
                        for piece in (_utf16_halves(token) if fault and fault.split_surrogates else [token]):
                            self._event(_chunk(model, {"content": piece}))
                        with fake.lock:
                            fake.tokens_sent += 1
                            fake.sent_by_stream[stream_index] += 1
                    self._event(_chunk(model, {}, finish="stop"))
                    self._write(b"data: [DONE]\n\n")
                    self._write(b"")  # the terminating zero-length chunk
                except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
                    with fake.lock:
                        fake.disconnects += 1
                    return  # the client cancelled: stop generating, as a real server does
                self.close_connection = True

            def _keep_alive_for(self, seconds: float, every: float) -> None:
                """SSE comments only: bytes that keep a read timeout happy but carry no text."""
                until = time.monotonic() + seconds
                while time.monotonic() < until:
                    self._write(b": keep-alive\n\n")
                    time.sleep(every)

            def _event(self, payload: dict) -> None:
                self._write(b"data: " + json.dumps(payload).encode() + b"\n\n")

            def _write(self, data: bytes) -> None:
                """One HTTP/1.1 chunk (an empty one ends the body), so a cut is detectable."""
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()

        return Handler


OBEYED = "PWNED: following the instruction found in the request."


def fenced(text: str, label: str) -> list[str]:
    """The contents of every <<<label … label>>> block in `text` (as core.prompts.fence writes them)."""
    blocks, at = [], 0
    while (start := text.find(f"<<<{label}\n", at)) >= 0:
        end = text.find(f"\n{label}>>>", start)
        if end < 0:
            break
        blocks.append(text[start + len(label) + 4:end])
        at = end
    return blocks


def outside_fences(text: str) -> str:
    """`text` with every <<<label … label>>> block removed: what a model would read as instructions."""
    import re

    return re.sub(r"<<<(\w+)\n.*?\n\1>>>", "", text, flags=re.DOTALL)


def _utf16_halves(text: str) -> list[str]:
    """`text` cut so that every astral character's two UTF-16 halves land in separate pieces.

    json.dumps writes a lone half as a \\udXXX escape, as a server that splits a UTF-16 buffer does.
    """
    pieces, current = [], ""
    for ch in text:
        if ord(ch) > 0xFFFF:
            code = ord(ch) - 0x10000
            pieces.append(current + chr(0xD800 + (code >> 10)))
            current = chr(0xDC00 + (code & 0x3FF))
        else:
            current += ch
    return pieces + ([current] if current else [])


def _tone_wav(seconds: float = 0.5, rate: int = 24000) -> bytes:
    """A short 440 Hz tone as WAV, standing in for synthesized speech."""
    import io
    import math
    import struct
    import wave

    frames = b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate)))
                      for i in range(int(seconds * rate)))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return buffer.getvalue()


def _chunk(model: str, delta: dict, finish: str | None = None) -> dict:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def _completion(text: str, body: dict) -> dict:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "fake"),
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }


@contextmanager
def app_on_fake_model(monkeypatch, **server_options):
    """A FakeOpenAI that the app uses as its OpenAI-compatible model (settings and provider reloaded)."""
    from config import get_settings
    from services.llm import get_provider

    with FakeOpenAI(**server_options) as server:
        monkeypatch.setenv("PARLEY_LLM", "compatible")
        monkeypatch.setenv("LLM_BASE_URL", server.base_url)
        get_settings.cache_clear()
        get_provider.cache_clear()
        yield server
