"""CLI commands: rules."""

from __future__ import annotations

import click

__all__ = ["register"]


def register(group: click.Group) -> None:
    """Add the rules commands to the main group."""
