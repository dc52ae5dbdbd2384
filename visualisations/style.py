"""One visual vocabulary for every view: shapes and colours per label, constituency and edge kind.

Networks, maps, figures and their legends all read these tables, so a governor is the same blue
everywhere and a resource line of accountability looks the same in every page. Colours are
hex strings that the tests look for, pixel for pixel, in screenshots: keep them distinct.
"""
from __future__ import annotations

from dataclasses import dataclass

# Whom a member speaks for, grouped as the research compares them: defined once in
# analysis.measures and re-exported here for the views.
from analysis.measures import (GOVERNOR, GROUP_NAMES, OTHER_LAY, PROFESSIONAL,  # noqa: F401
                               constituency_group)

# Professionals in warm colours, governors in a clearly different blue, other lay in cool greens.
CONSTITUENCY_COLOUR = {
    "headteacher": "#d7301f",
    "officer": "#fc8d59",
    "agency": "#f0b400",
    "staff": "#a0522d",
    "governor": "#1f78ff",
    "councillor": "#2ca58d",
    "community": "#66c2a4",
    "independent": "#7a9a01",
}
PERSON_UNKNOWN = "#9e9e9e"
GROUP_COLOUR = {"professional": "#d7301f", "governor": "#1f78ff", "other": "#2ca58d"}


@dataclass(frozen=True)
class NodeStyle:
    shape: str      # a vis-network shape
    colour: str
    size: int
    legend: str


# Every concrete label of the schema has a style (a test checks this against the schema).
NODE_STYLE = {
    "LocalAuthority": NodeStyle("box", "#3b3b58", 30, "Local authority"),
    "ReferenceModel": NodeStyle("box", "#6b6b8a", 26, "Reference model"),
    "Locality": NodeStyle("hexagon", "#8da0cb", 24, "Locality"),
    "Cluster": NodeStyle("hexagon", "#b3c2e6", 20, "Cluster"),
    "School": NodeStyle("square", "#4daf4a", 10, "School"),
    "College": NodeStyle("square", "#2e7d32", 12, "College"),
    "Agency": NodeStyle("triangleDown", "#bc80bd", 12, "Agency"),
    "Funder": NodeStyle("star", "#b8860b", 22, "Funder"),
    "GoverningBody": NodeStyle("triangle", "#1b9e77", 12, "Governing body"),
    "FederatedGoverningBody": NodeStyle("triangle", "#0b6e4f", 18, "Federated governing body"),
    "JointCommittee": NodeStyle("diamond", "#7570b3", 22, "Joint committee"),
    "Partnership": NodeStyle("diamond", "#e7298a", 22, "Partnership"),
    "Committee": NodeStyle("diamond", "#a6761d", 16, "Committee"),
    "AdvisoryBody": NodeStyle("diamond", "#999999", 16, "Advisory body"),
    "Trust": NodeStyle("diamond", "#00838f", 22, "Trust"),
    "Person": NodeStyle("dot", PERSON_UNKNOWN, 9, "Person or seat"),
    "GovernanceForm": NodeStyle("ellipse", "#dddddd", 14, "Governance form"),
    "EvaluationFramework": NodeStyle("ellipse", "#e0e0e0", 14, "Evaluation framework"),
    "EvaluationDimension": NodeStyle("ellipse", "#eeeeee", 10, "Evaluation dimension"),
    "Assessment": NodeStyle("ellipse", "#d9d9d9", 12, "Assessment"),
}
DEFAULT_NODE = NodeStyle("dot", "#cccccc", 10, "Other")


def node_label(labels: list[str]) -> str:
    """The concrete (styled) label of a node among its labels (families come second)."""
    for l in labels:
        if l in NODE_STYLE:
            return l
    return labels[0] if labels else "Node"


@dataclass(frozen=True)
class EdgeStyle:
    colour: str
    width: float
    dashes: bool | list[int]
    arrow: bool
    legend: str


# Edge kinds: a relationship type, or TYPE:qualifier where a property changes the look.
EDGE_STYLE = {
    "MEMBER_OF:voting": EdgeStyle("#555555", 3.0, False, False, "Member, votes"),
    "MEMBER_OF:non_voting": EdgeStyle("#555555", 1.0, False, False, "Member, no vote"),
    "MEMBER_OF:attends": EdgeStyle("#888888", 1.0, [6, 4], False, "Attends without membership"),
    "MEMBER_OF:absent": EdgeStyle("#bbbbbb", 1.0, [2, 6], False, "Member who does not attend"),
    "DELEGATES_TO": EdgeStyle("#6a3d9a", 3.0, False, True, "Delegates powers to"),
    "ACCOUNTABLE_TO:legal": EdgeStyle("#08306b", 2.5, False, True, "Accountable to: legal"),
    "ACCOUNTABLE_TO:resource": EdgeStyle("#e6550d", 2.5, [10, 5], True,
                                         "Accountable to: resource"),
    "ACCOUNTABLE_TO:reporting": EdgeStyle("#31a354", 2.0, [3, 4], True,
                                          "Accountable to: reporting"),
    "ACCOUNTABLE_TO:peer": EdgeStyle("#9e9ac8", 2.0, [1, 3], True, "Accountable to: peer"),
    "FUNDS": EdgeStyle("#b8860b", 1.5, [8, 3, 2, 3], True, "Funds"),
    "COMMISSIONS": EdgeStyle("#c994c7", 1.0, [8, 3, 2, 3], True, "Commissions"),
    "SUPERVISES": EdgeStyle("#7f7f7f", 1.5, [12, 4], True, "Supervises"),
    "GOVERNS": EdgeStyle("#1b9e77", 1.5, False, True, "Governs"),
    "MEMBER_INSTITUTION": EdgeStyle("#a6d96a", 1.0, False, False, "Institution takes part in"),
    "PART_OF": EdgeStyle("#d0d0d0", 1.0, False, True, "Part of"),
    "IN_AREA": EdgeStyle("#e3e3e3", 0.8, False, False, "In area"),
    "LINKED_TO": EdgeStyle("#cccccc", 1.0, [2, 2], True, "Linked establishment"),
    "HAS_FORM": EdgeStyle("#e0e0e0", 0.8, [2, 2], True, "Has form"),
    "ASSESSES": EdgeStyle("#cccccc", 1.0, False, True, "Assesses"),
    "USES_FRAMEWORK": EdgeStyle("#cccccc", 1.0, False, True, "Uses framework"),
    "HAS_DIMENSION": EdgeStyle("#cccccc", 1.0, False, True, "Has dimension"),
    "SCORED": EdgeStyle("#cccccc", 1.0, False, True, "Scored"),
}
DEFAULT_EDGE = EdgeStyle("#cccccc", 1.0, False, True, "Other")


def edge_kind(rel_type: str, props: dict) -> str:
    """The styled kind of a relationship: MEMBER_OF and ACCOUNTABLE_TO split by property."""
    if rel_type == "MEMBER_OF":
        attendance = props.get("attendance")
        if attendance == "attends_without_membership":
            return "MEMBER_OF:attends"
        if attendance == "does_not_attend":
            return "MEMBER_OF:absent"
        return "MEMBER_OF:voting" if props.get("voting") else "MEMBER_OF:non_voting"
    if rel_type == "ACCOUNTABLE_TO":
        basis = props.get("basis")
        return f"ACCOUNTABLE_TO:{basis}" if f"ACCOUNTABLE_TO:{basis}" in EDGE_STYLE \
            else "ACCOUNTABLE_TO:legal"
    return rel_type


def edge_style(kind: str) -> EdgeStyle:
    return EDGE_STYLE.get(kind, DEFAULT_EDGE)


def legend_rows(node_kinds, constituencies, edge_counts) -> list[dict]:
    """Legend rows for what a view holds: node kinds, person constituencies, edge kinds."""
    rows = [{"type": "node", "shape": st.shape, "colour": st.colour, "text": st.legend}
            for label, st in NODE_STYLE.items() if label in node_kinds and label != "Person"]
    rows += [{"type": "node", "shape": "dot", "colour": colour,
              "text": f"{c} ({GROUP_NAMES[constituency_group(c)].lower()})"}
             for c, colour in CONSTITUENCY_COLOUR.items() if c in constituencies]
    rows += [{"type": "edge", "kind": kind, "colour": st.colour, "width": st.width,
              "dashes": st.dashes, "text": f"{st.legend} ({edge_counts[kind]})"}
             for kind, st in EDGE_STYLE.items() if edge_counts.get(kind)]
    return rows


# Categorical colours for maps (clusters, localities, trusts): distinct, none of them grey.
CATEGORY_PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22",
    "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d",
    "#31a354", "#756bb1", "#636363", "#fd8d3c",
)
NO_CATEGORY = "#9e9e9e"


def category_colours(values) -> dict[str, str]:
    """A stable colour per distinct value (sorted), cycling the palette; None is grey."""
    out = {}
    for i, v in enumerate(sorted({v for v in values if v is not None})):
        out[v] = CATEGORY_PALETTE[i % len(CATEGORY_PALETTE)]
    return out


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
