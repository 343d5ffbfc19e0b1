"""CLI commands: ``store import|export|history|upgrade``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from gezinsplan.cli._options import out_path
from gezinsplan.errors import GezinsplanError, NotFoundError
from gezinsplan.outfile import atomic_output
from gezinsplan.plan.render import render_html, render_markdown
from gezinsplan.store.db import (
    default_db_url,
    describe_url,
    make_engine,
    store,
    store_error,
    upgrade,
)
from gezinsplan.store.pseudonymize import KEY_ENV, pseudonymize_key
from gezinsplan.store.repository import load_household, plan_history, plan_version
from gezinsplan.store.transfer import export_households, import_file

__all__ = ["register"]

_DB_HELP = "SQLAlchemy URL (default: $GEZINSPLAN_DB or sqlite:///gezinsplan.sqlite)."


def _safe_url(url: str) -> str:
    return describe_url(url)


@click.group("store")
def store_group() -> None:
    """Store households, signals and plan versions (SQLite by default, or PostgreSQL)."""


@store_group.command("upgrade")
@click.option("--db", default=None, help=_DB_HELP)
def upgrade_cmd(db: str | None) -> None:
    """Create or migrate the database schema to the newest version."""
    url = db or default_db_url()
    try:
        engine = make_engine(url)
    except GezinsplanError as e:
        raise click.ClickException(str(e)) from None
    try:
        upgrade(engine)
    except SQLAlchemyError as e:
        raise click.ClickException(str(store_error(e, engine))) from None
    finally:
        engine.dispose()
    click.echo(f"{_safe_url(url)}: schema at the newest version")


@store_group.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--db", default=None, help=_DB_HELP)
@click.option("--caseworker", default="import", show_default=True)
def import_cmd(files: tuple[Path, ...], db: str | None, caseworker: str) -> None:
    """Import household files (.json) and caseloads (.jsonl), all-or-nothing per file."""
    try:
        with store(db) as factory:
            failed = _import_all(factory, files, caseworker)
    except GezinsplanError as e:
        raise click.ClickException(str(e)) from None
    if failed:
        raise SystemExit(1)


def _import_all(factory: sessionmaker[Session], files: tuple[Path, ...], caseworker: str) -> int:
    failed = 0
    for path in files:
        try:
            with click.progressbar(
                length=0, label=str(path), file=sys.stderr, hidden=not sys.stderr.isatty()
            ) as bar:

                def step(k: int) -> None:
                    bar.update(k)

                count = import_file(factory, path, caseworker=caseworker, progress=step)
        except GezinsplanError as e:
            click.echo(f"{e}\n{path}: nothing imported from this file", err=True)
            failed += 1
            continue
        except OSError as e:
            click.echo(f"{path}: cannot read file: {e.strerror}", err=True)
            failed += 1
            continue
        click.echo(f"{path}: {count} household(s) imported")
    return failed


@store_group.command("export")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), required=True, callback=out_path
)
@click.option("--db", default=None, help=_DB_HELP)
@click.option(
    "--pseudonymize",
    "pseudonymized",
    is_flag=True,
    help="Drop names, BSNs, addresses and free text; birth year only; dates to the month; "
    f"keyed pseudonyms (key from --key-file or ${KEY_ENV}).",
)
@click.option(
    "--key-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="File holding the pseudonymization key (keep it secret: the same key gives the "
    "same pseudonyms).",
)
def export_cmd(out: Path, db: str | None, pseudonymized: bool, key_file: Path | None) -> None:
    """Export every stored household as JSON Lines.

    The file is written under a temporary name in the target folder and renamed when
    complete; an interrupted export leaves no partial file (a leftover from a killed
    export is removed by the next one).
    """
    key: bytes | None = None
    if key_file is not None:
        key = key_file.read_bytes().strip()
        if not key:
            raise click.ClickException(f"{key_file}: the key file is empty")
        pseudonymized = True
    try:
        if pseudonymized:
            key = pseudonymize_key(key)
        with store(db) as factory, factory() as session, atomic_output(out) as handle:
            count = export_households(
                session, handle, pseudonymized=pseudonymized, pseudonymize_with=key
            )
    except GezinsplanError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"{count} household(s) exported to {out}")


@store_group.command("history")
@click.argument("household_id")
@click.option("--db", default=None, help=_DB_HELP)
def history_cmd(household_id: str, db: str | None) -> None:
    """List the plan versions of one household."""
    try:
        with store(db) as factory, factory() as session:
            versions = plan_history(session, household_id)
    except GezinsplanError as e:
        raise click.ClickException(str(e)) from None
    if not versions:
        click.echo(f"household {household_id}: no plan versions yet")
    for v in versions:
        click.echo(
            f"v{v.version_no}  {v.saved_at.isoformat(timespec='seconds')}  "
            f"peildatum {v.peildatum.isoformat()}  {v.outcome}  by {v.caseworker}  "
            f"rules {v.rules_version[:12]}  {v.reason}"
        )


@store_group.command("letter")
@click.argument("household_id")
@click.option(
    "--version",
    "version_no",
    type=click.IntRange(min=1),
    default=None,
    help="Plan version (default: the newest).",
)
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), default=None, callback=out_path
)
@click.option("--db", default=None, help=_DB_HELP)
def letter_cmd(
    household_id: str, version_no: int | None, fmt: str, out: Path | None, db: str | None
) -> None:
    """Write the household's letter of a stored plan version, with what changed since the
    version before it."""
    try:
        with store(db) as factory, factory() as session:
            household = load_household(session, household_id)
            found = plan_version(session, household_id, version_no)
            if found is None:
                which = f"version {version_no}" if version_no else "plan version"
                raise NotFoundError(f"household {household_id}: no {which} in the store")
            number, plan = found
            before = plan_version(session, household_id, number - 1) if number > 1 else None
    except GezinsplanError as e:
        raise click.ClickException(str(e)) from None
    previous = before[1] if before else None
    render = render_html if fmt == "html" else render_markdown
    text = render(plan, household, version=number, previous=previous)
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"letter (version {number}) written to {out}", err=True)


def register(group: click.Group) -> None:
    """Add the ``store`` group."""
    group.add_command(store_group)
