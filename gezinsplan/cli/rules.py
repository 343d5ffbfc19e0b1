"""CLI commands: ``signals`` and ``rules check|docs``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from gezinsplan.assessor import assess
from gezinsplan.cases import run_cases
from gezinsplan.cli._options import engine_option, parse_date
from gezinsplan.engines import fallback_notice
from gezinsplan.errors import GezinsplanError
from gezinsplan.io import read_household
from gezinsplan.rules.facts import FACT_PARAMETERS
from gezinsplan.rules.policy import PLAN_PARAMETERS
from gezinsplan.rules.reference_docs import (
    facts_markdown,
    legal_basis_markdown,
    rules_markdown,
)
from gezinsplan.rules.ruleset import RuleSet, load_rules
from gezinsplan.rules.terms import CALENDAR_PARAMETER, URGENT_PARAMETER

__all__ = ["register"]


def _load(directory: Path | None) -> RuleSet:
    try:
        return load_rules(directory)
    except GezinsplanError as e:
        raise click.ClickException(f"invalid rules:\n{e}") from None


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--peildatum", callback=parse_date, required=True, help="YYYY-MM-DD")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False, path_type=Path))
@engine_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def signals(file: Path, peildatum: date, rules_dir: Path | None, engine: str, fmt: str) -> None:
    """Assess one household (.json): the signals of every rule at the peildatum."""
    rules = _load(rules_dir)
    try:
        household = read_household(file)
        found = assess(household, rules, peildatum, engine=engine)
    except GezinsplanError as e:
        raise click.ClickException(str(e)) from None
    except OSError as e:
        raise click.ClickException(f"{file}: cannot read file: {e.strerror}") from None
    if fmt == "json":
        click.echo(
            json.dumps([s.model_dump(mode="json") for s in found], indent=2, ensure_ascii=False)
        )
        return
    click.echo(
        f"{household.id}: {len(found)} signal(s) at {peildatum.isoformat()} "
        f"(rules {rules.version[:12]}, engine {engine})"
    )
    for s in found:
        deadline = f" [uiterlijk {s.deadline.isoformat()}]" if s.deadline else ""
        if s.deadline and s.overdue_since:
            deadline = (
                f" [te laat sinds {s.overdue_since.isoformat()} (termijn {s.missed_term}); "
                f"nieuwe datum: uiterlijk {s.deadline.isoformat()}]"
            )
        click.echo(f"- {s.severity.value:<8} {s.rule_id}: {s.message}{deadline}")
        click.echo(f"    bron: {s.source}")


@click.group("rules")
def rules_group() -> None:
    """Check rule files and generate their documentation."""


@rules_group.command("check")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--variant",
    "variant_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=(
        "Check a variant folder on top of DIRECTORY (relative to the working directory; "
        "default: the variant's own base): its cases too."
    ),
)
def check(directory: Path | None, variant_dir: Path | None) -> None:
    """Validate every rule and run its test cases on both engines (exit 1 on problems)."""
    if variant_dir is not None:
        _check_variant(variant_dir, directory)
        return
    rules = _load(directory)
    notice = fallback_notice()
    if notice is not None:
        click.echo(notice, err=True)
    results = run_cases(rules)
    failed = [r for r in results if not r.ok]
    for r in failed:
        click.echo(str(r))
    read = {p for r in rules.rules for p in r.parameters} | set(PLAN_PARAMETERS)
    read |= set(FACT_PARAMETERS) | {CALENDAR_PARAMETER, URGENT_PARAMETER}
    read |= {r.enabled_by for r in rules.rules if r.enabled_by}
    unread = sorted(pid for pid in rules.parameters if pid not in read)
    for pid in unread:
        click.echo(f"note: parameter {pid} is read by no rule and not by the planner")
    for pid in sorted(rules.parameters):
        if rules.parameters[pid].example:
            click.echo(
                f"note: parameter {pid} is an example of a municipal rule: "
                "set it to your municipality's own rule"
            )
    click.echo(f"{len(rules.rules)} rules, {len(results)} case runs, {len(failed)} failed")
    if failed:
        raise SystemExit(1)


def _check_variant(variant_dir: Path, directory: Path | None) -> None:
    from gezinsplan.variant import check_variant, load_variant

    try:
        rules, info = load_variant(variant_dir, directory)
    except GezinsplanError as e:
        raise click.ClickException(f"invalid variant:\n{e}") from None
    click.echo(
        f"variant {info.name!r} on {info.base}: {len(info.disabled)} rule(s) disabled, "
        f"{len(info.replaced)} replaced, {len(info.added)} added, "
        f"{len(info.overridden)} parameter(s) overridden"
    )
    report = check_variant(rules, info)
    for r in report.variant_results:
        if not r.ok:
            where = f"{info.path}/variant.yaml" + (f":{r.case.line}" if r.case.line else "")
            click.echo(f"{where}: case {r.case.name!r}: " + "; ".join(r.problems))
    for line in report.base_failed:
        click.echo(line)
    for line in report.changed_by_variant:
        click.echo(f"changed by the variant: {line}")
    failed = sum(1 for r in report.variant_results if not r.ok) + len(report.base_failed)
    click.echo(
        f"{len(report.variant_results)} variant case runs, {report.base_runs} rule case runs, "
        f"{len(report.changed_by_variant)} changed by the variant, {failed} failed"
    )
    if not report.ok:
        raise SystemExit(1)


@rules_group.command("docs")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("docs"),
    show_default=True,
)
def docs(directory: Path | None, out: Path) -> None:
    """Write docs/rules.md, docs/legal-basis.md and docs/facts.md from the rule files."""
    rules = _load(directory)
    out.mkdir(parents=True, exist_ok=True)
    (out / "rules.md").write_text(rules_markdown(rules), encoding="utf-8")
    (out / "legal-basis.md").write_text(legal_basis_markdown(rules), encoding="utf-8")
    (out / "facts.md").write_text(facts_markdown(), encoding="utf-8")
    click.echo(f"wrote {out / 'rules.md'}, {out / 'legal-basis.md'} and {out / 'facts.md'}")


def register(group: click.Group) -> None:
    """Add ``signals`` and the ``rules`` group."""
    group.add_command(signals)
    group.add_command(rules_group)
