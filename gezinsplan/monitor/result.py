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
    series: list[Monitor] = field(default_factory=list)
    """With several peildata: the run of each, in date order (``tables`` holds them all)."""

    @property
    def latest(self) -> Monitor:
        """The run of the last peildatum (this one when there is one peildatum)."""
        return self.series[-1] if self.series else self

    def __repr__(self) -> str:
        return (
            f"Monitor(households={self.summary.get('households')}, "
            f"peildatum={self.summary.get('peildatum')}, tables={sorted(self.tables)})"
        )
