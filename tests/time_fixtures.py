"""A later group links extract, GENERATED from the 2022 national file (no later one is offline).

`later_group_links()` writes `alllinksdata20250422.csv` in the raw GIAS layout (Windows-1252,
text quoted, dd/mm/yyyy dates, Companies House numbers as text, no index column): every 2022
membership, except that in Hertfordshire (919) four schools have left their multi-academy trust
and three schools in a federation or single-academy trust have joined a multi-academy trust
there (joined dates in 2023-2024). The changes are made up; everything else is the 2022 data.
"""
from __future__ import annotations

import csv
from pathlib import Path

import gias_fixtures as F

LATER = "20250422"
LA = "919"
JOINED = ("01/09/2023", "01/01/2024", "01/09/2024")


def _raw_date(iso: str) -> str:
    if not iso or iso.startswith("1900-01-01"):
        return ""
    y, m, d = iso[:10].split("-")
    return f"{d}/{m}/{y}"


def _raw_row(r: dict) -> dict:
    out = {c: r.get(c, "") for c in F.GROUP_LINK_COLUMNS}
    for c in ("Closed Date", "Open date", "Incorporated on (open date)", "Joined date"):
        out[c] = _raw_date(out[c])
    chn = out["Companies House Number"]
    out["Companies House Number"] = chn[:-2].zfill(8) if chn.endswith(".0") else chn
    for c in ("URN", "Group UID"):
        out[c] = int(float(out[c]))
    return out


def later_group_links(national: Path, folder: Path) -> tuple[Path, dict]:
    """The generated later extract, and what it changes: {"left": [(urn, uid)], "joined":
    [(urn, uid, iso date)]} (keys as the store holds them: URN text, group/<UID>)."""
    with open(national / "group_links.csv", encoding="utf-8", newline="") as fh:
        rows = [_raw_row(r) for r in csv.DictReader(fh)]
    herts = [r for r in rows if r["LA (code)"] == LA]
    mats = [r for r in herts if r["Group Type"] == "Multi-academy trust"]
    left = mats[:4]
    target = mats[-1]
    in_mat = {r["URN"] for r in mats}
    movers = [r for r in herts if r["Group Type"] in ("Federation", "Single-academy trust")
              and r["URN"] not in in_mat][:3]
    joined = []
    for r, date in zip(movers, JOINED):
        new = dict(target, **{k: r[k] for k in ("URN", "EstablishmentName",
                                                 "TypeOfEstablishment (code)",
                                                 "TypeOfEstablishment (name)",
                                                 "PhaseOfEducation (code)",
                                                 "PhaseOfEducation (name)")})
        new["Joined date"] = date
        joined.append(new)
    gone = {(r["URN"], r["Group UID"]) for r in left}
    kept = [r for r in rows if (r["URN"], r["Group UID"]) not in gone] + joined
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / F.FILE_NAMES["group_links"].format(d=LATER)
    text = F.render(F.GROUP_LINK_COLUMNS, kept)
    try:
        path.write_bytes(text.encode("cp1252"))
    except UnicodeEncodeError:  # a name outside Windows-1252: GIAS would write it as UTF-8
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    iso = lambda d: "-".join(reversed(d.split("/")))
    return path, {"left": [(str(r["URN"]), f"group/{r['Group UID']}") for r in left],
                  "joined": [(str(r["URN"]), f"group/{r['Group UID']}", iso(r["Joined date"]))
                             for r in joined]}
