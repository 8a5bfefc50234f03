"""Run the real app on loopback and drive it with headless Debian Chromium (Playwright)."""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]


def require_chromium() -> None:
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian chromium is not installed (make test installs it when run as root)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(env: dict[str, str], script: str = "app.py"):
    """Start `streamlit run` on 127.0.0.1 and yield its URL once it answers."""
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(proc.stdout.read())
                time.sleep(0.3)
        else:
            raise RuntimeError("streamlit did not start in 60 s")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextlib.contextmanager
def chromium(extra_flags: list[str] | None = None):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS + (extra_flags or []))
        try:
            context = browser.new_context(viewport={"width": 1200, "height": 1600})
            yield context.new_page()
        finally:
            browser.close()


@contextlib.contextmanager
def offline_app(tmp_path, wait_ms: int = 90_000):
    """A fresh offline Parley (its own database, no key, no speech) and a Chromium page: (url, page)."""
    require_chromium()
    env = {"PARLEY_DB": str(tmp_path / "parley.db"), "PARLEY_LLM": "offline", "GTTS_ENABLED": "0",
           "SPEAK_REPLIES": "0"}
    with streamlit_server(env) as url, chromium() as page:
        page.set_default_timeout(wait_ms)
        yield url, page


def settle(page) -> None:
    """Wait until the script run is over and no stale (greyed) element is left: a click during a rerun
    can land on an element that is about to be replaced, and be lost."""
    page.wait_for_timeout(500)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]') && "
                           "!document.querySelector('[data-stale=\"true\"]')", timeout=90_000)


def run_driver(driver: Path, config: dict, tmp_path: Path, timeout: float) -> tuple[dict, str, str]:
    """Run a browser driver (tests/browser/*_driver.py) in a loopback-only network namespace with `config`, and
    return its report (its last JSON line), the server log and the events as text, after the checks every driver
    run needs: it ran, it reported no error, the server raised nothing."""
    import json

    config_path = tmp_path / "config.json"
    config_path.write_text(json.dumps(config))
    command = f"ip link set lo up && exec {sys.executable} {driver} {config_path}"
    proc = subprocess.run(["unshare", "-n", "sh", "-c", command], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)
    server_log = Path(config["log"])
    log = server_log.read_text(errors="replace") if server_log.exists() else ""
    lines = proc.stdout.strip().splitlines()
    assert proc.returncode == 0 and lines, f"driver failed:\n{proc.stderr[-3000:]}\n--- server log ---\n{log[-3000:]}"
    report = json.loads(lines[-1])
    (tmp_path / "report.json").write_text(json.dumps(report, indent=1))  # kept by pytest for post-mortems
    events = "\n".join(json.dumps(e) for e in report["events"])
    assert "error" not in report, f"{report['error']}\n{events}\n--- server log ---\n{log[-3000:]}"
    assert "Traceback" not in log, log[-3000:]
    return report, log, events


def why_no_isolated_browser() -> str | None:
    """Why a browser driver cannot run in a loopback-only network namespace here (a skip reason), or None."""
    if not Path(CHROMIUM).exists():
        return "Debian chromium is not installed (apt-get install chromium, or `make deb-test`)"
    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("ip"):
        return "needs root with unshare and iproute2 to run the browser in a loopback-only network namespace"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (requirements-dev.txt)"
    probe = subprocess.run(["unshare", "-n", "sh", "-c", "ip link set lo up"], capture_output=True)
    if probe.returncode != 0:
        return f"cannot create a network namespace here: {probe.stderr.decode().strip()}"
    return None
