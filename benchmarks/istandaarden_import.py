"""Measure ``import istandaarden`` end to end on N message files (one run, wall time).

Writes the messages of generated households as files (``export istandaarden``) until
there are N, then imports the folder into a columnar caseload with 1 and 2 processes,
in a child process each so that the peak memory (max RSS) is the import's own.

Usage: python benchmarks/istandaarden_import.py 100000
"""

from __future__ import annotations

import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

from gezinsplan.generate import generate_households
from gezinsplan.interop.istandaarden.importer import import_istandaarden
from gezinsplan.interop.istandaarden.writer import messages_for


def _write(folder: Path, n: int) -> None:
    folder.mkdir()
    for count, (name, data) in enumerate(messages_for(generate_households(n, seed=7)), 1):
        (folder / name).write_bytes(data)
        if count == n:
            return


def _run(folder: str, out: str, workers: int, queue: multiprocessing.Queue[object]) -> None:
    start = time.perf_counter()
    result = import_istandaarden([Path(folder)], Path(out), key=b"bench", workers=workers)
    elapsed = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    queue.put((result.files, result.households, result.provisions, elapsed, rss, child))


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d) / "berichten"
        _write(folder, n)
        for workers in (1, 2):
            queue: multiprocessing.Queue[object] = multiprocessing.Queue()
            out = str(Path(d) / f"caseload-{workers}")
            p = multiprocessing.Process(target=_run, args=(str(folder), out, workers, queue))
            p.start()
            files, households, provisions, elapsed, rss, child = queue.get()  # type: ignore[misc]
            p.join()
            print(
                f"{workers} process(es): {files} files, {households} households, "
                f"{provisions} provisions in {elapsed:.1f} s ({files / elapsed:,.0f} messages/s); "
                f"max RSS main {rss:.0f} MB, largest worker {child:.0f} MB"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
