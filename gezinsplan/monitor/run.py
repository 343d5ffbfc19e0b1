"""The monitor over a whole caseload: chunks on an executor, resumable, then the aggregates.

    >>> from datetime import date
    >>> from gezinsplan.monitor import run_monitor
    >>> m = run_monitor("caseload.jsonl", date(2026, 11, 23), out="monitor/")  # doctest: +SKIP
    >>> m.tables["regions"].head()                                            # doctest: +SKIP

The caseload is cut into chunks of consecutive households. Each chunk runs on the
executor (a process pool by default; any :class:`concurrent.futures.Executor`, such as a
Dask cluster's ``client.get_executor()``) and its tables are written to ``out/.work`` in
one atomic step (a temporary folder renamed into place). A run that is stopped (killed,
a power cut) and started again with the same caseload, peildatum, rules and chunk size
skips the finished chunks and ends with the same tables. When every chunk is done, the
aggregates are computed from the chunk tables, suppressed (small cells) and written to
``out``; the work folder is removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from gezinsplan.caseload.documents import has_documents
from gezinsplan.costs.compute import cost_year
from gezinsplan.costs.tariffs import TariffSet, default_tariffs_dir, load_tariffs
from gezinsplan.errors import InputError
from gezinsplan.model.household import Household
from gezinsplan.monitor.aggregate import aggregate
from gezinsplan.monitor.chunks import WORK_SCHEMAS, ChunkJob, monitor_chunk
from gezinsplan.monitor.costs import cost_rates
from gezinsplan.monitor.impact import rates
from gezinsplan.monitor.population import Population, load_population
from gezinsplan.monitor.result import Monitor
from gezinsplan.monitor.suppress import MIN_CELL
from gezinsplan.rules.ruleset import RuleSet, default_rules

__all__ = ["Monitor", "run_monitor"]

WORK_FORMAT = 2
"""Changes whenever the chunk tables change: older work folders are started afresh."""

Progress = Callable[[int], None]
"""Called with the number of households of each finished (or skipped) chunk."""

MonitorSource = str | Path | Iterable[Household]
"""A JSON Lines file, a columnar caseload folder, a store URL (``sqlite:///…``,
``postgresql://…``) or households."""


def _is_url(source: object) -> bool:
    return isinstance(source, str) and "://" in source


@dataclass
class _Plan:
    """The chunks of a source and what identifies the run."""

    label: str
    fingerprint: str
    chunks: Iterator[ChunkJob]
    plans: bool
    """Whether the households are at hand (full plans), or only the columnar tables."""


def _jsonl(path: Path, chunk_size: int) -> _Plan:
    from gezinsplan.io import iter_caseload_lines

    stat = path.stat()

    def chunks() -> Iterator[ChunkJob]:
        batch: list[tuple[int, bytes | None]] = []
        index = start = 0
        for line, raw in iter_caseload_lines(path):
            batch.append((line, raw))
            if len(batch) == chunk_size:
                yield ChunkJob(index, start, str(path), lines=tuple(batch), size=len(batch))
                index, start, batch = index + 1, start + len(batch), []
        if batch:
            yield ChunkJob(index, start, str(path), lines=tuple(batch), size=len(batch))

    return _Plan(
        str(path), f"jsonl:{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}", chunks(), True
    )


def _folder(path: Path, chunk_size: int) -> _Plan:
    """Chunks of whole part files (``part-NNNNNN.parquet``: every table has one per
    conversion chunk), so that a worker opens only its own files."""
    from gezinsplan.caseload.engine import load_tables

    tables = load_tables(path)  # checks the format
    parts = tables["households"]
    sizes = (
        [(Path(f).name, pq.read_metadata(f).num_rows) for f in parts]
        if isinstance(parts, list)
        else []
    )
    meta = (path / "_caseload.json").read_text(encoding="utf-8")

    def chunks() -> Iterator[ChunkJob]:
        index = start = 0
        group: list[str] = []
        size = 0
        for name, rows in sizes:
            group.append(name)
            size += rows
            if size >= chunk_size:
                yield ChunkJob(
                    index, start, str(path), folder=str(path), parts=tuple(group), size=size
                )
                index, start, group, size = index + 1, start + size, [], 0
        if group:
            yield ChunkJob(index, start, str(path), folder=str(path), parts=tuple(group), size=size)

    digest = hashlib.sha256(meta.encode()).hexdigest()
    n = sum(rows for _, rows in sizes)
    return _Plan(str(path), f"folder:{path.resolve()}:{digest}:{n}", chunks(), has_documents(path))


def _store(url: str, chunk_size: int) -> _Plan:
    from gezinsplan.store.db import close_store, describe_url, open_store, parse_db_url
    from gezinsplan.store.repository import iter_households, store_fingerprint

    parsed = parse_db_url(url)
    database = parsed.database or ""
    sqlite_file = parsed.get_backend_name() == "sqlite" and database not in ("", ":memory:")
    if sqlite_file and not Path(database).is_file():  # reading must not create a store
        raise InputError(f"{describe_url(url)}: no such store")
    factory = open_store(url)
    with factory() as session:
        fingerprint = store_fingerprint(session)

    def chunks() -> Iterator[ChunkJob]:
        try:
            with factory() as session:
                yield from _household_chunks(iter_households(session), chunk_size, "store")
        finally:
            close_store(factory)

    return _Plan(describe_url(url), f"store:{describe_url(url)}:{fingerprint}", chunks(), True)


def _household_chunks(
    households: Iterable[Household], chunk_size: int, label: str
) -> Iterator[ChunkJob]:
    batch: list[Household] = []
    index = start = 0
    for h in households:
        if not isinstance(h, Household):
            raise InputError(f"expected households, got {type(h).__name__}")
        batch.append(h)
        if len(batch) == chunk_size:
            yield ChunkJob(index, start, label, households=tuple(batch), size=len(batch))
            index, start, batch = index + 1, start + len(batch), []
    if batch:
        yield ChunkJob(index, start, label, households=tuple(batch), size=len(batch))


FOLDER_CHUNK = 20_000
"""Households per chunk of a columnar folder: its chunks read only their own part files
and price from the documents' pricing fields, so a large chunk costs ~680 MB per worker
and less time per household than a small one."""
PARSED_CHUNK = 5_000
"""Households per chunk of a source whose households are parsed and validated in the
worker (JSON Lines, a store, households): as fast as larger chunks, and about 450 MB per
worker instead of 1 GB at 20,000."""


def default_chunk_size(source: MonitorSource) -> int:
    """The chunk size :func:`run_monitor` uses for ``source`` when none is given."""
    if isinstance(source, str | Path) and not _is_url(source) and Path(source).is_dir():
        return FOLDER_CHUNK
    return PARSED_CHUNK


def _source(source: MonitorSource, chunk_size: int) -> _Plan:
    if _is_url(source):
        return _store(str(source), chunk_size)
    if isinstance(source, str | Path):
        path = Path(source)
        if path.is_dir():
            return _folder(path, chunk_size)
        if path.is_file():
            return _jsonl(path, chunk_size)
        raise InputError(f"{path}: no such caseload file or folder")
    households = list(source)
    digest = hashlib.sha256()
    for h in households:
        digest.update(h.model_dump_json().encode())
    return _Plan(
        "households",
        f"households:{digest.hexdigest()}",
        _household_chunks(households, chunk_size, "households"),
        True,
    )


def _run_key(
    plan: _Plan, peildatum: date, rules: RuleSet, chunk_size: int, tariffs: TariffSet
) -> str:
    text = json.dumps(
        [
            WORK_FORMAT,
            plan.fingerprint,
            peildatum.isoformat(),
            rules.version,
            chunk_size,
            tariffs.content_hash,
        ]
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _work_folder(out: Path, key: str) -> Path:
    work = out / ".work"
    manifest = work / "run.json"
    if work.exists():
        try:
            same = json.loads(manifest.read_text(encoding="utf-8")).get("key") == key
        except (OSError, ValueError):
            same = False
        if not same:  # another caseload, peildatum, rule set or chunk size: start afresh
            shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    if not manifest.exists():
        tmp = work / "run.json.tmp"
        tmp.write_text(json.dumps({"key": key}), encoding="utf-8")
        os.replace(tmp, manifest)
    return work


def _chunk_dir(work: Path, index: int) -> Path:
    return work / f"chunk-{index:06d}"


def _write_chunk(work: Path, index: int, tables: dict[str, pa.Table]) -> None:
    """All tables of a chunk, or none: written in a temporary folder, renamed into place."""
    tmp = Path(tempfile.mkdtemp(prefix=f".chunk-{index:06d}-", dir=work))
    try:
        for name, schema in WORK_SCHEMAS.items():
            pq.write_table(tables[name].cast(schema), tmp / f"{name}.parquet")
        os.replace(tmp, _chunk_dir(work, index))
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def run_monitor(
    source: MonitorSource,
    peildatum: date | Sequence[date],
    *,
    rules: RuleSet | None = None,
    out: str | Path | None = None,
    executor: Executor | None = None,
    workers: int | None = None,
    chunk_size: int | None = None,
    min_cell: int = MIN_CELL,
    progress: Progress | None = None,
    keep_work: bool = False,
    population: Population | str | Path | None = None,
    tariffs: TariffSet | str | Path | None = None,
) -> Monitor:
    """Monitor ``source`` at ``peildatum``: tables per gemeente, wijk and kern.

    ``peildatum`` may be a list of dates: the monitor runs at each (in date order), and
    the result's tables hold all of them (column ``peildatum``); ``result.series`` has the
    run of every peildatum, the last one's figures are the report's. ``population`` (a
    :class:`~gezinsplan.monitor.population.Population`, a CSV file in the layout of CBS
    Kerncijfers wijken en buurten, or ``"synthetic"`` for the generator's areas) gives
    the figures per 1,000 inhabitants of the tables ``impact`` and ``costs``. ``tariffs``
    (a :class:`~gezinsplan.costs.TariffSet` or a tariff folder; default: the shipped
    example set, :func:`~gezinsplan.costs.default_tariffs_dir`) prices the provisions of
    the table ``costs``.

    ``chunk_size``: households per chunk (default: :func:`default_chunk_size`, 20,000 for
    a columnar folder, 5,000 for other sources).

    ``out`` (a folder) keeps the work chunks of an interrupted run and receives the
    tables as Parquet files and ``summary.json``; without it, a temporary folder is used.
    ``executor`` runs the chunks (default: a process pool of ``workers``, all cores;
    ``workers=1`` runs them here). Counts of fewer than ``min_cell`` households are
    suppressed (see :mod:`gezinsplan.monitor.suppress`).
    """
    pop = load_population(population)
    tariff_set = tariffs if isinstance(tariffs, TariffSet) else load_tariffs(tariffs)
    if isinstance(peildatum, list | tuple):
        return _series(
            source,
            list(peildatum),
            {
                "rules": rules,
                "out": out,
                "executor": executor,
                "workers": workers,
                "chunk_size": chunk_size,
                "min_cell": min_cell,
                "progress": progress,
                "keep_work": keep_work,
                "population": pop,
                "tariffs": tariff_set,
            },
        )
    if type(peildatum) is not date:
        raise InputError("peildatum must be a date")
    if chunk_size is None:
        chunk_size = default_chunk_size(source)
    if chunk_size < 1:
        raise InputError("chunk_size must be at least 1")
    if min_cell < 1:
        raise InputError("min_cell must be at least 1")
    rules = rules if rules is not None else default_rules()
    plan = _source(source, chunk_size)
    key = _run_key(plan, peildatum, rules, chunk_size, tariff_set)
    temporary = out is None
    target = Path(tempfile.mkdtemp(prefix="gezinsplan-monitor-")) if out is None else Path(out)
    if target.exists() and not target.is_dir():
        raise InputError(f"{target}: exists and is not a folder")
    work = _work_folder(target, key)
    try:
        _run_chunks(plan, work, rules, peildatum, executor, workers, progress, tariff_set)
        result = aggregate(
            sorted(work.glob("chunk-*")),
            peildatum=peildatum,
            rules=rules,
            min_cell=min_cell,
            plans=plan.plans,
            source=plan.label,
        )
        result.tables["impact"] = rates(result.tables["impact"], pop)
        result.summary["population"] = (
            {"source": Path(pop.source).name, "note": pop.note} if pop is not None else None
        )
        result.tables["costs"] = cost_rates(result.tables["costs"], pop)
        result.summary["costs"] = _cost_summary(result, tariff_set, peildatum, plan.plans)
        if not temporary:
            result.out = target
            result.files = _publish(result, target)
    finally:
        if temporary:
            shutil.rmtree(target, ignore_errors=True)
    if not keep_work and not temporary:
        shutil.rmtree(work, ignore_errors=True)
    return result


def _series(source: MonitorSource, peildata: list[date], options: dict[str, Any]) -> Monitor:
    """The monitor at every peildatum; the tables of all of them, one below the other."""
    import pandas as pd

    if not peildata:
        raise InputError("at least one peildatum is needed")
    if any(type(d) is not date for d in peildata):
        raise InputError("peildatum must be a date")
    if len(set(peildata)) != len(peildata):
        raise InputError("a peildatum appears twice")
    if not isinstance(source, str | Path):  # households: read once, used at every peildatum
        source = list(source)
    out = options.pop("out")
    target = Path(out) if out is not None else None
    runs: list[Monitor] = []
    for d in sorted(peildata):
        sub = target / f"peildatum={d.isoformat()}" if target is not None else None
        runs.append(run_monitor(source, d, out=sub, **options))
    last = runs[-1]
    tables = {
        name: pd.concat([m.tables[name] for m in runs], ignore_index=True) for name in last.tables
    }
    summary = dict(last.summary)
    summary["peildata"] = [m.summary["peildatum"] for m in runs]
    result = Monitor(tables=tables, summary=summary, series=runs)
    if target is not None:
        result.out = target
        result.files = _publish(result, target)
    return result


def _run_chunks(
    plan: _Plan,
    work: Path,
    rules: RuleSet,
    peildatum: date,
    executor: Executor | None,
    workers: int | None,
    progress: Progress | None,
    tariffs: TariffSet | None = None,
) -> None:
    done = {p.name for p in work.glob("chunk-*")}
    jobs = (job for job in plan.chunks if _skip(job, done, progress))
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if executor is None and workers <= 1:
        for job in jobs:
            _write_chunk(work, job.index, monitor_chunk(job, rules, peildatum, tariffs))
            if progress:
                progress(job.size)
        return
    owned = executor is None
    pool: Executor = executor if executor is not None else ProcessPoolExecutor(workers)
    limit = 2 * workers  # chunks in flight: memory stays flat however large the caseload
    pending: dict[Future[dict[str, pa.Table]], ChunkJob] = {}
    try:
        for job in jobs:
            pending[pool.submit(monitor_chunk, job, rules, peildatum, tariffs)] = job
            if len(pending) >= limit:
                _collect(pending, work, progress, FIRST_COMPLETED)
        while pending:
            _collect(pending, work, progress, FIRST_COMPLETED)
    except BaseException:
        for f in pending:
            f.cancel()
        raise
    finally:
        if owned:
            pool.shutdown(wait=True, cancel_futures=True)


def _cost_summary(
    result: Monitor, tariffs: TariffSet, peildatum: date, computed: bool
) -> dict[str, Any]:
    """The cost year, the tariffs used and the totals of the table ``costs``."""
    costs = result.tables["costs"]
    total = costs[
        (costs["level"] == "totaal") & (costs["wet"] == "Totaal") & (costs["category"] == "Totaal")
    ]
    row = total.iloc[0] if len(total) else None

    def value(col: str) -> Any:
        if row is None:
            return 0
        v = row[col]
        return None if pd.isna(v) else (float(v) if col == "cost" else int(v))

    start, end = cost_year(peildatum)
    return {
        "cost_year": [start.isoformat(), end.isoformat()],
        "tariffs": (
            "voorbeeldset van gezinsplan (gezinsplan/costs/tarieven)"
            if tariffs.source and Path(tariffs.source) == default_tariffs_dir()
            else Path(tariffs.source).name
        ),
        "tariffs_hash": tariffs.content_hash,
        "tariffs_example": tariffs.example,
        "computed": computed,
        "cost": value("cost"),
        "provisions": value("provisions"),
        "provisions_unknown": value("provisions_unknown"),
        "households_unknown": value("households_unknown"),
        "note": ""
        if computed
        else "Kosten zijn niet berekend: een kolomvormig bestand zonder documenten bevat de "
        "toewijzingen (omvang, budget) niet. Geef het JSON Lines-bestand of de opslag op.",
    }


def _skip(job: ChunkJob, done: set[str], progress: Progress | None) -> bool:
    if _chunk_dir(Path("."), job.index).name in done:
        if progress:
            progress(job.size)
        return False
    return True


def _collect(
    pending: dict[Future[dict[str, pa.Table]], ChunkJob],
    work: Path,
    progress: Progress | None,
    when: str,
) -> None:
    finished, _ = wait(list(pending), return_when=when)
    for future in finished:
        job = pending.pop(future)
        _write_chunk(work, job.index, future.result())
        if progress:
            progress(job.size)


def _publish(result: Monitor, out: Path) -> dict[str, Path]:
    """The tables as Parquet and the summary as JSON; each file replaced atomically."""
    files: dict[str, Path] = {}
    for name, frame in result.tables.items():
        path = out / f"{name}.parquet"
        tmp = out / f".{name}.parquet.tmp"
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), tmp)
        os.replace(tmp, path)
        files[name] = path
    path = out / "summary.json"
    tmp = out / ".summary.json.tmp"
    tmp.write_text(
        json.dumps(result.summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    os.replace(tmp, path)
    files["summary"] = path
    return files
