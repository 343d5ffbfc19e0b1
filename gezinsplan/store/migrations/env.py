"""Alembic environment: runs migrations on the connection or URL passed in the config."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from gezinsplan.store import tables  # noqa: F401  (registers the tables on Base.metadata)
from gezinsplan.store.base import Base

target_metadata = Base.metadata
config = context.config


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations()
