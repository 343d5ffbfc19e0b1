"""Import and export of households: files in, JSON Lines out.

Import is all-or-nothing per file: the whole file is validated and written in one
transaction; one bad line stops that file with an error naming the file and line,
and nothing of that file is stored.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import IO

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from gezinsplan.errors import ConcurrentEditError, HouseholdValidationError
from gezinsplan.io import dumps_household, is_caseload_path, iter_caseload_checked, read_household
from gezinsplan.model.household import Household
from gezinsplan.store.db import store_error
from gezinsplan.store.pseudonymize import pseudonymize, pseudonymize_key
from gezinsplan.store.repository import iter_households, save_household, save_households

BATCH_SIZE = 500

__all__ = ["export_households", "import_file"]


def import_file(
    factory: sessionmaker[Session],
    path: str | Path,
    *,
    caseworker: str = "import",
    progress: Callable[[int], None] | None = None,
) -> int:
    """Import one JSON or JSON Lines file in one transaction; returns the count.

    Raises :class:`HouseholdValidationError` (naming file and line) and stores
    nothing of the file when any household in it is invalid.
    """
    try:
        return _import(factory, Path(path), caseworker, progress)
    except IntegrityError:
        # another import or save created some of these households at the same moment;
        # the database message quotes the rows, so it is never shown
        raise ConcurrentEditError(
            f"{path}: households of this file were saved by someone else at the same time; "
            "nothing of this file was stored: run the import again"
        ) from None
    except SQLAlchemyError as e:
        bind = factory.kw.get("bind")
        raise store_error(e, bind if isinstance(bind, Engine) else None) from None


def _import(
    factory: sessionmaker[Session],
    p: Path,
    caseworker: str,
    progress: Callable[[int], None] | None,
) -> int:
    count = 0
    batch: list[Household] = []
    with factory() as session, session.begin():
        if is_caseload_path(p):
            for _, item in iter_caseload_checked(p):
                if isinstance(item, list):
                    raise HouseholdValidationError(item)
                batch.append(item)
                if len(batch) >= BATCH_SIZE:
                    save_households(session, batch, caseworker=caseworker)
                    session.expunge_all()
                    count += len(batch)
                    if progress is not None:
                        progress(len(batch))
                    batch = []
            if batch:
                save_households(session, batch, caseworker=caseworker)
                count += len(batch)
                if progress is not None:
                    progress(len(batch))
        else:
            save_household(session, read_household(p), caseworker=caseworker)
            count = 1
            if progress is not None:
                progress(1)
    return count


def export_households(
    session: Session,
    out: IO[str],
    *,
    pseudonymize_with: str | bytes | None = None,
    pseudonymized: bool = False,
) -> int:
    """Write every stored household as JSON Lines; returns the count.

    With ``pseudonymized=True`` each line is :func:`pseudonymize` of the household,
    keyed by ``pseudonymize_with`` or ``$GEZINSPLAN_PSEUDONYM_KEY``.
    """
    key = pseudonymize_key(pseudonymize_with) if pseudonymized else None
    count = 0
    for household in iter_households(session):
        if key is not None:
            line = json.dumps(pseudonymize(household, key=key), ensure_ascii=False, sort_keys=True)
        else:
            line = dumps_household(household, indent=None)
        out.write(line + "\n")
        count += 1
    return count
