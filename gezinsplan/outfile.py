"""Output files that appear whole or not at all.

Exports hold personal data: a half-written file is a leak nobody knows about. An
output is written to a hidden temporary file in the target folder (readable by the
owner only) and renamed over the target when complete. When writing fails or the
process is interrupted (Ctrl-C, SIGTERM, SIGHUP) the temporary file is removed. A
process killed outright (SIGKILL) cannot clean up: the next output to the same target
removes such leftovers (their process id is no longer alive).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import IO

__all__ = ["atomic_output", "remove_leftovers"]

_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def _part_name(target: Path, pid: int) -> Path:
    return target.with_name(f".{target.name}.{pid}.part")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(target: Path) -> list[Path]:
    """Remove temporary files of earlier outputs to ``target`` whose process is gone."""
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.([0-9]+)\.part$")
    removed: list[Path] = []
    folder = target.parent if str(target.parent) else Path(".")
    for candidate in folder.glob(f".{glob_escape(target.name)}.*.part"):
        match = pattern.match(candidate.name)
        if match and int(match.group(1)) != os.getpid() and not _alive(int(match.group(1))):
            candidate.unlink(missing_ok=True)
            removed.append(candidate)
    return removed


def glob_escape(name: str) -> str:
    """``name`` with glob wildcards escaped."""
    return re.sub(r"([*?\[])", r"[\1]", name)


class _Interrupted(BaseException):
    """Raised inside the writer by SIGTERM/SIGHUP so that clean-up runs."""


@contextlib.contextmanager
def atomic_output(target: Path, *, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text handle whose content replaces ``target`` only when the block succeeds."""
    target = Path(target)
    remove_leftovers(target)
    part = _part_name(target, os.getpid())
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    previous: dict[int, object] = {}

    def interrupted(signum: int, _frame: FrameType | None) -> None:
        raise _Interrupted(signum)

    if threading.current_thread() is threading.main_thread():
        for sig in _SIGNALS:
            previous[sig] = signal.signal(sig, interrupted)
    try:
        try:
            with os.fdopen(fd, "w", encoding=encoding, newline="\n") as handle:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(part, target)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
    except _Interrupted as e:
        raise SystemExit(128 + int(e.args[0])) from None
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]
