"""NumPy columns as Arrow arrays: codes as texts, day numbers as dates and their encodings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from gezinsplan.caseload.synth.days import EPOCH_ORDINAL, ymd

__all__ = ["NA", "day", "encode", "ids", "lists", "number", "text"]

Arr = npt.NDArray[Any]
NA = np.iinfo(np.int64).min


def text(words: Sequence[str], codes: Arr) -> pa.Array:
    """``words[code]`` per row; null where the code is negative."""
    return pa.array(words, pa.string()).take(pa.array(codes, pa.int64(), mask=codes < 0))


def ids(prefix: str, positions: Arr) -> pa.Array:
    """``prefix1``, ``prefix2``, … for the 0-based ``positions``."""
    top = int(positions.max(initial=0)) + 1
    return text([f"{prefix}{i + 1}" for i in range(top)], positions)


def number(values: Arr, kind: pa.DataType | None = None) -> pa.Array:
    """Whole numbers (int32 unless ``kind`` says otherwise); null where :data:`NA`."""
    kind = kind or pa.int32()
    mask = values == NA
    clean = np.where(mask, 0, values)
    if pa.types.is_floating(kind):
        return pa.array(clean.astype(np.float64), kind, mask=mask)
    return pa.array(clean, kind, mask=mask)


def day(values: Arr) -> pa.Array:
    """Day numbers as Arrow dates; null where :data:`NA`."""
    mask = values == NA
    return pa.array(np.where(mask, 0, values).astype(np.int32), pa.date32(), mask=mask)


def encode(name: str, values: Arr, parts: str) -> dict[str, pa.Array]:
    """The columns of :func:`gezinsplan.caseload.tables._date_columns` for ``values``."""
    mask = values == NA
    y, m, d = ymd(np.where(mask, 0, values))
    out: dict[str, pa.Array] = {}

    def col(v: Arr) -> pa.Array:
        return pa.array(v.astype(np.int32), pa.int32(), mask=mask)

    if "y" in parts:
        out[f"{name}_ymd"] = col(y * 10000 + m * 100 + d)
    if "m" in parts:
        out[f"{name}_mi"] = col(y * 12 + m - 1)
        out[f"{name}_d"] = col(d)
    if "o" in parts:
        out[f"{name}_ord"] = col(values + EPOCH_ORDINAL)
    if "i" in parts:
        out[f"{name}_iso"] = pc.cast(day(values), pa.string())
    return out


def lists(owner: Arr, count: int, values: pa.Array) -> pa.Array:
    """A list per owner ``0 … count-1`` of the ``values`` whose rows (sorted by owner) name
    it in ``owner``."""
    offsets = np.concatenate([[0], np.cumsum(np.bincount(owner, minlength=count))])
    return pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)), values)
