"""Check that every configured LLM backend really answers with a short streamed reply.

Run `python test_backend.py` (a table) or under pytest. The offline coach is always checked;
Groq, OpenAI and an OpenAI-compatible server are checked when configured, else skipped with why.
"""
from __future__ import annotations

import sys
import time
from dataclasses import replace

import pytest

from config import Settings, load_settings
from core.spec import PracticeSpec
from services.llm import TurnContext, get_provider

PROMPT = [
    {"role": "system", "content": "You are a test. Answer in five words or fewer."},
    {"role": "user", "content": "Say hello."},
]
BACKENDS = ("offline", "groq", "openai", "compatible")


def skip_reason(name: str, settings: Settings) -> str | None:
    """Why a backend cannot be checked here, or None when it can."""
    needs = {"groq": ("groq_api_key", "no GROQ_API_KEY"), "openai": ("openai_api_key", "no OPENAI_API_KEY"),
             "compatible": ("llm_base_url", "no LLM_BASE_URL")}
    if name in needs and not getattr(settings, needs[name][0]):
        return needs[name][1]
    return None


def check(name: str, settings: Settings) -> tuple[str, float]:
    """Stream a reply from backend `name`; return (text, seconds to first chunk)."""
    provider = get_provider(replace(settings, parley_llm=name))
    context = TurnContext(spec=PracticeSpec(mode="chat"), transcript=[])
    started, first, parts = time.monotonic(), None, []
    for delta in provider.stream(PROMPT, max_tokens=20, temperature=0.2, context=context):
        first = first if first is not None else time.monotonic() - started
        parts.append(delta)
    return "".join(parts).strip(), first or 0.0


@pytest.mark.parametrize("name", BACKENDS)
def test_backend_answers(name):
    settings = load_settings()
    reason = skip_reason(name, settings)
    if reason:
        pytest.skip(reason)
    text, _ = check(name, settings)
    assert text, f"{name} streamed an empty reply"


def main() -> int:
    settings = load_settings()
    failed = 0
    for name in BACKENDS:
        reason = skip_reason(name, settings)
        if reason:
            print(f"{name:<11} skipped: {reason}")
            continue
        try:
            text, first = check(name, settings)
            print(f"{name:<11} ok   first chunk {first * 1000:.0f} ms: {text[:60]!r}")
        except Exception as exc:  # report every backend, then fail
            failed += 1
            print(f"{name:<11} FAIL {exc}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
