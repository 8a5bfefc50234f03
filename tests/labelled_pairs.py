"""Labelled strong/weak answer pairs (tests/data/judge_pairs*.json) as the turns `offline_report` takes."""
from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).parent / "data"


def load(name: str) -> list[dict]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))["pairs"]


def pair_turn(pair: dict, side: str) -> dict:
    """One side of a pair as an interview turn; a bank question keeps its id, so its key points are checked."""
    turn = {"question": pair["question"], "answer": pair[side]}
    if pair.get("question_id"):
        turn["question_id"] = pair["question_id"]
    return turn
