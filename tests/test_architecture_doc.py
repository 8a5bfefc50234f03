"""docs/architecture.md stays true: it names every package of the layers and every thread Parley starts."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def test_every_layer_and_sub_package_is_named():
    folders = ["pages/", "ui/", "services/", "core/"] + [
        f"{p.parent.name}/{p.name}" for p in sorted((ROOT / "services").iterdir()) if (p / "__init__.py").exists()
    ] + [f"core/{p.name}" for p in sorted((ROOT / "core").iterdir()) if (p / "__init__.py").exists()]
    missing = [f for f in folders if f"`{f.rstrip('/')}" not in DOC and f"`{f}" not in DOC]
    assert missing == [], missing


def test_every_thread_started_is_in_the_thread_table():
    names = set()
    for path in list((ROOT / "services").rglob("*.py")) + list((ROOT / "ui").rglob("*.py")):
        names |= set(re.findall(r"Thread\([^)]*name=\"([\w-]+)\"", path.read_text(encoding="utf-8")))
    assert names, "no named threads found: the check would be empty"
    assert sorted(n for n in names if f"`{n}`" not in DOC) == []
