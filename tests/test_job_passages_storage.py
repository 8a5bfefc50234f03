"""Job materials' passage vectors are kept in the database (job_passages): the next session of the same job, in
another process or on another replica, reads them instead of embedding again. On SQLite and PostgreSQL."""
from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

import numpy as np

from core.errors import StageError
from core.job.passages import chunk_all, retrieve
from core.judge import meaning, shipped
from services.job_materials import embed_materials
from services.storage import Store, passage_vectors

ROOT = Path(__file__).resolve().parent.parent
QUERY = "How would you tackle night-shift absenteeism?"


def _materials() -> list[tuple[str, str]]:
    """Material no other test has embedded (a fresh word in every passage), so nothing is held already."""
    tag = uuid.uuid4().hex[:8]
    notes = (f"What's on fire ({tag})\n"
             f"- Absenteeism on the night shift (ref {tag}) is running at about 9%, against 5% on days, and nobody "
             "has worked out why yet. The raw data is in Workday but no one has had time to look at it.\n"
             f"- There is no succession plan below plant manager (ref {tag}), and two of the four production "
             "managers can retire within three years.\n\n"
             f"Union picture ({tag})\n"
             f"- Grievances at Brampton (ref {tag}) doubled last year, mostly about overtime and seniority on shift "
             "bids, and two are heading to arbitration this spring.")
    return [("Recruiter notes", notes)]


NEW_PROCESS = """
import json, sys
from core.job.passages import chunk_all, retrieve
from services.job_materials import embed_materials
from services.storage import Store
target, materials, query = json.loads(sys.stdin.read())
store = Store(target)
counts = embed_materials(store, [tuple(m) for m in materials])
best = retrieve(query, chunk_all([tuple(m) for m in materials]), k=1, floor=-1.0)
print(json.dumps({"counts": counts, "best": best[0][0].text, "score": best[0][1]}))
store.dispose()
"""


def _in_a_new_process(target: str, materials) -> dict:
    done = subprocess.run([sys.executable, "-c", NEW_PROCESS], input=json.dumps([target, materials, QUERY]),
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_new_process_reuses_the_kept_vectors_without_embedding_again(db_target):
    materials = _materials()
    store = Store(db_target)
    first = embed_materials(store, materials)
    n = len(chunk_all(materials))
    assert first == {"passages": n, "held": 0, "from_store": 0, "embedded": n} and n >= 3
    assert passage_vectors.count(store, shipped.fingerprint()) == n
    assert embed_materials(store, materials)["held"] == n  # this process holds them now: nothing to read
    store.dispose()

    again = _in_a_new_process(db_target, materials)  # a restart, or another replica
    assert again["counts"] == {"passages": n, "held": 0, "from_store": n, "embedded": 0}
    best = retrieve(QUERY, chunk_all(materials), k=1, floor=-1.0)[0]
    assert again["best"] == best[0].text and abs(again["score"] - best[1]) < 1e-6


def test_a_replica_reads_the_same_vectors_the_model_made(db_target):
    materials = _materials()
    texts = [p.text for p in chunk_all(materials)]
    one, two = Store(db_target), Store(db_target)
    embed_materials(one, materials)
    made = meaning.passages(texts).copy()
    meaning.forget()  # as if in another process
    assert embed_materials(two, materials)["from_store"] == len(texts)
    assert np.array_equal(meaning.passages(texts), made)
    one.dispose()
    two.dispose()


def test_vectors_of_another_model_are_never_read(db_target, monkeypatch):
    materials = _materials()
    store = Store(db_target)
    embed_materials(store, materials)
    meaning.forget()
    monkeypatch.setattr(shipped, "fingerprint", lambda: "another model 1.0")
    counts = embed_materials(store, materials)
    assert counts["from_store"] == 0 and counts["embedded"] == counts["passages"]
    store.dispose()


def test_a_database_that_cannot_be_used_only_costs_the_embedding(tmp_path):
    store = Store(tmp_path / "parley.db")
    store.problem = StageError("storage", "cannot_open", "The session database cannot be opened.")
    materials = _materials()
    counts = embed_materials(store, materials)
    assert counts["embedded"] == counts["passages"] > 0
    assert retrieve(QUERY, chunk_all(materials), floor=-1.0)
