"""``gezinsplan import istandaarden``: message files → a caseload (columnar or JSON Lines).

Files are read in parallel processes (batches of files per task, each file all or
nothing); the records of the accepted files are merged in this process with the archive
semantics of :mod:`~gezinsplan.interop.istandaarden.archive`. The households are then
built, validated and written a chunk at a time (in the same processes), so only one chunk
of households per process is held at once; the caseload appears whole or not at all.
"""

from __future__ import annotations

import contextlib
import functools
import re
import shutil
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import IO, Any, Literal

from lxml import etree

from gezinsplan.errors import InputError, Problem
from gezinsplan.interop._write import write_caseload
from gezinsplan.interop.istandaarden.archive import Archive, validate_document
from gezinsplan.interop.istandaarden.messages import parse_namespace
from gezinsplan.interop.istandaarden.reader import (
    _DATES,
    Delivery,
    FileResult,
    Header,
    Request,
    SchemaCheck,
    Source,
    Toewijzing,
    iter_sources,
    read_source,
)
from gezinsplan.io import dumps_household
from gezinsplan.model.enums import Wet
from gezinsplan.model.household import Household
from gezinsplan.outfile import atomic_output

__all__ = ["ImportResult", "import_istandaarden", "read_files", "schema_check", "write_caseload"]


@dataclass
class ImportResult:
    """What an import read and wrote."""

    files: int = 0
    refused: list[FileResult] = field(default_factory=list)
    households: int = 0
    provisions: int = 0
    problems: list[Problem] = field(default_factory=list)
    """Clients whose provisions do not make a valid household (their files were read)."""


# -- validation against the user's own copy of the schemas ------------------------------
_SCHEMAS: dict[tuple[str, str], Any] = {}
_VALUE = re.compile(r"(?:[Tt]he value|[Vv]alue) '[^']*'")
_LEADING = re.compile(r": '[^']*' is not")


def _schema_for(xsd_dir: str, message: str) -> Any:
    key = (xsd_dir, message)
    if key not in _SCHEMAS:
        found = sorted(Path(xsd_dir).rglob(f"{message}.xsd"))
        if not found:
            raise InputError(f"{xsd_dir}: no {message}.xsd in this folder (or below it)")
        _SCHEMAS[key] = etree.XMLSchema(etree.parse(str(found[0])))
    return _SCHEMAS[key]


def _validate(xsd_dir: str, stream: IO[bytes], name: str) -> list[Problem]:
    tree = etree.parse(stream, etree.XMLParser(resolve_entities=False, no_network=True))
    root = tree.getroot()
    mtype = parse_namespace(str(root.tag)[1:].split("}", 1)[0])
    if mtype is None:
        line = root.sourceline if isinstance(root.sourceline, int) else None
        return [Problem(name, "Bericht", "not an iWmo or iJw message", line)]
    schema = _schema_for(xsd_dir, mtype.name)
    if schema.validate(tree):
        return []
    out = []
    for err in schema.error_log:
        # the messages quote values (a BSN, a birth date): leave them out
        text = _LEADING.sub(": the value is not", _VALUE.sub("the value", err.message))
        text = re.sub(r"\{[a-z]+://[^}]*\}", "", text)
        path = "/".join(
            re.sub(r"^[a-z0-9]+:", "", part) for part in (err.path or "").strip("/").split("/")
        )
        out.append(Problem(name, path, f"schema: {text}", err.line))
    return out


def schema_check(xsd_dir: Path) -> SchemaCheck:
    """A check that validates a message against ``xsd_dir`` (searched for ``WMO301.xsd``
    and the like); problems name file, line and element, never the values."""
    if not xsd_dir.is_dir():
        raise InputError(f"{xsd_dir}: folder not found")
    return functools.partial(_validate, str(xsd_dir))


# -- reading -----------------------------------------------------------------------------
_KINDS: tuple[type[Toewijzing] | type[Delivery] | type[Request], ...] = (
    Toewijzing,
    Delivery,
    Request,
)
_FIELDS = {kind: tuple(f.name for f in fields(kind))[1:] for kind in _KINDS}
_HEADER = tuple(f.name for f in fields(Header))[1:]
Packed = tuple[str, str, tuple[Any, ...] | None, tuple[tuple[Any, ...], ...], tuple[Problem, ...]]


def _pack(fr: FileResult) -> Packed:
    """A file's result as plain tuples: about half the cost of pickling the records (and
    their one shared header)."""
    if not fr.records:
        return fr.name, fr.message, None, (), fr.problems
    h = fr.records[0].header
    header = (h.wet.value, *(getattr(h, name) for name in _HEADER))
    records = tuple(
        (_KINDS.index(type(r)), *(getattr(r, name) for name in _FIELDS[type(r)]))
        for r in fr.records
    )
    return fr.name, fr.message, header, records, fr.problems


def _unpack(packed: Packed) -> FileResult:
    name, message, header, records, problems = packed
    if header is None:
        return FileResult(name, message, (), problems)
    h = Header(Wet(header[0]), *map(_shared, header[1:]))
    return FileResult(
        name,
        message,
        tuple(_KINDS[r[0]](h, *map(_shared, r[1:])) for r in records),
        problems,
    )


def _shared(value: Any) -> Any:
    """One object per text and per day, as the reader makes them: the archive keeps
    every record until all files are read."""
    if isinstance(value, str):
        return sys.intern(value)
    if isinstance(value, date):
        return _DATES.setdefault(value.isoformat(), value) if len(_DATES) < 120_000 else value
    return value


def _read_many(sources: list[Source], schema: SchemaCheck | None) -> list[Packed]:
    return [_pack(read_source(s, schema)) for s in sources]


def _batches(sources: Iterable[Source], size: int) -> Iterator[list[Source]]:
    batch: list[Source] = []
    for s in sources:
        batch.append(s)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _read_in(
    sources: Iterable[Source],
    schema: SchemaCheck | None,
    pool: Executor | None,
    workers: int,
    batch: int = 256,
) -> Iterator[FileResult]:
    if pool is None:
        for s in sources:
            yield read_source(s, schema)
        return
    pending: deque[Future[list[Packed]]] = deque()
    for chunk in _batches(sources, batch):
        pending.append(pool.submit(_read_many, chunk, schema))
        while len(pending) >= 2 * workers:
            yield from map(_unpack, pending.popleft().result())
    while pending:
        yield from map(_unpack, pending.popleft().result())


def read_files(
    inputs: list[Path],
    *,
    schema: SchemaCheck | None = None,
    workers: int = 1,
    batch: int = 256,
) -> Iterator[FileResult]:
    """The result of every message file of ``inputs``, in the order found."""
    for item in inputs:
        if not item.exists():
            raise InputError(f"{item}: not found")
    sources = iter_sources(inputs)
    if workers <= 1:
        yield from _read_in(sources, schema, None, 1)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from _read_in(sources, schema, pool, workers, batch)


# -- writing -----------------------------------------------------------------------------


def _write_chunk(
    documents: list[dict[str, Any]], folder: str, index: int, start: int
) -> tuple[int, list[tuple[int, list[Problem]]]]:
    """Validate one chunk of household documents and write it as part ``index`` (its
    households numbered from ``start``). A chunk with a household that does not validate
    is not written: its problems are returned (with the document's place in the chunk)."""
    from gezinsplan.caseload.convert import _write_tables

    households: list[Household] = []
    bad: list[tuple[int, list[Problem]]] = []
    for pos, data in enumerate(documents):
        household, problems = validate_document(data)
        if household is None:
            bad.append((pos, problems))
        else:
            households.append(household)
    if not bad:
        _write_tables(households, folder, index, start)
    return len(households), bad


def _write_archive(
    archive: Archive,
    out: Path,
    fmt: Literal["parquet", "jsonl"],
    *,
    replace: bool,
    pool: Executor | None,
    workers: int,
    chunk_size: int = 5000,
) -> tuple[int, int, list[Problem]]:
    """Build, validate and write the households of ``archive`` a chunk at a time (in the
    pool when there is one): (households, provisions, problems).

    The output is the same as :func:`write_caseload` of :meth:`Archive.households`: when a
    household does not validate (so the numbering of the later ones moves), the caseload
    is written again that way.
    """
    candidates = archive.candidates()
    provisions = 0
    found: list[tuple[int, list[Problem]]] = []
    if fmt == "jsonl":
        if out.exists() and not replace:
            raise InputError(f"{out}: exists; remove it or pass --replace")
        written = 0
        with atomic_output(out) as fh:
            for hid, bsn, order, builders in candidates:
                household, problems = validate_document(archive.document(hid, bsn, builders))
                if household is None:
                    found.append((order, problems))
                    continue
                fh.write(dumps_household(household, indent=None) + "\n")
                written += 1
                provisions += len(household.provisions)
        found.sort(key=lambda f: f[0])
        return written, provisions, [p for _, ps in found for p in ps]
    from gezinsplan.caseload.convert import _prepare_target, _publish

    target, part = _prepare_target(out, replace)
    try:
        written = 0
        count = 0
        pending: deque[tuple[Future[tuple[int, list[tuple[int, list[Problem]]]]] | None, Any]] = (
            deque()
        )

        def settle() -> None:
            nonlocal written
            future, done = pending.popleft()
            n, bad = future.result() if future is not None else done
            written += n
            found.extend(bad)

        for start in range(0, len(candidates), chunk_size):
            chunk = candidates[start : start + chunk_size]
            documents = [archive.document(hid, bsn, b) for hid, bsn, _, b in chunk]
            provisions += sum(len(d["provisions"]) for d in documents)
            if pool is None:
                pending.append((None, _write_chunk(documents, str(part), count, start)))
            else:
                pending.append(
                    (pool.submit(_write_chunk, documents, str(part), count, start), None)
                )
            count += 1
            while len(pending) > (2 * workers if pool is not None else 0):
                settle()
        while pending:
            settle()
        if found:
            # a household left out moves the numbering: write the caseload the plain way
            shutil.rmtree(part, ignore_errors=True)
            households, problems = archive.households()
            write_caseload(households, out, fmt, replace=replace, chunk_size=chunk_size)
            return len(households), sum(len(h.provisions) for h in households), problems
        _publish(part, target, written, count)
    except BaseException:
        shutil.rmtree(part, ignore_errors=True)
        raise
    return written, provisions, []


def import_istandaarden(
    inputs: list[Path],
    out: Path,
    *,
    key: bytes,
    fmt: Literal["parquet", "jsonl"] = "parquet",
    xsd: Path | None = None,
    workers: int = 1,
    replace: bool = False,
    on_file: Callable[[FileResult], None] | None = None,
    chunk_size: int = 5000,
) -> ImportResult:
    """Read the message files of ``inputs`` and write their households to ``out``.

    Refused files are reported (``on_file`` sees every file) and left out; the households
    of the accepted files are written. ``key`` pseudonymises the BSNs; ``chunk_size``
    households make one part of a columnar caseload (built, validated and written in the
    worker processes when ``workers`` > 1).
    """
    result = ImportResult()
    archive = Archive(key)
    schema = schema_check(xsd) if xsd is not None else None
    for item in inputs:
        if not item.exists():
            raise InputError(f"{item}: not found")
    if fmt == "parquet":
        # imported before the processes start, so that they share it
        import gezinsplan.caseload.convert  # noqa: F401
    with contextlib.ExitStack() as stack:
        pool = (
            stack.enter_context(ProcessPoolExecutor(max_workers=workers)) if workers > 1 else None
        )
        for fr in _read_in(iter_sources(inputs), schema, pool, workers):
            result.files += 1
            if on_file is not None:
                on_file(fr)
            if fr.problems:
                result.refused.append(fr)
            else:
                archive.add(fr.records)
        result.households, result.provisions, result.problems = _write_archive(
            archive, out, fmt, replace=replace, pool=pool, workers=workers, chunk_size=chunk_size
        )
    return result
