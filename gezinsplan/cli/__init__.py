"""The ``gezinsplan`` command line.

Each area registers its commands from its own module, so the modules stay small:
``household`` (validate, schema), ``generate``, ``rules`` (signals, rules check),
``plan`` (plan, graph), ``store`` (store …), ``zgw`` (zgw push), ``interop`` (import,
export), ``demo`` and ``examples``.
"""

from __future__ import annotations

from typing import Any

import click
from sqlalchemy.exc import SQLAlchemyError

from gezinsplan import __version__
from gezinsplan.cli import (
    caseload,
    demo,
    examples,
    generate,
    household,
    interop,
    monitor,
    plan,
    rules,
    serve,
    store,
    variant,
    vroegsignalen,
    zgw,
)
from gezinsplan.errors import GezinsplanError
from gezinsplan.store.db import store_error

__all__ = ["main"]


class _Main(click.Group):
    """The command group: every error a user can cause ends as one clear message.

    Commands report their own errors; whatever escapes them (an error of the library,
    a database error, a file that cannot be read or written) is shown in one line
    without a traceback and without values from the household.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GezinsplanError as e:
            raise click.ClickException(str(e)) from None
        except SQLAlchemyError as e:
            raise click.ClickException(str(store_error(e))) from None
        except OSError as e:
            where = f"{e.filename}: " if e.filename else ""
            raise click.ClickException(f"{where}{e.strerror or type(e).__name__}") from None


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gezinsplan")
def main() -> None:
    """gezinsplan: één gezin, één plan.

    Rules-driven case planning for households with support questions across
    Wmo, Jeugdwet, Participatiewet and onderwijs.
    """


for _module in (
    household,
    generate,
    rules,
    plan,
    store,
    demo,
    examples,
    serve,
    caseload,
    variant,
    monitor,
    zgw,
    interop,
    vroegsignalen,
):
    _module.register(main)
