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


def rank_set(pairs: list[dict]) -> tuple[list[tuple], dict[str, list[bool]], dict[str, tuple[float, float]]]:
    """Score every pair and every domain's whole strong and weak sessions with `offline_report`: (misses as
    (id, category, strong, weak), hits per category, {domain: (strong session, weak session)}). A tie is a miss."""
    import collections

    from core.feedback import offline_report

    misses, hits = [], collections.defaultdict(list)
    for pair in pairs:
        strong, weak = (offline_report([pair_turn(pair, side)], "interview")["overall"] for side in ("strong", "weak"))
        hits[pair["category"]].append(strong > weak)
        if not strong > weak:
            misses.append((pair["id"], pair["category"], strong, weak))
    by_domain = collections.defaultdict(list)
    for pair in pairs:
        by_domain[pair["domain"]].append(pair)
    sessions = {domain: tuple(offline_report([pair_turn(p, side) for p in group], "interview")["overall"]
                              for side in ("strong", "weak"))
                for domain, group in by_domain.items()}
    return misses, dict(hits), sessions
