"""Generate a national-scale GIAS governance extract (GENERATED data, in the published layout).

    python benchmarks/gen_governance.py -o governancealldata20220831.csv [--truth truth.csv]
        [--seed 13] [--scale 1.0] [--data ../shared/data/gias-2022]

No public governance extract is available offline (/work/shared/data/README.md), so this writes
one: every row is invented, but keyed to the real 2022 register (the trusts, federations and
schools of groups.csv and group_links.csv), so that it joins the loaded register. The layout is
GIAS's own: columns `GID,URN,UID,Companies House Number,Role,Title,Forename 1,Forename 2,Surname,
Date of appointment,Date term of office ends/ended,Appointing body`, Windows-1252, every text
quoted, dd/mm/yyyy, CRLF, extract date 31/08/2022 (the register's).

What it plants (all deterministic for a seed; ``--scale`` < 1 keeps that share of the boards):
- boards: multi-academy trust boards (trustees, chair, members, accounting officer, CFO,
  governance professional), their academies' local governing bodies, single-academy trusts
  (rows carry URN and UID, as GIAS lists them), federations' governing bodies and the governing
  bodies of maintained schools in the register (foundation, community, voluntary schools), with
  the appointing bodies their constitutions use (parents, staff, head ex officio, LA, co-opted,
  foundation, members, trustees);
- people on several boards: trustees who are also local governors or members of their trust,
  chief executives who sit as trustees, executive heads over several academies, LA governors
  and serial trustees on boards near home;
- history: terms that ended in the last year, most followed by a re-appointment of the same
  person under a NEW GID (consecutive terms), some not renewed;
- names as people are listed: Zipf-distributed common names (many namesakes nationally),
  accented (cp1252) and hyphenated names, and per-listing variation of one person (middle name
  left out, accents or hyphen dropped, Mrs/Ms, case, a rare one-letter slip);
- national size: the 2022 register files list only schools in a group, so ``--unlisted N``
  (default 8,000) adds the governing bodies of N maintained schools outside any group under
  INVENTED URNs from 990001 (they load as placeholder schools with no authority); with the
  default the file has about 300,000 rows; ``--unlisted 0`` keeps only real URNs and UIDs;
- board-check cases: trusts with fewer than three members, chairs who are also members, member
  bodies made mostly of trustees, a second employee on a trust board, maintained governing bodies
  missing a required place.

``--truth`` writes `GID,person` (the planted person of each appointment) for evaluating the
people resolution (loaders/resolve.py). Figures such as board sizes are illustrative choices
near published norms, not measured from the register.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from collections import defaultdict
from pathlib import Path

try:
    from .gen_names import People
except ImportError:  # run as a script: python benchmarks/gen_governance.py
    from gen_names import People

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "gias-2022"
EXTRACT = dt.date(2022, 8, 31)
COLUMNS = ["GID", "URN", "UID", "Companies House Number", "Role", "Title", "Forename 1",
           "Forename 2", "Surname", "Date of appointment", "Date term of office ends/ended",
           "Appointing body"]

# --- the register ------------------------------------------------------------------------------
def read_register(folder: Path) -> tuple[dict, dict]:
    """groups: UID -> {name, type, chn}; schools: URN -> {la, type, groups: [(uid, type)]}."""
    groups = {}
    with open(folder / "groups.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["Group Status"] != "Open":
                continue
            chn = r["Companies House Number"].strip()
            chn = chn[:-2] if chn.endswith(".0") else chn
            groups[r["Group UID"]] = {"type": r["Group Type"], "chn": chn, "schools": []}
    schools = {}
    with open(folder / "group_links.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            uid, urn = r["Group UID"], r["URN"]
            if uid not in groups or r["Group Status"] != "Open":
                continue
            s = schools.setdefault(urn, {"la": r["LA (code)"], "type":
                                         r["TypeOfEstablishment (name)"], "groups": []})
            s["groups"].append((uid, r["Group Type"]))
            groups[uid]["schools"].append(urn)
    for uid, g in groups.items():
        las = [schools[u]["la"] for u in g["schools"]]
        g["la"] = max(sorted(set(las)), key=las.count) if las else None
        g["schools"].sort(key=int)
    return groups, schools


MAINTAINED = {"Foundation school", "Community school", "Voluntary controlled school",
              "Voluntary aided school", "Foundation special school", "Community special school",
              "Local authority nursery school"}
FOUNDATION_TYPES = {"Foundation school", "Voluntary controlled school", "Voluntary aided school",
                    "Foundation special school"}


class Writer:
    """Collects appointment rows; terms, history and re-appointments are made here."""

    def __init__(self, rng: random.Random, people: People):
        self.rng, self.people = rng, people
        self.rows: list[dict] = []
        self.in_trust: dict[str, list[int]] = defaultdict(list)   # uid -> people there
        self.in_la: dict[str, list[int]] = defaultdict(list)      # la -> lay governors there

    def _term(self, years: int = 4) -> tuple[dt.date, dt.date]:
        start = EXTRACT - dt.timedelta(days=self.rng.randrange(1, years * 365))
        return start, start + dt.timedelta(days=years * 365 - 1)

    def seat(self, pid: int, role: str, body: str, *, urn="", uid="", chn="",
             no_term=False, history=True) -> None:
        """One current appointment, sometimes preceded by an ended term (re-appointed: a new
        GID) or accompanied by an ended one of someone else (not renewed)."""
        rng = self.rng
        start, end = self._term()
        if no_term:
            end = None
        self._row(pid, role, body, urn, uid, chn, start, end)
        if history and start > EXTRACT - dt.timedelta(days=365):
            # the seat's previous term ended in the last year (the public file still lists it)
            prev = pid if rng.random() < 0.6 else self.predecessor(pid)
            self._row(prev, role, body, urn, uid, chn, start - dt.timedelta(days=4 * 365),
                      start - dt.timedelta(days=1))

    def predecessor(self, pid: int) -> int:
        la = self.people.people[pid - 1]["la"]
        return self.people.new(la)

    def ended(self, pid: int, role: str, body: str, *, urn="", uid="", chn="") -> None:
        end = EXTRACT - dt.timedelta(days=self.rng.randrange(1, 330))
        self._row(pid, role, body, urn, uid, chn, end - dt.timedelta(days=4 * 365 - 1), end)

    def _row(self, pid, role, body, urn, uid, chn, start, end) -> None:
        title, first, middle, surname = self.people.listed(pid)
        self.rows.append({"person": pid, "URN": urn, "UID": uid, "Companies House Number": chn,
                          "Role": role, "Title": title, "Forename 1": first,
                          "Forename 2": middle, "Surname": surname, "start": start,
                          "end": end, "Appointing body": body})


def _near(w: Writer, la: str, rng: random.Random, p_reuse: float) -> int:
    """Someone already governing in this authority (serial governors), or a new person."""
    pool = w.in_la.get(la)
    if pool and rng.random() < p_reuse:
        return rng.choice(pool)
    pid = w.people.new(la)
    w.in_la[la].append(pid)
    return pid


def trust_board(w: Writer, uid: str, g: dict, schools: dict, rng: random.Random,
                sat_urn: str = "") -> dict:
    """Members, trustees and officers of an academy trust; returns who holds what."""
    la, chn = g["la"], g["chn"]
    where = {"uid": uid, "chn": chn, "urn": sat_urn}
    ceo = w.people.new(la, "employee")
    w.seat(ceo, "Accounting Officer", "N/A", no_term=True, history=False, **where)
    cfo = w.people.new(la, "employee")
    w.seat(cfo, "Chief Financial Officer", "N/A", no_term=True, history=False, **where)
    gp = w.people.new(la, "employee")
    gp_role = ("Governance professional to a single-academy trust (SAT)" if sat_urn else
               "Governance professional - multi-academy trust (MAT)")
    w.seat(gp, gp_role, "N/A", no_term=True, history=False, **where)
    trustees = list(dict.fromkeys(_near(w, la, rng, 0.04) for _ in range(rng.randint(5, 11))))
    if rng.random() < 0.5:
        trustees.append(ceo)          # the chief executive sits as a trustee
        if rng.random() < 0.08:
            trustees.append(cfo)      # a second employee on the board (a board check)
    chair = trustees[0]
    parents = set(trustees[1:3]) if sat_urn or rng.random() < 0.3 else set()
    for pid in trustees:
        role = "Chair of Trustees" if pid == chair else "Trustee"
        body = ("N/A" if pid in (ceo, cfo) else "Elected by parents" if pid in parents else
                rng.choices(["Appointed by academy members", "Appointed by foundation/Trust",
                             "Appointed by GB/board"], [80, 10, 10])[0])
        w.seat(pid, role, body, **where)
        if rng.random() < 0.06:       # a trustee who left during the year, not renewed
            w.ended(_near(w, la, rng, 0.02), "Trustee", "Appointed by academy members", **where)
    n_members = rng.choices([2, 3, 4, 5, 6], [6, 30, 30, 28, 6])[0]
    members = []
    r = rng.random()
    if r < 0.10:
        members = trustees[: n_members]                  # members mostly trustees
    elif r < 0.22:
        members = [chair]                                # the chair is also a member
    elif r < 0.55:
        members = [rng.choice(trustees[1:] or trustees)]
    members = list(dict.fromkeys(members))[:n_members]
    while len(members) < n_members:
        members.append(_near(w, la, rng, 0.02))
    for pid in members:
        body = rng.choices(["Original (signatory) members", "Foundation/sponsor members",
                            "Any additional members appointed by the members of the academy "
                            "trust"], [45, 25, 30])[0]
        w.seat(pid, "Member", body, **where)
    for pid in dict.fromkeys(trustees + members + [ceo, cfo]):
        w.in_trust[uid].append(pid)
    return {"ceo": ceo, "trustees": trustees, "members": members}


def local_body(w: Writer, urn: str, school: dict, rng: random.Random, *, academy: bool,
               trust: dict | None = None, uid: str = "", head: int | None = None) -> None:
    """A maintained school's governing body or an academy's local governing body."""
    la = school["la"]
    head = head or w.people.new(la, "employee")
    chair_role = "Chair of Local Governing Body" if academy else "Chair of Governors"
    gov = "Local Governor" if academy else "Governor"
    w.seat(head, gov, "Ex-officio by virtue of office as headteacher/principal", urn=urn,
           history=False)
    seats = [("Elected by parents", 2), ("Elected by school staff", 1)]
    if academy:
        seats.append(("Appointed by trustees", rng.randint(4, 8)))
    else:
        seats.append(("Appointed by LA", 1))
        seats.append(("Appointed by GB/board", rng.randint(3, 6)))
        if school["type"] in FOUNDATION_TYPES:
            seats.append(("Appointed by foundation/Trust", rng.randint(2, 5)))
            if rng.random() < 0.3:
                seats.append(("Ex-officio foundation governor (appointed by foundation by virtue "
                              "of the office they hold)", 1))
    chair_done = False
    on_board = {head}
    for body, n in seats:
        if rng.random() < 0.07:       # a vacant place (a board check on constitution)
            n -= 1
        for i in range(n):
            if body == "Elected by parents" and rng.random() < 0.15:
                body_i = "Parent appointed by GB/board due to no election candidates"
            else:
                body_i = body
            if body == "Elected by school staff":
                pid = w.people.new(la, "employee")
            elif academy and trust and body == "Appointed by trustees" and rng.random() < 0.12:
                pid = rng.choice(trust["trustees"])           # a trustee on the local board
            elif body == "Appointed by LA":
                pid = _near(w, la, rng, 0.25)                 # LA governors serve several
            else:
                pid = _near(w, la, rng, 0.05)
            if pid in on_board:          # one person, one seat on a board at a time
                pid = w.people.new(la)
            on_board.add(pid)
            role = gov
            if not chair_done and body in ("Appointed by trustees", "Appointed by GB/board",
                                           "Elected by parents"):
                role, chair_done = chair_role, True
            w.seat(pid, role, body_i, urn=urn)
            if rng.random() < 0.05:
                w.ended(_near(w, la, rng, 0.02), gov, body_i, urn=urn)
    clerk = ("Governance Professional to a Local Governing Body" if academy else
             "Governance Professional to an Individual Maintained School")
    w.seat(_near(w, la, rng, 0.3), clerk, "N/A", urn=urn, no_term=True, history=False)


UNLISTED_URN = 990001   # invented URNs: maintained schools the 2022 register files omit


def generate(seed: int = 13, scale: float = 1.0, data: Path = DATA,
             unlisted: int = 0) -> list[dict]:
    rng = random.Random(seed)
    groups, schools = read_register(data)
    people = People(rng)
    w = Writer(rng, people)
    done: set[str] = set()  # schools whose board is written
    uids = sorted(groups, key=int)
    if scale < 1:
        uids = rng.sample(uids, max(1, int(len(uids) * scale)))
        uids.sort(key=int)
    for uid in uids:
        g = groups[uid]
        if g["type"] == "Multi-academy trust" and g["schools"]:
            trust = trust_board(w, uid, g, schools, rng)
            exec_head = None
            for urn in g["schools"]:
                if urn in done:
                    continue
                done.add(urn)
                if exec_head is None or rng.random() > 0.35:
                    exec_head = people.new(schools[urn]["la"], "employee")
                local_body(w, urn, schools[urn], rng, academy=True, trust=trust, uid=uid,
                           head=exec_head)
        elif g["type"] == "Single-academy trust" and g["schools"]:
            urn = g["schools"][0]
            if urn in done:
                continue
            done.add(urn)
            trust_board(w, uid, g, schools, rng, sat_urn=urn)
        elif g["type"] == "Federation" and g["schools"]:
            # one governing body for the federation; rows carry the federation's UID
            lead = g["schools"][0]
            fed = {"la": g["la"], "type": schools[lead]["type"]}
            body_rows = len(w.rows)
            local_body(w, "", fed, rng, academy=False)
            for row in w.rows[body_rows:]:
                row["UID"] = uid
            for urn in g["schools"]:
                done.add(urn)
    for urn in sorted(schools, key=int):
        s = schools[urn]
        if urn in done or s["type"] not in MAINTAINED:
            continue
        if scale < 1 and rng.random() > scale:
            continue
        done.add(urn)
        local_body(w, urn, s, rng, academy=False)
    las = sorted({s["la"] for s in schools.values()})
    for i in range(unlisted):
        school = {"la": rng.choice(las), "type": rng.choices(
            ["Community school", "Voluntary controlled school", "Voluntary aided school",
             "Foundation school"], [60, 15, 18, 7])[0]}
        local_body(w, str(UNLISTED_URN + i), school, rng, academy=False)
    return _number(w.rows, rng)


def _number(rows: list[dict], rng: random.Random) -> list[dict]:
    """GIDs increase with the date of appointment (GIAS numbers new records in order)."""
    rows.sort(key=lambda r: (r["start"], rng.random()))
    for i, r in enumerate(rows):
        r["GID"] = str(100001 + i * 3 + rng.randrange(3))
    return rows


def _fmt(d: dt.date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def write(rows: list[dict], path: Path, truth: Path | None = None) -> None:
    with open(path, "w", encoding="cp1252", newline="") as f:
        out = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
        out.writerow(COLUMNS)
        for r in rows:
            out.writerow([int(r["GID"]), int(r["URN"]) if r["URN"] else "",
                          int(r["UID"]) if r["UID"] else "", r["Companies House Number"],
                          r["Role"], r["Title"], r["Forename 1"], r["Forename 2"], r["Surname"],
                          _fmt(r["start"]), _fmt(r["end"]), r["Appointing body"]])
    if truth:
        with open(truth, "w", encoding="utf-8", newline="") as f:
            out = csv.writer(f)
            out.writerow(["GID", "person"])
            for r in rows:
                out.writerow([r["GID"], r["person"]])


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-o", "--out", required=True, type=Path)
    ap.add_argument("--truth", type=Path, help="also write GID,person (the planted truth)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--scale", type=float, default=1.0,
                    help="fraction (<1) or multiple (>1) of the register's boards")
    ap.add_argument("--data", type=Path, default=DATA, help="folder with groups.csv, group_links.csv")
    ap.add_argument("--unlisted", type=int, default=8000,
                    help="maintained schools outside any group (absent from the 2022 register "
                         "files) to add under invented URNs from 990001, for national size")
    a = ap.parse_args(argv)
    if not 0 < a.scale <= 1:
        ap.error("--scale must be in (0, 1]")
    rows = generate(a.seed, a.scale, a.data, a.unlisted)
    write(rows, a.out, a.truth)
    persons = len({r["person"] for r in rows})
    print(f"wrote {len(rows):,} appointment rows of {persons:,} people to {a.out}"
          + (f" (truth: {a.truth})" if a.truth else ""))


if __name__ == "__main__":
    main()
