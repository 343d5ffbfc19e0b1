"""Database URLs, engines and migrations.

The default store is an embedded SQLite file: ``$GEZINSPLAN_DB`` when set (any
SQLAlchemy URL, e.g. ``postgresql://user@host/db``), else
``sqlite:///gezinsplan.sqlite`` in the current directory.

``postgresql://`` (and ``postgres://``) use the psycopg 3 driver, installed with the
``postgres`` extra. A URL that cannot be used (a typo, a missing driver, a folder that
does not exist, a server that does not answer) is a :class:`StoreError` with one
sentence naming the database (never its password) and what to do.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    IntegrityError,
    NoSuchModuleError,
    OperationalError,
    ProgrammingError,
    SQLAlchemyError,
)
from sqlalchemy.orm import Session, sessionmaker

from gezinsplan.errors import StoreError

__all__ = [
    "DEFAULT_SQLITE_FILE",
    "alembic_config",
    "close_store",
    "current_revision",
    "default_db_url",
    "describe_url",
    "head_revision",
    "make_engine",
    "open_store",
    "parse_db_url",
    "store",
    "store_error",
    "upgrade",
]

DEFAULT_SQLITE_FILE = "gezinsplan.sqlite"
SQLITE_BUSY_SECONDS = 60.0
"""How long an SQLite writer waits for another process's write lock."""
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def default_db_url() -> str:
    """``$GEZINSPLAN_DB`` or an SQLite file ``gezinsplan.sqlite`` in the working directory."""
    return os.environ.get("GEZINSPLAN_DB") or f"sqlite:///{DEFAULT_SQLITE_FILE}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


_DRIVERS = {"postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg"}
_EXTRAS = {"psycopg": "postgres", "psycopg2": "postgres"}


def parse_db_url(url: str) -> URL:
    """The SQLAlchemy URL for ``url``: ``postgresql://`` gets the psycopg 3 driver.

    Raises :class:`StoreError` for text that is not a database URL.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            "not a database URL: expected sqlite:///FILE or postgresql://USER@HOST/DATABASE"
        ) from None
    driver = _DRIVERS.get(parsed.drivername)
    if driver is not None:
        parsed = parsed.set(drivername=driver)
    return parsed


def describe_url(url: str | URL) -> str:
    """The URL as it may be shown: the password hidden."""
    try:
        parsed = url if isinstance(url, URL) else make_url(url)
    except ArgumentError:
        return "<not a database URL>"
    return parsed.render_as_string(hide_password=True)


def make_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (default: :func:`default_db_url`); SQLite enforces foreign keys.

    Raises :class:`StoreError` naming the problem for an unusable URL.
    """
    parsed = parse_db_url(url or default_db_url())
    shown = describe_url(parsed)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        folder = Path(str(parsed.database)).expanduser().resolve().parent
        if not folder.is_dir():
            raise StoreError(f"{shown}: the folder {folder} does not exist; create it first")
    # statement parameters are household documents: never in logs or error messages
    options: dict[str, Any] = {"hide_parameters": True}
    if parsed.get_backend_name() == "sqlite":
        # several processes may write: wait for the lock instead of failing at once
        options["connect_args"] = {"timeout": SQLITE_BUSY_SECONDS}
    try:
        engine = create_engine(parsed, **options)
    except NoSuchModuleError:
        raise StoreError(
            f"{shown}: unknown database kind {parsed.drivername!r} "
            "(use sqlite:///FILE or postgresql://USER@HOST/DATABASE)"
        ) from None
    except ModuleNotFoundError as e:
        extra = _EXTRAS.get((e.name or "").split(".")[0])
        hint = f"pip install 'gezinsplan[{extra}]'" if extra else f"install {e.name}"
        raise StoreError(f"{shown}: the database driver is not installed ({hint})") from None
    except ArgumentError as e:
        raise StoreError(f"{shown}: {str(e).splitlines()[0]}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def store_error(error: SQLAlchemyError, engine: Engine | str | None = None) -> StoreError:
    """A one-line :class:`StoreError` for a database error, without statements or values.

    Database messages may quote the rows they refused (household documents): only the
    driver's first line for connection problems and the kind of error otherwise are kept.
    """
    shown = describe_url(engine.url if isinstance(engine, Engine) else (engine or ""))
    where = f"{shown}: " if engine is not None else ""
    if isinstance(error, DBAPIError):
        first = str(error.orig).strip().splitlines()[0] if error.orig is not None else ""
        kind = type(error.orig).__name__ if error.orig is not None else type(error).__name__
        if _is_connection_problem(error):
            return StoreError(f"{where}cannot connect to the database: {_scrub(first)}")
        return StoreError(f"{where}the database refused the operation ({kind})")
    return StoreError(f"{where}database error ({type(error).__name__})")


def _is_connection_problem(error: DBAPIError) -> bool:
    text = str(error.orig).lower()
    return (
        any(
            marker in text
            for marker in (
                "connection refused",
                "could not connect",
                "connection failed",
                "unable to open database file",
                "could not translate host name",
                "timeout expired",
                "password authentication failed",
                "does not exist",
                "no such host",
            )
        )
        and "relation" not in text
    )


def _scrub(text: str) -> str:
    return text[:300]


def alembic_config(engine: Engine) -> Config:
    """An Alembic config pointing at the packaged migrations."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


_MIGRATION_LOCK = 7_243_010
"""PostgreSQL advisory lock key held while migrating (one migrator at a time)."""


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision`` (default: the newest).

    Safe when several processes open a new database at once: on PostgreSQL migrations
    take an advisory lock; on SQLite a process that loses the race waits until the
    winner's schema is complete.
    """
    cfg = alembic_config(engine)
    cfg.attributes["configure_logger"] = False
    attempts = 60
    for attempt in range(attempts):
        try:
            with engine.begin() as connection:
                if connection.dialect.name == "postgresql":
                    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
                cfg.attributes["connection"] = connection
                command.upgrade(cfg, revision)
            return
        except (OperationalError, ProgrammingError, IntegrityError) as e:
            if _is_connection_problem(e):
                raise
            # another process is creating the same schema: wait until it is done
            if revision == "head" and _at_head(engine):
                return
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * min(attempt + 1, 10))


def _at_head(engine: Engine) -> bool:
    try:
        return current_revision(engine) == head_revision()
    except SQLAlchemyError:
        return False


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
    """Open (and if needed create or migrate) the store; returns a session factory.

    Raises :class:`StoreError` with one sentence when the database cannot be used.
    """
    engine = make_engine(url)
    try:
        if current_revision(engine) != head_revision():
            upgrade(engine)
    except SQLAlchemyError as e:
        engine.dispose()
        raise store_error(e, engine) from None
    except Exception:
        engine.dispose()
        raise
    return sessionmaker(engine, expire_on_commit=False)
