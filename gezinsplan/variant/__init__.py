"""Taskforce deregulering: variants of the rule set and their effect on a caseload.

A variant is a small overlay folder on the base rules (:mod:`gezinsplan.variant.load`);
its rule set knows its own parameters, so plans are made with the variant's policy.
:func:`diff` compares baseline and variant over a caseload, :func:`rank_switches` ranks
the blocking rules, :func:`render_report` writes the HTML page. The diff needs the
``caseload`` extra (pyarrow, duckdb, sqlglot)::

    from gezinsplan.variant import load_variant, diff
"""

from gezinsplan.variant.cases import CheckReport, check_variant, run_variant_case
from gezinsplan.variant.load import VariantCase, VariantInfo, load_variant

__all__ = [
    "CheckReport",
    "VariantCase",
    "VariantDiff",
    "VariantInfo",
    "check_variant",
    "diff",
    "load_variant",
    "rank_switches",
    "render_report",
    "run_variant_case",
]


def __getattr__(name: str) -> object:
    # the diff and the report need pyarrow/duckdb: imported on first use
    if name in ("VariantDiff", "diff", "rank_switches"):
        from gezinsplan.variant import compare

        return getattr(compare, name)
    if name == "render_report":
        from gezinsplan.variant.report import render_report

        return render_report
    raise AttributeError(name)
