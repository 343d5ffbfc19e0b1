"""CLI command: ``monitor``, the caseload monitor for analysts (tables and an HTML report)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from gezinsplan.cli._options import parse_date, report_option, tariffs_option
from gezinsplan.errors import GezinsplanError
from gezinsplan.outfile import atomic_output

__all__ = ["register", "run_monitor_command"]


def _count(source: str) -> int | None:
    """Households in the source, for the progress bar (None when unknown)."""
    path = Path(source)
    if "://" in source:
        return None
    if path.is_file():
        n = 0
        with path.open("rb") as handle:
            for line in handle:
                n += bool(line.strip())
        return n
    meta = path / "_caseload.json"
    if meta.is_file():
        import json

        try:
            return int(json.loads(meta.read_text(encoding="utf-8"))["households"])
        except (ValueError, KeyError, TypeError):
            return None
    return None


def peildata(
    given: tuple[date, ...], start: date | None, end: date | None, step: int
) -> list[date]:
    """The peildata of ``--peildatum`` (repeated) and ``--from``/``--to``/``--step``."""
    from gezinsplan.model.dates import add_months

    found = list(given)
    if (start is None) != (end is None):
        raise click.UsageError("--from and --to go together")
    if start is not None and end is not None:
        if end < start:
            raise click.UsageError("--to lies before --from")
        i = 0
        while (d := add_months(start, i * step)) <= end:
            found.append(d)
            i += 1
            if i > 240:
                raise click.UsageError("more than 240 peildata: take a larger --step")
    if not found:
        raise click.UsageError("give --peildatum, or --from and --to")
    if len(set(found)) != len(found):
        raise click.UsageError("a peildatum appears twice")
    return sorted(found)


def _parse_dates(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> tuple[date, ...]:
    return tuple(d for v in values if (d := parse_date(ctx, param, v)) is not None)


def run_monitor_command(
    source: str,
    peildatum: date | list[date],
    out: Path,
    report: Path | None,
    *,
    rules_dir: Path | None = None,
    variant_dir: Path | None = None,
    min_cell: int = 10,
    workers: int | None = None,
    chunk_size: int | None = None,
    population: str | None = None,
    tariffs_dir: Path | None = None,
) -> Path | None:
    """Run the monitor with a progress bar, write tables and report; returns the report."""
    try:
        from gezinsplan.monitor import render_report, run_monitor
    except ImportError:
        raise click.ClickException(
            "the monitor needs pyarrow, duckdb, sqlglot and pandas: "
            "pip install 'gezinsplan[monitor]'"
        ) from None
    from gezinsplan.variant.load import load_rules

    try:
        rules = load_rules(rules_dir, variant=variant_dir)
        from gezinsplan.monitor.population import load_population

        people = load_population(population)  # a bad file stops here, before the run
        from gezinsplan.costs import load_tariffs

        tariffs = load_tariffs(tariffs_dir)  # as does a bad tariff file
        out.mkdir(parents=True, exist_ok=True)
        times = len(peildatum) if isinstance(peildatum, list) else 1
        with click.progressbar(
            length=(_count(source) or 0) * times, label="monitoring", file=sys.stderr
        ) as bar:
            result = run_monitor(
                source,
                peildatum,
                rules=rules,
                out=out,
                workers=workers,
                chunk_size=chunk_size,
                min_cell=min_cell,
                progress=bar.update,
                population=people,
                tariffs=tariffs,
            )
        if report is not None:
            with atomic_output(report) as handle:
                handle.write(render_report(result))
    except GezinsplanError as e:
        raise click.ClickException(str(e)) from None
    s = result.summary
    share = (
        f"{s['share_meervoudig'] + s['share_complex']:.1f}%"
        if s["share_meervoudig"] is not None and s["share_complex"] is not None
        else "-"
    )
    many = s["many_professionals"] if s["many_professionals"] is not None else f"< {min_cell}"
    youths = s["youths_turning_18"] if s["youths_turning_18"] is not None else f"< {min_cell}"
    if len(s.get("peildata", [])) > 1:
        click.echo(f"peildata: {', '.join(s['peildata'])} (the figures below: the last)")
    click.echo(
        f"{s['households']} households at {s['peildatum']}: {share} meervoudig or complex, "
        f"{many} with {s['many_professionals_threshold']}+ professionals, "
        f"{youths} youths turning 18 in the next 12 months"
    )
    click.echo(f"tables in {out}/ ({', '.join(sorted(result.tables))})")
    if s.get("population"):
        click.echo(f"per 1,000 inhabitants: population {s['population']['source']}")
    costs = s.get("costs") or {}
    if costs.get("computed"):
        total = costs["cost"]
        amount = f"EUR {total:,.0f}".replace(",", ".") if total is not None else "unknown"
        unknown = costs["provisions_unknown"]
        click.echo(
            f"costs {costs['cost_year'][0]} to {costs['cost_year'][1]}: {amount} "
            f"(tariffs {costs['tariffs']}"
            + (", an EXAMPLE set, not contract prices" if costs["tariffs_example"] else "")
            + f"); {unknown if unknown is not None else f'< {min_cell}'} provisions "
            "of unknown cost not included"
        )
    elif costs.get("note"):
        click.echo(costs["note"])
    if s.get("plans_note"):
        click.echo(s["plans_note"])
    if report is not None:
        click.echo(f"report: {report}")
    return report


@click.command("monitor")
@click.argument("source")
@click.option(
    "--peildatum",
    "peildatum",
    multiple=True,
    callback=_parse_dates,
    help="YYYY-MM-DD; repeat it for a trend over several peildata.",
)
@click.option("--from", "start", callback=parse_date, help="First peildatum of a series.")
@click.option("--to", "end", callback=parse_date, help="Last peildatum of a series (at most).")
@click.option(
    "--step",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Months between the peildata of --from/--to.",
)
@click.option(
    "--population",
    default=None,
    help="Inhabitants per gemeente and wijk (CSV in the layout of CBS Kerncijfers wijken "
    "en buurten) for the figures per 1,000; 'synthetic': the generator's areas.",
)
@tariffs_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the tables (Parquet) and summary.json; keeps the work of a stopped run.",
)
@report_option
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--variant",
    "variant_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Monitor with a variant's rules.",
)
@click.option(
    "--min-cell",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Smallest count of households shown; smaller counts are suppressed.",
)
@click.option(
    "--workers", type=click.IntRange(min=1), default=None, help="Processes (default: CPUs)."
)
@click.option(
    "--chunk-size",
    type=click.IntRange(min=1),
    default=None,
    help="Households per chunk (a stopped run resumes after the last finished chunk); "
    "default 20,000 for a columnar folder, 5,000 for JSON Lines or a store.",
)
def monitor_cmd(
    source: str,
    peildatum: tuple[date, ...],
    start: date | None,
    end: date | None,
    step: int,
    population: str | None,
    tariffs_dir: Path | None,
    out: Path,
    report: Path | None,
    rules_dir: Path | None,
    variant_dir: Path | None,
    min_cell: int,
    workers: int | None,
    chunk_size: int | None,
) -> None:
    """Tables and a report per gemeente, wijk and kern for a caseload.

    SOURCE is a JSON Lines file, a columnar caseload folder (fastest; caseload convert or
    generate --format parquet) or a store URL (sqlite:///..., postgresql://...).
    """
    dates = peildata(peildatum, start, end, step)
    run_monitor_command(
        source,
        dates if len(dates) > 1 else dates[0],
        out,
        report,
        rules_dir=rules_dir,
        variant_dir=variant_dir,
        min_cell=min_cell,
        workers=workers,
        chunk_size=chunk_size,
        population=population,
        tariffs_dir=tariffs_dir,
    )


def register(group: click.Group) -> None:
    """Add ``monitor``."""
    group.add_command(monitor_cmd)
