"""Writing imported households: the columnar caseload folder or a JSON Lines file.

Shared by the importers (iStandaarden, register); pyarrow is imported only when a
columnar folder is written, so a JSON Lines import needs no ``caseload`` extra.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Literal

from gezinsplan.errors import InputError
from gezinsplan.io import dumps_household
from gezinsplan.model.household import Household
from gezinsplan.outfile import atomic_output

__all__ = ["write_caseload"]


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
