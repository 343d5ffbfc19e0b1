"""CLI command: ``demo``, the main job on the shipped example households."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import click

from gezinsplan.assessor import Assessor
from gezinsplan.cli._options import parse_date
from gezinsplan.errors import GezinsplanError, HouseholdValidationError
from gezinsplan.io import read_household
from gezinsplan.resources import examples_dir
from gezinsplan.rules.ruleset import load_rules
from gezinsplan.store.db import default_db_url, make_engine, store
from gezinsplan.store.repository import save_case
from gezinsplan.summary import format_table, summarise

__all__ = ["register"]

DEMO_PEILDATUM = "2026-11-23"


@click.command()
@click.option(
    "--examples",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of household JSON files (default: the shipped examples).",
)
@click.option("--peildatum", default=DEMO_PEILDATUM, show_default=True, callback=parse_date)
@click.option(
    "--db", default=None, help="Store URL (default: $GEZINSPLAN_DB or sqlite:///gezinsplan.sqlite)."
)
@click.option(
    "--monitor-households",
    type=click.IntRange(min=0),
    default=3000,
    show_default=True,
    help="Generated households for the caseload monitor at the end (0: no monitor).",
)
@click.option(
    "--monitor-out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("monitor"),
    show_default=True,
    help="Folder for the monitor's tables and report.",
)
def demo(
    folder: Path | None,
    peildatum: date,
    db: str | None,
    monitor_households: int,
    monitor_out: Path,
) -> None:
    """The main job on the example households, then the monitor on a generated caseload.

    Validates each household, assesses it with the rule catalogue, builds its plan,
    saves household, signals and a new plan version in the store (SQLite by default)
    and prints a summary table. Then generates a caseload of a few thousand households,
    runs the caseload monitor on it and prints where its report is.
    """
    if monitor_households:
        _check_monitor_extra()
    folder = folder or examples_dir()
    files = sorted(folder.glob("*.json"))
    if not files:
        raise click.ClickException(f"no household files (*.json) in {folder}")
    rows: list[list[str]] = []
    problems = 0
    try:
        rules = load_rules()
        assessor = Assessor(rules)
    except GezinsplanError as e:
        raise click.ClickException(str(e)) from None
    with store(db) as factory:
        for path in files:
            try:
                household = read_household(path)
            except HouseholdValidationError as e:
                for p in e.problems:
                    click.echo(str(p), err=True)
                problems += len(e.problems)
                continue
            case = assessor.assess_and_plan(household, peildatum)
            signals, plan = case.signals, case.plan
            with factory() as session, session.begin():
                saved = save_case(
                    session,
                    household,
                    signals,
                    plan,
                    caseworker="demo",
                    reason="gezinsplan demo",
                    rules_version=rules.version,
                    peildatum=peildatum,
                )
            s = summarise(household, peildatum)
            rows.append(
                [
                    s.household_id,
                    s.gemeente,
                    str(s.members),
                    str(s.questions),
                    "+".join(s.wetten) or "-",
                    str(s.professionals),
                    str(len(signals)),
                    ",".join(sorted({x.category.value for x in signals})) or "-",
                    plan.outcome.value,
                    plan.regisseur.id if plan.regisseur else "-",
                    str(sum(g.status == "actief" for g in plan.goals)),
                    f"v{saved.version_no}" if saved else "-",
                ]
            )
    click.echo(
        f"{len(rows)} households valid, assessed and planned at {peildatum.isoformat()}; "
        f"saved in {store_label(db)} (rules {rules.version[:12]})\n"
    )
    headers = [
        "household",
        "gemeente",
        "leden",
        "vragen",
        "wetten",
        "prof.",
        "signalen",
        "categorieën",
        "uitkomst",
        "regisseur",
        "doelen nu",
        "plan",
    ]
    click.echo(format_table(headers, rows))
    if problems:
        raise SystemExit(1)
    if monitor_households:
        _monitor(monitor_households, peildatum, monitor_out)


MONITOR_MODULES = ("pyarrow", "duckdb", "sqlglot", "pandas")
"""What the monitor at the end of the demo imports (the ``monitor`` extra)."""


def _check_monitor_extra() -> None:
    """Before anything is written: the monitor's packages are installed, or one clear line."""
    missing = [name for name in MONITOR_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        raise click.ClickException(
            f"the demo ends with the caseload monitor, which needs {', '.join(missing)}: "
            "pip install 'gezinsplan[monitor]', or run the demo without it: "
            "gezinsplan demo --monitor-households 0 (nothing was written)"
        )


def _monitor(n: int, peildatum: date, out: Path) -> None:
    """Generate ``n`` households as JSON Lines and run the monitor on them."""
    from gezinsplan.cli.monitor import run_monitor_command
    from gezinsplan.generate import write_generated

    out.mkdir(parents=True, exist_ok=True)
    caseload = out / "caseload.jsonl"
    click.echo(f"\ncaseload monitor: {n} generated households in {caseload}")
    with caseload.open("w", encoding="utf-8") as handle:
        write_generated(n, 2026, handle, peildatum=peildatum)
    run_monitor_command(str(caseload), peildatum, out, out / "monitor.html")


def store_label(db: str | None) -> str:
    """The store URL without a password."""
    return make_engine(db or default_db_url()).url.render_as_string(hide_password=True)


def register(group: click.Group) -> None:
    """Add ``demo``."""
    group.add_command(demo)
