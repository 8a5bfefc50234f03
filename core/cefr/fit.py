"""Fitting the CEFR model on labelled learner texts: standardized signals, a ridge-regularised weighted sum.

Kept small on purpose: one weight per signal, the expected sign of each weight fixed by what the
signal means (a signal whose fitted weight comes out with the wrong sign is dropped and the model
refitted), and a ridge penalty towards small prior weights so ~60 texts cannot be memorised. Run as a
module to refit and print the errors, including leave-one-language-out cross-validation:

    .venv/bin/python -m core.cefr.fit tests/data/learner_texts.json tests/data/cefr_dev_texts.json \
        [--write core/cefr/model.py]
"""
from __future__ import annotations

import json
import math
import sys

from core.cefr.signals import TEXT_SIGNALS, Signals, measure
from core.languages import CEFR_LEVELS

# +1: more of it, higher level; -1: more of it, lower level.
EXPECTED_SIGN = {"unattested": -1, "pattern_errors": -1, "rare_words": 1, "very_rare": 1, "content_zipf": -1, "range": 1,
                 "clause_length": 1, "linking": 1, "link_rarity": 1, "corrections": -1}
WITH_CORRECTIONS = TEXT_SIGNALS + ("corrections",)
RIDGE = 2.0
# The weight each signal would get with no data (levels per standard deviation): the ridge pulls the fit
# towards these rather than towards zero, so a signal that barely varies in a small set (invented forms,
# say) keeps a modest say. Small on purpose; the data decide the rest.
PRIOR = {"unattested": -0.15, "pattern_errors": -0.1, "rare_words": 0.15, "very_rare": 0.2, "content_zipf": -0.15, "range": 0.1,
         "clause_length": 0.15, "linking": 0.15, "link_rarity": 0.1, "corrections": -0.3}
# Accuracy is one of the CEFR's qualitative criteria and the examiner's corrections its most direct
# evidence: their weight is kept at least this large (levels per standard deviation) even when a small
# set, where corrections go with the other signals, would fold their effect into those.
FLOOR = {"corrections": 0.3}
Z_CAP = 3.0  # a standardized signal counts at most this far from the mean: one odd value can't swing the level


def load_texts(path: str) -> list[dict]:
    """Labelled texts as {"id", "lang", "level" (0-5), "answers", "corrections" (list, or None if untracked)}."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    items = data.get("texts", data.get("items", [])) if isinstance(data, dict) else data
    texts = []
    for i, item in enumerate(items):
        level = str(item.get("level") or item.get("cefr")).upper()
        answers = item.get("answers") or ([item["text"]] if item.get("text") else [])
        texts.append({"id": item.get("id", str(i)), "lang": item.get("lang") or item.get("language"),
                      "level": CEFR_LEVELS.index(level), "answers": answers,
                      "corrections": item.get("corrections") if "corrections" in item else None})
    return texts


def signal_values(signals: Signals) -> dict[str, float | None]:
    """The model's inputs: the text signals plus the examiner's corrections per 100 words (repeats not counted)."""
    values = dict(signals.values)
    values["corrections"] = (100 * signals.corrections / max(signals.novel_tokens, 1)
                             if signals.corrections is not None else None)
    return values


def measure_text(text: dict) -> dict[str, float | None]:
    corrections = text["corrections"]
    return signal_values(measure(text["answers"], text["lang"], None if corrections is None else len(corrections)))


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the systems here are at most 9×9)."""
    n = len(vector)
    rows = [row[:] + [v] for row, v in zip(matrix, vector)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(n):
            if r != col and rows[col][col]:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col])]
    return [rows[i][n] / rows[i][i] if rows[i][i] else 0.0 for i in range(n)]


def _stats(column: list[float | None]) -> tuple[float, float]:
    present = [v for v in column if v is not None]
    mean = sum(present) / len(present) if present else 0.0
    var = sum((v - mean) ** 2 for v in present) / max(len(present) - 1, 1)
    return mean, math.sqrt(var) or 1.0


def fit(rows: list[dict[str, float | None]], levels: list[int], names: tuple[str, ...] = WITH_CORRECTIONS,
        ridge: float = RIDGE) -> dict:
    """{"names", "mean", "sd", "weights", "intercept", "univariate"}: level ≈ intercept + Σ weight·z."""
    names = tuple(names)
    stats = {n: _stats([r.get(n) for r in rows]) for n in names}
    z = {n: [_z(r.get(n), *stats[n]) for r in rows] for n in names}
    y_mean = sum(levels) / len(levels)
    fixed: dict[str, float] = {}
    while True:
        free = [n for n in names if n not in fixed]
        target = [y - y_mean - sum(w * z[n][k] for n, w in fixed.items()) for k, y in enumerate(levels)]
        gram = [[sum(a * b for a, b in zip(z[ni], z[nj])) + (ridge if i == j else 0.0) for j, nj in enumerate(free)]
                for i, ni in enumerate(free)]
        rhs = [sum(a * t for a, t in zip(z[n], target)) + ridge * PRIOR[n] for n in free]
        weights = dict(zip(free, _solve(gram, rhs))) if free else {}
        weak = [n for n, w in weights.items() if n in FLOOR and w * EXPECTED_SIGN[n] < FLOOR[n]]
        wrong = [n for n, w in weights.items() if w * EXPECTED_SIGN[n] < 0 and n not in FLOOR]
        if not weak and not wrong:
            break
        fixed.update({n: EXPECTED_SIGN[n] * FLOOR[n] for n in weak})
        names = tuple(n for n in names if n not in wrong)
    weights.update(fixed)
    names = tuple(n for n in names if n in weights)
    univariate = {}
    for n in EXPECTED_SIGN:
        pairs = [(r[n], y) for r, y in zip(rows, levels) if r.get(n) is not None]
        if len(pairs) > 2:
            mx, my = sum(p[0] for p in pairs) / len(pairs), sum(p[1] for p in pairs) / len(pairs)
            sxx = sum((p[0] - mx) ** 2 for p in pairs)
            slope = sum((p[0] - mx) * (p[1] - my) for p in pairs) / sxx if sxx else 0.0
            univariate[n] = (round(my - slope * mx, 4), round(slope, 4))
    return {"names": list(names), "mean": {n: round(stats[n][0], 5) for n in names},
            "sd": {n: round(stats[n][1], 5) for n in names},
            "weights": {n: round(weights[n], 5) for n in names}, "intercept": round(y_mean, 5),
            "univariate": univariate}


def _z(value: float | None, mean: float, sd: float) -> float:
    return 0.0 if value is None else max(-Z_CAP, min(Z_CAP, (value - mean) / sd))


def predict(model: dict, values: dict[str, float | None]) -> float:
    """The continuous level (0 = A1 … 5 = C2), before clipping; a missing signal counts as average."""
    return model["intercept"] + sum(model["weights"][n] * _z(values.get(n), model["mean"][n], model["sd"][n])
                                    for n in model["names"])


def to_level(score: float) -> int:
    return max(0, min(5, int(math.floor(score + 0.5))))


def evaluate(texts: list[dict], rows: list[dict], model: dict) -> dict:
    """MAE of the rounded level overall and per language, and the mean continuous estimate per level."""
    errors: dict[str, list[int]] = {}
    means: dict[str, dict[str, list[float]]] = {}
    for text, row in zip(texts, rows):
        score = predict(model, row)
        errors.setdefault(text["lang"], []).append(abs(to_level(score) - text["level"]))
        means.setdefault(text["lang"], {}).setdefault(CEFR_LEVELS[text["level"]], []).append(score)
    every = [e for v in errors.values() for e in v]
    return {"mae": round(sum(every) / len(every), 3), "exact": round(every.count(0) / len(every), 3),
            "n": len(every), "mae_by_lang": {k: round(sum(v) / len(v), 3) for k, v in sorted(errors.items())},
            "mean_by_level": {k: {lv: round(sum(s) / len(s), 2) for lv, s in sorted(v.items())}
                              for k, v in sorted(means.items())}}


def cross_validate(texts: list[dict], rows: list[dict], by: str = "lang", names=WITH_CORRECTIONS) -> dict:
    """Held-out error: refit without each group (a language, or every 5th text) and score that group."""
    groups = sorted({t["lang"] for t in texts}) if by == "lang" else list(range(5))
    key = (lambda i, t: t["lang"]) if by == "lang" else (lambda i, t: i % 5)
    errors: dict[str, list[int]] = {}
    for group in groups:
        train = [(r, t["level"]) for i, (t, r) in enumerate(zip(texts, rows)) if key(i, t) != group]
        model = fit([r for r, _ in train], [y for _, y in train], names)
        for i, (t, r) in enumerate(zip(texts, rows)):
            if key(i, t) == group:
                errors.setdefault(t["lang"], []).append(abs(to_level(predict(model, r)) - t["level"]))
    every = [e for v in errors.values() for e in v]
    return {"mae": round(sum(every) / len(every), 3),
            "mae_by_lang": {k: round(sum(v) / len(v), 3) for k, v in sorted(errors.items())}}


def fit_all(texts: list[dict]) -> dict:
    """Both models (with the examiner's corrections, and text only), their errors and cross-validation."""
    rows = [measure_text(t) for t in texts]
    levels = [t["level"] for t in texts]
    tracked = [(t, r) for t, r in zip(texts, rows) if r["corrections"] is not None]
    full = fit([r for _, r in tracked], [t["level"] for t, _ in tracked], WITH_CORRECTIONS)
    text_only = fit(rows, levels, TEXT_SIGNALS)
    return {"models": {"corrections": full, "text": text_only},
            "fit": {"corrections": evaluate([t for t, _ in tracked], [r for _, r in tracked], full),
                    "text": evaluate(texts, rows, text_only)},
            "leave_one_language_out": {"corrections": cross_validate([t for t, _ in tracked],
                                                                     [r for _, r in tracked], "lang"),
                                       "text": cross_validate(texts, rows, "lang", TEXT_SIGNALS)},
            "five_fold": {"corrections": cross_validate([t for t, _ in tracked], [r for _, r in tracked], "fold"),
                          "text": cross_validate(texts, rows, "fold", TEXT_SIGNALS)}}


def model_source(models: dict, source: str) -> str:
    """core/cefr/model.py: the fitted constants, written by this module and checked by a test."""
    return ('"""The fitted CEFR model (generated by `python -m core.cefr.fit ' + source + ' --write`; do not edit).\n\n'
            "Two weighted sums of standardized signals: with the examiner's corrections, and text only for\n"
            'sessions that did not track corrections. See core.cefr.fit for how they were fitted.\n"""\n\n'
            f"MODELS = {json.dumps(models, indent=1, ensure_ascii=False)}\n")


def load_sets(paths: list[str]) -> list[dict]:
    """Several labelled files as one set (ids prefixed by the file's name, so they stay unique)."""
    texts = []
    for path in paths:
        stem = path.rsplit("/", 1)[-1].removesuffix(".json")
        texts += [{**t, "id": f"{stem}:{t['id']}"} for t in load_texts(path)]
    return texts


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    args = sys.argv[1:]
    out_path = args[args.index("--write") + 1] if "--write" in args else None
    paths = [a for a in args if a.endswith(".json")] or ["tests/data/learner_texts.json",
                                                        "tests/data/cefr_dev_texts.json"]
    result = fit_all(load_sets(paths))
    if out_path:
        with open(out_path, "w", encoding="utf-8") as out:
            out.write(model_source(result["models"], " ".join(paths)))
    print(json.dumps(result, indent=1, ensure_ascii=False))
