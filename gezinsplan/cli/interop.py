"""CLI commands: ``import istandaarden``, ``import register`` and ``export istandaarden``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal, cast

import click

from gezinsplan.cli._options import read_key_file
from gezinsplan.errors import GezinsplanError

__all__ = ["register"]

_NEEDS_LXML = "the iWmo/iJw messages need lxml: pip install 'gezinsplan[interop]'"


@click.group("import")
def import_group() -> None:
    """Import data from the exchange standards of the social domain."""


@click.group("export")
def export_group() -> None:
    """Export data in the exchange standards of the social domain."""


_caseload_out = click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="The caseload to write: a folder (parquet) or a file (jsonl).",
)
_caseload_format = click.option(
    "--format",
    "fmt",
    type=click.Choice(["parquet", "jsonl"]),
    default="parquet",
    show_default=True,
    help="A columnar caseload folder or a JSON Lines file.",
)
_key_file = click.option(
    "--key-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The secret key for the pseudonyms (default: $GEZINSPLAN_PSEUDONYM_KEY).",
)
"""The options every import that writes a caseload shares."""


@import_group.command("istandaarden")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@_caseload_out
@_key_file
@_caseload_format
@click.option(
    "--xsd",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Also validate every file against your copy of the official schemas (a folder).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes (default: the number of CPUs).",
)
@click.option("--replace", is_flag=True, help="Replace an existing output (atomically).")
@click.option("-v", "--verbose", is_flag=True, help="Also list every accepted file.")
def import_istandaarden_cmd(
    inputs: tuple[Path, ...],
    out: Path,
    key_file: Path | None,
    fmt: str,
    xsd: Path | None,
    workers: int | None,
    replace: bool,
    verbose: bool,
) -> None:
    """Read iWmo/iJw 3.2 messages (301, 305, 307, 315; files, folders, .zip archives)
    into a caseload: one household per client, the BSN pseudonymised.

    A file is read whole or refused whole, with one line per problem (file, line,
    element, what is wrong). Exits 1 when any file was refused.
    """
    try:
        from gezinsplan.interop.istandaarden.importer import import_istandaarden
    except ImportError:
        raise click.ClickException(_NEEDS_LXML) from None
    key = read_key_file(key_file)

    def on_file(fr: Any) -> None:
        if fr.problems:
            click.echo(f"{fr.name}: refused", err=True)
            for p in fr.problems:
                click.echo(f"  {p}", err=True)
        elif verbose:
            click.echo(f"{fr.name}: {fr.message}, {len(fr.records)} product(s)", err=True)

    try:
        result = import_istandaarden(
            list(inputs),
            out,
            key=key,
            fmt=cast(Literal["parquet", "jsonl"], fmt),
            xsd=xsd,
            workers=workers or os.cpu_count() or 1,
            replace=replace,
            on_file=on_file,
        )
    except GezinsplanError as e:
        raise click.ClickException(str(e)) from None
    for p in result.problems:
        click.echo(f"{p}", err=True)
    click.echo(
        f"{result.files} file(s) read, {len(result.refused)} refused; "
        f"{result.households} household(s) with {result.provisions} provision(s) "
        f"written to {out}",
        err=True,
    )
    if result.refused or result.problems:
        raise SystemExit(1)


_SHOW = 10
"""How many unplaced rows the register import lists (all are counted)."""


@import_group.command("register")
@click.option(
    "--personen",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The persons (CSV): person, birth date, household key, relation, gemeente, wijk.",
)
@click.option(
    "--uitkeringen",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Participatiewet benefits (CSV).",
)
@click.option(
    "--onderwijs",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="School and leerplicht records (CSV).",
)
@click.option(
    "--professionals",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Professionals and organisations per person (CSV).",
)
@click.option(
    "--voorzieningen",
    type=click.Path(path_type=Path),
    default=None,
    help="Provisions from 'import istandaarden' (its caseload folder or JSON Lines file).",
)
@_caseload_out
@_key_file
@_caseload_format
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write every row that was not placed to this CSV file (file, row, key, reason).",
)
@click.option(
    "--keep-bsn",
    is_flag=True,
    help="Keep the BSN on the members (JSON Lines only): the output then holds BSNs.",
)
@click.option("--replace", is_flag=True, help="Replace an existing output (atomically).")
def import_register_cmd(
    personen: Path,
    uitkeringen: Path | None,
    onderwijs: Path | None,
    professionals: Path | None,
    voorzieningen: Path | None,
    out: Path,
    key_file: Path | None,
    fmt: str,
    report: Path | None,
    keep_bsn: bool,
    replace: bool,
) -> None:
    """Join register extracts (CSV, see docs/import.md) and imported provisions into
    households and write them as a caseload; BSNs become keyed pseudonyms.

    A file with any problem is refused whole (one line per problem: file, row, column)
    and nothing is written. Rows and provisions that cannot be placed in a household
    are counted and listed by row number or pseudonymous key. Exits 1 when a file was
    refused or anything was not placed.
    """
    from gezinsplan.interop.register.importer import import_register

    if keep_bsn and fmt != "jsonl":
        raise click.UsageError(
            "--keep-bsn needs --format jsonl (a columnar caseload holds no BSNs)"
        )
    key = read_key_file(key_file)
    try:
        result = import_register(
            personen,
            out,
            key=key,
            uitkeringen=uitkeringen,
            onderwijs=onderwijs,
            professionals=professionals,
            voorzieningen=voorzieningen,
            fmt=cast(Literal["parquet", "jsonl"], fmt),
            keep_bsn=keep_bsn,
            replace=replace,
        )
    except GezinsplanError as e:
        raise click.ClickException(str(e)) from None
    if result.refused:
        for t in result.refused:
            click.echo(f"{t.source}: refused", err=True)
            for p in t.problems:
                click.echo(f"  {p}", err=True)
        click.echo(f"{len(result.refused)} file(s) refused; nothing written", err=True)
        raise SystemExit(1)
    if report is not None:
        from gezinsplan.interop.register.importer import write_report

        write_report(result.unplaced, report)
    if result.unplaced:
        by_source: dict[str, list[Any]] = {}
        for u in result.unplaced:
            by_source.setdefault(u.source, []).append(u)
        for source, items in by_source.items():
            click.echo(f"{source}: {len(items)} not placed in a household", err=True)
            for u in items[:_SHOW]:
                click.echo(f"  {u}", err=True)
            if len(items) > _SHOW:
                click.echo(f"  … and {len(items) - _SHOW} more", err=True)
    rows = ", ".join(f"{n} {name}" for name, n in result.rows.items()) + " row(s)"
    if voorzieningen is not None:
        rows += f" and {result.imported} imported provision(s)"
    click.echo(
        f"read {rows}; {result.households} household(s) with {result.members} "
        f"member(s) and {result.provisions} provision(s) written to {out}; "
        f"{len(result.unplaced)} not placed",
        err=True,
    )
    if result.unplaced:
        raise SystemExit(1)


@export_group.command("istandaarden")
@click.argument("caseload", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The folder to write the messages to (must not exist unless --replace).",
)
@click.option("--replace", is_flag=True, help="Replace an existing folder (atomically).")
def export_istandaarden_cmd(caseload: Path, out: Path, replace: bool) -> None:
    """Write 301, 305 and 307 messages for the provisions of a caseload (JSON Lines or a
    columnar caseload folder).

    Only provisions with a toewijzing (wet wmo or jeugdwet, toewijzingnummer,
    gemeente_code, aanbieder_agb) are written. A member without a BSN gets a
    synthetic one (for synthetic caseloads and round trips only).
    """
    try:
        from gezinsplan.interop.istandaarden.writer import export_caseload
    except ImportError:
        raise click.ClickException(_NEEDS_LXML) from None
    try:
        result = export_caseload(caseload, out, replace=replace)
    except GezinsplanError as e:
        raise click.ClickException(str(e)) from None
    click.echo(
        f"{result.messages} message(s) for {result.provisions} provision(s) written to {out}"
        + (
            f"; {result.skipped} provision(s) without toewijzing left out" if result.skipped else ""
        ),
        err=True,
    )


def register(group: click.Group) -> None:
    """Add the ``import`` and ``export`` groups."""
    group.add_command(import_group)
    group.add_command(export_group)
