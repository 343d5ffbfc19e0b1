"""Database URLs, engines and migrations.

The default store is an embedded SQLite file: ``$GEZINSPLAN_DB`` when set (any
SQLAlchemy URL, e.g. ``postgresql+psycopg://user@host/db``), else
``sqlite:///gezinsplan.sqlite`` in the current directory.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

__all__ = [
    "DEFAULT_SQLITE_FILE",
    "alembic_config",
    "close_store",
    "current_revision",
    "default_db_url",
    "head_revision",
    "make_engine",
    "open_store",
    "store",
    "upgrade",
]

DEFAULT_SQLITE_FILE = "gezinsplan.sqlite"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def default_db_url() -> str:
    """``$GEZINSPLAN_DB`` or an SQLite file ``gezinsplan.sqlite`` in the working directory."""
    return os.environ.get("GEZINSPLAN_DB") or f"sqlite:///{DEFAULT_SQLITE_FILE}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (default: :func:`default_db_url`); SQLite enforces foreign keys."""
    engine = create_engine(url or default_db_url())
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def alembic_config(engine: Engine) -> Config:
    """An Alembic config pointing at the packaged migrations."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision`` (default: the newest)."""
    cfg = alembic_config(engine)
    cfg.attributes["configure_logger"] = False
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def head_revision() -> str:
    """The newest migration revision shipped with the package."""
    script = ScriptDirectory(str(MIGRATIONS))
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def store(url: str | None = None) -> Iterator[sessionmaker[Session]]:
    """Open the store for a block and dispose its connections afterwards."""
    factory = open_store(url)
    try:
        yield factory
    finally:
        close_store(factory)


def close_store(factory: sessionmaker[Session]) -> None:
    """Close every pooled connection of a factory made by :func:`open_store`."""
    bind = factory.kw.get("bind")
    if isinstance(bind, Engine):
        bind.dispose()


def open_store(url: str | None = None) -> sessionmaker[Session]:
    """Open (and if needed create or migrate) the store; returns a session factory."""
    engine = make_engine(url)
    try:
        if current_revision(engine) != head_revision():
            upgrade(engine)
    except Exception:
        engine.dispose()
        raise
    return sessionmaker(engine, expire_on_commit=False)
