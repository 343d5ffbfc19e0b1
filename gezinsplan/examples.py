"""Render the plans of the example households into docs/examples/ (kept current by a test)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from gezinsplan.assessor import Assessor
from gezinsplan.io import read_household
from gezinsplan.plan.render import (
    render_caseworker_markdown,
    render_html,
    render_json,
    render_markdown,
)
from gezinsplan.resources import examples_dir
from gezinsplan.rules.ruleset import load_rules

__all__ = ["EXAMPLE_PEILDATUM", "example_renderings"]

EXAMPLE_PEILDATUM = date(2026, 11, 23)


def example_renderings() -> dict[str, str]:
    """File name -> content for every example household: the household's letter (md,
    html), the caseworker's version (``.medewerker.md``) and the plan as JSON."""
    assessor = Assessor(load_rules())
    out: dict[str, str] = {}
    for path in sorted(examples_dir().glob("*.json")):
        household = read_household(path)
        case = assessor.assess_and_plan(household, EXAMPLE_PEILDATUM)
        plan = case.plan
        out[f"{path.stem}.md"] = render_markdown(plan, household, version=1)
        out[f"{path.stem}.html"] = render_html(plan, household, version=1)
        out[f"{path.stem}.medewerker.md"] = render_caseworker_markdown(
            plan, household, case.signals
        )
        out[f"{path.stem}.json"] = render_json(plan)
    return out


if __name__ == "__main__":  # pragma: no cover
    target = Path("docs/examples")
    target.mkdir(parents=True, exist_ok=True)
    for name, text in example_renderings().items():
        (target / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(example_renderings())} files to {target}")
