"""Negations and contrasts: right sentences that say "not" or compare two things, as claim-checker training pairs.

The checker read the bank's own right sentences as contradicting their key points when they held a negation or
a contrast ("…I don't think he's safe to go home", "processes are isolated, unlike threads") and doubted right
answers. Helpers who saw only a bank and data/checker/contrast_brief.md wrote, for every key point, four
sentences (data/checker/contrast/*.jsonl): the point made with a negation, the point made by a contrast, the point
denied, and a sentence beside it on the same subject. Each gives one pair against its key point, labelled as
written: shows, shows, contradicts, not.

Not a source of scripts/checker_data.py on main: that file's hash is in the shipped checker's manifest, so the hook
lands with a checker trained on it. Two runs with it, r22 and r23, are measured in docs/claim-checker.md.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import checker_rows  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CONTRAST = ROOT / "data" / "checker" / "contrast"
LABELS = ("shows", "contradicts", "not")


def rows() -> list[dict]:
    """The helpers' lines that parse and carry a known label."""
    return checker_rows.rows(CONTRAST, LABELS)


def contrast_pairs(questions: dict[str, dict]) -> list[dict]:
    """One pair per sentence, against the key point it was written for; lines naming no key point are skipped."""
    return checker_rows.point_pairs(rows(), questions, "contrast")


def files() -> list[Path]:
    """What these pairs are read from (for the model's manifest)."""
    return sorted(CONTRAST.glob("*.jsonl")) + [Path(__file__).resolve()]
