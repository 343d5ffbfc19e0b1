"""Shared option parsing for the command line."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from gezinsplan.engines import default_engine, engine_names

__all__ = [
    "engine_option",
    "out_path",
    "parse_date",
    "read_key_file",
    "report_option",
    "resolve_engine",
    "tariffs_option",
]


def parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    """Click callback: ``YYYY-MM-DD`` to a date (None stays None)."""
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter(f"expected YYYY-MM-DD, got {value!r}") from None


def out_path(_ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path | None:
    """Click callback for ``--out``: the folder must exist (nothing is created silently)."""
    if value is None:
        return None
    folder = value.parent if str(value.parent) else Path(".")
    if not folder.is_dir():
        raise click.BadParameter(f"the folder {str(folder)!r} does not exist: create it first")
    if value.is_dir():
        raise click.BadParameter(f"{str(value)!r} is a folder: give a file name")
    return value


report_option = click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    callback=out_path,
    help="Also write the HTML report here.",
)
"""``--report FILE``: where a command also writes its HTML report (the folder must exist)."""

tariffs_option = click.option(
    "--tariffs",
    "tariffs_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Tariff folder (YAML, see docs/costs.md) for the costs of provisions; default: "
    "the shipped example set, which is not any municipality's contract prices.",
)
"""``--tariffs DIR``: the tariffs that price provisions (monitor, variant diff and rank)."""


def resolve_engine(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str:
    """Click callback for ``--engine``: left out, the default engine; when that is the
    fallback (durable_rules cannot load here), its one notice line goes to standard error
    through the ``gezinsplan`` logger."""
    return value if value is not None else default_engine()


engine_option = click.option(
    "--engine",
    type=click.Choice(engine_names()),
    default=None,
    callback=resolve_engine,
    help="Rules engine (default: durable, or python where durable_rules cannot load).",
)
"""``--engine NAME``: the rules engine; left out, the default engine of this machine."""


def read_key_file(key_file: Path | None) -> bytes:
    """The pseudonymisation key of ``--key-file`` (left out: the store's default key source);
    an unreadable or empty file is one clear line."""
    from gezinsplan.store.pseudonymize import pseudonymize_key

    if key_file is None:
        return pseudonymize_key(None)
    try:
        key = key_file.read_bytes().strip()
    except OSError as e:
        raise click.ClickException(f"{key_file}: cannot read the key file: {e.strerror}") from None
    if not key:
        raise click.ClickException(f"{key_file}: the key file is empty")
    return key
