"""One error type for everything a user may see fail.

Every failure says where it happened (stage), what kind it was (code), what to do (message,
in the user's words: safe to show, never a key, a raw provider body, a library, provider or setting
name) and whether trying again may help. What only whoever runs Parley can act on (a setting to
change, the engine or provider that failed, an HTTP status) goes in `details`, which the pages show
under "Technical details".
"""
from __future__ import annotations

STAGES = ("upload", "stt", "llm", "tts", "storage", "webrtc", "safety")


class StageError(Exception):
    def __init__(
        self,
        stage: str,
        code: str,
        message: str,
        *,
        retryable: bool = False,
        request_id: str | None = None,
        retry_after: float | None = None,
        details: str | None = None,
    ) -> None:
        if stage not in STAGES:
            raise ValueError(f"unknown stage {stage!r}")
        super().__init__(message)
        self.stage = stage
        self.code = code
        self.message = message
        self.retryable = retryable
        self.request_id = request_id
        self.retry_after = retry_after
        self.details = details

    def to_dict(self) -> dict:
        return {
            "stage": self.stage,
            "code": self.code,
            "message": self.message,
            "retryable": self.retryable,
            "request_id": self.request_id,
            "details": self.details,
        }

    def __str__(self) -> str:
        return f"[{self.stage}/{self.code}] {self.message}"
