"""Settings: precedence of sources, provider choice, and keys never printed."""
from __future__ import annotations

import pytest

from config import Settings, load_settings


@pytest.mark.parametrize("env,expected", [
    ({}, "offline"),
    ({"GROQ_API_KEY": "gsk_1"}, "groq"),
    ({"OPENAI_API_KEY": "sk-1"}, "openai"),
    ({"LLM_BASE_URL": "http://localhost:11434/v1"}, "compatible"),
    ({"GROQ_API_KEY": "gsk_1", "OPENAI_API_KEY": "sk-1"}, "groq"),
    ({"GROQ_API_KEY": "gsk_1", "PARLEY_LLM": "offline"}, "offline"),
    ({"OPENAI_API_KEY": "sk-1", "PARLEY_LLM": "OpenAI"}, "openai"),
])
def test_provider_choice(env, expected):
    assert load_settings(env=env, secrets={}).llm_provider == expected


def test_environment_wins_over_secrets_and_types_are_coerced():
    settings = load_settings(env={"TEMPERATURE": "0.5"}, secrets={"TEMPERATURE": 0.1, "GROQ_API_KEY": "gsk_s",
                                                                  "MAX_TOKENS_INTERVIEW": "123"})
    assert settings.temperature == 0.5
    assert settings.groq_api_key == "gsk_s"
    assert settings.max_tokens("interview") == 123


def test_defaults_match_the_design():
    s = Settings()
    assert (s.groq_chat_model, s.groq_summary_model, s.openai_chat_model) == (
        "llama-3.3-70b-versatile", "llama-3.1-8b-instant", "gpt-4o-mini")
    assert s.temperature == 0.85
    assert (s.max_tokens("interview"), s.max_tokens("language"), s.max_tokens("chat")) == (300, 150, 150)


def test_yes_no_settings_are_bools():
    yes_no = ("offline_fallback", "gtts_enabled", "speak_replies", "keep_recordings", "parley_single_user")
    assert all(type(getattr(Settings(), name)) is bool for name in yes_no)
    env = {"GTTS_ENABLED": "no", "OFFLINE_FALLBACK": "0", "SPEAK_REPLIES": "off", "KEEP_RECORDINGS": "yes"}
    s = load_settings(env=env, secrets={"PARLEY_SINGLE_USER": True})
    assert (s.gtts_enabled, s.offline_fallback, s.speak_replies, s.keep_recordings, s.parley_single_user) == (
        False, False, False, True, True)
    with pytest.raises(ValueError, match="GTTS_ENABLED must be a bool"):
        load_settings(env={"GTTS_ENABLED": "2"}, secrets={})


def test_ice_servers_are_a_setting_and_toml_tables_arrive_as_json():
    import json

    assert Settings().parley_ice_servers == ""
    tables = [{"urls": ["turn:t.example.org:3478"], "username": "u"}]
    assert json.loads(load_settings(env={}, secrets={"PARLEY_ICE_SERVERS": tables}).parley_ice_servers) == tables
    raw = '[{"urls": "stun:s.example.org"}]'
    assert load_settings(env={"PARLEY_ICE_SERVERS": raw}, secrets={}).parley_ice_servers == raw


def test_bad_number_names_the_setting():
    with pytest.raises(ValueError, match="TEMPERATURE"):
        load_settings(env={"TEMPERATURE": "warm"}, secrets={})


def test_session_key_wins_and_is_never_printed():
    base = load_settings(env={"OPENAI_API_KEY": "sk-env-secret"}, secrets={})
    mine = base.with_session_keys({"groq": " gsk_pasted_secret "})
    assert mine.llm_provider == "groq" and mine.groq_api_key == "gsk_pasted_secret"
    assert base.groq_api_key == ""  # the process settings are untouched
    for text in (repr(mine), str(mine), f"{mine}"):
        assert "gsk_pasted_secret" not in text and "sk-env-secret" not in text


def test_dotenv_file_is_read(tmp_path, monkeypatch):
    import config

    (tmp_path / ".env").write_text("GROQ_API_KEY=gsk_from_dotenv\n")
    monkeypatch.setattr(config, "ROOT", tmp_path)
    monkeypatch.delenv("GROQ_API_KEY", raising=False)
    monkeypatch.delenv("PARLEY_LLM", raising=False)
    try:
        assert config.load_settings(secrets={}).llm_provider == "groq"
    finally:
        import os
        os.environ.pop("GROQ_API_KEY", None)
