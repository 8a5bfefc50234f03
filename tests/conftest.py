"""Shared fixtures: a clean environment (no real keys), a temp database, the fake OpenAI server."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fakes.openai_server import FakeOpenAI  # noqa: E402

_PROVIDER_ENV = ("GROQ_API_KEY", "OPENAI_API_KEY", "LLM_BASE_URL", "LLM_API_KEY", "LLM_MODEL", "PARLEY_LLM",
                 "GROQ_BASE_URL", "OPENAI_BASE_URL", "PARLEY_DB")


@pytest.fixture(autouse=True)
def offline_env(monkeypatch, tmp_path):
    """Every test starts offline, with its own database, whatever the developer's shell has."""
    for name in _PROVIDER_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PARLEY_DB", str(tmp_path / "parley.db"))
    monkeypatch.setenv("PARLEY_LLM", "offline")
    from config import get_settings
    from services.llm import get_provider

    get_settings.cache_clear()
    get_provider.cache_clear()
    yield
    get_settings.cache_clear()
    get_provider.cache_clear()


@pytest.fixture
def fake_openai():
    with FakeOpenAI() as server:
        yield server
