"""ui/state.py is the one registry of session-state keys, and the only module that touches st.session_state.

Source scans (AST, so comments and docstrings don't count) over ui/ and pages/, plus the registry itself:
every key declared once, with a comment, used somewhere, reached only through ui.state; every literal
widget key either a declared key or listed as WIDGET_ONLY.
"""
from __future__ import annotations

import ast
import string
import tokenize
from pathlib import Path

import pytest
import streamlit as st

from ui import state

ROOT = Path(__file__).resolve().parents[1]
STATE_FILE = ROOT / "ui" / "state.py"
SCANNED = sorted([*(ROOT / "ui").glob("*.py"), *(ROOT / "pages").glob("*.py")])
ACCESSORS = {"get", "put", "pop", "setdefault", "has"}
WEBRTC_WIDGETS = {"webrtc_streamer", "create_audio_sink_track", "create_audio_source_track"}


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _declared() -> dict[str, str]:
    """NAME -> key of every `NAME: Key = "..."` in ui/state.py."""
    return {name: getattr(state, name) for name, note in state.__annotations__.items() if note == "Key"}


def _callee(node: ast.Call) -> str | None:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None


def _pattern(node: ast.expr) -> str | None:
    """A literal key as written: "iv_start", or f"hist_open_{sid}" as "hist_open_{}"; None when computed."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(p.value if isinstance(p, ast.Constant) else "{}" for p in node.values)
    return None


def _literal_widget_keys() -> dict[str, list[str]]:
    """Literal `key=` of Streamlit and streamlit-webrtc widgets in ui/ and pages/ -> where they are."""
    found: dict[str, list[str]] = {}
    for path in SCANNED:
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Call) and (hasattr(st, _callee(node) or "") or _callee(node) in WEBRTC_WIDGETS):
                for kw in node.keywords:
                    if kw.arg == "key" and (pattern := _pattern(kw.value)) is not None:
                        found.setdefault(pattern, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_the_scan_covers_the_ui_and_the_pages():
    names = {p.relative_to(ROOT).as_posix() for p in SCANNED}
    assert {"ui/state.py", "ui/live.py", "ui/voice.py", "pages/feedback.py"} <= names


def test_only_ui_state_touches_session_state():
    offenders = []
    for path in SCANNED:
        if path == STATE_FILE:
            continue
        for node in ast.walk(_tree(path)):
            touched = (isinstance(node, ast.Attribute) and node.attr == "session_state") or \
                      (isinstance(node, ast.Name) and node.id == "session_state") or \
                      (isinstance(node, ast.alias) and node.name == "session_state") or \
                      (isinstance(node, ast.Constant) and node.value == "session_state")  # getattr(st, "...")
            if touched:
                offenders.append(f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}")
    assert not offenders, f"session state reached outside ui/state.py (use its keys and accessors): {offenders}"


def test_the_registry_is_found_and_every_key_is_unique():
    declared = _declared()
    assert len(declared) >= 30  # the scan below would pass vacuously if the annotation marker were lost
    by_value: dict[str, list[str]] = {}
    for name, key in declared.items():
        assert isinstance(key, str) and key, name
        by_value.setdefault(key, []).append(name)
    assert {k: v for k, v in by_value.items() if len(v) > 1} == {}


def test_each_key_is_assigned_once_in_the_source():
    names = [t.target.id for t in _tree(STATE_FILE).body
             if isinstance(t, ast.AnnAssign) and isinstance(t.target, ast.Name)]
    assert len(names) == len(set(names)), "a key constant is declared twice (the second silently wins)"


def test_each_key_says_what_it_holds_and_who_writes_it():
    """Every `NAME: Key = ...` line ends with a comment that is more than a word or two."""
    declared = _declared()
    with tokenize.open(STATE_FILE) as f:
        tokens = list(tokenize.generate_tokens(f.readline))
    comment_on_line = {t.start[0]: t.string for t in tokens if t.type == tokenize.COMMENT}
    lines = {t.target.id: t.lineno for t in _tree(STATE_FILE).body
             if isinstance(t, ast.AnnAssign) and isinstance(t.target, ast.Name) and t.target.id in declared}
    assert set(lines) == set(declared)
    bare = [name for name, line in lines.items() if len(comment_on_line.get(line, "").split()) < 5]
    assert not bare, f"key constants without a comment saying what they hold and who writes them: {bare}"


def test_each_declared_key_is_used():
    """A key nobody reads or writes is stale: delete it (or the code that should use it is missing)."""
    declared = set(_declared())
    used: set[str] = set()
    for path in SCANNED:
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "state":
                used.add(node.attr)
            elif path == STATE_FILE and isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                used.add(node.id)
    assert sorted(declared - used) == []


def test_templates_are_filled_with_the_fields_they_name():
    """`state.VOICE_BOX.format(session=..., round=...)`: a missing or misspelt field would fail at run time."""
    declared = _declared()
    fields = {name: {f for _, f, _, _ in string.Formatter().parse(key) if f} for name, key in declared.items()}
    calls = 0
    for path in SCANNED:
        for node in ast.walk(_tree(path)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"):
                target = node.func.value
                name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", None)
                if name in declared:
                    calls += 1
                    given = {kw.arg for kw in node.keywords}
                    assert given == fields[name], f"{path.relative_to(ROOT)}:{node.lineno} fills {name} with {given}"
    templates = [n for n, f in fields.items() if f]
    assert templates and calls >= len(templates)


def test_accessors_are_given_declared_keys_not_literals():
    """state.get("fb_pick") would bypass the registry as surely as st.session_state["fb_pick"]."""
    literal = []
    for path in SCANNED:
        for node in ast.walk(_tree(path)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ACCESSORS
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "state"
                    and node.args and _pattern(node.args[0]) is not None):
                literal.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not literal, f"literal session-state keys passed to ui.state accessors: {literal}"


def test_literal_widget_keys_are_listed_and_never_shadow_a_declared_key():
    found = _literal_widget_keys()
    assert "iv_start" in found and "hist_open_{}" in found  # the scan finds plain and f-string keys
    declared = set(_declared().values())
    shadowing = {k: where for k, where in found.items() if k in declared}
    assert not shadowing, f"use the ui.state constant for these widget keys: {shadowing}"
    unlisted = {k: where for k, where in found.items() if k not in state.WIDGET_ONLY}
    assert not unlisted, ("widget keys neither declared in ui/state.py nor listed in WIDGET_ONLY "
                          f"(declare the key if code reads it back): {unlisted}")
    assert sorted(state.WIDGET_ONLY - set(found)) == [], "WIDGET_ONLY lists keys no widget uses any more"


def test_widget_only_keys_are_never_read_back():
    """A key listed as widget-only must not also be a declared key (then it would be read back)."""
    assert state.WIDGET_ONLY.isdisjoint(_declared().values())


@pytest.fixture
def session(monkeypatch):
    fake: dict = {}
    monkeypatch.setattr(state.st, "session_state", fake)
    monkeypatch.setattr(state.st, "switch_page", lambda page: fake.setdefault("_switched_to", page))
    return fake


def test_one_call_hands_a_session_to_feedback_and_it_is_taken_once(session):
    state.open_in_feedback("s1", write_report=True)
    assert session["_switched_to"] == "pages/feedback.py"
    assert state.handed_to_feedback() == ("s1", None)
    assert state.handed_to_feedback() == (None, None)
    state.open_in_feedback("s2")
    assert state.handed_to_feedback() == (None, "s2")


def test_accessors_read_and_write_the_session(session):
    assert state.get(state.STOP_REPLY, False) is False and not state.has(state.STOP_REPLY)
    state.put(state.STOP_REPLY, True)
    assert session[state.STOP_REPLY] is True and state.has(state.STOP_REPLY)
    assert state.pop(state.STOP_REPLY, False) is True and state.pop(state.STOP_REPLY, False) is False
    first = state.setdefault(state.ANNOUNCED, set())
    assert state.setdefault(state.ANNOUNCED, set()) is first  # the same object across reruns
    state.set_session_key("groq", " gsk_x ")
    assert state.session_keys() == {"groq": "gsk_x"}
    state.forget_session_keys()
    assert state.session_keys() == {}
