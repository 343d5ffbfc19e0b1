"""The result of a monitor run."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Monitor"]


@dataclass
class Monitor:
    """The monitor's tables (pandas DataFrames) and what it was run on."""

    tables: dict[str, Any]
    summary: dict[str, Any]
    out: Path | None = None
    files: dict[str, Path] = field(default_factory=dict)

    def __repr__(self) -> str:
        return (
            f"Monitor(households={self.summary.get('households')}, "
            f"peildatum={self.summary.get('peildatum')}, tables={sorted(self.tables)})"
        )
