"""CLI commands: ``zgw push`` (the plan as a zaak in a zaaksysteem)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from gezinsplan.errors import GezinsplanError

__all__ = ["register"]


@click.group("zgw")
def zgw_group() -> None:
    """Exchange with a zaaksysteem through the ZGW APIs (Zaken 1.5, Documenten 1.5)."""


@zgw_group.command("push")
@click.argument("household_id")
@click.option(
    "--db", default=None, help="Store URL (default: $GEZINSPLAN_DB or sqlite:///gezinsplan.sqlite)."
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="TOML or YAML file with the zgw settings (default: $GEZINSPLAN_ZGW_CONFIG; "
    "$GEZINSPLAN_ZGW_<KEY> variables win over the file).",
)
@click.option(
    "--with-bsn",
    "bsn_for",
    multiple=True,
    metavar="MEMBER",
    help="Send the BSN of this member (repeat it, or 'all'); by default no BSN is sent.",
)
@click.option("--dry-run", is_flag=True, help="Print the requests; send nothing.")
def push_cmd(
    household_id: str,
    db: str | None,
    config_file: Path | None,
    bsn_for: tuple[str, ...],
    dry_run: bool,
) -> None:
    """Create or update the zaak of HOUSEHOLD_ID for its newest stored plan version, with
    the household's letter as document."""
    try:
        from gezinsplan.zgw import load_config, push_plan
    except ModuleNotFoundError as e:
        raise click.ClickException(
            f"zgw push needs {e.name}: pip install 'gezinsplan[zgw]'"
        ) from None
    try:
        config = load_config(config_file)
        result = push_plan(
            household_id, config, db=db, bsn_for=bsn_for, dry_run=dry_run, today=date.today()
        )
    except GezinsplanError as e:
        raise click.ClickException(str(e)) from None
    for request in result.requests:
        click.echo(str(request))
    click.echo(result.summary(), err=dry_run)


def register(group: click.Group) -> None:
    """Add the ``zgw`` group."""
    group.add_command(zgw_group)
