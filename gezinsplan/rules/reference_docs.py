"""Generate the rule reference (docs/rules.md), the legal basis of every rule
(docs/legal-basis.md) and the fact vocabulary (docs/facts.md)."""

from __future__ import annotations

from dataclasses import replace

from gezinsplan.rules.facts import FACT_SCHEMA
from gezinsplan.rules.legal import LAWS, REFERENCE_TEXTS, LegalBasis
from gezinsplan.rules.ruleset import FOLDER_CATEGORIES, Rule, RuleAction, RuleSet

__all__ = ["facts_markdown", "legal_basis_markdown", "rules_markdown"]


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
                *_basis_lines(r),
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
            if r.actions:
                out += ["", "*Actions* (who, what, law, ground, by when):", ""]
                out += [_action_line(r, a) for a in r.actions]
            out += [
                "",
                f"*Test cases*: {len(r.tests)} ("
                + "; ".join(f"{t.name}: {'fires' if t.fires else 'does not fire'}" for t in r.tests)
                + ")",
            ]
    out += _parameters_section(ruleset)
    return "\n".join(out) + "\n"


def _link(basis: LegalBasis) -> str:
    return f"[{basis.cite()}]({basis.url})"


def _basis_lines(rule: Rule) -> list[str]:
    """The legal basis of a rule as a list of linked citations; a rule file that still has
    a free-text source shows that text."""
    if not rule.basis:
        return [f"*Source*: {rule.source}"]
    lines = ["*Legal basis*:", ""]
    for b in rule.basis:
        note = f": {b.note}" if b.note else ""
        lines.append(f"- {_link(b)}{note} (from {b.valid_from.isoformat()})")
    return lines


def legal_basis_markdown(ruleset: RuleSet) -> str:
    """The page with the legal basis of every rule, generated from the rule files."""
    out = [
        "# Legal basis of the rules",
        "",
        "Generated from the rule files by `gezinsplan rules docs`; do not edit by hand. The",
        "decisions behind the rules are explained in [legal.md](legal.md), the rules themselves",
        "in [rules.md](rules.md).",
        "",
        "Every rule cites the provisions it rests on (`basis` in its file): the citation links",
        "to the article on wetten.overheid.nl (a Juriconnect reference, `jci1.3:c:BWBR…`);",
        "*from* is the date the cited text applies from. *Checked against* names the text the",
        "citation was read against: the consolidated text of wetten.overheid.nl with its version",
        "date, held as a reference text by the project, or wetten.overheid.nl itself where the",
        "reference texts do not hold the law or the article. A citation of the reference",
        "texts names an article and lid that exist in that version (a test checks this).",
        "",
        "| rule | citation | from | checked against | what it says |",
        "| --- | --- | --- | --- | --- |",
    ]
    without = []
    for r in ruleset.rules:
        if not r.basis:
            without.append(r)
            continue
        for i, b in enumerate(r.basis):
            rule = f"[`{r.id}`](rules.md#{r.id.replace('.', '')})" if i == 0 else ""
            out.append(
                f"| {rule} | {_link(b)} | {b.valid_from.isoformat()} | {b.checked_against()} "
                f"| {b.note} |"
            )
    if without:
        out += [
            "",
            "## Rules with a free-text source",
            "",
            "These rule files still give their source as text; they are to get a `basis`.",
            "",
            "| rule | source |",
            "| --- | --- |",
        ]
        out += [f"| `{r.id}` | {r.source} |" for r in without]
    cited = sorted({b.law for r in ruleset.rules for b in r.basis}, key=lambda k: LAWS[k].title)
    out += [
        "",
        "## Laws cited",
        "",
        "| law | BWB id | reference text |",
        "| --- | --- | --- |",
    ]
    for key in cited:
        law = LAWS[key]
        ref = REFERENCE_TEXTS.get(key)
        if ref is None:
            held = "none (checked on wetten.overheid.nl)"
        else:
            held = f"version of {ref.version.isoformat()}"
            if ref.articles is not None:
                held += " (in part)"
        out.append(
            f"| [{law.title}](https://wetten.overheid.nl/{law.bwb_id}) | {law.bwb_id} | {held} |"
        )
    return "\n".join(out) + "\n"


def _action_line(r: Rule, a: RuleAction) -> str:
    """One declared action: owner, text, law, linked citations and its due date."""
    ground = "; ".join(_link(b) for b in a.basis)
    if a.due is None:
        when = "no date"
    elif a.due == r.deadline and a.due_term == r.deadline_term:
        when = "the rule's deadline"
    else:
        when = _deadline_text(replace(r, deadline=a.due, deadline_term=a.due_term))
    return f"- `{a.id}` — **{a.owner.label}**: {a.text} (`{a.law}`; {ground}; due: {when})"


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
