"""CLI command: ``import vroegsignalen`` (DDAS exchange model v0.9)."""

from __future__ import annotations

from pathlib import Path

import click

from gezinsplan.cli._options import read_key_file
from gezinsplan.errors import GezinsplanError

__all__ = ["register"]


def _import_group(main: click.Group) -> click.Group:
    """The ``import`` group: the one already registered, or a new one."""
    existing = main.commands.get("import")
    if isinstance(existing, click.Group):
        return existing

    @click.group("import")
    def import_group() -> None:
        """Import data from the exchange standards of the social domain."""

    main.add_command(import_group)
    return import_group


@click.command("vroegsignalen")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--households",
    type=click.Path(path_type=Path),
    default=None,
    help="The households to attach the signals to (a JSON Lines caseload, one household "
    "file, or a columnar caseload folder); without it, --out gets one pseudonymised signal "
    "per line.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="The JSON Lines file to write (replaced only when the import succeeds), or with a "
    "columnar caseload as --households the new caseload folder.",
)
@click.option(
    "--key-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The secret key for the BSN pseudonyms, the same as for store export "
    "(default: $GEZINSPLAN_PSEUDONYM_KEY).",
)
def import_vroegsignalen_cmd(
    file: Path, households: Path | None, out: Path, key_file: Path | None
) -> None:
    """Read a delivery of vroegsignalen (DDAS exchange model v0.9, JSON) and attach its
    signals to households as payment arrears, joined on the pseudonymised BSN.

    The file is read whole or refused whole, with one line per problem (file, JSON path,
    what is wrong). BSNs, names and addresses of the delivery are never written.
    """
    from gezinsplan.interop.vroegsignalen import DeliveryError, import_vroegsignalen

    key = read_key_file(key_file)
    try:
        result = import_vroegsignalen(file, out, key=key, households=households)
    except DeliveryError as e:
        for p in e.problems[:200]:
            click.echo(str(p), err=True)
        if len(e.problems) > 200:
            click.echo(f"… and {len(e.problems) - 200} more problems", err=True)
        raise click.ClickException(
            f"{file}: refused, {len(e.problems)} problem(s); nothing was written"
        ) from None
    except GezinsplanError as e:
        raise click.ClickException(str(e)) from None
    gemeenten = ", ".join(result.gemeenten) or "-"
    if households is None:
        click.echo(
            f"{file}: {result.signals} signal(s) written to {out} "
            f"({result.dropped} left out by status or result; gemeente {gemeenten})"
        )
        return
    click.echo(
        f"{file}: {result.attached} of {result.signals} signal(s) attached to "
        f"{result.households} household(s), {result.unmatched} without a household, "
        f"{result.dropped} left out by status or result; {result.written} household(s) "
        f"written to {out} (gemeente {gemeenten})"
    )


def register(main: click.Group) -> None:
    """Add ``import vroegsignalen`` (to the ``import`` group, made when missing)."""
    _import_group(main).add_command(import_vroegsignalen_cmd)
