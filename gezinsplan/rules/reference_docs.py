"""Generate the rule reference (docs/rules.md) and the fact vocabulary (docs/facts.md)."""

from __future__ import annotations

from gezinsplan.rules.facts import FACT_SCHEMA
from gezinsplan.rules.ruleset import FOLDER_CATEGORIES, Rule, RuleSet

__all__ = ["facts_markdown", "rules_markdown"]


def _condition_text(ruleset: RuleSet, rule_id: str) -> list[str]:
    rule = ruleset.rule(rule_id)
    lines = []
    for p in rule.patterns:
        conds = []
        for c in p.conditions:
            if c.operand.param is not None:
                value = f"parameter `{c.operand.param}`"
            elif c.operand.ref is not None:
                value = f"`{c.operand.ref[0]}.{c.operand.ref[1]}`"
            else:
                lit = c.operand.literal
                value = ", ".join(map(str, lit)) if isinstance(lit, tuple) else str(lit)
                value = f"`{value}`"
            conds.append(f"`{c.field}` {c.op} {value}")
        where = "; ".join(conds) if conds else "any"
        if p.negated:
            lines.append(f"- **no** `{p.fact}` with {where}")
        else:
            lines.append(f"- `{p.fact}` as `{p.alias}` with {where}")
    return lines


def rules_markdown(ruleset: RuleSet) -> str:
    """The rule reference page, generated from the rule files."""
    out = [
        "# Rule reference",
        "",
        "Generated from the rule files by `gezinsplan rules docs`; do not edit by hand.",
        f"{len(ruleset.rules)} rules. The language is described in "
        "[rule-language.md](rule-language.md), the facts in [facts.md](facts.md).",
        "",
        "| id | category | severity | title |",
        "| --- | --- | --- | --- |",
    ]
    out += [
        f"| [`{r.id}`](#{r.id.replace('.', '')}) | {r.category.value} | {r.severity.value} "
        f"| {r.title} |"
        for r in ruleset.rules
    ]
    for folder in FOLDER_CATEGORIES:
        rules = [r for r in ruleset.rules if r.id.startswith(folder + ".")]
        if not rules:
            continue
        out += ["", f"## {folder}"]
        for r in rules:
            out += [
                "",
                f"### {r.id}",
                "",
                f"**{r.title}** — severity `{r.severity.value}`, category `{r.category.value}`",
                "",
                r.description,
                "",
                f"*Source*: {r.source}",
                "",
                f"*Message*: {r.message}",
                "",
                "*Condition*:",
                "",
                *_condition_text(ruleset, r.id),
            ]
            if r.parameters:
                out += ["", "*Parameters*: " + ", ".join(f"`{p}`" for p in r.parameters)]
            if r.enabled_by:
                out += ["", f"*Switched on by*: `{r.enabled_by}`"]
            if r.deadline:
                out += ["", f"*Deadline*: {_deadline_text(r)}"]
            out += [
                "",
                f"*Test cases*: {len(r.tests)} ("
                + "; ".join(f"{t.name}: {'fires' if t.fires else 'does not fire'}" for t in r.tests)
                + ")",
            ]
    out += _parameters_section(ruleset)
    return "\n".join(out) + "\n"


def _deadline_text(r: Rule) -> str:
    """What a rule's deadline is, in words."""
    assert r.deadline is not None
    ref = f"`{r.deadline[0]}.{r.deadline[1]}`"
    term = r.deadline_term
    if term is None or term.kind == "on":
        return f"{ref} itself"
    what = f"`{term.amount}`" if isinstance(term.amount, str) else str(term.amount)
    if term.kind == "before":
        lead = f"{what} {term.unit} before {ref}" if term.amount else f"before {ref}"
        return f"{lead}: strictly before it, on a working day (earlier, never later)"
    atw = (
        "extended by the Algemene termijnenwet when it ends on a weekend or holiday"
        if term.atw
        else "not extended by the Algemene termijnenwet"
    )
    return f"{what} {term.unit} after {ref} ({atw})"


def _value_text(value: object) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, tuple):
        return ", ".join(value)
    return str(value)


def _parameters_section(ruleset: RuleSet) -> list[str]:
    out = [
        "",
        "## Parameters",
        "",
        "Every value by the date it starts. *Example* marks an example of a municipal rule, "
        "not an adopted rule of a given municipality: set it to your municipality's own rule.",
    ]
    for pid in sorted(ruleset.parameters):
        p = ruleset.parameters[pid]
        values = "; ".join(
            f"from {d.isoformat()}: {_value_text(v)}" for d, v in sorted(p.values.items())
        )
        unit = f" ({p.unit})" if p.unit else ""
        mark = " *Example.*" if p.example else ""
        out += [
            "",
            f"### {pid}",
            "",
            f"{p.description}{mark}",
            "",
            f"*Values*{unit}: {values}",
            "",
            f"*Source*: {p.source}",
        ]
    return out


def facts_markdown() -> str:
    """The fact vocabulary page."""
    out = [
        "# Facts",
        "",
        "A household at a peildatum becomes these fact tables (`gezinsplan.rules.facts`).",
        "Rules filter, join and negate over them; counts are precomputed fields.",
        "Generated by `gezinsplan rules docs`; do not edit by hand.",
    ]
    for fact, fields in FACT_SCHEMA.items():
        out += ["", f"## {fact}", "", "| field | kind | meaning |", "| --- | --- | --- |"]
        out += [f"| `{name}` | {kind} | {desc} |" for name, (kind, desc) in fields.items()]
    return "\n".join(out) + "\n"
