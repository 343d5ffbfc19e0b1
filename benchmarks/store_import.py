"""Measure importing N generated households into a fresh SQLite store (one run, wall time).

Usage: python benchmarks/store_import.py 100000
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from gezinsplan.generate import write_generated
from gezinsplan.store.db import store
from gezinsplan.store.transfer import import_file


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "c.jsonl"
        write_generated(n, 1, src)
        start = time.perf_counter()
        with store(f"sqlite:///{Path(d) / 'store.sqlite'}") as factory:
            count = import_file(factory, src)
        elapsed = time.perf_counter() - start
        size = (Path(d) / "store.sqlite").stat().st_size
    print(f"imported {count} households in {elapsed:.1f} s ({size / 1e6:.0f} MB)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
