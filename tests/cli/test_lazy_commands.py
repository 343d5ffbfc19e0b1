"""The command line imports a command's module only when the command is used."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import click
from click.testing import CliRunner

import gezinsplan.cli
from gezinsplan.cli import COMMANDS, main


def _registering_modules() -> list[str]:
    names = []
    for info in pkgutil.iter_modules(gezinsplan.cli.__path__):
        module = importlib.import_module(f"gezinsplan.cli.{info.name}")
        if callable(getattr(module, "register", None)):
            names.append(info.name)
    return names


def test_commands_name_every_registered_command_and_its_modules() -> None:
    registered: dict[str, list[str]] = {}
    for name in _registering_modules():
        group = click.Group()
        importlib.import_module(f"gezinsplan.cli.{name}").register(group)
        for command in group.commands:
            registered.setdefault(command, []).append(name)
    assert {c: sorted(m) for c, m in registered.items()} == {
        c: sorted(m) for c, m in COMMANDS.items()
    }


def test_a_lazily_loaded_group_keeps_the_subcommands_of_every_module() -> None:
    result = CliRunner().invoke(main, ["import", "--help"])
    assert result.exit_code == 0, result.output
    assert "vroegsignalen" in result.output
    assert "istandaarden" in result.output


def test_the_store_is_not_imported_for_a_caseload_command() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from gezinsplan.cli import main\n"
        "r = CliRunner().invoke(main, ['caseload', '--help'])\n"
        "assert r.exit_code == 0, r.output\n"
        "print(sorted(m for m in ('sqlalchemy', 'alembic', 'networkx') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_a_database_error_that_escapes_a_command_is_one_clear_line() -> None:
    from sqlalchemy.exc import OperationalError

    group = type(main)(name="gezinsplan")

    @group.command("kapot")
    def broken() -> None:
        raise OperationalError("SELECT 1", {}, Exception("disk I/O error"))

    result = CliRunner().invoke(group, ["kapot"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.startswith("Error: ")
    assert len(result.output.strip().splitlines()) == 1


def test_other_errors_are_not_swallowed() -> None:
    group = type(main)(name="gezinsplan")

    @group.command("fout")
    def broken() -> None:
        raise RuntimeError("a bug")

    result = CliRunner().invoke(group, ["fout"])
    assert isinstance(result.exception, RuntimeError)
