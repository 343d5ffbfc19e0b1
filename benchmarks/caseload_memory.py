"""Peak memory (MB, max RSS) of one ``caseload.assess`` over a folder: run as a child
process by ``test_caseload.py`` so that nothing else counts.

    python benchmarks/caseload_memory.py CASELOAD_FOLDER YYYY-MM-DD [MEMORY_LIMIT]
"""

from __future__ import annotations

import resource
import sys
from datetime import date

from gezinsplan.caseload import assess


def main() -> None:
    options = {"memory_limit": sys.argv[3]} if len(sys.argv) > 3 else {}
    table = assess(sys.argv[1], peildatum=date.fromisoformat(sys.argv[2]), **options)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(table.num_rows)
    print(peak_kb / 1024)


if __name__ == "__main__":
    main()
