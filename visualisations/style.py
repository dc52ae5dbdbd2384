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
# Shape and fill say what a node is; a body's border says its decision rights and formality
# (see node_visual); opacity says how well it is known (EVIDENCE_OPACITY).
NODE_STYLE = {
    "LocalAuthority": NodeStyle("square", "#3b3b58", 24, "Local authority"),
    "ReferenceModel": NodeStyle("square", "#6b6b8a", 22, "Reference model"),
    "Locality": NodeStyle("hexagon", "#8da0cb", 24, "Locality"),
    "Cluster": NodeStyle("hexagon", "#b3c2e6", 20, "Cluster"),
    "School": NodeStyle("square", "#4daf4a", 9, "School"),
    "College": NodeStyle("square", "#2e7d32", 11, "College"),
    "Agency": NodeStyle("triangleDown", "#bc80bd", 12, "Agency"),
    "Funder": NodeStyle("star", "#b8860b", 22, "Funder"),
    "GoverningBody": NodeStyle("triangle", "#1b9e77", 11, "Governing body"),
    "FederatedGoverningBody": NodeStyle("triangle", "#0b6e4f", 17, "Federated governing body"),
    "JointCommittee": NodeStyle("diamond", "#7570b3", 22, "Joint committee"),
    "Partnership": NodeStyle("diamond", "#e7298a", 22, "Partnership"),
    "Committee": NodeStyle("diamond", "#a6761d", 16, "Committee"),
    "AdvisoryBody": NodeStyle("diamond", "#999999", 16, "Advisory body"),
    "Trust": NodeStyle("diamond", "#00838f", 20, "Trust"),
    "Person": NodeStyle("dot", PERSON_UNKNOWN, 8, "Person or seat"),
    "GovernanceForm": NodeStyle("ellipse", "#dddddd", 14, "Governance form"),
    "EvaluationFramework": NodeStyle("ellipse", "#e0e0e0", 14, "Evaluation framework"),
    "EvaluationDimension": NodeStyle("ellipse", "#eeeeee", 10, "Evaluation dimension"),
    "Assessment": NodeStyle("ellipse", "#d9d9d9", 12, "Assessment"),
    "Finding": NodeStyle("ellipse", "#fdd835", 14, "Research finding"),
}
DEFAULT_NODE = NodeStyle("dot", "#cccccc", 10, "Other")
BODY_LABELS = frozenset({"GoverningBody", "FederatedGoverningBody", "JointCommittee",
                         "Partnership", "Committee", "AdvisoryBody", "Trust"})


@dataclass(frozen=True)
class Border:
    dashes: bool | list[int]
    colour: str
    legend: str


# A body's decision rights: the line of its border. Unresolved (not recorded) is dotted orange,
# so a reader never takes a silence in the sources for an answer.
DECISION_BORDER = {
    "binding": Border(False, "#000000", "Decisions bind members (solid black border)"),
    "advisory": Border([7, 4], "#5a5a5a", "Advises only (dashed grey border)"),
    None: Border([3, 3], "#e66101", "Decision rights unresolved (dotted orange border)"),
}
# A body's formality: the width of its border (statutory thickest, informal thinnest).
FORMALITY_WIDTH = {"statutory": 5.0, "company": 3.0, "constituted": 3.0, "informal": 1.2,
                   None: 2.0}
FORMALITY_LEGEND = {"statutory": "Statutory (thickest border)",
                    "company": "Company (medium border)",
                    "constituted": "Constituted (medium border)",
                    "informal": "Informal (thin border)", None: "Formality not recorded"}
# How well a node or relationship is known: opacity, so the illustrative recede.
EVIDENCE_OPACITY = {"documented": 1.0, "inferred": 0.6, "illustrative": 0.3, None: 1.0}
EVIDENCE_LEGEND = {"documented": "Documented (solid)", "inferred": "Inferred (faded)",
                   "illustrative": "Illustrative (faint)", None: "Evidence grade not recorded"}


def evidence_grade(props: dict) -> str | None:
    """documented, inferred or illustrative; the older boolean `illustrative` still counts."""
    grade = props.get("evidence")
    if grade in EVIDENCE_OPACITY:
        return grade
    return "illustrative" if props.get("illustrative") is True else None


def node_visual(label: str, props: dict) -> dict:
    """How one node is drawn: vis-network options. Legends call this too, so they cannot differ."""
    st = NODE_STYLE.get(label, DEFAULT_NODE)
    grade = evidence_grade(props)
    out = {"shape": st.shape, "colour": st.colour, "size": st.size, "border": "#333333",
           "borderWidth": 1.0, "borderDashes": False, "opacity": EVIDENCE_OPACITY[grade]}
    if label in BODY_LABELS:
        rights = props.get("decision_rights")
        b = DECISION_BORDER.get(rights if rights in DECISION_BORDER else None)
        formality = props.get("formality")
        width = FORMALITY_WIDTH.get(formality if formality in FORMALITY_WIDTH else None)
        # Small bodies (a school's governing body) get a border in proportion to their size.
        out.update(border=b.colour, borderDashes=b.dashes,
                   borderWidth=round(width * min(1.0, st.size / 22), 2))
    return out


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
    "CONCERNS": EdgeStyle("#c9b400", 1.0, [4, 4], True, "Finding concerns"),
    "POSSIBLE_MATCH": EdgeStyle("#bbbbbb", 1.0, [1, 4], True,
                                "Possibly the same person (kept apart)"),
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


def edge_visual(kind: str, props: dict) -> dict:
    """How one relationship is drawn; evidence grade as opacity, like nodes."""
    st = edge_style(kind)
    return {"colour": st.colour, "width": st.width, "dashes": st.dashes, "arrow": st.arrow,
            "opacity": EVIDENCE_OPACITY[evidence_grade(props)]}


def legend_rows(node_kinds, constituencies, edge_counts, bodies: bool = False,
                grades=()) -> list[dict]:
    """Legend rows for what a view holds, each drawn from node_visual/edge_visual.

    node rows: kinds (shape and fill), person constituencies; with `bodies`, the border
    encodings (decision rights, formality); one row per evidence grade present; edge rows.
    """
    def kind_row(label, text, **over):
        v = {**node_visual(label, {}), "border": "#333333", "borderWidth": 1.0,
             "borderDashes": False, **over}
        return {"type": "node", "visual": v, "text": text, "kind": label}

    rows = [kind_row(label, st.legend) for label, st in NODE_STYLE.items()
            if label in node_kinds and label != "Person"]
    rows += [kind_row("Person", f"{c} ({GROUP_NAMES[constituency_group(c)].lower()})",
                      colour=colour)
             for c, colour in CONSTITUENCY_COLOUR.items() if c in constituencies]
    if bodies:
        for rights, b in DECISION_BORDER.items():
            v = {**node_visual("Partnership", {"decision_rights": rights}), "colour": "#ffffff"}
            rows.append({"type": "node", "visual": v, "text": b.legend, "encodes": "decision_rights",
                         "value": rights})
        for formality, text in FORMALITY_LEGEND.items():
            v = {**node_visual("Partnership", {"decision_rights": "binding",
                                               "formality": formality}), "colour": "#ffffff"}
            rows.append({"type": "node", "visual": v, "text": text, "encodes": "formality",
                         "value": formality})
    for grade in EVIDENCE_OPACITY:
        if grade in grades:
            v = {**node_visual("School", {"evidence": grade}), "colour": "#555555"}
            rows.append({"type": "node", "visual": v, "text": EVIDENCE_LEGEND[grade],
                         "encodes": "evidence", "value": grade})
    rows += [{"type": "edge", "kind": kind, "visual": edge_visual(kind, {}),
              "text": f"{st.legend} ({edge_counts[kind]})"}
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


# Maps coloured by governor share: one colour per verdict of analysis.measures (no threshold of
# its own), governors' blue for a majority; seats given as a range that spans verdicts have their
# own colour; a school with no share on record is hollow and dashed, never the colour of 0.
SHARE_CLASSES = {
    "absent": ("#b35806", "Governors hold no vote (share 0)"),
    "minority": ("#f1a340", "Governors a minority (share below 0.5)"),
    "half": ("#998ec3", "Governors hold exactly half (0.5)"),
    "majority": ("#1f78ff", "Governors a majority (share above 0.5)"),
    "range": ("#fee08b", "Seats given as a range that spans two verdicts"),
    "unknown": ("#ffffff", "Unknown: no voting seats on record (not 0)"),
}
UNKNOWN_BORDER = {"colour": "#555555", "dashes": "3 3"}


def share_class(verdict: str) -> str:
    """The SHARE_CLASSES key of a verdict (a span such as 'minority to half' is a range)."""
    return verdict if verdict in SHARE_CLASSES else ("range" if " to " in verdict else "unknown")


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
