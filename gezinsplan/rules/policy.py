"""The plan policy of a rule set: the ``plan.*`` parameters at one peildatum."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gezinsplan.errors import ParameterError, PlanError
from gezinsplan.rules.parameters import ParameterSet

__all__ = ["PLAN_PARAMETERS", "PlanPolicy"]

CALENDAR = "kalender.feestdagen"
"""The public holidays (see :mod:`gezinsplan.rules.terms`)."""

PLAN_PARAMETERS = (
    "plan.max_actieve_doelen",
    "plan.evaluatie_maanden",
    "plan.evaluatie_dagen_veiligheid",
    "bestaanszekerheid.probleemscore_grens",
)
"""The parameters the planner reads (besides those the rules read)."""


@dataclass(frozen=True)
class PlanPolicy:
    """Policy values for one peildatum, read from dated parameters."""

    max_active_goals: int
    evaluation_months: int
    evaluation_days_safety: int
    income_score_max: int = 2
    """Highest latest ZRM score on financiën or huisvesting that puts bestaanszekerheid
    first (parameter ``bestaanszekerheid.probleemscore_grens``)."""
    holidays: tuple[str, ...] = ()
    """The public holidays (parameter ``kalender.feestdagen``): the evaluation date is a
    working day."""

    @classmethod
    def from_parameters(cls, parameters: ParameterSet, peildatum: date) -> PlanPolicy:
        """Read ``plan.*`` parameters at ``peildatum``."""

        def number(pid: str) -> int:
            try:
                value = parameters.value(pid, peildatum)
            except ParameterError as e:
                raise PlanError(f"the rule set has no plan parameter {pid} ({e})") from None
            if not isinstance(value, int) or isinstance(value, bool):
                raise PlanError(f"parameter {pid} must be a whole number")
            return value

        holidays = parameters.value(CALENDAR, peildatum) if CALENDAR in parameters else ()
        return cls(
            holidays=holidays if isinstance(holidays, tuple) else (),
            max_active_goals=number("plan.max_actieve_doelen"),
            evaluation_months=number("plan.evaluatie_maanden"),
            evaluation_days_safety=number("plan.evaluatie_dagen_veiligheid"),
            income_score_max=number("bestaanszekerheid.probleemscore_grens"),
        )
