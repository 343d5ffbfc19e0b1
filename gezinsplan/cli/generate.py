"""CLI command: ``generate`` a synthetic caseload."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from gezinsplan.cli._options import out_path, parse_date
from gezinsplan.errors import GezinsplanError
from gezinsplan.generate import write_generated

__all__ = ["register"]


@click.command()
@click.option("--households", "n", type=click.IntRange(min=0), required=True, help="How many.")
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same bytes.")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="FILE.jsonl, or a folder to create with --format parquet.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "parquet"]),
    default="jsonl",
    show_default=True,
    help="JSON Lines, or the columnar caseload (Parquet tables, as caseload convert writes).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes for --format parquet (default: the number of CPUs).",
)
@click.option(
    "--generator",
    type=click.Choice(["columnar", "documents"]),
    default=None,
    help="For --format parquet: columnar (the default) draws whole columns at once, fast; "
    "documents draws one validated household at a time (the same households as the JSON "
    "Lines output, which always comes from it).",
)
@click.option("--replace", is_flag=True, help="Replace an existing folder (--format parquet).")
@click.option(
    "--peildatum",
    default="2026-01-01",
    show_default=True,
    callback=parse_date,
    help="Reference date the ages and provision periods are generated around.",
)
def generate(
    n: int,
    seed: int,
    out: Path,
    fmt: str,
    workers: int | None,
    generator: str | None,
    replace: bool,
    peildatum: date,
) -> None:
    """Generate a synthetic caseload as JSON Lines or Parquet (deterministic per seed)."""
    if fmt == "parquet":
        _generate_parquet(n, seed, out, peildatum, workers, replace, generator or "columnar")
        return
    if generator == "columnar":
        raise click.UsageError("--generator columnar writes --format parquet only")
    out_path(click.get_current_context(), click.Option(["--out"]), out)
    tmp = out.with_name(out.name + ".part")
    with (
        click.progressbar(length=n, label="generating", file=sys.stderr) as bar,
        tmp.open("w", encoding="utf-8", newline="\n") as handle,
    ):

        def step(k: int) -> None:
            bar.update(k)

        count = write_generated(n, seed, handle, peildatum=peildatum, progress=step)
    tmp.replace(out)
    click.echo(f"{count} households written to {out}", err=True)


def _generate_parquet(
    n: int,
    seed: int,
    out: Path,
    peildatum: date,
    workers: int | None,
    replace: bool,
    generator: str,
) -> None:
    try:
        from gezinsplan.caseload.convert import generate_caseload
    except ImportError:
        raise click.ClickException(
            "the columnar caseload needs pyarrow: pip install 'gezinsplan[caseload]'"
        ) from None
    try:
        with click.progressbar(length=n, label="generating", file=sys.stderr) as bar:
            result = generate_caseload(
                n,
                seed,
                out,
                peildatum=peildatum,
                workers=workers or os.cpu_count() or 1,
                replace=replace,
                progress=bar.update,
                generator="columnar" if generator == "columnar" else "documents",
            )
    except GezinsplanError as e:
        raise click.ClickException(str(e)) from None
    click.echo(
        f"{result.households} households written to {result.out} ({result.chunks} part(s))",
        err=True,
    )


def register(group: click.Group) -> None:
    """Add ``generate``."""
    group.add_command(generate)
