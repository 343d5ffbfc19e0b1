"""Request and response bodies of the HTTP service (the OpenAPI document is built from them)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from gezinsplan.model.household import Household
from gezinsplan.plan.model import Plan
from gezinsplan.signal import Signal

__all__ = [
    "AssessRequest",
    "AssessResponse",
    "Health",
    "InvalidParam",
    "PlanResponse",
    "ProblemDetails",
    "RuleInfo",
    "RulesResponse",
]


class AssessRequest(BaseModel):
    """One household and the peildatum to assess it at (both required)."""

    model_config = ConfigDict(extra="forbid")

    peildatum: date = Field(description="Reference date (YYYY-MM-DD); ages and parameters at it.")
    household: Household


class AssessResponse(BaseModel):
    """The signals of one household."""

    household_id: str
    peildatum: date
    rules_version: str = Field(description="Content hash of the rule set used.")
    engine: str
    signals: list[Signal]


class PlanResponse(AssessResponse):
    """The signals and the plan of one household."""

    plan: Plan


class RuleInfo(BaseModel):
    """One rule of the catalogue, with the parameter values it reads at the peildatum."""

    id: str
    title: str
    category: str
    severity: str
    source: str
    description: str
    enabled: bool = Field(description="False when a municipal switch turns the rule off.")
    parameters: dict[str, Any]


class RulesResponse(BaseModel):
    """The catalogue at a peildatum."""

    rules_version: str
    peildatum: date
    rules: list[RuleInfo]


class Health(BaseModel):
    """Liveness and what the service runs."""

    status: str
    version: str
    rules_version: str
    engine: str
    rules: int


class InvalidParam(BaseModel):
    """One invalid field of a request (never its value)."""

    name: str = Field(description="Field path, e.g. household.members[0].birth_date")
    reason: str


class ProblemDetails(BaseModel):
    """An error as problem details (RFC 9457, ``application/problem+json``)."""

    model_config = ConfigDict(populate_by_name=True)

    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    invalid_params: list[InvalidParam] = Field(default_factory=list, alias="invalidParams")
