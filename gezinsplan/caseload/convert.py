"""Convert a JSON Lines caseload into a columnar caseload (a folder of Parquet tables).

``out/<table>/part-NNNNNN.parquet`` per chunk of households, the derived tables of
:mod:`gezinsplan.caseload.aggregates` per chunk, and ``out/_caseload.json`` (format
version, household count, tables). Every line is validated as by ``validate``;
one bad line stops the conversion and nothing is left behind: the folder is written under
a hidden temporary name beside ``out`` and renamed only when complete. Chunks are parsed
and written in parallel processes.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

import pyarrow as pa
import pyarrow.parquet as pq

from gezinsplan.caseload.aggregates import DERIVED, write_derived
from gezinsplan.caseload.documents import DOCUMENTS, to_documents
from gezinsplan.caseload.tables import TABLES, to_arrow
from gezinsplan.errors import HouseholdValidationError, InputError, Problem
from gezinsplan.generate import generate_households
from gezinsplan.io import iter_caseload_lines, parse_caseload_line
from gezinsplan.model.household import Household

__all__ = [
    "FORMAT_VERSION",
    "GENERATORS",
    "ConvertResult",
    "convert_caseload",
    "generate_caseload",
]

FORMAT_VERSION = 5
"""5: the derived tables of :mod:`gezinsplan.caseload.aggregates`; 4: the provisions'
``juridische_status`` and ``reden_beeindiging``."""
MAX_PROBLEMS = 50
"""At most this many bad lines are reported (the conversion stops anyway)."""

Chunk = list[tuple[int, bytes | None]]


@dataclass(frozen=True)
class ConvertResult:
    """What a conversion wrote."""

    out: Path
    households: int
    chunks: int


def _convert_chunk(
    index: int, start: int, chunk: Chunk, source: str, folder: str
) -> tuple[int, list[Problem]]:
    households = []
    problems: list[Problem] = []
    for line, raw in chunk:
        try:
            households.append(parse_caseload_line(raw, source, line))
        except HouseholdValidationError as e:
            problems += e.problems
    if problems:
        return 0, problems
    _write_tables(households, folder, index, start)
    return len(households), []


def _chunks(source: Path, size: int) -> Iterator[tuple[Chunk, int]]:
    chunk: Chunk = []
    weight = 0
    for line, raw in iter_caseload_lines(source):
        chunk.append((line, raw))
        weight += len(raw) + 1 if raw is not None else 0
        if len(chunk) >= size:
            yield chunk, weight
            chunk, weight = [], 0
    if chunk:
        yield chunk, weight


def _remove_leftovers(out: Path) -> None:
    for old in out.parent.glob(f".{out.name}.part-*"):
        if old.is_dir():
            pid = old.name.rsplit("-", 1)[-1]
            if not pid.isdigit() or not Path(f"/proc/{pid}").exists():
                shutil.rmtree(old, ignore_errors=True)


def _prepare_target(out: str | Path, replace: bool) -> tuple[Path, Path]:
    target = Path(out)
    if target.exists() and not replace:
        raise InputError(f"{target}: exists; remove it or pass replace=True (--replace)")
    if not target.parent.is_dir():
        raise InputError(f"{target.parent}: folder not found")
    _remove_leftovers(target)
    part = target.parent / f".{target.name}.part-{os.getpid()}"
    part.mkdir(mode=0o700)
    return target, part


def _publish(part: Path, target: Path, total: int, count: int) -> None:
    """Write the derived tables and the metadata, and swap the finished folder in."""
    for table in TABLES:
        (part / table).mkdir(exist_ok=True)
    write_derived(part)
    meta = {
        "format": FORMAT_VERSION,
        "households": total,
        "chunks": count,
        "tables": list(TABLES),
        "derived": list(DERIVED),
    }
    (part / "_caseload.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    if target.exists():
        old = target.parent / f".{target.name}.old-{os.getpid()}"
        target.rename(old)
        part.rename(target)
        shutil.rmtree(old)
    else:
        part.rename(target)


Generator = Literal["columnar", "documents"]
GENERATORS: tuple[Generator, ...] = ("columnar", "documents")
"""``columnar``: :mod:`gezinsplan.caseload.synth` (whole columns with NumPy);
``documents``: :func:`gezinsplan.generate.generate_households`, one validated household
at a time (the same households as ``generate`` then ``convert``)."""


def _write_tables(households: list[Household], folder: str, index: int, start: int) -> None:
    """Write one chunk; ``start`` numbers its households (unique within the caseload)."""
    _write_parts(
        {**to_arrow(households, start), DOCUMENTS: to_documents(households, start)}, folder, index
    )


def _write_parts(tables: dict[str, pa.Table], folder: str, index: int) -> None:
    for table, data in tables.items():
        target = Path(folder) / table
        target.mkdir(exist_ok=True)
        pq.write_table(data, target / f"part-{index:06d}.parquet", compression="zstd")


def _generate_chunk(
    index: int, start: int, n: int, seed: int, peildatum: date, folder: str, generator: Generator
) -> int:
    if generator == "columnar":
        from gezinsplan.caseload.synth import generate_tables

        _write_parts(generate_tables(seed, start, n, peildatum), folder, index)
        return n
    households = list(generate_households(n, seed, start_index=start, peildatum=peildatum))
    _write_tables(households, folder, index, start)
    return n


def generate_caseload(
    n: int,
    seed: int,
    out: str | Path,
    *,
    peildatum: date = date(2026, 1, 1),
    workers: int = 1,
    chunk_size: int = 5000,
    replace: bool = False,
    progress: Callable[[int], None] | None = None,
    generator: Generator = "documents",
) -> ConvertResult:
    """Generate ``n`` synthetic households straight into the columnar caseload ``out``.

    With ``generator="documents"`` the same households as
    :func:`gezinsplan.generate.generate_households` (and as ``generate`` then
    ``convert``); with ``"columnar"`` households drawn a column at a time
    (:mod:`gezinsplan.caseload.synth`: the same shares, other households, many times
    faster; ``chunk_size`` is rounded up to a multiple of its block). In parallel
    processes, all or nothing. ``progress`` is called with the households of each
    finished chunk.
    """
    if n < 0 or chunk_size < 1 or workers < 1:
        raise InputError("n must be >= 0; chunk_size and workers at least 1")
    if generator not in GENERATORS:
        raise InputError(f"generator must be one of {', '.join(GENERATORS)}")
    if generator == "columnar":
        from gezinsplan.caseload.synth import BLOCK, check_peildatum

        try:
            check_peildatum(peildatum)
        except ValueError as e:
            raise InputError(str(e)) from None
        chunk_size = -(-chunk_size // BLOCK) * BLOCK
    target, part = _prepare_target(out, replace)
    count = 0
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = []
            for start in range(0, n, chunk_size):
                size = min(chunk_size, n - start)
                futures.append(
                    pool.submit(
                        _generate_chunk, count, start, size, seed, peildatum, str(part), generator
                    )
                )
                count += 1
            for future in futures:
                done = future.result()
                if progress is not None:
                    progress(done)
        _publish(part, target, n, count)
    except BaseException:
        shutil.rmtree(part, ignore_errors=True)
        raise
    return ConvertResult(target, n, count)


def convert_caseload(
    source: str | Path,
    out: str | Path,
    *,
    workers: int = 1,
    chunk_size: int = 5000,
    replace: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ConvertResult:
    """Convert ``source`` (JSON Lines) into the columnar caseload folder ``out``.

    ``progress`` is called with the bytes of each finished chunk. Raises
    :class:`HouseholdValidationError` (every bad line of the chunks read, up to
    :data:`MAX_PROBLEMS`) or :class:`InputError`; ``out`` is then untouched.
    """
    src = Path(source)
    if chunk_size < 1 or workers < 1:
        raise InputError("chunk_size and workers must be at least 1")
    target, part = _prepare_target(out, replace)
    problems: list[Problem] = []
    total = 0
    count = 0
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            pending: list[tuple[Future[tuple[int, list[Problem]]], int]] = []

            def settle(first: bool = True) -> None:
                nonlocal total
                future, weight = pending.pop(0) if first else pending.pop()
                n, bad = future.result()
                total += n
                problems.extend(bad)
                if progress is not None:
                    progress(weight)

            for chunk, weight in _chunks(src, chunk_size):
                pending.append(
                    (
                        pool.submit(
                            _convert_chunk, count, count * chunk_size, chunk, str(src), str(part)
                        ),
                        weight,
                    )
                )
                count += 1
                while len(pending) >= 2 * workers:
                    settle()
                if len(problems) >= MAX_PROBLEMS:
                    break
            while pending:
                settle()
        if problems:
            raise HouseholdValidationError(problems[:MAX_PROBLEMS])
        _publish(part, target, total, count)
    except BaseException:
        shutil.rmtree(part, ignore_errors=True)
        raise
    return ConvertResult(target, total, count)
