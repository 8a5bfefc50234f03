"""Scale-out in a real browser: HAProxy (deploy/haproxy.cfg), two Streamlit replicas and one PostgreSQL.

Two visitors, each kept on its replica by the proxy's cookie. Visitor A's replica is killed mid-interview;
A's next load lands on the other replica, is offered the unfinished session with every saved turn, and
finishes it. Visitor B never sees A's sessions. Everything listens on 127.0.0.1 and is stopped.
"""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from services.storage import Store
from tests.browser_app import CHROMIUM, CHROMIUM_FLAGS, ROOT, free_port, require_chromium, settle
from tests.postgres import PgServer

pytestmark = pytest.mark.browser
HAPROXY = "/usr/sbin/haproxy"
FIRST = "I built the monthly forecast model in SQL and Python and cut the variance to two percent."
SECOND = "When the data was late I told the team early and we shipped a smaller report on time."
THIRD = "I would start by asking the users which number they check first every morning."


def _wait_http(url: str, proc: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"{proc.args[:3]} exited: {proc.stdout.read() if proc.stdout else ''}")
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer in {seconds} s")


@contextlib.contextmanager
def _process(cmd: list[str], env: dict[str, str], log: Path):
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def _replica(port: int, env: dict[str, str], log: Path):
    return _process([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                     "--server.address", "127.0.0.1", "--server.headless", "true",
                     "--browser.gatherUsageStats", "false"], env, log)


def _replica_of(context) -> str:
    [cookie] = [c["value"] for c in context.cookies() if c["name"] == "PARLEY_REPLICA"]
    return cookie


def _answer(page, text: str) -> None:
    box = page.get_by_placeholder("Type your answer…")
    box.fill(text)
    box.press("Enter")
    page.get_by_text(text[:40]).first.wait_for()
    settle(page)


def test_a_killed_replica_loses_no_saved_turn_and_visitors_stay_apart(tmp_path):
    require_chromium()
    if not os.path.exists(HAPROXY):
        pytest.skip("HAProxy is not installed (make test installs the Debian package haproxy)")
    from playwright.sync_api import sync_playwright

    pg = PgServer()
    try:
        url = pg.new_database(migrated=False)  # the replicas migrate it as they start
        env = {"DATABASE_URL": url, "PARLEY_LLM": "offline", "GTTS_ENABLED": "0", "SPEAK_REPLIES": "0",
               "PARLEY_SINGLE_USER": "0", "PARLEY_DB": str(tmp_path / "unused.db")}
        ports = {"r1": free_port(), "r2": free_port()}
        proxy_port = free_port()
        proxy_env = {"PARLEY_BIND": f"127.0.0.1:{proxy_port}", "PARLEY_REPLICA_1": f"127.0.0.1:{ports['r1']}",
                     "PARLEY_REPLICA_2": f"127.0.0.1:{ports['r2']}"}
        with contextlib.ExitStack() as stack:
            replicas = {name: stack.enter_context(_replica(port, env, tmp_path / f"{name}.log"))
                        for name, port in ports.items()}
            for name, proc in replicas.items():
                _wait_http(f"http://127.0.0.1:{ports[name]}/_stcore/health", proc)
            proxy = stack.enter_context(_process([HAPROXY, "-db", "-f", str(ROOT / "deploy" / "haproxy.cfg")],
                                                 proxy_env, tmp_path / "haproxy.log"))
            site = f"http://127.0.0.1:{proxy_port}"
            _wait_http(f"{site}/_stcore/health", proxy)
            p = stack.enter_context(sync_playwright())
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            stack.callback(browser.close)

            a_context = browser.new_context()
            a = a_context.new_page()
            a.set_default_timeout(90_000)
            a.goto(f"{site}/interview")
            a.get_by_role("button", name="Start interview", exact=True).click()
            a.get_by_text("Hi, I'm Alex").wait_for()
            a_replica = _replica_of(a_context)
            b_context, b_replica = None, a_replica
            for _ in range(4):  # round robin: a new visitor lands on the other replica
                b_context = browser.new_context()
                b = b_context.new_page()
                b.set_default_timeout(90_000)
                b.goto(site)
                b.get_by_text("Works with no key and no internet").wait_for()
                b_replica = _replica_of(b_context)
                if b_replica != a_replica:
                    break
                b_context.close()
            assert b_replica != a_replica, "both visitors landed on one replica"

            _answer(a, FIRST)
            _answer(a, SECOND)
            store = Store(url)
            [session] = store.list_sessions()
            saved = [t["content"] for t in store.turns(session["id"])]
            assert FIRST in saved and SECOND in saved

            replicas[a_replica].kill()  # A's replica dies mid-interview
            replicas[a_replica].wait()
            a.goto(f"{site}/interview")  # A's next load
            a.get_by_text("You have an unfinished session").wait_for()
            assert _replica_of(a_context) == b_replica  # landed on the surviving replica
            a.get_by_role("button", name="Resume it").click()
            a.get_by_text(SECOND[:40]).first.wait_for()
            settle(a)
            for text in (FIRST, SECOND):  # every saved turn is back on screen
                assert a.get_by_text(text[:40]).count() >= 1, text
            _answer(a, THIRD)
            a.get_by_role("button", name="End session").first.click()
            a.wait_for_url("**/feedback**")
            settle(a)
            finished = store.get_session(session["id"])
            assert finished["ended_at"] is not None
            user_turns = [t["content"] for t in store.turns(session["id"]) if t["role"] == "user"]
            assert user_turns == [FIRST, SECOND, THIRD]

            for path in ("interview", "feedback", "history"):  # B, on the surviving replica too, sees none of it
                b.goto(f"{site}/{path}")
                settle(b)
                assert b.get_by_text("forecast model").count() == 0
                assert b.get_by_text("unfinished session").count() == 0
            assert _replica_of(b_context) == b_replica
            store.dispose()
    finally:
        pg.destroy()
