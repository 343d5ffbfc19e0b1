"""CLI commands: generate."""

from __future__ import annotations

import click

__all__ = ["register"]


def register(group: click.Group) -> None:
    """Add the generate commands to the main group."""
