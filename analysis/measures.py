"""One definition per measure: who counts as a professional, which bodies are counted, shares,
verdicts and their thresholds, tiers and evidence grades (docs/measures.md says why).

Questions in cypher/ only count facts (seats per constituency, bodies, evidence grades); every
report, the demo, figures and the network page turn those counts into measures here, so a measure
has one value wherever it is printed.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

# --- constituencies ---------------------------------------------------------------------------
# Whom a member speaks for, grouped as the research compares them (000, "Who decides").
CONSTITUENCY_GROUP = {
    "headteacher": "professional",
    "officer": "professional",
    "agency": "professional",
    "staff": "professional",
    "governor": "governor",
    "councillor": "other",
    "community": "other",
    "independent": "other",
}
PROFESSIONAL = tuple(c for c, g in CONSTITUENCY_GROUP.items() if g == "professional")
GOVERNOR = tuple(c for c, g in CONSTITUENCY_GROUP.items() if g == "governor")
OTHER_LAY = tuple(c for c, g in CONSTITUENCY_GROUP.items() if g == "other")
GROUP_NAMES = {"professional": "Professionals", "governor": "Governors", "other": "Other lay"}

# The per-constituency vote columns the questions return (representation, its rollup, power).
VOTE_COLUMN = {
    "headteacher": "heads_voting", "officer": "officers_voting", "agency": "agencies_voting",
    "staff": "staff_voting", "governor": "governors_voting", "councillor": "councillors_voting",
    "community": "community_voting", "independent": "independent_voting",
}


def constituency_group(constituency: str | None) -> str:
    """professional, governor or other (lay members who are not governors, and unknowns)."""
    return CONSTITUENCY_GROUP.get(constituency or "", "other")


def group_votes(row: Mapping) -> dict[str, int]:
    """Voting seats per group from a row holding the per-constituency vote columns."""
    out = {g: 0 for g in GROUP_NAMES}
    for c, col in VOTE_COLUMN.items():
        out[CONSTITUENCY_GROUP[c]] += int(row.get(col) or 0)
    return out


# --- bodies counted ----------------------------------------------------------------------------
# A partnership body is an active body of the authority that is not a school's own board. Schools'
# boards (GoverningBody, FederatedGoverningBody) hold legal authority over their schools; the
# measures compare the partnerships above them (000, "Layers of partnership").
SCHOOL_BOARDS = ("GoverningBody", "FederatedGoverningBody")
COUNTED_STATUS = "active"


def is_partnership_body(kind: str | None, status: str | None) -> bool:
    return status == COUNTED_STATUS and kind not in SCHOOL_BOARDS


# --- tiers ------------------------------------------------------------------------------------
TIERS = ("authority", "locality", "neighbourhood")
# The tier of a body: as recorded on the body, else on its area, else from the area's label.
# Cypher questions write exactly this expression (b = the body, a = its area); a test checks.
TIER_CYPHER = ("coalesce(b.tier, a.tier, CASE WHEN a:Cluster THEN 'neighbourhood' "
               "WHEN a:Locality THEN 'locality' ELSE 'authority' END)")


# --- shares and verdicts ------------------------------------------------------------------------
def share(part: int | None, whole: int | None) -> float | None:
    """part / whole to two places; None when there is nothing to divide (no voting seats)."""
    if part is None or not whole:
        return None
    return round(part / whole, 2)


# Verdict on governors' share of the voting seats. Exactly half is its own verdict, not a majority.
NO_VOTES = "no voting seats"
ABSENT, MINORITY, HALF, MAJORITY = "absent", "minority", "half", "majority"
VERDICTS = (NO_VOTES, ABSENT, MINORITY, HALF, MAJORITY)


def governor_verdict(governors_voting: int | None, voting: int | None) -> str:
    """absent (no governor votes), minority (< 1/2), half (= 1/2), majority (> 1/2)."""
    if not voting:
        return NO_VOTES
    gv = governors_voting or 0
    if gv == 0:
        return ABSENT
    if 2 * gv < voting:
        return MINORITY
    if 2 * gv == voting:
        return HALF
    return MAJORITY


VERDICT_SENTENCE = {
    NO_VOTES: "No voting members are recorded.",
    ABSENT: "Governors hold none of the votes.",
    MINORITY: "Governors are a minority of the voting members.",
    HALF: "Governors hold exactly half of the votes.",
    MAJORITY: "Governors are a majority of the voting members.",
}


def body_flag(members: int, governors_any: int, governors_voting: int, voting: int) -> str:
    """One body's (or unit's) flag; empty when governors hold half or more of the votes."""
    if members == 0:
        return "no members recorded"
    if governors_any == 0:
        return "governors absent"
    if governors_voting == 0:
        return "governors without a vote"
    v = governor_verdict(governors_voting, voting)
    return "governors a minority" if v == MINORITY else ""


# --- evidence ---------------------------------------------------------------------------------
# Grades from best to weakest. A fact without a grade is treated as illustrative: nothing we
# cannot vouch for is printed as documented.
EVIDENCE = ("documented", "inferred", "illustrative")
UNGRADED = "illustrative"
NOT_DOCUMENTED = "not documented"
MARK = {"documented": "", "inferred": "~", "illustrative": "*"}
FOOTNOTE = {"inferred": "~ inferred (a rule applied to documented facts; see the note)",
            "illustrative": "* illustrative (placeholder the source does not give)"}


def grade(value: str | None) -> str:
    return value if value in EVIDENCE else UNGRADED


def weakest(grades: Iterable[str | None]) -> str:
    """The weakest grade among those a number rests on (documented when it rests on none)."""
    worst = 0
    for g in grades:
        worst = max(worst, EVIDENCE.index(grade(g)))
    return EVIDENCE[worst]


def documented(grades: Iterable[str | None]) -> bool:
    return weakest(grades) == "documented"


# --- ranges -------------------------------------------------------------------------------------
# Where a source gives a range of seats ("15 to 25 professionals"), a membership carries
# places_min / places_max instead of places; counts become ranges and are printed as "lo-hi".
def span(lo: int, hi: int):
    """An exact count, or the text 'lo-hi' for a range."""
    return lo if lo == hi else f"{lo}-{hi}"


def share_span(part_lo: int, part_hi: int, rest_lo: int, rest_hi: int):
    """The share of `part` among part + rest, over every count the ranges allow."""
    low, high = share(part_lo, part_lo + rest_hi), share(part_hi, part_hi + rest_lo)
    if low == high:
        return low
    return f"{low:.2f}-{high:.2f}" if low is not None and high is not None else None


def verdict_span(gv_lo: int, gv_hi: int, rest_lo: int, rest_hi: int) -> str:
    """The verdict at both ends of the ranges: one verdict, or 'minority to half' and so on."""
    low = governor_verdict(gv_lo, gv_lo + rest_hi)
    high = governor_verdict(gv_hi, gv_hi + rest_lo)
    return low if low == high else f"{low} to {high}"
