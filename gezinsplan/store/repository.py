"""Data access for the store. Every function receives a Session and never commits.

The caller owns the transaction::

    factory = open_store()                        # SQLite file by default
    with factory() as session, session.begin():
        save_case(session, household, signals, plan, caseworker="cw-17",
                  reason="intake", rules_version=rules.version, now=now)

A failure anywhere inside the ``with`` block rolls everything back: the store is
left unchanged. Errors name household ids and versions, never personal data.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Table, bindparam, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from gezinsplan.errors import ConcurrentEditError, NotFoundError, StoreError
from gezinsplan.model.household import Household
from gezinsplan.plan.model import Plan
from gezinsplan.signal import Signal
from gezinsplan.store.tables import (
    AssessmentRunRow,
    HouseholdRow,
    MemberRow,
    PlanVersionRow,
    ProvisionRow,
)

__all__ = [
    "PlanVersionInfo",
    "count_households",
    "household_version",
    "iter_households",
    "latest_plan",
    "list_household_ids",
    "load_household",
    "plan_history",
    "plan_version",
    "save_case",
    "save_household",
    "save_households",
    "save_plan_version",
    "save_signals",
    "store_fingerprint",
]


@dataclass(frozen=True)
class PlanVersionInfo:
    """Metadata of one saved plan version (no personal data)."""

    household_id: str
    version_no: int
    saved_at: datetime
    caseworker: str
    reason: str
    rules_version: str
    peildatum: date
    outcome: str


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _document(household: Household) -> dict[str, Any]:
    return household.model_dump(mode="json", exclude_none=True)


def _fill(row: HouseholdRow, household: Household) -> None:
    row.gemeente = household.gemeente
    row.wijk = household.wijk
    row.kern = household.kern
    row.document = _document(household)
    row.members = [
        MemberRow(member_id=m.id, role=m.role.value, birth_year=m.birth_date.year)
        for m in household.members
    ]
    row.provisions = [
        ProvisionRow(
            provision_id=p.id,
            member_id=p.member,
            wet=p.wet.value,
            product=p.product.value,
            start=p.start,
            end=p.end,
        )
        for p in household.provisions
    ]


def save_household(
    session: Session,
    household: Household,
    *,
    caseworker: str = "system",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> int:
    """Insert or replace a household; returns its new version.

    ``expected_version`` is the version the caller loaded: when someone else saved
    in between, :class:`ConcurrentEditError` is raised and nothing is written. Saving a
    household equal to the stored one writes nothing and keeps its version.
    """
    try:
        with session.no_autoflush:
            row = _prepare(session, household, caseworker, expected_version, now)
        session.flush()
    except (StaleDataError, IntegrityError):
        # IntegrityError: someone inserted the same new household first (its message
        # quotes the row, so it is never shown)
        raise ConcurrentEditError(
            f"household {household.id!r} was saved by someone else at the same time; "
            "reload and redo"
        ) from None
    return row.version


def _prepare(
    session: Session,
    household: Household,
    caseworker: str,
    expected_version: int | None,
    now: datetime | None,
) -> HouseholdRow:
    row = session.get(HouseholdRow, household.id)
    if row is None:
        if expected_version not in (None, 0):
            raise ConcurrentEditError(
                f"household {household.id!r}: expected version {expected_version}, "
                "but it is not in the store"
            )
        row = HouseholdRow(id=household.id, version=1)
        session.add(row)
    elif expected_version is not None and row.version != expected_version:
        raise ConcurrentEditError(
            f"household {household.id!r} was saved by someone else: you edited version "
            f"{expected_version}, the store holds version {row.version}; reload and redo"
        )
    elif row.document == _document(household):
        return row  # unchanged: no new version
    else:
        row.version = row.version + 1
    _fill(row, household)
    row.updated_at = now or _utcnow()
    row.updated_by = caseworker
    return row


def save_households(
    session: Session,
    households: Sequence[Household],
    *,
    caseworker: str = "import",
    now: datetime | None = None,
) -> None:
    """Insert or replace many households with set-based statements (bulk import).

    No optimistic-lock check: meant for imports, inside the caller's transaction.
    Households equal to the stored ones are left alone (no new version); within one
    call a repeated id keeps the last one, as sequential saves would.
    """
    now = now or _utcnow()
    latest = {h.id: h for h in households}
    table = HouseholdRow.__table__
    assert isinstance(table, Table)
    stored = {
        hid: (version, document)
        for hid, version, document in session.execute(
            select(HouseholdRow.id, HouseholdRow.version, HouseholdRow.document).where(
                HouseholdRow.id.in_(list(latest))
            )
        )
    }
    fresh: list[tuple[Household, dict[str, Any], int]] = []
    changed: list[tuple[Household, dict[str, Any], int]] = []
    for hid, household in latest.items():
        document = _document(household)
        if hid not in stored:
            fresh.append((household, document, 1))
        elif stored[hid][1] != document:
            changed.append((household, document, stored[hid][0] + 1))
    if not fresh and not changed:
        return
    session.flush()

    def values(h: Household, document: dict[str, Any], version: int) -> dict[str, Any]:
        return {
            "gemeente": h.gemeente,
            "wijk": h.wijk,
            "kern": h.kern,
            "document": document,
            "version": version,
            "updated_at": now,
            "updated_by": caseworker,
        }

    if changed:
        ids = [h.id for h, _, _ in changed]
        session.execute(delete(ProvisionRow).where(ProvisionRow.household_id.in_(ids)))
        session.execute(delete(MemberRow).where(MemberRow.household_id.in_(ids)))
        session.connection().execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values({k: bindparam(k) for k in values(*changed[0])}),
            [{"b_id": h.id, **values(h, d, v)} for h, d, v in changed],
        )
        for h, _, _ in changed:  # rows this session may hold are stale now
            row = session.identity_map.get(session.identity_key(HouseholdRow, h.id))
            if row is not None:
                session.expunge(row)
    if fresh:
        session.execute(
            insert(HouseholdRow), [{"id": h.id, **values(h, d, v)} for h, d, v in fresh]
        )
    written = [h for h, _, _ in fresh + changed]
    members = [
        {
            "household_id": h.id,
            "member_id": m.id,
            "role": m.role.value,
            "birth_year": m.birth_date.year,
        }
        for h in written
        for m in h.members
    ]
    if members:
        session.execute(insert(MemberRow), members)
    provisions = [
        {
            "household_id": h.id,
            "provision_id": p.id,
            "member_id": p.member,
            "wet": p.wet.value,
            "product": p.product.value,
            "start": p.start,
            "end": p.end,
        }
        for h in written
        for p in h.provisions
    ]
    if provisions:
        session.execute(insert(ProvisionRow), provisions)


def load_household(session: Session, household_id: str) -> Household:
    """The stored household (equal to what was saved)."""
    row = session.get(HouseholdRow, household_id)
    if row is None:
        raise NotFoundError(f"no household {household_id!r} in the store")
    return Household.model_validate(row.document)


def household_version(session: Session, household_id: str) -> int:
    """The current version of a stored household."""
    row = session.get(HouseholdRow, household_id)
    if row is None:
        raise NotFoundError(f"no household {household_id!r} in the store")
    return row.version


def list_household_ids(session: Session) -> list[str]:
    """All household ids, sorted."""
    return list(session.scalars(select(HouseholdRow.id).order_by(HouseholdRow.id)))


def count_households(session: Session) -> int:
    """How many households are stored."""
    return int(session.scalar(select(func.count()).select_from(HouseholdRow)) or 0)


def store_fingerprint(session: Session) -> str:
    """Changes whenever a household is added, changed or removed (count, latest change,
    sum of versions): lets a long analysis tell whether the store moved under it."""
    count, latest, versions = session.execute(
        select(
            func.count(HouseholdRow.id),
            func.max(HouseholdRow.updated_at),
            func.sum(HouseholdRow.version),
        )
    ).one()
    return f"{count}:{latest.isoformat() if latest else '-'}:{versions or 0}"


def iter_households(session: Session, batch_size: int = 500) -> Iterator[Household]:
    """Stream every household in id order, ``batch_size`` rows at a time."""
    last: str | None = None
    while True:
        query = select(HouseholdRow.id, HouseholdRow.document).order_by(HouseholdRow.id)
        if last is not None:
            query = query.where(HouseholdRow.id > last)
        rows = session.execute(query.limit(batch_size)).all()
        if not rows:
            return
        for hid, document in rows:
            yield Household.model_validate(document)
            last = hid


def save_signals(
    session: Session,
    household_id: str,
    signals: Sequence[Signal],
    *,
    peildatum: date,
    rules_version: str,
    now: datetime | None = None,
) -> int:
    """Store the signals of one assessment; returns the run id."""
    version = household_version(session, household_id)
    run = AssessmentRunRow(
        household_id=household_id,
        household_version=version,
        peildatum=peildatum,
        rules_version=rules_version,
        created_at=now or _utcnow(),
        signals=[s.model_dump(mode="json") for s in signals],
    )
    session.add(run)
    session.flush()
    return run.id


def save_plan_version(
    session: Session,
    plan: Plan,
    *,
    caseworker: str,
    reason: str,
    rules_version: str,
    assessment_run_id: int | None = None,
    now: datetime | None = None,
) -> PlanVersionInfo:
    """Append a new immutable plan version for ``plan.household_id``."""
    version = household_version(session, plan.household_id)
    last = session.scalar(
        select(func.max(PlanVersionRow.version_no)).where(
            PlanVersionRow.household_id == plan.household_id
        )
    )
    row = PlanVersionRow(
        household_id=plan.household_id,
        version_no=(last or 0) + 1,
        household_version=version,
        assessment_run_id=assessment_run_id,
        saved_at=now or _utcnow(),
        caseworker=caseworker,
        reason=reason,
        rules_version=rules_version,
        peildatum=plan.peildatum,
        outcome=plan.outcome.value,
        plan=plan.model_dump(mode="json"),
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        raise ConcurrentEditError(
            f"household {plan.household_id!r}: someone saved a plan version at the same "
            "time; reload and redo"
        ) from None
    return _info(row)


def save_case(
    session: Session,
    household: Household,
    signals: Sequence[Signal],
    plan: Plan | None,
    *,
    caseworker: str,
    reason: str,
    rules_version: str,
    peildatum: date,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> PlanVersionInfo | None:
    """Save a household with its signals and plan as one unit of work.

    Nothing is committed here: when the caller's transaction fails, none of it is stored.
    When the household, the plan and the rule set are all equal to what is stored
    (the latest plan version), nothing is written and that version is returned.
    """
    if plan is not None and plan.household_id != household.id:
        raise StoreError(f"plan belongs to household {plan.household_id!r}, not {household.id!r}")
    now = now or _utcnow()
    before = session.get(HouseholdRow, household.id)
    before_version = before.version if before is not None else None
    version = save_household(
        session, household, caseworker=caseworker, expected_version=expected_version, now=now
    )
    if plan is not None and version == before_version:
        last = _latest_row(session, household.id)
        if (
            last is not None
            and last.rules_version == rules_version
            and last.household_version == version
            and last.plan == plan.model_dump(mode="json")
        ):
            return _info(last)  # nothing changed: no new plan version
    run_id = save_signals(
        session, household.id, signals, peildatum=peildatum, rules_version=rules_version, now=now
    )
    if plan is None:
        return None
    return save_plan_version(
        session,
        plan,
        caseworker=caseworker,
        reason=reason,
        rules_version=rules_version,
        assessment_run_id=run_id,
        now=now,
    )


def _info(row: PlanVersionRow) -> PlanVersionInfo:
    return PlanVersionInfo(
        household_id=row.household_id,
        version_no=row.version_no,
        saved_at=row.saved_at,
        caseworker=row.caseworker,
        reason=row.reason,
        rules_version=row.rules_version,
        peildatum=row.peildatum,
        outcome=row.outcome,
    )


def _latest_row(session: Session, household_id: str) -> PlanVersionRow | None:
    return session.scalars(
        select(PlanVersionRow)
        .where(PlanVersionRow.household_id == household_id)
        .order_by(PlanVersionRow.version_no.desc())
        .limit(1)
    ).first()


def latest_plan(session: Session, household_id: str) -> Plan | None:
    """The newest plan version of a household (None when it has none)."""
    row = _latest_row(session, household_id)
    return None if row is None else Plan.model_validate(row.plan)


def plan_history(session: Session, household_id: str) -> list[PlanVersionInfo]:
    """Every plan version of a household, oldest first."""
    if session.get(HouseholdRow, household_id) is None:
        raise NotFoundError(f"no household {household_id!r} in the store")
    rows = session.scalars(
        select(PlanVersionRow)
        .where(PlanVersionRow.household_id == household_id)
        .order_by(PlanVersionRow.version_no)
    )
    return [_info(r) for r in rows]


def plan_version(
    session: Session, household_id: str, version_no: int | None = None
) -> tuple[int, Plan] | None:
    """Plan version ``version_no`` of a household (the newest when None), with its number;
    None when there is no such version."""
    query = select(PlanVersionRow).where(PlanVersionRow.household_id == household_id)
    if version_no is None:
        query = query.order_by(PlanVersionRow.version_no.desc()).limit(1)
    else:
        query = query.where(PlanVersionRow.version_no == version_no)
    row = session.scalars(query).first()
    return None if row is None else (row.version_no, Plan.model_validate(row.plan))
