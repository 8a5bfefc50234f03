"""services/ is the impure edge but not the UI: no module under services/ imports Streamlit.

Streamlit building blocks (and workarounds for streamlit-webrtc's session state) belong in ui/.
"""
from __future__ import annotations

from pathlib import Path

import services
from tests.test_core_purity import _imports  # the same AST scan that keeps core/ pure

SERVICES = Path(services.__file__).parent
UI_ONLY = {"streamlit", "streamlit_webrtc"}


def test_no_service_imports_streamlit():
    files = list(SERVICES.rglob("*.py"))
    assert len(files) >= 20
    offenders = {str(p.relative_to(SERVICES)): sorted(_imports(p) & UI_ONLY) for p in files if _imports(p) & UI_ONLY}
    assert offenders == {}


def test_the_scan_sees_a_function_level_import(tmp_path):
    """The check must be able to fail: a lazy `import streamlit` inside a function is found."""
    sample = tmp_path / "lazy.py"
    sample.write_text("def f():\n    import streamlit as st\n    from streamlit_webrtc import x\n", encoding="utf-8")
    assert _imports(sample) == UI_ONLY
