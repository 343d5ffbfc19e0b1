"""The ``gezinsplan`` command line.

Each area registers its commands from its own module, so the modules stay small:
``household`` (validate, schema), ``generate``, ``rules`` (signals, rules check),
``plan`` (plan, graph), ``store`` (store …) and ``demo``.
"""

from __future__ import annotations

import click

from gezinsplan import __version__
from gezinsplan.cli import demo, generate, household, plan, rules, serve, store

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gezinsplan")
def main() -> None:
    """gezinsplan: één gezin, één plan.

    Rules-driven case planning for households with support questions across
    Wmo, Jeugdwet, Participatiewet and onderwijs.
    """


for _module in (household, generate, rules, plan, store, demo, serve):
    _module.register(main)
