"""A throw-away PostgreSQL 15 server for the tests (one per test session).

Started with the machine's binaries (``/usr/lib/postgresql/15/bin`` or
``$GEZINSPLAN_PG_BIN``). ``initdb`` refuses to run as root, so as root the data directory
is handed to the ``postgres`` user and the server runs as that user. When no server can
be started, the PostgreSQL variants are skipped with the reason (``pytest -ra`` prints
it); set ``GEZINSPLAN_REQUIRE_POSTGRES=1`` to turn that skip into a failure (CI does).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from gezinsplan.store.db import make_engine

PG_BIN = Path(os.environ.get("GEZINSPLAN_PG_BIN", "/usr/lib/postgresql/15/bin"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    runuser = shutil.which("runuser")
    if runuser is None:
        raise RuntimeError("running as root and runuser is not available")
    return [runuser, "-u", "postgres", "--", *cmd]


class PostgresServer:
    """A throw-away PostgreSQL server on 127.0.0.1."""

    def __init__(self) -> None:
        if not (PG_BIN / "initdb").exists():
            raise RuntimeError(f"no PostgreSQL binaries in {PG_BIN}")
        self.dir = Path(tempfile.mkdtemp(prefix="gezinsplan-pg-"))
        self.data = self.dir / "data"
        self.port = _free_port()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self.dir.chmod(0o700)
        self._run(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(self.data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync",
            ]
        )
        self._run(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.dir / "log"),
                "-w",
                "-o",
                f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off",
                "start",
            ]
        )
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, cmd: list[str]) -> None:
        proc = subprocess.run(_as_postgres(cmd), capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"{Path(cmd[0]).name} failed: {proc.stderr.strip()[-500:]}")

    def new_database(self) -> str:
        name = "t_" + uuid.uuid4().hex[:12]
        engine = make_engine(self.url)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.url.rsplit("/", 1)[0] + "/" + name

    def stop(self) -> None:
        try:
            self._run([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer | str]:
    """The server, or the reason it could not be started."""
    try:
        server = PostgresServer()
    except (RuntimeError, OSError, KeyError) as e:
        yield f"PostgreSQL server could not be started: {e}"
        return
    try:
        yield server
    finally:
        server.stop()


def require_postgres(server: PostgresServer | str) -> PostgresServer:
    """The server, or skip (fail under ``GEZINSPLAN_REQUIRE_POSTGRES=1``) with the reason."""
    if isinstance(server, str):
        if os.environ.get("GEZINSPLAN_REQUIRE_POSTGRES") == "1":
            pytest.fail(server)
        pytest.skip(server)
    return server
