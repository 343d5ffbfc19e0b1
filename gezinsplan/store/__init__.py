"""The store: households, assessments and plan versions with SQLAlchemy.

SQLite by default (``gezinsplan.sqlite`` or ``$GEZINSPLAN_DB``), PostgreSQL via
psycopg 3 for production. See docs/store.md.
"""

from gezinsplan.store.db import default_db_url, make_engine, open_store, upgrade
from gezinsplan.store.pseudonymize import pseudonymize
from gezinsplan.store.repository import (
    PlanVersionInfo,
    count_households,
    household_version,
    iter_households,
    latest_plan,
    list_household_ids,
    load_household,
    plan_history,
    save_case,
    save_household,
    save_plan_version,
    save_signals,
)
from gezinsplan.store.transfer import export_households, import_file

__all__ = [
    "PlanVersionInfo",
    "count_households",
    "default_db_url",
    "export_households",
    "household_version",
    "import_file",
    "iter_households",
    "latest_plan",
    "list_household_ids",
    "load_household",
    "make_engine",
    "open_store",
    "plan_history",
    "pseudonymize",
    "save_case",
    "save_household",
    "save_plan_version",
    "save_signals",
    "upgrade",
]
