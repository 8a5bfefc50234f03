"""The résumé-evidence model's labelled pairs: (requirement, résumé line) -> shows / does not show.

Built with the app's own readers (core.job.requirements, core.job.evidence.resume_lines), so training sees the
requirement texts and résumé lines the app reads at run time; run in the app's venv. A requirement read from the
job description stands for the labelled requirements its span overlaps; a line shows it when it overlaps a line
the labeller marked as evidence for one of them (tests/job_scoring.py matches the same way). Job titles with dates
and requirements of years are never judged by the model, so they are left out.

Sets are kept apart: TRAIN_JOBS are trained on; DEV_JOBS choose the threshold (scripts/calibrate_evidence.py) and
are never trained on; BLIND_JOBS were written after the model was designed and are scored once.

    .venv/bin/python scripts/evidence_data.py build/evidence_pairs.jsonl   # make evidence runs this first
"""
from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
LABELS = ("not", "shows")
LABEL_ID = {name: i for i, name in enumerate(LABELS)}
TRAIN_JOBS = tuple(f"jobs_{c}.json" for c in "abcdefghijklmnopqrstuvwxyz")
DEV_JOBS = ("jobs_aa.json", "jobs_ab.json", "jobs_ac.json", "jobs_ad.json", "jobs_ae.json")
BLIND_JOBS = ("unscored/jobs_af.json", "unscored/jobs_ag.json")
# Lines that do not show a requirement, kept per requirement and résumé (all positives are kept): those sharing
# the most words with it (the near-misses a careless reader takes as evidence), and a few at random.
HARD_NEGATIVES = 3
RANDOM_NEGATIVES = 2


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    if a[0] < 0 or b[0] < 0:
        return False
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter >= 0.5 * min(a[1] - a[0], b[1] - b[0])


def _span(text: str, piece: str) -> tuple[int, int]:
    at = text.find(piece)
    return (at, at + len(piece)) if at >= 0 else (-1, -1)


def job_pairs(job: dict) -> list[dict]:
    """Every (requirement, line) the model would read for this job's two résumés, labelled."""
    sys.path.insert(0, str(ROOT))
    from core.job.evidence import resume_lines, tenure
    from core.job.requirements import requirements

    jd = job["job_description"]
    reqs = [r for r in requirements(jd) if not tenure(r.text)]
    out = []
    for resume in job["resumes"]:
        text = resume["text"]
        lines = [line for line in resume_lines(text) if not line.title]
        for req in reqs:
            ids = [r["id"] for r in job["requirements"] if _overlaps((req.start, req.end), _span(jd, r["jd_text"]))]
            if not ids:
                continue  # a requirement the labellers did not list: no label either way
            marked = [_span(text, lab) for rid in ids for lab in resume["evidence"].get(rid, [])]
            for line in lines:
                shows = any(_overlaps(_span(text, line.text), m) for m in marked)
                out.append({"statement": req.text, "text": line.text, "label": "shows" if shows else "not",
                            "job": job["id"], "resume": resume["id"]})
    return out


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", text.lower())}


def set_pairs(names: tuple[str, ...]) -> list[dict]:
    return [p for name in names for job in json.loads((DATA / name).read_text(encoding="utf-8"))["jobs"]
            for p in job_pairs(job)]


def training_pairs(seed: int = 13) -> list[dict]:
    """TRAIN_JOBS' pairs: every positive, and a few negatives per requirement and résumé (hardest by shared words,
    then at random)."""
    rng = random.Random(seed)
    groups: dict[tuple, list[dict]] = {}
    for p in set_pairs(TRAIN_JOBS):
        groups.setdefault((p["job"], p["resume"], p["statement"]), []).append(p)
    out = []
    for group in groups.values():
        out += [p for p in group if p["label"] == "shows"]
        negatives = [p for p in group if p["label"] == "not"]
        rng.shuffle(negatives)
        negatives.sort(key=lambda p: -len(_words(p["statement"]) & _words(p["text"])))
        rest = negatives[HARD_NEGATIVES:]
        rng.shuffle(rest)
        out += negatives[:HARD_NEGATIVES] + rest[:RANDOM_NEGATIVES]
    return out


def inputs_digest() -> dict[str, str]:
    files = [DATA / name for name in TRAIN_JOBS] + [Path(__file__)]
    return {str(p.relative_to(ROOT)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def pairs_digest(pairs: list[dict]) -> str:
    blob = json.dumps([[p["statement"], p["text"], p["label"]] for p in pairs], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    out.parent.mkdir(parents=True, exist_ok=True)
    pairs = training_pairs()
    out.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs), encoding="utf-8")
    print(json.dumps({"pairs": len(pairs), "shows": sum(p["label"] == "shows" for p in pairs),
                      "sha256": pairs_digest(pairs)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
