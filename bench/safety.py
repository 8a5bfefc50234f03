"""Cost of the safety screen on real practice: ms per message (short, one sentence, a long spoken answer), and how
often a practice answer leans far enough to self-harm that its pieces are read too (core.safety.model.PIECE_GATE).

Prints one JSON object. Run with `make bench` or `.venv/bin/python bench/safety.py` (about a minute).
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.judge import meaning  # noqa: E402
from core.safety import model, screen  # noqa: E402

SAMPLES = {
    "short": "Can we switch to behavioural questions?",
    "sentence": "I'd start by profiling the slow endpoint and adding an index where the query plan shows a full scan.",
    "long_spoken": ("um so yeah the time i had to handle a difficult stakeholder was uh last year when our finance "
                    "director wanted the whole migration moved forward by two months and i basically sat down with her "
                    "and went through the risks one by one and we agreed to split it into two phases so the reporting "
                    "part went first and the rest followed and in the end we delivered both phases on time"),
}


def _fresh_ms(text: str) -> float:
    """One screening with nothing cached (the sentence model loaded)."""
    screen.cache_clear()
    meaning._cached.clear()
    start = time.perf_counter()
    screen(text, "interview")
    return 1000 * (time.perf_counter() - start)


def main() -> None:
    started = time.perf_counter()
    screen("warm up the sentence model", "chat")
    load_s = time.perf_counter() - started
    out: dict = {"load_s": round(load_s, 2)}
    for name, text in SAMPLES.items():
        out[f"{name}_ms"] = round(statistics.median(_fresh_ms(text) for _ in range(3)), 1)
        out[f"{name}_pieces"] = len(model.pieces(text))
    meaning._cached.clear()
    start = time.perf_counter()
    model.probabilities(model.pieces(SAMPLES["long_spoken"]))
    out["long_spoken_pieces_read_ms"] = round(1000 * (time.perf_counter() - start), 1)  # what passing the gate adds
    answers = [a["answer"] for name in ("claims_fourth", "claims_spoken_dev")
               for a in json.loads((ROOT / "tests" / "data" / f"{name}.json").read_text(encoding="utf-8"))["answers"]]
    harm = model.probabilities(answers)[:, -1]
    out["practice_answers"] = len(answers)
    out["practice_answers_past_piece_gate"] = int((harm >= model.PIECE_GATE).sum())
    print(json.dumps(out))


if __name__ == "__main__":
    main()
