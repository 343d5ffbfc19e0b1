"""``gezinsplan import istandaarden``: message files → a caseload (columnar or JSON Lines).

Files are read in parallel processes (one file at a time per process, each all or
nothing); the records of the accepted files are merged in this process with the archive
semantics of :mod:`~gezinsplan.interop.istandaarden.archive`, and the households are
written whole or not at all.
"""

from __future__ import annotations

import functools
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from lxml import etree

from gezinsplan.errors import InputError, Problem
from gezinsplan.interop.istandaarden.archive import Archive
from gezinsplan.interop.istandaarden.messages import parse_namespace
from gezinsplan.interop.istandaarden.reader import (
    FileResult,
    SchemaCheck,
    Source,
    iter_sources,
    read_source,
)
from gezinsplan.io import dumps_household
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
def _read_many(sources: list[Source], schema: SchemaCheck | None) -> list[FileResult]:
    return [read_source(s, schema) for s in sources]


def _batches(sources: Iterable[Source], size: int) -> Iterator[list[Source]]:
    batch: list[Source] = []
    for s in sources:
        batch.append(s)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


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
        for s in sources:
            yield read_source(s, schema)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending = []
        for chunk in _batches(sources, batch):
            pending.append(pool.submit(_read_many, chunk, schema))
            while len(pending) >= 2 * workers:
                yield from pending.pop(0).result()
        for future in pending:
            yield from future.result()


# -- writing -----------------------------------------------------------------------------
def write_caseload(
    households: list[Household],
    out: Path,
    fmt: Literal["parquet", "jsonl"],
    *,
    replace: bool = False,
    chunk_size: int = 5000,
) -> None:
    """Write the households as a columnar caseload folder or a JSON Lines file."""
    if fmt == "jsonl":
        if out.exists() and not replace:
            raise InputError(f"{out}: exists; remove it or pass --replace")
        with atomic_output(out) as fh:
            for h in households:
                fh.write(dumps_household(h, indent=None) + "\n")
        return
    from gezinsplan.caseload.convert import _prepare_target, _publish, _write_tables

    target, part = _prepare_target(out, replace)
    try:
        count = 0
        for start in range(0, len(households), chunk_size):
            _write_tables(households[start : start + chunk_size], str(part), count, start)
            count += 1
        _publish(part, target, len(households), count)
    except BaseException:
        shutil.rmtree(part, ignore_errors=True)
        raise


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
) -> ImportResult:
    """Read the message files of ``inputs`` and write their households to ``out``.

    Refused files are reported (``on_file`` sees every file) and left out; the households
    of the accepted files are written. ``key`` pseudonymises the BSNs.
    """
    result = ImportResult()
    archive = Archive(key)
    schema = schema_check(xsd) if xsd is not None else None
    for fr in read_files(inputs, schema=schema, workers=workers):
        result.files += 1
        if on_file is not None:
            on_file(fr)
        if fr.problems:
            result.refused.append(fr)
        else:
            archive.add(fr.records)
    households, problems = archive.households()
    result.problems = problems
    result.households = len(households)
    result.provisions = sum(len(h.provisions) for h in households)
    write_caseload(households, out, fmt, replace=replace)
    return result
