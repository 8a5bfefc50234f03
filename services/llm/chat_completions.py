"""Streaming chat completions through an official SDK client (OpenAI, Groq, or compatible).

The OpenAI and Groq SDKs expose the same `client.chat.completions.create(stream=True)` call,
so one thin class serves all three cloud-ish providers; only the client differs.
"""
from __future__ import annotations

import socket
import threading
from typing import Iterator

from core.errors import StageError
from core.text.clean import StreamCleaner, clean_text
from services.llm.base import TurnContext, is_cancelled
from services.provider_errors import to_stage_error
from services.providers import plain_name


class ChatCompletionsProvider:
    def __init__(self, name: str, label: str, client, model: str, summary_model: str | None = None):
        self.name = name
        self.label = label
        self.client = client
        self.model = model
        self.summary_model = summary_model or model

    def stream(
        self,
        messages: list[dict],
        *,
        max_tokens: int,
        temperature: float,
        cancel: threading.Event | None = None,
        context: TurnContext | None = None,
    ) -> Iterator[str]:
        """Yield reply deltas; close the HTTP stream as soon as `cancel` is set."""
        try:
            response = self.client.chat.completions.create(
                model=self.model,
                messages=messages,
                max_tokens=max_tokens,
                temperature=temperature,
                stream=True,
            )
        except Exception as exc:
            raise to_stage_error(exc, self.name) from exc
        finished = False
        cleaner = StreamCleaner()  # an emoji's surrogate halves may arrive in two chunks: join them
        # A CancelFlag lets us hang up the moment it is set, not only after the next token.
        open_lock, is_open = threading.Lock(), [True]

        def hang_up() -> None:
            with open_lock:  # never touch the connection once it went back to the pool
                if is_open[0]:
                    _hang_up(response)

        on_set = getattr(cancel, "on_set", None)
        unhook = on_set(hang_up) if on_set is not None else None
        try:
            for chunk in response:
                if is_cancelled(cancel):
                    return
                if not getattr(chunk, "choices", None):
                    continue
                finished = finished or bool(chunk.choices[0].finish_reason)
                delta = chunk.choices[0].delta
                text = getattr(delta, "content", None)
                text = cleaner.feed(text) if isinstance(text, str) else ""
                if text:
                    yield text
                    if is_cancelled(cancel):
                        return
        except Exception as exc:
            if is_cancelled(cancel):
                return  # we hung up on purpose
            raise to_stage_error(exc, self.name) from exc
        finally:
            with open_lock:
                is_open[0] = False
            if unhook is not None:
                unhook()
            response.close()
        tail = cleaner.flush()
        if tail and not is_cancelled(cancel):
            yield tail
        if not finished and not is_cancelled(cancel):  # the connection ended cleanly but the model never said it was done
            raise StageError("llm", "stream_cut", f"The reply from {plain_name(self.name, 'llm')} stopped halfway. "
                             "Try again.", retryable=True, details=self.label)

    def complete(self, messages: list[dict], *, max_tokens: int, temperature: float = 0.3,
                 model: str | None = None, json_mode: bool = False, response_format: dict | None = None) -> str:
        """One non-streamed answer (summaries, reports).

        `response_format` is passed through as is (e.g. a json_schema for structured output);
        `json_mode` is the shorthand for {"type": "json_object"}.
        """
        if response_format is None and json_mode:
            response_format = {"type": "json_object"}
        extra = {"response_format": response_format} if response_format else {}
        try:
            response = self.client.chat.completions.create(
                model=model or self.model,
                messages=messages,
                max_tokens=max_tokens,
                temperature=temperature,
                **extra,
            )
        except Exception as exc:
            raise to_stage_error(exc, self.name) from exc
        try:
            content = response.choices[0].message.content
        except (AttributeError, IndexError, TypeError) as exc:
            raise StageError("llm", "bad_response", f"The answer from {plain_name(self.name, 'llm')} could not be "
                             "read. Try again.", retryable=True, details=self.label) from exc
        return clean_text(content if isinstance(content, str) else "").strip()

    def summarize(self, messages: list[dict], prompt: str, max_tokens: int) -> str:
        """Summarize old turns with the cheaper summary model (used by core.memory)."""
        transcript = "\n".join(f"{m['role']}: {m['content']}" for m in messages)
        return self.complete(
            [{"role": "system", "content": prompt}, {"role": "user", "content": transcript}],
            max_tokens=max_tokens,
            model=self.summary_model,
        )


def _hang_up(response) -> None:
    """Shut the stream's connection down now, from any thread.

    A reader blocked on the next token wakes up at once and the server sees the disconnect and
    stops generating; a plain close() would only happen after that next token arrived.
    Best effort: when the socket is out of reach, the per-token cancel check still stops us.
    """
    try:
        stream = response.response.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)
    except Exception:
        pass
