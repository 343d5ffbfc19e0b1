"""The exception hierarchy of gezinsplan.

Every error the library raises on purpose derives from :class:`GezinsplanError`::

    GezinsplanError (Exception)
    ├── InputError                 bad input data: households, caseloads, rule files
    │   ├── HouseholdValidationError   a household fails validation (carries problems)
    │   └── RuleError                  a rule or parameter file is invalid
    │       └── ParameterError             a parameter is unknown or has no value at a date
    ├── EngineError                the rules engine failed while evaluating
    ├── PlanError                  a plan cannot be built
    ├── StoreError                 the database store refused an operation
    │   ├── ConcurrentEditError        optimistic locking: someone saved first
    │   └── NotFoundError              no such household or plan
    └── ZgwError                   a zaaksysteem (ZGW APIs) refused or did not answer
        ├── ZgwConfigError             the ZGW configuration is missing or invalid
        └── ZgwIncompleteError         the zaak exists but a part of the push did not arrive

Messages name files, line numbers, ids and field paths, never personal data
(names, BSNs, birth dates, addresses, free text written by the household).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ConcurrentEditError",
    "EngineError",
    "GezinsplanError",
    "HouseholdValidationError",
    "InputError",
    "NotFoundError",
    "ParameterError",
    "PlanError",
    "Problem",
    "RuleError",
    "StoreError",
    "ZgwConfigError",
    "ZgwError",
    "ZgwIncompleteError",
]


@dataclass(frozen=True, slots=True)
class Problem:
    """One validation problem: where it is and what is wrong.

    ``source`` is a file name (or ``"<input>"``), ``line`` a 1-based line number
    when known (JSON Lines, YAML), ``path`` a dotted field path such as
    ``members[2].birth_date``. The message never contains personal data.
    """

    source: str
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        if self.path:
            return f"{where}: {self.path}: {self.message}"
        return f"{where}: {self.message}"


class GezinsplanError(Exception):
    """Root of every error raised by gezinsplan."""


class InputError(GezinsplanError):
    """Input data (a household, a caseload, a rule file) is invalid."""


class HouseholdValidationError(InputError):
    """A household failed validation; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        if len(self.problems) == 1:
            text = str(self.problems[0])
        else:
            text = f"{len(self.problems)} problems:\n" + "\n".join(f"  {p}" for p in self.problems)
        super().__init__(text)


class RuleError(InputError):
    """A rule file, rule test file or parameter file is invalid."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        if len(self.problems) == 1:
            text = str(self.problems[0])
        else:
            text = f"{len(self.problems)} problems:\n" + "\n".join(f"  {p}" for p in self.problems)
        super().__init__(text)


class ParameterError(RuleError):
    """A parameter is unknown, malformed, or has no value at the peildatum."""


class EngineError(GezinsplanError):
    """The rules engine failed while evaluating a household."""


class PlanError(GezinsplanError):
    """A plan cannot be built from the given household and signals."""


class StoreError(GezinsplanError):
    """The store refused an operation; the database is left unchanged."""


class ConcurrentEditError(StoreError):
    """Someone else saved this household first (optimistic locking)."""


class NotFoundError(StoreError):
    """No household or plan with the given id exists in the store."""


class ZgwError(GezinsplanError):
    """A zaaksysteem (ZGW Zaken or Documenten API) refused a request or did not answer.

    Messages name the request (method and path) and the status, never tokens, secrets,
    BSNs or what the household wrote.
    """


class ZgwConfigError(ZgwError):
    """The ZGW configuration (file or environment variables) is missing or invalid."""


class ZgwIncompleteError(ZgwError):
    """The zaak was made or updated, but a later step failed: pushing again finishes it.

    ``zaak`` is the zaak's identificatie, ``missing`` what did not arrive (in Dutch, as
    the caseworker reads it, e.g. ``"document"``).
    """

    def __init__(self, message: str, *, zaak: str, missing: str) -> None:
        super().__init__(message)
        self.zaak = zaak
        self.missing = missing
