"""The provider table and the one SDK client factory (services/providers.py)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from config import Settings
from core.errors import StageError
from services.providers import PROVIDERS, client

ROOT = Path(__file__).resolve().parents[1]


def test_every_setting_the_table_names_exists():
    fields = set(Settings.__dataclass_fields__)
    for p in PROVIDERS.values():
        named = [p.key_setting, p.base_url_setting, p.chat_model, p.summary_model, p.report_model, p.stt_model,
                 p.tts_model]
        assert {n for n in named if n} <= fields, p.name


@pytest.mark.parametrize("stage", ["llm", "stt", "tts"])
@pytest.mark.parametrize("name", ["groq", "openai"])
def test_missing_key_names_the_exact_setting_in_details(name, stage):
    with pytest.raises(StageError) as info:
        client(Settings(), name, stage)
    err = info.value
    assert (err.stage, err.code) == (stage, "missing_key")
    assert f"set {name.upper()}_API_KEY in the environment, .env or st.secrets" in err.details
    assert "Paste a key in the sidebar" in err.message


def test_compatible_server_needs_a_base_url_not_a_key():
    with pytest.raises(StageError) as info:
        client(Settings(), "compatible", "llm")
    assert info.value.code == "missing_base_url" and "LLM_BASE_URL" in info.value.details
    sdk = client(Settings(llm_base_url="http://127.0.0.1:9/v1"), "compatible", "llm")
    assert str(sdk.base_url).startswith("http://127.0.0.1:9/v1")


@pytest.mark.parametrize("name,sdk", [("groq", "groq"), ("openai", "openai")])
def test_every_client_has_sdk_retries_off(name, sdk):
    settings = Settings(groq_api_key="gsk_x", openai_api_key="sk-x", max_retries=5)
    for stage in ("llm", "stt", "tts"):
        built = client(settings, name, stage)
        assert built.max_retries == 0  # services/retry.py owns retries
        assert type(built).__module__.split(".")[0] == sdk
    assert client(settings, name, "llm", timeout=3.0).timeout == 3.0


def test_only_the_factory_builds_sdk_clients():
    """No other module constructs groq.Groq / openai.OpenAI: one place sets timeouts and retries."""
    offenders = []
    for path in list((ROOT / "services").rglob("*.py")) + list((ROOT / "ui").rglob("*.py")) + \
            list((ROOT / "pages").rglob("*.py")):
        if path.name == "providers.py" and path.parent.name == "services":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in ("Groq", "OpenAI") and isinstance(node.func.value, ast.Name):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
