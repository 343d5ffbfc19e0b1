"""The page and its tables: one stylesheet, numbers right-aligned, suppressed cells marked.

A value that is not shown is a :class:`Hidden` (or ``None``, a count below the threshold)
and reads as one of three marks, each explained by :func:`legend`:

- ``< 10``: a count of 1 to 9 (primary suppression);
- ``–``: a figure (a share, a mean, a rate) of such a count or of a row of fewer than 10
  households: the figure itself is not below 10, so it does not read ``< 10``;
- ``×``: *afgeschermd*, hidden so that a small count cannot be computed back from a
  total (complementary suppression); the value itself may be 10 or more.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from html import escape

__all__ = [
    "CSS",
    "Euro",
    "Hidden",
    "cell",
    "dutch_euro",
    "dutch_number",
    "hidden_text",
    "legend",
    "marks_of",
    "page",
    "table",
]

PRIMARY = "primair"
COMPLEMENTARY = "aanvullend"


@dataclass(frozen=True)
class Hidden:
    """A suppressed value and why: ``kind`` is ``primair`` (below the threshold) or
    ``aanvullend`` (complementary: hidden so that a small count cannot be computed back);
    ``figure`` is true for a share, mean or rate (not a count)."""

    kind: str
    figure: bool = False

    def __post_init__(self) -> None:
        if self.kind not in (PRIMARY, COMPLEMENTARY):
            raise ValueError(f"unknown suppression kind {self.kind!r}")

    @property
    def symbol(self) -> str:
        """``<`` (a small count), ``–`` (a figure of one) or ``×`` (complementary)."""
        if self.kind == COMPLEMENTARY:
            return "×"
        return "–" if self.figure else "<"


def hidden_text(value: Hidden | None, min_cell: int | None) -> str:
    """The text (HTML-escaped) a hidden value reads as."""
    if value is None:
        return f"&lt; {min_cell}" if min_cell is not None else "&ndash;"
    if value.symbol == "<":
        return f"&lt; {min_cell}" if min_cell is not None else "&ndash;"
    return "&ndash;" if value.symbol == "–" else "&times;"


_TITLES = {
    "<": "onderdrukt: minder dan {n}",
    "–": "niet getoond: berekend uit minder dan {n}",
    "×": "afgeschermd: verborgen zodat een klein aantal niet terug te rekenen is",
}


def marks_of(values: Iterable[object]) -> set[str]:
    """The marks (``<``, ``–``, ``×``) that ``values`` will show."""
    out: set[str] = set()
    for v in values:
        if v is None:
            out.add("<")
        elif isinstance(v, Hidden):
            out.add(v.symbol)
    return out


def legend(marks: Iterable[str], min_cell: int | None) -> str:
    """A paragraph that explains each of ``marks`` (empty when there are none)."""
    n = min_cell if min_cell is not None else 10
    texts = {
        "<": f"<strong>&lt; {n}</strong>: minder dan {n} (en meer dan 0), niet getoond "
        "zodat niemand te herkennen is",
        "–": f"<strong>&ndash;</strong>: niet getoond, want berekend uit minder dan {n} "
        "huishoudens of uit een aantal onder " + str(n),
        "×": "<strong>&times;</strong>: afgeschermd: verborgen zodat een klein aantal niet "
        f"terug te rekenen is (het aantal zelf kan {n} of meer zijn)",
    }
    used = [texts[m] for m in ("<", "–", "×") if m in set(marks)]
    if not used:
        return ""
    return '<p class="legenda">' + "; ".join(used) + ".</p>"


CSS = """
body{font-family:system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;
color:#111;line-height:1.5}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.2rem}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #888;padding:.3rem .6rem;
text-align:left}td.n{text-align:right}td.suppressed{color:#555;font-style:italic}
caption{text-align:left;font-weight:600;padding:.2rem 0}
.kern{display:flex;gap:1rem;flex-wrap:wrap;padding:0;list-style:none}
.kern li{border:1px solid #555;padding:.6rem 1rem}.kern strong{display:block;font-size:1.4rem}
figure{margin:1rem 0}figcaption{font-size:.9rem}
p.legenda{font-size:.85rem;color:#333;margin-top:-.6rem}
.lezen{background:#f2f2f2;border-left:4px solid #1f5fa8;padding:.4rem .8rem}
"""


def _one_decimal(value: float) -> str:
    return f"{value:,.1f}".translate(str.maketrans(",.", ".,"))


def dutch_number(value: float) -> str:
    """``12345`` as ``12.345``, ``2.5`` as ``2,5`` (one decimal), as Dutch readers write them."""
    if isinstance(value, int) or value == int(value):
        return f"{int(value):,}".replace(",", ".")
    return _one_decimal(value)


def dutch_euro(amount: float) -> str:
    """An amount in whole euro, as Dutch readers write it.

    >>> dutch_euro(1234.5), dutch_euro(-12), dutch_euro(0.4)
    ('€ 1.235', '€ -12', '€ 0')
    """
    whole = int(Decimal(str(amount)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return "€ " + f"{whole:,}".replace(",", ".")


@dataclass(frozen=True)
class Euro:
    """An amount of money in a table cell: right-aligned, as :func:`dutch_euro`."""

    amount: float


def cell(value: int | float | str | Euro | Hidden | None, *, min_cell: int | None = None) -> str:
    """One table cell: numbers right-aligned; ``None`` (a suppressed count) as
    ``< min_cell``; a :class:`Hidden` value by its kind (``< min_cell``, ``–``, ``×``);
    a :class:`Euro` amount as ``€ 1.234``."""
    if isinstance(value, Euro):
        return f'<td class="n">{escape(dutch_euro(value.amount))}</td>'
    if value is None or isinstance(value, Hidden):
        symbol = "<" if value is None else value.symbol
        kind = "aanvullend" if symbol == "×" else "primair"
        title = _TITLES[symbol].format(n=min_cell if min_cell is not None else 10)
        return (
            f'<td class="n suppressed {kind}" title="{escape(title)}">'
            f"{hidden_text(value, min_cell)}</td>"
        )
    if isinstance(value, float):
        return f'<td class="n">{_one_decimal(value)}</td>'
    if isinstance(value, int):
        return f'<td class="n">{dutch_number(value)}</td>'
    return f"<td>{escape(value)}</td>"


def table(
    caption: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[int | float | str | Euro | Hidden | None]],
    *,
    min_cell: int | None = None,
    css_class: str = "",
) -> str:
    """A table with a caption and column headers; cells as :func:`cell` renders them;
    below it the :func:`legend` of the marks it shows."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "".join(
        "<tr>" + "".join(cell(v, min_cell=min_cell) for v in row) + "</tr>" for row in rows
    )
    cls = f' class="{escape(css_class)}"' if css_class else ""
    return (
        f"<table{cls}><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
        + legend(marks_of(v for row in rows for v in row), min_cell)
    )


def page(title: str, body: str) -> str:
    """A whole HTML document (Dutch, UTF-8, the shared stylesheet)."""
    return f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title><style>{CSS}</style></head>
<body><main>
{body}
</main></body></html>
"""
