"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "household",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("gemeente", sa.String(length=100), nullable=False),
        sa.Column("wijk", sa.String(length=100), nullable=True),
        sa.Column("kern", sa.String(length=100), nullable=True),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household")),
    )
    op.create_index(op.f("ix_household_gemeente"), "household", ["gemeente"], unique=False)
    op.create_table(
        "assessment_run",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("household_id", sa.String(length=64), nullable=False),
        sa.Column("household_version", sa.Integer(), nullable=False),
        sa.Column("peildatum", sa.Date(), nullable=False),
        sa.Column("rules_version", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signals", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_assessment_run_household_id_household"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_run")),
    )
    op.create_index(
        op.f("ix_assessment_run_household_id"), "assessment_run", ["household_id"], unique=False
    )
    op.create_table(
        "member",
        sa.Column("household_id", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_member_household_id_household"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("household_id", "member_id", name=op.f("pk_member")),
    )
    op.create_table(
        "provision",
        sa.Column("household_id", sa.String(length=64), nullable=False),
        sa.Column("provision_id", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("wet", sa.String(length=40), nullable=False),
        sa.Column("product", sa.String(length=60), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_provision_household_id_household"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("household_id", "provision_id", name=op.f("pk_provision")),
    )
    op.create_index(op.f("ix_provision_wet"), "provision", ["wet"], unique=False)
    op.create_table(
        "plan_version",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("household_id", sa.String(length=64), nullable=False),
        sa.Column("version_no", sa.Integer(), nullable=False),
        sa.Column("household_version", sa.Integer(), nullable=False),
        sa.Column("assessment_run_id", sa.Integer(), nullable=True),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("caseworker", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("rules_version", sa.String(length=128), nullable=False),
        sa.Column("peildatum", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=40), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_run_id"],
            ["assessment_run.id"],
            name=op.f("fk_plan_version_assessment_run_id_assessment_run"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_plan_version_household_id_household"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_version")),
        sa.UniqueConstraint(
            "household_id", "version_no", name=op.f("uq_plan_version_household_id")
        ),
    )
    op.create_index(
        op.f("ix_plan_version_household_id"), "plan_version", ["household_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_plan_version_household_id"), table_name="plan_version")
    op.drop_table("plan_version")
    op.drop_index(op.f("ix_provision_wet"), table_name="provision")
    op.drop_table("provision")
    op.drop_table("member")
    op.drop_index(op.f("ix_assessment_run_household_id"), table_name="assessment_run")
    op.drop_table("assessment_run")
    op.drop_index(op.f("ix_household_gemeente"), table_name="household")
    op.drop_table("household")
