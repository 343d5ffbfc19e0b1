"""The caseload monitor, notebook style: run it cell by cell (``# %%`` cells open in
Jupyter, VS Code or PyCharm) or as a script::

    .venv/bin/python examples/monitor_notebook.py [HOUSEHOLDS] [OUT_FOLDER]

It generates a synthetic caseload (default 20,000 households; the worked example in
docs/monitor.md uses 100,000), runs the monitor and answers a few questions an analyst
asks, each with pandas on the monitor's tables. Every table is long: one row per region
(``level`` totaal / gemeente / wijk / kern) and category; suppressed counts are missing
(``<NA>``) and their row has ``suppressed == True``; beside each count or figure ``x``,
``x_suppression`` says why it is missing: ``primair`` (fewer than 10) or ``aanvullend``
(hidden so that a small count cannot be computed back; the value itself may be large).
"""

# %% Setup: a generated caseload as a columnar folder (the fastest source)
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pandas as pd

from gezinsplan.caseload.convert import generate_caseload
from gezinsplan.monitor import render_report, run_monitor

HOUSEHOLDS = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
OUT = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("out/monitor-notebook")
PEILDATUM = date(2026, 11, 23)
pd.set_option("display.width", 160)
pd.set_option("display.max_columns", 20)

caseload = OUT / "caseload"
OUT.mkdir(parents=True, exist_ok=True)
if not caseload.exists():
    generate_caseload(HOUSEHOLDS, 7, caseload, peildatum=PEILDATUM)

# %% Run the monitor (all cores; a stopped run resumes where it was). The population table
# (inhabitants per gemeente and wijk, CBS Kerncijfers wijken en buurten 2024) gives the
# figures per 1,000 inhabitants; "synthetic" is the one shipped for the generator's areas.
m = run_monitor(caseload, PEILDATUM, out=OUT / "tables", population="synthetic")
print(m)
print({k: m.summary[k] for k in ("households", "share_meervoudig", "share_complex")})

# %% Which wijken have the largest share of households with a multiple question?
regions = m.tables["regions"]
wijken = regions[regions["level"] == "wijk"]
print(
    wijken.assign(meervoudig_of_complex=wijken["share_meervoudig"] + wijken["share_complex"])
    .sort_values("meervoudig_of_complex", ascending=False)
    .head(10)[["gemeente", "wijk", "households", "meervoudig_of_complex", "many_professionals"]]
)

# %% How many professionals per household? The distribution, not only the mean
prof = m.tables["professionals"]
print(
    prof[(prof["level"] == "gemeente") & (prof["measure"] == "professionals")].pivot(
        index="gemeente", columns="bucket", values="households"
    )
)

# %% Stapeling in the shape of the CBS tables: households per combination of laws
st = m.tables["stapeling"]
print(
    st[st["level"] == "gemeente"].pivot(index="gemeente", columns="combinatie", values="households")
)

# %% Who turns 18 in the coming twelve months, with which provision?
tr = m.tables["transitions"]
calendar = tr[(tr["level"] == "totaal") & (tr["product"] == "Totaal") & (tr["wet"] != "Totaal")]
print(calendar.pivot(index="maand", columns="wet", values="youths"))

# %% Where do schotten pile up? Households with a schot signal per 100, per gemeente
sg = m.tables["signals"]
schot = sg[(sg["level"] == "gemeente") & (sg["category"] == "schot") & (sg["rule_id"] == "Totaal")]
size = regions[regions["level"] == "gemeente"].set_index("gemeente")["households"]
print((100 * schot.set_index("gemeente")["households"] / size).round(1).sort_values())

# %% Plans: who gets the regie, and which leefgebieden have the active goals?
pl = m.tables["plans"]
print(pl[(pl["level"] == "totaal") & (pl["outcome"] == "plan")][["regisseur", "households"]])
goals = m.tables["goals"]
active = goals[(goals["level"] == "totaal") & (goals["status"] == "actief")]
print(active.sort_values("households", ascending=False)[["leefgebied", "households"]].head(8))

# %% Per 1,000 inhabitants: counts say little without the size of the area. Households with
# a provision (Jeugdwet, Wmo, Participatiewet) per 1,000 inhabitants, per wijk, beside the
# figure of the whole gemeente. A missing figure is suppressed (count_suppression) or has
# no population (per_1000_missing), never 0.
impact = m.tables["impact"]
hv = impact[impact["measure"] == "huishoudens_voorziening"]
gemeente_rate = hv[hv["level"] == "gemeente"].set_index("gemeente")["per_1000"]
per_wijk = hv[hv["level"] == "wijk"].assign(
    gemeente_per_1000=lambda f: f["gemeente"].map(gemeente_rate)
)
print(
    per_wijk.assign(verschil=per_wijk["per_1000"] - per_wijk["gemeente_per_1000"])
    .sort_values("per_1000", ascending=False)[
        ["gemeente", "wijk", "count", "population", "per_1000", "gemeente_per_1000", "verschil"]
    ]
    .head(10)
)
# Jeugdwet per 1,000 minors (0-17: the 0-15 band plus 3/10 of the 15-25 band)
jw = impact[(impact["measure"] == "jeugdwet") & (impact["level"] == "gemeente")]
print(jw[["gemeente", "count", "population", "per_1000", "count_suppression"]])

# %% The report for policy staff: one HTML file, readable offline
report = OUT / "monitor.html"
report.write_text(render_report(m), encoding="utf-8")
print(f"report: {report}")
