"""Shared option parsing for the command line."""

from __future__ import annotations

from datetime import date, datetime

import click

__all__ = ["parse_date"]


def parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    """Click callback: ``YYYY-MM-DD`` to a date (None stays None)."""
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter(f"expected YYYY-MM-DD, got {value!r}") from None
