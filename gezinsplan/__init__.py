"""gezinsplan: one household, one plan (1 gezin, 1 plan).

The public API. Everything importable from here is supported; modules with a
leading underscore or not re-exported here are implementation details.
"""

from gezinsplan.assessor import Assessor, CaseResult, assess
from gezinsplan.engines import EngineSpec, engine_names, register_engine
from gezinsplan.errors import (
    ConcurrentEditError,
    EngineError,
    GezinsplanError,
    HouseholdValidationError,
    InputError,
    NotFoundError,
    ParameterError,
    PlanError,
    Problem,
    RuleError,
    StoreError,
    ZgwConfigError,
    ZgwError,
    ZgwIncompleteError,
)
from gezinsplan.generate import generate_households, measure_calibration, write_generated
from gezinsplan.io import (
    dumps_household,
    iter_caseload,
    parse_household,
    read_household,
    validate_path,
    write_caseload,
    write_household,
)
from gezinsplan.model import (
    AbsenceKind,
    Assessment,
    Household,
    HousingStatus,
    InformalSupport,
    InsuranceStatus,
    Leefgebied,
    Member,
    MemberRole,
    Organisation,
    Product,
    Professional,
    Provision,
    ProvisionKind,
    ProvisionStatus,
    SchuldhulpPhase,
    SupportQuestion,
    VeiligThuisStatus,
    Verwijzer,
    Wet,
    household_json_schema,
)
from gezinsplan.plan.builder import build_plan
from gezinsplan.plan.model import Action, Goal, Plan, PlanOutcome, Regisseur, SupportLevel
from gezinsplan.plan.render import render_html, render_json, render_markdown
from gezinsplan.rules.parameters import ParameterSet, load_parameters
from gezinsplan.rules.policy import PlanPolicy
from gezinsplan.rules.ruleset import Rule, RuleSet
from gezinsplan.signal import Category, Severity, Signal
from gezinsplan.variant.load import load_rules

__version__ = "0.1.0"

__all__ = [
    "AbsenceKind",
    "Action",
    "Assessment",
    "Assessor",
    "CaseResult",
    "Category",
    "ConcurrentEditError",
    "EngineError",
    "EngineSpec",
    "GezinsplanError",
    "Goal",
    "Household",
    "HouseholdValidationError",
    "HousingStatus",
    "InformalSupport",
    "InputError",
    "InsuranceStatus",
    "Leefgebied",
    "Member",
    "MemberRole",
    "NotFoundError",
    "Organisation",
    "ParameterError",
    "ParameterSet",
    "Plan",
    "PlanError",
    "PlanOutcome",
    "PlanPolicy",
    "Problem",
    "Product",
    "Professional",
    "Provision",
    "ProvisionKind",
    "ProvisionStatus",
    "Regisseur",
    "Rule",
    "RuleError",
    "RuleSet",
    "SchuldhulpPhase",
    "Severity",
    "Signal",
    "StoreError",
    "SupportLevel",
    "SupportQuestion",
    "VeiligThuisStatus",
    "Verwijzer",
    "Wet",
    "ZgwConfigError",
    "ZgwError",
    "ZgwIncompleteError",
    "__version__",
    "assess",
    "build_plan",
    "dumps_household",
    "engine_names",
    "generate_households",
    "household_json_schema",
    "iter_caseload",
    "load_parameters",
    "load_rules",
    "measure_calibration",
    "parse_household",
    "read_household",
    "register_engine",
    "render_html",
    "render_json",
    "render_markdown",
    "validate_path",
    "write_caseload",
    "write_generated",
    "write_household",
]
