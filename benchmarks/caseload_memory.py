"""Peak memory (MB, max RSS) of one ``caseload.assess`` over a folder: run as a child
process by ``test_caseload.py`` so that nothing else counts.

    python benchmarks/caseload_memory.py CASELOAD_FOLDER YYYY-MM-DD [MEMORY_LIMIT]
"""

from __future__ import annotations

import resource
import sys
from datetime import date
from pathlib import Path

from gezinsplan.caseload import assess


def main() -> None:
    options = {"memory_limit": sys.argv[3]} if len(sys.argv) > 3 else {}
    table = assess(sys.argv[1], peildatum=date.fromisoformat(sys.argv[2]), **options)
    print(table.num_rows)
    print(peak_kb() / 1024)


def peak_kb() -> int:
    # VmHWM starts afresh at exec; ru_maxrss would inherit the parent's peak
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    main()
