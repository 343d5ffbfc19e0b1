"""The ``gezinsplan`` command line.

Each area registers its commands from its own module, so the modules stay small:
``household`` (validate, schema), ``generate``, ``rules`` (signals, rules check),
``plan`` (plan, graph), ``store`` (store …), ``zgw`` (zgw push), ``interop`` (import,
export), ``demo`` and ``examples``. A module is imported when one of its commands is
used (:data:`COMMANDS`), so a command never waits for the imports of the others (the
store's SQLAlchemy and Alembic, networkx, the caseload engine).
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from gezinsplan import __version__
from gezinsplan.errors import GezinsplanError

__all__ = ["COMMANDS", "main"]

COMMANDS: dict[str, tuple[str, ...]] = {
    "caseload": ("caseload",),
    "demo": ("demo",),
    "examples": ("examples",),
    "export": ("interop",),
    "generate": ("generate",),
    "graph": ("plan",),
    "import": ("interop", "vroegsignalen"),
    "monitor": ("monitor",),
    "plan": ("plan",),
    "rules": ("rules",),
    "schema": ("household",),
    "serve": ("serve",),
    "signals": ("rules",),
    "store": ("store",),
    "validate": ("household",),
    "variant": ("variant",),
    "zgw": ("zgw",),
}
"""Each top-level command and the modules of ``gezinsplan.cli`` that register it (in
order: ``import vroegsignalen`` joins the ``import`` group of ``interop``)."""


class _Main(click.Group):
    """The command group: every error a user can cause ends as one clear message.

    Commands report their own errors; whatever escapes them (an error of the library,
    a database error, a file that cannot be read or written) is shown in one line
    without a traceback and without values from the household.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = self.commands.get(cmd_name)
        if found is None and cmd_name in COMMANDS:
            # a command's module (and what it needs: the store, networkx, the caseload
            # engine) is imported when the command is used, not for every command
            group = click.Group()
            for module in COMMANDS[cmd_name]:
                importlib.import_module(f"gezinsplan.cli.{module}").register(group)
            found = group.commands[cmd_name]
            self.add_command(found)
        return found

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GezinsplanError as e:
            raise click.ClickException(str(e)) from None
        except OSError as e:
            where = f"{e.filename}: " if e.filename else ""
            raise click.ClickException(f"{where}{e.strerror or type(e).__name__}") from None
        except Exception as e:
            # a database error can only come from the store, which is then imported
            exc = sys.modules.get("sqlalchemy.exc")
            if exc is not None and isinstance(e, exc.SQLAlchemyError):
                from gezinsplan.store.db import store_error

                raise click.ClickException(str(store_error(e))) from None
            raise


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gezinsplan")
def main() -> None:
    """gezinsplan: één gezin, één plan.

    Rules-driven case planning for households with support questions across
    Wmo, Jeugdwet, Participatiewet and onderwijs.
    """
