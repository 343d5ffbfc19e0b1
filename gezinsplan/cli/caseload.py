"""CLI commands: ``caseload convert``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from gezinsplan.errors import GezinsplanError

__all__ = ["register"]


@click.group("caseload")
def caseload_group() -> None:
    """The columnar caseload (Parquet tables) for whole-caseload engines."""


@caseload_group.command("convert")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The folder to write (must not exist unless --replace).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes (default: the number of CPUs).",
)
@click.option(
    "--chunk-size",
    type=click.IntRange(min=1),
    default=5000,
    show_default=True,
    help="Households per Parquet part file.",
)
@click.option("--replace", is_flag=True, help="Replace an existing folder (atomically).")
def convert_cmd(file: Path, out: Path, workers: int | None, chunk_size: int, replace: bool) -> None:
    """Validate a JSON Lines caseload and write it as Parquet tables (all or nothing)."""
    try:
        from gezinsplan.caseload.convert import convert_caseload
    except ImportError:
        raise click.ClickException(
            "the columnar caseload needs pyarrow: pip install 'gezinsplan[caseload]'"
        ) from None
    try:
        size = file.stat().st_size
    except OSError as e:
        raise click.ClickException(f"{file}: cannot read file: {e.strerror}") from None
    try:
        with click.progressbar(length=size, label="converting", file=sys.stderr) as bar:
            result = convert_caseload(
                file,
                out,
                workers=workers or os.cpu_count() or 1,
                chunk_size=chunk_size,
                replace=replace,
                progress=bar.update,
            )
    except GezinsplanError as e:
        raise click.ClickException(str(e)) from None
    click.echo(
        f"{result.households} households written to {result.out} ({result.chunks} part(s))",
        err=True,
    )


def register(group: click.Group) -> None:
    """Add the ``caseload`` group."""
    group.add_command(caseload_group)
