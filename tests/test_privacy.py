"""Raw audio is not written to disk unless the user opts in; deleting a session removes it all."""
from __future__ import annotations

from pathlib import Path

from services.audio import to_wav_bytes
from services.storage import Store
from tests.apptest_helpers import button, new_app


def _voice_turn(at, speak):
    button(at, "Start interview").click().run()
    samples, rate = speak("I would start by measuring where the time goes.")
    at.audio_input[0].set_value(("answer.wav", to_wav_bytes(samples, rate), "audio/wav")).run()
    button(at, "Send answer").click().run()
    assert not at.exception, at.exception


def _audio_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("parley.db")]


def test_no_audio_is_written_by_default(speak, tmp_path):
    at = new_app()
    at.session_state["speak_replies"] = False
    _voice_turn(at, speak)
    assert _audio_files(tmp_path) == []
    with open(tmp_path / "parley.db", "rb") as db:
        assert b"RIFF" not in db.read()  # no WAV bytes hidden in the database either


def test_opt_in_keeps_recordings_and_delete_removes_them(speak, tmp_path, monkeypatch):
    monkeypatch.setenv("KEEP_RECORDINGS", "1")
    at = new_app()
    at.session_state["speak_replies"] = False
    _voice_turn(at, speak)
    kept = _audio_files(tmp_path)
    assert len(kept) == 1 and kept[0].read_bytes()[:4] == b"RIFF"
    store = Store(tmp_path / "parley.db")
    [session] = store.list_sessions()
    assert store.delete_session(session["id"])
    assert _audio_files(tmp_path) == [] and store.turns(session["id"]) == []
