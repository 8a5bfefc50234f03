"""core/ stays pure: no Streamlit, no network or audio libraries, importable on its own."""
from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import core

FORBIDDEN = {"streamlit", "requests", "httpx", "openai", "groq", "socket", "urllib", "sounddevice", "pyaudio",
             "streamlit_webrtc", "aiortc", "faster_whisper", "piper", "sqlite3"}
CORE = Path(core.__file__).parent


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_core_imports_nothing_impure():
    files = list(CORE.rglob("*.py"))
    assert len(files) >= 10
    offenders = {str(p.relative_to(CORE)): sorted(_imports(p) & FORBIDDEN) for p in files if _imports(p) & FORBIDDEN}
    assert offenders == {}


def test_every_core_module_imports():
    for info in pkgutil.walk_packages(core.__path__, "core."):
        importlib.import_module(info.name)
