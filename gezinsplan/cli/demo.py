"""CLI commands: demo."""

from __future__ import annotations

import click

__all__ = ["register"]


def register(group: click.Group) -> None:
    """Add the demo commands to the main group."""
