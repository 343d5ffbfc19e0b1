"""CLI commands: ``variant diff`` and ``variant rank`` (Taskforce deregulering)."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from gezinsplan.cli._options import out_path, parse_date, report_option, tariffs_option
from gezinsplan.errors import GezinsplanError
from gezinsplan.outfile import atomic_output

__all__ = ["register"]


@click.group("variant")
def variant_group() -> None:
    """Rule-set variants: compare a variant with the baseline over a caseload."""


def _needs_caseload() -> click.ClickException:
    return click.ClickException(
        "the variant diff needs pyarrow, duckdb and sqlglot: pip install 'gezinsplan[caseload]'"
    )


@variant_group.command("diff")
@click.argument("source", type=click.Path(path_type=Path))
@click.option(
    "--variant",
    "variant_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The variant folder (variant.yaml, parameters/, rules/).",
)
@click.option("--peildatum", required=True, callback=parse_date, help="YYYY-MM-DD")
@click.option(
    "--baseline",
    "baseline_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Another variant folder as the baseline (default: the variant's base).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the tables (Parquet) and summary.json.",
)
@report_option
@click.option(
    "--key-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Key for pseudonymized household keys (same key, same keys; default: random).",
)
@tariffs_option
@click.option("--no-plans", is_flag=True, help="Signals only; do not rebuild plans.")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Processes for plans.")
@click.option("--replace", is_flag=True, help="Replace an existing --out folder.")
def diff_cmd(
    source: Path,
    variant_dir: Path,
    peildatum: date,
    baseline_dir: Path | None,
    out: Path,
    report: Path | None,
    key_file: Path | None,
    no_plans: bool,
    tariffs_dir: Path | None,
    workers: int | None,
    replace: bool,
) -> None:
    """Baseline against variant over a caseload (JSON Lines or a columnar folder)."""
    try:
        from gezinsplan.variant.compare import diff
        from gezinsplan.variant.report import render_report
    except ImportError:
        raise _needs_caseload() from None
    from gezinsplan.costs import load_tariffs
    from gezinsplan.rules.ruleset import default_rules
    from gezinsplan.variant.load import load_variant

    try:
        tariffs = load_tariffs(tariffs_dir)
        variant, info = load_variant(variant_dir)
        baseline = (
            load_variant(baseline_dir)[0]
            if baseline_dir is not None
            else (default_rules() if info.base == "shipped" else _base_rules(variant))
        )
        key = None
        if key_file is not None:
            try:
                key = key_file.read_bytes().strip()
            except OSError as e:
                raise click.ClickException(f"{key_file}: cannot read: {e.strerror}") from None
            if len(key) < 16:
                raise click.ClickException(f"{key_file}: a key needs at least 16 bytes")
        # a status line: the step, and for the plans how many households are done
        with click.progressbar(
            length=1, label="vergelijken", file=sys.stderr, bar_template="%(label)s"
        ) as bar:

            def show(message: str) -> None:
                bar.label = message
                bar.render_progress()

            result = diff(
                source,
                variant,
                peildatum,
                baseline=baseline,
                key=key,
                plans=not no_plans,
                workers=workers or os.cpu_count() or 1,
                tariffs=tariffs,
                progress=show,
            )
            bar.update(1)
        result.write(out, replace=replace)
        if report is not None:
            with atomic_output(report) as handle:
                handle.write(render_report(result, title=info.name, description=info.description))
    except GezinsplanError as e:
        raise click.ClickException(str(e)) from None
    s = result.summary
    click.echo(
        f"{s['households']} households; {s['households_changed']} with other signals, "
        f"{s['households_with_plan_change']} with another plan; signals "
        f"{s['baseline_signals']} -> {s['variant_signals']}"
    )
    if s.get("plans_rebuilt"):
        click.echo(
            f"plans: {s['households_action_gone']} with an action gone, "
            f"{s['households_action_new']} with a new action, "
            f"{s['households_date_earlier']} with a date earlier, "
            f"{s['households_date_later']} later, {s['households_goals_changed']} with other "
            f"goals; desks {s['desks_baseline']} -> {s['desks_variant']}, professionals "
            f"{s['professionals_baseline']} -> {s['professionals_variant']}; median days to "
            f"the first due action {s['median_days_first_due_baseline']} -> "
            f"{s['median_days_first_due_variant']}"
        )
    for row in result.rules.to_pylist():
        if row["households_otherwise"] and not (row["households_gained"] or row["households_lost"]):
            click.echo(
                f"  {row['rule_id']}: {row['households_otherwise']} households see it otherwise"
            )
        if row["households_gained"] or row["households_lost"]:
            click.echo(
                f"  {row['rule_id']}: {row['baseline_households']} -> "
                f"{row['variant_households']} households "
                f"(+{row['households_gained']} / -{row['households_lost']})"
            )
    cost = s.get("kosten")
    if cost:
        click.echo(
            "kosten per jaar (variant - basis, voorzieningen die starten of stoppen): "
            + (
                "afgeschermd (minder dan 10 huishoudens)"
                if cost["suppressed"]
                else f"{_euro(cost['per_jaar_euro'])}, {cost['onbekend']} onbekend"
            )
            + (" (voorbeeldtarieven)" if cost["tarieven_voorbeeld"] else "")
        )
    if s.get("plans_note"):
        click.echo(f"note: {s['plans_note']}")
    click.echo(f"tables written to {out}" + (f", report to {report}" if report else ""), err=True)


def _euro(value: float | None) -> str:
    if value is None:
        return "afgeschermd"
    return f"EUR {value:+,.0f}".replace(",", ".")


def _base_rules(variant: Any) -> Any:
    from gezinsplan.rules.ruleset import load_rules

    return load_rules(variant.directory)


@variant_group.command("rank")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--peildatum", required=True, callback=parse_date, help="YYYY-MM-DD")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    callback=out_path,
    help="Also write the ranking as Parquet.",
)
@click.option(
    "--sweep",
    "sweep_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="YAML {parameter_id: [value, ...]}: each parameter at each value is a candidate too.",
)
@tariffs_option
def rank_cmd(
    source: Path,
    peildatum: date,
    rules_dir: Path | None,
    out: Path | None,
    sweep_file: Path | None,
    tariffs_dir: Path | None,
) -> None:
    """Candidate rule changes, each on its own: every blocking rule switched off, and every
    parameter of --sweep at each of its values. Which touch most households with a
    multiple question, and what do the provisions that start or stop cost per year?"""
    try:
        import pyarrow.parquet as pq

        from gezinsplan.variant.compare import rank_switches
    except ImportError:
        raise _needs_caseload() from None
    from gezinsplan.costs import load_tariffs
    from gezinsplan.rules.ruleset import load_rules

    try:
        from gezinsplan.variant.sweep import load_sweep

        tariffs = load_tariffs(tariffs_dir)
        rules = load_rules(rules_dir)
        sweep = load_sweep(sweep_file, rules) if sweep_file is not None else []
        table = rank_switches(source, rules, peildatum, sweep=sweep, tariffs=tariffs)
    except GezinsplanError as e:
        raise click.ClickException(str(e)) from None
    if out is not None:
        pq.write_table(table, out)
    click.echo("multiple  all  -signals  +signals  kosten/jaar  change (rules)")
    for row in table.to_pylist():
        what = (
            f"{row['switch']} off"
            if row["kind"] == "uit"
            else f"{row['switch']} = {row['value']} (now {row['baseline_value']})"
        )
        click.echo(
            f"{row['multiple_question_households_changed']:>8}  {row['households_changed']:>3}  "
            f"{row['signals_removed']:>8}  {row['signals_added']:>8}  "
            f"{_euro(row['kosten']):>11}  {what} ({row['rules']})"
        )
    if tariffs.example:
        click.echo(
            "kosten: voorziening die start of stopt, per jaar, met de voorbeeldtarieven "
            "(geen contractprijzen; --tariffs voor de eigen)",
            err=True,
        )


def register(group: click.Group) -> None:
    """Add the ``variant`` group."""
    group.add_command(variant_group)
