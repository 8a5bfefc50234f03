"""Run Parley's Streamlit server for one browser driver, offline and on loopback, and print what the driver saw.

`run(config_path, drive, env=..., args=...)` starts `streamlit run app.py` with the config's root, port, database
and log, waits until it answers, calls `drive(cfg, base_url, deadline, result, started)`, always stops the server,
and prints `result` as one JSON line (the caller's test reads the last line).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent


def wait_http(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"server did not answer {url}")


def run(config_path: str, drive: Callable[[dict, str, float, dict, float], None], result: dict,
        env: dict | None = None, args: tuple[str, ...] = ()) -> None:
    cfg = json.loads(Path(config_path).read_text())
    started = time.monotonic()
    deadline = started + cfg.get("deadline_s", 150)
    root, port = Path(cfg["root"]), cfg["port"]
    environment = dict(os.environ, PYTHONPATH=f"{HERE / 'site'}{os.pathsep}{root}", PARLEY_DB=cfg["db"],
                       PARLEY_LLM="offline", PARLEY_STT="local", PARLEY_ICE_SERVERS="",
                       STREAMLIT_BROWSER_GATHER_USAGE_STATS="false", **(env or {}))
    log = open(cfg["log"], "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(root / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
         "--global.developmentMode", "false", *args],
        cwd=root, env=environment, stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_http(f"{base}/_stcore/health", deadline)
        result["server_up_s"] = round(time.monotonic() - started, 1)
        drive(cfg, base, deadline, result, started)
    except Exception as exc:  # reported, and the test fails on it with the server log
        result["error"] = f"{type(exc).__name__}: {exc}"[:2000]
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    result["total_s"] = round(time.monotonic() - started, 1)
    print(json.dumps(result))
