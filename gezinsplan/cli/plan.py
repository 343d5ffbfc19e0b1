"""CLI command: ``plan``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from gezinsplan.assessor import Assessor
from gezinsplan.cli._options import engine_option, out_path, parse_date
from gezinsplan.errors import GezinsplanError
from gezinsplan.io import read_household
from gezinsplan.plan.draw import draw_household_graph
from gezinsplan.plan.graph import household_graph
from gezinsplan.plan.ics import render_ics
from gezinsplan.plan.render import (
    render_caseworker_markdown,
    render_html,
    render_json,
    render_markdown,
)
from gezinsplan.rules.ruleset import load_rules

__all__ = ["register"]


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--peildatum", callback=parse_date, required=True, help="YYYY-MM-DD")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False, path_type=Path))
@engine_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "json", "ics"]),
    default="md",
    show_default=True,
    help="ics: the dated actions as an iCalendar file (RFC 5545) for the caseworker.",
)
@click.option(
    "--for",
    "audience",
    type=click.Choice(["household", "caseworker"]),
    default="household",
    show_default=True,
    help="household: the letter with first names in plain Dutch; caseworker: ids, rule ids, "
    "sources and explanations (Markdown).",
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), default=None, callback=out_path
)
def plan(
    file: Path,
    peildatum: date,
    rules_dir: Path | None,
    engine: str,
    fmt: str,
    audience: str,
    out: Path | None,
) -> None:
    """Assess one household and build its plan: the household's letter or the caseworker's
    version."""
    try:
        assessor = Assessor(load_rules(rules_dir), engine=engine)
        household = read_household(file)
        case = assessor.assess_and_plan(household, peildatum)
        result = case.plan
    except GezinsplanError as e:
        raise click.ClickException(str(e)) from None
    except OSError as e:
        raise click.ClickException(f"{file}: cannot read file: {e.strerror}") from None
    if fmt == "json":
        text = render_json(result)
    elif fmt == "ics":
        text = render_ics(result)
    elif audience == "caseworker":
        text = render_caseworker_markdown(result, household, case.signals)
    elif fmt == "html":
        text = render_html(result, household)
    else:
        text = render_markdown(result, household)
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_bytes(text.encode("utf-8"))  # keeps the CRLF line ends of iCalendar
        click.echo(f"plan written to {out}", err=True)


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--peildatum", callback=parse_date, required=True, help="YYYY-MM-DD")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    callback=out_path,
    help="household.svg or household.png",
)
@click.option("--names", is_flag=True, help="Show personal names instead of roles.")
def graph(file: Path, peildatum: date, out: Path, names: bool) -> None:
    """Draw the household graph: members, professionals, organisations, provisions; the
    regisseur of the plan ringed in red."""
    if out.suffix not in (".svg", ".png"):
        raise click.BadParameter("--out must end in .svg or .png")
    try:
        household = read_household(file)
    except GezinsplanError as e:
        raise click.ClickException(str(e)) from None
    except OSError as e:
        raise click.ClickException(f"{file}: cannot read file: {e.strerror}") from None
    try:
        chosen = Assessor().plan(household, peildatum).regisseur
    except GezinsplanError as e:
        raise click.ClickException(str(e)) from None
    g = household_graph(household, peildatum, include_names=names)
    draw_household_graph(
        g,
        out,
        title=f"Huishouden {household.id} op {peildatum.isoformat()}",
        regisseur=f"{chosen.kind}:{chosen.id}" if chosen else None,
    )
    click.echo(f"graph written to {out}", err=True)


def register(group: click.Group) -> None:
    """Add ``plan`` and ``graph``."""
    group.add_command(plan)
    group.add_command(graph)
