"""Wall time and peak memory of one monitor run: run as a child process so that nothing
else counts (``test_monitor.py``; or by hand for a million households).

    python benchmarks/monitor_memory.py SOURCE YYYY-MM-DD [CHUNK_SIZE]

Prints the households, the seconds, the peak memory (MB) of this process and of the
largest worker process.
"""

from __future__ import annotations

import resource
import sys
import time
from datetime import date

from caseload_memory import peak_kb  # this folder is on the path of a script run

from gezinsplan.monitor import run_monitor


def main() -> None:
    chunk = int(sys.argv[3]) if len(sys.argv) > 3 else 20_000
    t = time.perf_counter()
    m = run_monitor(sys.argv[1], date.fromisoformat(sys.argv[2]), chunk_size=chunk)
    seconds = time.perf_counter() - t
    print(m.summary["households"])
    print(round(seconds, 2))
    print(peak_kb() / 1024)
    print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


if __name__ == "__main__":
    main()
