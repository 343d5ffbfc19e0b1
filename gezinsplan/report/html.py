"""The page and its tables: one stylesheet, numbers right-aligned, suppressed cells marked."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

__all__ = ["CSS", "cell", "dutch_number", "page", "table"]

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
.lezen{background:#f2f2f2;border-left:4px solid #1f5fa8;padding:.4rem .8rem}
"""


def _one_decimal(value: float) -> str:
    return f"{value:,.1f}".translate(str.maketrans(",.", ".,"))


def dutch_number(value: float) -> str:
    """``12345`` as ``12.345``, ``2.5`` as ``2,5`` (one decimal), as Dutch readers write them."""
    if isinstance(value, int) or value == int(value):
        return f"{int(value):,}".replace(",", ".")
    return _one_decimal(value)


def cell(value: int | float | str | None, *, min_cell: int | None = None) -> str:
    """One table cell: numbers right-aligned; ``None`` (a suppressed count) as
    ``< min_cell``."""
    if value is None:
        shown = f"&lt; {min_cell}" if min_cell is not None else "&ndash;"
        return f'<td class="n suppressed" title="onderdrukt: te klein">{shown}</td>'
    if isinstance(value, float):
        return f'<td class="n">{_one_decimal(value)}</td>'
    if isinstance(value, int):
        return f'<td class="n">{dutch_number(value)}</td>'
    return f"<td>{escape(value)}</td>"


def table(
    caption: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[int | float | str | None]],
    *,
    min_cell: int | None = None,
    css_class: str = "",
) -> str:
    """A table with a caption and column headers; cells as :func:`cell` renders them."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "".join(
        "<tr>" + "".join(cell(v, min_cell=min_cell) for v in row) + "</tr>" for row in rows
    )
    cls = f' class="{escape(css_class)}"' if css_class else ""
    return (
        f"<table{cls}><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
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
