"""Key points and known wrong claims judged by Parley's claim checker (core.judge.checker).

Each key point is read against every window of the answer (each real sentence, and two in a row); the
window that shows it best and the one that contradicts it most decide its state:
- "contradicted" when a window contradicts it and the checker is very sure (CONTRADICTS);
- "confirmed" when a window shows it and the checker is sure (SHOWS), and nothing contradicts it;
- "unconfirmed" when a window may show it (MAYBE): the report says "I couldn't confirm…", never "covered";
- "missing" otherwise.
A known wrong claim is asserted when a window shows the claim itself and the checker is very sure (WRONG).
Thresholds were chosen for precision first on sets never trained on (docs/claim-checker.md).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.judge import checker

SHOWS = 0.90
MAYBE = 0.50
CONTRADICTS = 0.90
CONTRA_VETO = 0.50  # a window this likely to contradict a point keeps another window from confirming it
WRONG = 0.92
STRENGTH = 0.95  # a strength may quote a window only when the checker is this sure it shows its point
TOP = 3  # windows read per statement: those holding its nearest real sentences by meaning (cost, not judgement)


@dataclass
class Checked:
    """One statement against one answer: its best showing and contradicting windows."""

    shows: float
    shows_at: str
    contradicts: float
    contradicts_at: str


def windows(sentences) -> list[str]:
    """Each real sentence, and each pair of adjacent sentences one of which is real."""
    return [text for text, _ in _windows(sentences)]


def _windows(sentences) -> list[tuple[str, tuple[int, ...]]]:
    """(window text, the real sentences in it by their index among the real ones)."""
    real_index, n = {}, 0
    for i, s in enumerate(sentences):
        if s.real:
            real_index[i], n = n, n + 1
    out = [(s.text, (real_index[i],)) for i, s in enumerate(sentences) if s.real]
    for i, (first, second) in enumerate(zip(sentences, sentences[1:])):
        if first.words + second.words >= 8 and (first.real or second.real):
            out.append((f"{first.text} {second.text}", tuple(real_index[k] for k in (i, i + 1) if k in real_index)))
    return out


def check(statements: list[str], sentences, near: np.ndarray | None = None) -> list[Checked]:
    """Every statement against the answer's windows, in one batch. With `near` (statements x real sentences, how
    close each real sentence is by meaning), only the windows around each statement's TOP nearest sentences are
    read: the checker decides, the sentence model only spares it windows about something else."""
    found = _windows(sentences)
    if not statements or not found:
        return [Checked(0.0, "", 0.0, "") for _ in statements]
    chosen: list[list[int]] = []
    for row in range(len(statements)):
        if near is None or near.shape[1] <= TOP:
            chosen.append(list(range(len(found))))
            continue
        keep = set(np.argsort(-near[row])[:TOP].tolist())
        chosen.append([w for w, (_, inside) in enumerate(found) if keep & set(inside)])
    pairs = [(statements[row], found[w][0]) for row in range(len(statements)) for w in chosen[row]]
    probs = checker.probabilities(pairs)
    out, at = [], 0
    for row in range(len(statements)):
        block = probs[at:at + len(chosen[row])]
        texts = [found[w][0] for w in chosen[row]]
        at += len(chosen[row])
        i, j = int(np.argmax(block[:, 1])), int(np.argmax(block[:, 2]))
        out.append(Checked(float(block[i, 1]), texts[i], float(block[j, 2]), texts[j]))
    return out


def state(found: Checked) -> str:
    if found.contradicts >= CONTRADICTS and found.contradicts > found.shows:
        return "contradicted"
    if found.shows >= SHOWS and found.contradicts < CONTRA_VETO:
        return "confirmed"
    if found.shows >= MAYBE:
        return "unconfirmed"
    return "missing"
