"""Store fixtures: a fresh SQLite file or a fresh database on the session's real
PostgreSQL 15 server (see ``tests/pg.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from gezinsplan.store.db import open_store
from tests.pg import PostgresServer, require_postgres


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    postgres_server: PostgresServer | str,
) -> str:
    """A URL of an empty database: a fresh SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    return require_postgres(postgres_server).new_database()


@pytest.fixture
def factory(db_url: str) -> Iterator[sessionmaker[Session]]:
    """A session factory on a migrated, empty store."""
    f = open_store(db_url)
    yield f
    bind = f.kw["bind"]
    bind.dispose()
