"""Storage under two replicas: 50 simulated visitors x 20 turns, spread over two processes, on PostgreSQL and
on SQLite. Rows written vs found (must be equal), p50/p95 write latency, peak connections.

Each replica is a separate process with its own Store (PostgreSQL: its own pool) serving its visitors five at a
time, as a Streamlit server's script threads would. PostgreSQL is a throwaway server on 127.0.0.1 (the tests'
recipe, tests/postgres.py) unless --database-url names one; peak connections there are sampled from
pg_stat_activity. SQLite opens a connection per operation: its peak is the most open at once in both processes.

Prints one JSON line. Run with `make bench` or `.venv/bin/python bench/storage.py`.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VISITORS, TURNS, REPLICAS, AT_ONCE = 50, 20, 2, 5


def replica(target: str, index: int, visitors: int, turns: int) -> dict:
    """One replica's share of the visitors; returns what it wrote and how long each write took."""
    from sqlalchemy import event

    from core.spec import PracticeSpec
    from services.storage import Store

    store = Store(target)
    assert store.problem is None, store.problem.message
    open_now = peak = 0
    lock = threading.Lock()

    def opened(*_):
        nonlocal open_now, peak
        with lock:
            open_now += 1
            peak = max(peak, open_now)

    def closed(*_):
        nonlocal open_now
        with lock:
            open_now -= 1

    event.listen(store.engine, "checkout", opened)
    event.listen(store.engine, "checkin", closed)
    latencies: list[float] = []

    def visit(n: int) -> int:
        started = time.perf_counter()
        sid = store.create_session(PracticeSpec(mode="interview"), owner=f"anon:bench-{index}-{n}")
        mine = [time.perf_counter() - started]
        for t in range(turns):
            started = time.perf_counter()
            store.add_turn(sid, "user" if t % 2 else "assistant", f"Turn {t} of visitor {index}-{n}: " + "x" * 200)
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
        return 1 + turns

    with ThreadPoolExecutor(AT_ONCE) as pool:
        written = sum(pool.map(visit, range(visitors)))
    store.dispose()
    return {"written": written, "latencies": latencies, "peak_checked_out": peak}


def run(target: str, sampler=None) -> dict:
    """Both replicas at once on `target`; then count what is really there."""
    from sqlalchemy import text

    from services.storage import Store

    Store(target).dispose()  # the schema, made before the replicas start (they would race safely anyway)
    stop = threading.Event()
    peaks: list[int] = []
    def watch() -> None:
        while not stop.is_set():
            peaks.append(sampler())
            time.sleep(0.01)

    if sampler:
        threading.Thread(target=watch, daemon=True).start()
    started = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, __file__, "--replica", str(i), "--target", target],
                              stdout=subprocess.PIPE, text=True) for i in range(REPLICAS)]
    results = [json.loads(p.communicate(timeout=600)[0].strip().splitlines()[-1]) for p in procs]
    elapsed = time.perf_counter() - started
    stop.set()
    store = Store(target)
    with store.engine.connect() as conn:
        found = conn.execute(text("SELECT (SELECT COUNT(*) FROM sessions) + (SELECT COUNT(*) FROM turns)")).scalar()
    store.dispose()
    latencies = sorted(x for r in results for x in r["latencies"])
    q = statistics.quantiles(latencies, n=100)
    return {
        "rows_written": sum(r["written"] for r in results), "rows_found": found,
        "write_p50_ms": round(q[49] * 1000, 2), "write_p95_ms": round(q[94] * 1000, 2),
        "peak_connections": max(peaks) if peaks else sum(r["peak_checked_out"] for r in results),
        "peak_connections_how": "pg_stat_activity, sampled every 10 ms" if peaks
        else "connections open at once, summed over both processes (upper bound)",
        "seconds": round(elapsed, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--replica", type=int)
    parser.add_argument("--target")
    parser.add_argument("--database-url", help="an empty PostgreSQL database to use instead of a throwaway server")
    args = parser.parse_args()
    if args.replica is not None:
        print(json.dumps(replica(args.target, args.replica, VISITORS // REPLICAS, TURNS)))
        return

    out = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d"), "visitors": VISITORS,
           "turns_per_visitor": TURNS, "replicas": REPLICAS, "visitors_at_once_per_replica": AT_ONCE,
           "cpus": os.cpu_count()}
    server = None
    try:
        if args.database_url:
            url = args.database_url
        else:
            from tests.postgres import PgServer

            server = PgServer()
            url = server.new_database(migrated=False)
        import psycopg

        name = url.rsplit("/", 1)[1]
        watch = psycopg.connect(url.replace("+psycopg", ""), autocommit=True)
        count = lambda: watch.execute(  # noqa: E731  (the watcher's own connection is not counted)
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,)).fetchone()[0]
        out["postgresql"] = run(url, count)
        watch.close()
    finally:
        if server is not None:
            server.destroy()
    with tempfile.TemporaryDirectory() as folder:
        out["sqlite"] = run(str(Path(folder) / "bench.db"))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
