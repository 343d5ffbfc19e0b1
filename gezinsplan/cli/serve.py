"""CLI command: ``serve`` (the HTTP service for case software)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from gezinsplan.cli._options import engine_option
from gezinsplan.errors import GezinsplanError

__all__ = ["register"]

_LOG_CONFIG = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "gezinsplan.service.access": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}


@click.command()
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False, path_type=Path))
@engine_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Processes."
)
@click.option(
    "--max-body-bytes",
    default=1_048_576,
    show_default=True,
    type=click.IntRange(1024),
    help="Larger requests get 413.",
)
def serve(
    rules_dir: Path | None, engine: str, host: str, port: int, workers: int, max_body_bytes: int
) -> None:
    """Serve assess/plan over HTTP (POST /v1/assess, POST /v1/plan, GET /v1/rules)."""
    try:
        import uvicorn

        from gezinsplan.service.app import app_from_env
    except ImportError as e:
        raise click.ClickException(
            f"the HTTP service needs the 'service' extra ({e.name} is missing): "
            "pip install 'gezinsplan[service]'"
        ) from None
    os.environ["GEZINSPLAN_RULES"] = str(rules_dir) if rules_dir else ""
    os.environ["GEZINSPLAN_ENGINE"] = engine
    os.environ["GEZINSPLAN_MAX_BODY_BYTES"] = str(max_body_bytes)
    try:
        app_from_env()  # fail here, with one line, on bad rules; workers build their own
    except GezinsplanError as e:
        raise click.ClickException(f"cannot start: {e}") from None
    click.echo(f"gezinsplan serving on http://{host}:{port}/v1 ({engine}, {workers} worker(s))")
    uvicorn.run(
        "gezinsplan.service.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,  # ours logs method, path, status, duration: no client address
        log_config=_LOG_CONFIG,
        server_header=False,
    )


def register(group: click.Group) -> None:
    """Add ``serve`` to the command group."""
    group.add_command(serve)
