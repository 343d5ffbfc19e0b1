"""Alembic: an empty database upgraded to head matches the models, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from click.testing import CliRunner
from sqlalchemy import inspect

from gezinsplan.cli import main
from gezinsplan.store.base import Base
from gezinsplan.store.db import current_revision, head_revision, make_engine, upgrade


def test_upgrade_empty_database_matches_models(db_url: str) -> None:
    engine = make_engine(db_url)
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    names = set(inspect(engine).get_table_names())
    assert {"household", "member", "provision", "assessment_run", "plan_version"} <= names
    engine.dispose()


def test_constraint_names_follow_the_convention(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    insp = inspect(engine)
    assert insp.get_pk_constraint("household")["name"] in ("pk_household", None)
    fks = {fk["name"] for fk in insp.get_foreign_keys("member")}
    assert fks <= {"fk_member_household_id_household", None}
    engine.dispose()


def test_store_upgrade_command_is_idempotent(db_url: str) -> None:
    for _ in range(2):
        result = CliRunner().invoke(main, ["store", "upgrade", "--db", db_url])
        assert result.exit_code == 0, result.output
        assert "schema at the newest version" in result.output
    engine = make_engine(db_url)
    assert current_revision(engine) == head_revision()
    engine.dispose()
