"""The plan's schedule as an iCalendar file (RFC 5545), for the caseworker's calendar.

One all-day ``VEVENT`` per dated action (``DTSTART;VALUE=DATE`` = the due date,
``DTEND`` the day after), ``SUMMARY`` the action's text, ``DESCRIPTION`` who acts and on
which legal ground (citation and link), the rule and the member ids. No names, BSN or
birth dates: members appear by their ids. ``UID`` is stable per household, rule, action
and members, so a re-exported plan updates the same entries. Written by hand (no
calendar library): text values escaped (RFC 5545 §3.3.11), lines folded at 75 octets
(§3.1), CRLF line ends.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from gezinsplan.plan.model import Action, Plan

__all__ = ["escape_text", "fold", "render_ics", "schedule"]

PRODID = "-//gezinsplan//plan//NL"


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and newline escaped (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """A content line folded to at most 75 octets per physical line (RFC 5545 §3.1): a
    CRLF and one space before each continuation, never inside a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append(current)
            current, size, limit = ch, n, 74  # the leading space counts
        else:
            current += ch
            size += n
    out.append(current)
    return "\r\n ".join(out)


def schedule(plan: Plan) -> list[Action]:
    """Every dated action of the plan (goals and transitions), in date order."""
    actions = [a for g in plan.goals for a in g.actions] + list(plan.transitions)
    dated = [a for a in actions if a.deadline is not None]
    return sorted(dated, key=lambda a: (a.deadline or date.max, a.rule_id or "", a.text))


def _uid(plan: Plan, action: Action) -> str:
    key = "|".join(
        [plan.household_id, action.rule_id or "", action.action_id or "", ",".join(action.members)]
    )
    if not action.rule_id:
        key += "|" + action.text
    return hashlib.sha256(key.encode()).hexdigest()[:32] + "@gezinsplan"


def _description(action: Action) -> str:
    parts = []
    if action.owner is not None:
        parts.append(f"Wie: {action.owner.label}")
    else:
        parts.append(f"Wie: {action.actor}")
    if action.basis:
        parts.append("Grond: " + "; ".join(f"{c.citation} ({c.url})" for c in action.basis))
    else:
        parts.append(f"Wet: {action.wet.value}")
    if action.rule_id:
        parts.append(f"Regel: {action.rule_id}")
    if action.members:
        parts.append("Leden: " + ", ".join(action.members))
    if action.overdue_since is not None:
        parts.append(f"Te laat sinds {action.overdue_since.isoformat()}: {action.missed_term}")
    return "\n".join(parts)


def render_ics(plan: Plan) -> str:
    """The plan's dated actions as an iCalendar (RFC 5545) text with CRLF line ends."""
    stamp = plan.peildatum.strftime("%Y%m%dT000000Z")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text('Plan ' + plan.household_id)}",
    ]
    for a in schedule(plan):
        assert a.deadline is not None
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_uid(plan, a)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{a.deadline.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(a.deadline + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{escape_text(a.text)}",
            f"DESCRIPTION:{escape_text(_description(a))}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
