"""CLI commands: ``caseload convert`` and ``caseload assess``."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from gezinsplan.cli._options import out_path, parse_date
from gezinsplan.errors import GezinsplanError

__all__ = ["register"]


@click.group("caseload")
def caseload_group() -> None:
    """The columnar caseload (Parquet tables) for whole-caseload engines."""


@caseload_group.command("convert")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The folder to write (must not exist unless --replace).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes (default: the number of CPUs).",
)
@click.option(
    "--chunk-size",
    type=click.IntRange(min=1),
    default=5000,
    show_default=True,
    help="Households per Parquet part file.",
)
@click.option("--replace", is_flag=True, help="Replace an existing folder (atomically).")
def convert_cmd(file: Path, out: Path, workers: int | None, chunk_size: int, replace: bool) -> None:
    """Validate a JSON Lines caseload and write it as Parquet tables (all or nothing)."""
    try:
        from gezinsplan.caseload.convert import convert_caseload
    except ImportError:
        raise click.ClickException(
            "the columnar caseload needs pyarrow: pip install 'gezinsplan[caseload]'"
        ) from None
    try:
        size = file.stat().st_size
    except OSError as e:
        raise click.ClickException(f"{file}: cannot read file: {e.strerror}") from None
    try:
        with click.progressbar(length=size, label="converting", file=sys.stderr) as bar:
            result = convert_caseload(
                file,
                out,
                workers=workers or os.cpu_count() or 1,
                chunk_size=chunk_size,
                replace=replace,
                progress=bar.update,
            )
    except GezinsplanError as e:
        raise click.ClickException(str(e)) from None
    click.echo(
        f"{result.households} households written to {result.out} ({result.chunks} part(s))",
        err=True,
    )


@caseload_group.command("assess")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--peildatum", required=True, callback=parse_date, help="YYYY-MM-DD")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    callback=out_path,
    help="Write the signals as Parquet (one row per signal).",
)
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--backend",
    type=click.Choice(["duckdb", "postgres", "spark"]),
    default="duckdb",
    show_default=True,
    help="Where the SQL runs: DuckDB in this process, a PostgreSQL server (--url), Spark.",
)
@click.option("--url", default=None, help="PostgreSQL connection URL (--backend postgres).")
@click.option(
    "--memory-limit",
    default=None,
    help="Cap DuckDB's memory, e.g. 1.5GB (it spills to a temporary folder beyond it).",
)
@click.option(
    "--spark-master",
    default="local[2]",
    show_default=True,
    help="Spark master URL (--backend spark), e.g. spark://host:7077.",
)
@click.option(
    "--explain",
    "explain_ids",
    multiple=True,
    metavar="HOUSEHOLD",
    help="Print the messages of this household's signals (repeatable).",
)
def assess_cmd(
    source: Path,
    peildatum: date,
    out: Path | None,
    rules_dir: Path | None,
    backend: str,
    url: str | None,
    memory_limit: str | None,
    spark_master: str,
    explain_ids: tuple[str, ...],
) -> None:
    """Run the rules over a whole caseload (a converted folder or a JSON Lines file) in SQL."""
    try:
        import pyarrow.parquet as pq

        from gezinsplan.caseload.engine import assess, render_signals
        from gezinsplan.caseload.facts import FACT_ORDER
    except ImportError:
        raise click.ClickException(
            "the caseload engine needs pyarrow, duckdb and sqlglot: "
            "pip install 'gezinsplan[caseload]'"
        ) from None
    from gezinsplan.rules.ruleset import load_rules

    options: dict[str, Any] = {}
    if backend == "postgres":
        if not url:
            raise click.UsageError("--backend postgres needs --url")
        options["url"] = url
    if backend == "spark":
        options["master"] = spark_master
    if memory_limit is not None:
        if backend != "duckdb":
            raise click.UsageError("--memory-limit is for --backend duckdb")
        options["memory_limit"] = memory_limit
    try:
        rules = load_rules(rules_dir)
        steps = ["tabellen laden", *(f"feiten: {n}" for n in FACT_ORDER), "regels", "signalen"]
        with click.progressbar(length=len(steps), label="assessing", file=sys.stderr) as bar:
            table = assess(
                source,
                rules,
                peildatum,
                backend=backend,
                progress=lambda _step: bar.update(1),
                **options,
            )
        if out is not None:
            tmp = out.with_name(f".{out.name}.part-{os.getpid()}")
            try:
                pq.write_table(table, tmp, compression="zstd")
                tmp.replace(out)
            finally:
                tmp.unlink(missing_ok=True)
        import pyarrow.compute as pc

        counts: dict[str, int] = {
            c["values"]: c["counts"] for c in pc.value_counts(table.column("rule_id")).to_pylist()
        }
        households = pc.count_distinct(table.column("household")).as_py()
        click.echo(f"{table.num_rows} signals in {households} households at {peildatum}")
        for rule_id in sorted(counts, key=lambda r: (-counts[r], r)):
            click.echo(f"  {counts[rule_id]:>8}  {rule_id}")
        if explain_ids:
            for s in render_signals(table, source, rules, households=list(explain_ids)):
                click.echo(f"{s.household_id}  {s.rule_id}  [{s.severity.value}]  {s.message}")
        if out is not None:
            click.echo(f"signals written to {out}", err=True)
    except GezinsplanError as e:
        raise click.ClickException(str(e)) from None


@caseload_group.command("sql")
@click.option("--peildatum", required=True, callback=parse_date, help="YYYY-MM-DD")
@click.option("--rule", "rule_ids", multiple=True, help="Only this rule (repeatable).")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--dialect",
    type=click.Choice(["duckdb", "postgres", "spark"]),
    default="duckdb",
    show_default=True,
)
@click.option("--facts", "show_facts", is_flag=True, help="Show the fact views instead.")
def sql_cmd(
    peildatum: date,
    rule_ids: tuple[str, ...],
    rules_dir: Path | None,
    dialect: str,
    show_facts: bool,
) -> None:
    """Print the SQL the rules (or the fact views) compile to at a peildatum."""
    try:
        from gezinsplan.caseload.compile import compile_catalogue
        from gezinsplan.caseload.facts import fact_queries
    except ImportError:
        raise click.ClickException(
            "the caseload engine needs duckdb and sqlglot: pip install 'gezinsplan[caseload]'"
        ) from None
    from gezinsplan.rules.facts import fact_options
    from gezinsplan.rules.ruleset import load_rules

    try:
        rules = load_rules(rules_dir)
        params = rules.params_at(peildatum)
        if show_facts:
            from gezinsplan.caseload.aggregates import derived_queries

            for name, query in derived_queries().items():
                click.echo(f"-- {name} (derived, written by the conversion)")
                click.echo(f"{query.sql(dialect=dialect, pretty=True)};\n")
            queries = fact_queries(peildatum, **fact_options(params, peildatum))
            for name, query in queries.items():
                click.echo(f"-- {name}\n{query.sql(dialect=dialect, pretty=True)};\n")
            return
        known = {r.id for r in rules.rules}
        unknown = [r for r in rule_ids if r not in known]
        if unknown:
            raise click.UsageError(f"unknown rule(s): {', '.join(unknown)}")
        chosen = [r for r in rules.rules if not rule_ids or r.id in rule_ids]
        catalogue = compile_catalogue(chosen, params)
        for rule in chosen:
            compiled = catalogue.queries.get(rule.id)
            if compiled is None:
                click.echo(f"-- {rule.id}: switched off at {peildatum} ({rule.enabled_by})\n")
                continue
            click.echo(f"-- {rule.id}\n{compiled.sql(dialect=dialect, pretty=True)};\n")
    except GezinsplanError as e:
        raise click.ClickException(str(e)) from None


def register(group: click.Group) -> None:
    """Add the ``caseload`` group."""
    group.add_command(caseload_group)
