"""A real PostgreSQL for the tests: started once per test process on 127.0.0.1 (a free port), as the
unprivileged `postgres` user when the tests run as root (initdb and pg_ctl refuse root), in a temporary
folder, with durability off (a test server loses nothing it needs on a crash). Always stopped.

`new_database()` is a fresh database per test, cloned from a template (CREATE DATABASE ... TEMPLATE costs
tens of milliseconds): migrated for storage tests, empty for migration tests.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid

import pytest

from tests.browser_app import free_port


def _bindir() -> str | None:
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip()
        if out and os.path.exists(os.path.join(out, "initdb")):
            return out
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(found[-1]) if found else None


class PgServer:
    """One throwaway PostgreSQL cluster on loopback."""

    def __init__(self, port: int | None = None):
        self.bindir = _bindir()
        if self.bindir is None:
            pytest.skip("PostgreSQL is not installed (make test installs the Debian package postgresql)")
        self.root = tempfile.mkdtemp(prefix="parley-pg-")
        self.data = os.path.join(self.root, "data")
        self.port = port or free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.root, "postgres")
        self._run("initdb", "-D", self.data, "-A", "trust", "-U", "parley", "-E", "UTF8", "--no-sync")
        self.start()
        self._template = None

    def _run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [os.path.join(self.bindir, tool), *args]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        if check and done.returncode != 0:
            raise RuntimeError(f"{tool} failed: {done.stdout}{done.stderr}")
        return done

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run("pg_ctl", "-D", self.data, "-l", os.path.join(self.root, "log"), "-w", "-o", options, "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", self.data, "-m", mode, "-w", "stop", check=False)

    def restart(self) -> None:
        self.stop()
        self.start()

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://parley@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str, database: str = "postgres"):
        import psycopg

        with psycopg.connect(self.url(database).replace("+psycopg", ""), autocommit=True) as conn:
            cur = conn.execute(statement)
            return cur.fetchall() if cur.description else None

    def new_database(self, migrated: bool = True) -> str:
        """The URL of a new, empty database (`migrated`: already at the newest schema)."""
        name = "t_" + uuid.uuid4().hex[:12]
        template = self.template() if migrated else "template0"
        self.sql(f"CREATE DATABASE {name} TEMPLATE {template}")
        return self.url(name)

    def template(self) -> str:
        if self._template is None:
            from services.storage import Store

            self.sql("CREATE DATABASE parley_template TEMPLATE template0")
            store = Store(self.url("parley_template"))
            assert store.problem is None, store.problem
            store.dispose()  # a template must have no open connections
            self._template = "parley_template"
        return self._template


@pytest.fixture(scope="session")
def pg_server():
    server = PgServer()
    try:
        yield server
    finally:
        server.destroy()


BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(params=BACKENDS)
def db_target(request, tmp_path) -> str:
    """Where a test's store lives: a SQLite file, then a fresh PostgreSQL database (the same test, twice)."""
    if request.param == "sqlite":
        return str(tmp_path / "db" / "parley.db")
    return request.getfixturevalue("pg_server").new_database()
