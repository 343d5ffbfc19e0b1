"""Typed declarative tables of the store.

A household is stored as its validated JSON document (lossless round trip) plus
queryable columns (gemeente, wijk, member roles and birth years, provisions by wet).
Assessment runs keep the signals; plan versions are immutable once written.
Reprs show ids only, never personal data.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gezinsplan.errors import StoreError
from gezinsplan.store.base import Base

__all__ = ["AssessmentRunRow", "HouseholdRow", "MemberRow", "PlanVersionRow", "ProvisionRow"]


class HouseholdRow(Base):
    """One household; ``version`` is the optimistic-locking counter."""

    __tablename__ = "household"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    gemeente: Mapped[str] = mapped_column(String(100), index=True)
    wijk: Mapped[str | None] = mapped_column(String(100))
    kern: Mapped[str | None] = mapped_column(String(100))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(100))

    members: Mapped[list[MemberRow]] = relationship(
        back_populates="household", cascade="all, delete-orphan", order_by="MemberRow.member_id"
    )
    provisions: Mapped[list[ProvisionRow]] = relationship(
        back_populates="household",
        cascade="all, delete-orphan",
        order_by="ProvisionRow.provision_id",
    )

    # the version is set by the repository on every save; SQLAlchemy adds
    # "WHERE version = <old>" to the UPDATE, so a concurrent save is detected
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012

    def __repr__(self) -> str:
        return f"HouseholdRow(id={self.id!r}, version={self.version!r})"


class MemberRow(Base):
    """Queryable member columns (role and birth year only)."""

    __tablename__ = "member"

    household_id: Mapped[str] = mapped_column(
        ForeignKey("household.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(40))
    birth_year: Mapped[int] = mapped_column(Integer)

    household: Mapped[HouseholdRow] = relationship(back_populates="members")

    def __repr__(self) -> str:
        return f"MemberRow(household_id={self.household_id!r}, member_id={self.member_id!r})"


class ProvisionRow(Base):
    """Queryable provision columns."""

    __tablename__ = "provision"

    household_id: Mapped[str] = mapped_column(
        ForeignKey("household.id", ondelete="CASCADE"), primary_key=True
    )
    provision_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[str] = mapped_column(String(64))
    wet: Mapped[str] = mapped_column(String(40), index=True)
    product: Mapped[str] = mapped_column(String(60))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)

    household: Mapped[HouseholdRow] = relationship(back_populates="provisions")

    def __repr__(self) -> str:
        return f"ProvisionRow(household_id={self.household_id!r}, id={self.provision_id!r})"


class AssessmentRunRow(Base):
    """The signals of one assessment of a household at a peildatum."""

    __tablename__ = "assessment_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    household_id: Mapped[str] = mapped_column(
        ForeignKey("household.id", ondelete="CASCADE"), index=True
    )
    household_version: Mapped[int] = mapped_column(Integer)
    peildatum: Mapped[date] = mapped_column(Date)
    rules_version: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    signals: Mapped[list[dict[str, Any]]] = mapped_column(JSON)

    def __repr__(self) -> str:
        return f"AssessmentRunRow(id={self.id!r}, household_id={self.household_id!r})"


class PlanVersionRow(Base):
    """An immutable plan version."""

    __tablename__ = "plan_version"
    __table_args__ = (UniqueConstraint("household_id", "version_no"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    household_id: Mapped[str] = mapped_column(
        ForeignKey("household.id", ondelete="CASCADE"), index=True
    )
    version_no: Mapped[int] = mapped_column(Integer)
    household_version: Mapped[int] = mapped_column(Integer)
    assessment_run_id: Mapped[int | None] = mapped_column(ForeignKey("assessment_run.id"))
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    caseworker: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(String(500))
    rules_version: Mapped[str] = mapped_column(String(128))
    peildatum: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(40))
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)

    def __repr__(self) -> str:
        return f"PlanVersionRow(household_id={self.household_id!r}, version_no={self.version_no!r})"


@event.listens_for(PlanVersionRow, "before_update")
def _plan_versions_are_immutable(_mapper: Any, _connection: Any, target: PlanVersionRow) -> None:
    raise StoreError(
        f"plan version {target.version_no} of household {target.household_id!r} is "
        "immutable; save a new version instead"
    )
