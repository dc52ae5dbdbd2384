"""GIAS rows -> checked graph rows (nodes and relationships), one function per file kind.

Each map_* function reads one row through `Row` (raising RowError naming the column) and
describes what the row says as RowOps; gias_batch then checks every value against the schema
before the row joins the file's batch, so a row is either wholly in or wholly rejected.

Who owns which node: a node is written with SET (later extracts update it) only by the file
kind that owns it; other kinds create it when it is missing (MERGE ... ON CREATE SET) and never
overwrite the owner's facts or provenance:

| node                        | owner                 | created if missing by          |
| School (key = URN)          | establishments        | group links, links, governance |
| LocalAuthority (key = code) | establishments, group | la_codes (which then sets only |
|                             |   links (the LA name) |   gss_code and region)         |
| group body (group/<UID>)    | groups                | group links                    |
| GoverningBody (<URN>/gb)    | governance            | -                              |
| Person (gias/gid/<GID>)     | governance            | -                              |

Group Type -> label, kind, participation and GOVERNS (group links):

| Group Type                       | label                  | kind       | participation | GOVERNS |
| Federation                       | FederatedGoverningBody | -          | required      | yes     |
| Multi-academy trust              | Trust                  | mat        | required      | yes     |
| Single-academy trust             | Trust                  | sat        | required      | yes     |
| Trust (foundation trust)         | Trust                  | foundation | required      | no      |
| School sponsor                   | Trust                  | sponsor    | required      | no      |
| Umbrella trust                   | Trust                  | umbrella   | voluntary     | no      |
| Children's centres group         | Partnership            | consortium | required      | no      |
| Children's centres collaboration | Partnership            | consortium | voluntary     | no      |

Required: an academy's trust, a federated school's governing body, a trust school's foundation
and a sponsored academy's sponsor are conditions of the school's constitution or funding, and an
LA assigns its children's centres to a group; a school chooses to join an umbrella trust or a
collaboration. GOVERNS only where the group is the school's governing body in law (academy trusts
and federations); a foundation trust or umbrella trust appoints governors and a sponsor
sponsors, but the school's own board governs. Academy trusts are formality company, decision
rights binding; federations statutory, binding; other groups are company when they have a
Companies House number, and their decision rights are left unset.

A group's IN_AREA links it to each authority its schools are in, derived when group links load;
it stays when a membership ends (the group did work there), while MEMBER_INSTITUTION and
GOVERNS get `end`.

Group Status -> status: Open -> active, Closed -> closed, Proposed to open -> proposed,
"Open, but proposed to close" / "Proposed to close" -> active (raw text in note).
Every group keeps its UID and raw type (`group_uid`, `group_type`), its open date (or
incorporation date) as `established` and its `Closed Date` as `close_date`; trusts also keep
`open_date` as GIAS gives it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, NamedTuple

from .gias_gov import governance_seat
from .resolve import Listing
from .gias_read import RowError, company_number, la_code, parse_date, parse_int, \
    required_text, text


class GroupType(NamedTuple):
    label: str
    kind: str | None
    participation: str
    governs: bool
    formality: str | None
    decision_rights: str | None


GROUP_TYPES = {
    "federation": GroupType("FederatedGoverningBody", None, "required", True, "statutory",
                            "binding"),
    "multi-academy trust": GroupType("Trust", "mat", "required", True, "company", "binding"),
    "single-academy trust": GroupType("Trust", "sat", "required", True, "company", "binding"),
    "trust": GroupType("Trust", "foundation", "required", False, None, None),
    "school sponsor": GroupType("Trust", "sponsor", "required", False, None, None),
    "umbrella trust": GroupType("Trust", "umbrella", "voluntary", False, None, None),
    "children's centres group": GroupType("Partnership", "consortium", "required", False, None,
                                          None),
    "children's centres collaboration": GroupType("Partnership", "consortium", "voluntary",
                                                  False, None, None),
}
GROUP_LABELS = sorted({g.label for g in GROUP_TYPES.values()})

STATUSES = {"open": "active", "closed": "closed", "proposed to open": "proposed",
            "open, but proposed to close": "active", "proposed to close": "active"}


def group_key(uid: int) -> str:
    return f"group/{uid}"


def school_placeholder_name(urn: int) -> str:
    return f"URN {urn}"


# --- rows and what they say ------------------------------------------------------------------

class Row:
    """One data row, read by column name; absent optional columns read as empty."""

    __slots__ = ("fields", "index")

    def __init__(self, fields: list[str], index: dict[str, int]):
        self.fields = fields
        self.index = index

    def get(self, column: str) -> str | None:
        i = self.index.get(column)
        return self.fields[i] if i is not None else None


@dataclass
class NodeOp:
    label: str
    key: str
    props: dict          # SET every load (the owner's facts)
    create: dict         # set only when the node is created


@dataclass
class RelOp:
    rel: str
    source: tuple[str, str]   # (label, key)
    target: tuple[str, str]
    props: dict


@dataclass
class RowOps:
    """What one row says; provenance goes with the facts it vouches for."""
    source: str
    source_ref: str
    extract_date: str | None = None  # ISO date of the register extract the row comes from
    nodes: list[NodeOp] = field(default_factory=list)
    rels: list[RelOp] = field(default_factory=list)
    listing: Listing | None = None   # a governance row's holder, as people resolution reads it

    def own(self, label: str, key: str, props: dict, create: dict | None = None) -> None:
        """A node this file owns: props (and provenance) are set on every load."""
        self.nodes.append(NodeOp(label, key, {**props, **self._prov()}, dict(create or {})))

    def ensure(self, label: str, key: str, create: dict) -> None:
        """A node this file only creates when missing (another kind owns its facts)."""
        self.nodes.append(NodeOp(label, key, {}, {**create, **self._prov()}))

    def rel(self, rel: str, source: tuple[str, str], target: tuple[str, str],
            props: dict | None = None) -> None:
        self.rels.append(RelOp(rel, source, target, {**(props or {}), **self._prov()}))

    def _prov(self) -> dict:
        return {"source": self.source, "source_ref": self.source_ref, "evidence": "documented"}


@dataclass
class Context:
    """What mapping needs beyond the row: known groups and school names (this load + store).

    group_labels holds groups of accepted rows only (gias._map_file adds them), so a bad row's
    group never counts as loaded."""
    group_labels: dict[str, str] = field(default_factory=dict)   # group key -> label
    school_names: dict[str, str] = field(default_factory=dict)   # URN key -> name
    link_names: dict[str, str] = field(default_factory=dict)     # per links file
    groups_seen: dict[tuple, tuple] = field(default_factory=dict)  # group columns -> parsed
    # the nodes the file being mapped has accepted so far (gias_batch.Batch.has): a governance
    # row's board nodes, already there, are not mapped again (300,000 rows name 28,000 boards)
    accepted: Callable[[str, str], bool] = lambda label, key: False


# --- helpers -------------------------------------------------------------------------------------

def _urn(row: Row, column: str = "URN") -> int:
    return parse_int(column, row.get(column), required=True, positive=True)


def _group_type(row: Row) -> tuple[str, GroupType]:
    raw = required_text("Group Type", row.get("Group Type"))
    gt = GROUP_TYPES.get(raw.lower().replace("\u2019", "'"))
    if gt is None:
        raise RowError("Group Type", f"unknown group type {raw!r}; expected one of "
                       f"{', '.join(sorted(GROUP_TYPES))}")
    return raw, gt


def _status(row: Row) -> tuple[str, str | None]:
    raw = required_text("Group Status", row.get("Group Status"))
    status = STATUSES.get(raw.lower())
    if status is None:
        raise RowError("Group Status", f"unknown group status {raw!r}; expected Open, Closed "
                       "or Proposed to open")
    return status, None if raw.lower() in ("open", "closed", "proposed to open") else raw


GROUP_COLUMNS = ("Group UID", "Group Name", "Group Type", "Group Status", "Companies House Number",
                 "Open date", "Incorporated on (open date)", "Closed Date")


def group_props(row: Row) -> tuple[str, str, dict]:
    """(key, label, props) of the group a groups or group-links row describes."""
    uid = parse_int("Group UID", row.get("Group UID"), required=True, positive=True)
    raw_type, gt = _group_type(row)
    status, status_note = _status(row)
    chn = company_number("Companies House Number", row.get("Companies House Number"))
    incorporated = parse_date("Incorporated on (open date)", row.get("Incorporated on (open date)"))
    opened = parse_date("Open date", row.get("Open date")) or incorporated
    closed = parse_date("Closed Date", row.get("Closed Date"))
    props = {"name": required_text("Group Name", row.get("Group Name")), "status": status,
             "companies_house_number": chn, "established": opened, "close_date": closed,
             "formality": gt.formality or ("company" if chn else None),
             "decision_rights": gt.decision_rights, "group_uid": uid, "group_type": raw_type,
             "note": f"GIAS status: {status_note}" if status_note else None}
    if gt.label == "FederatedGoverningBody":
        props["participation"] = gt.participation
    else:
        props["kind"] = gt.kind
    if gt.label == "Trust":
        props["open_date"] = opened
    return group_key(uid), gt.label, props


def _la(row: Row, ops: RowOps) -> str:
    code = la_code("LA (code)", row.get("LA (code)"))
    ops.own("LocalAuthority", code, {"code": code, "scope": "register",
                                     "name": required_text("LA (name)", row.get("LA (name)"))})
    return code


# --- one function per file kind ----------------------------------------------------------------

def _one_label(ctx: Context, key: str, label: str) -> None:
    """A group UID names one body: the same UID with two group types is a bad row."""
    known = ctx.group_labels.get(key, label)
    if known != label:
        raise RowError("Group Type", f"{key} is a {known} in this load, not a {label}")


def map_establishment(row: Row, ops: RowOps, ctx: Context) -> None:
    urn = _urn(row)
    code = _la(row, ops)
    name = required_text("EstablishmentName", row.get("EstablishmentName"))
    props = {
        "urn": urn, "name": name, "la_code": code,
        "type": text(row.get("TypeOfEstablishment (name)")),
        "type_group": text(row.get("EstablishmentTypeGroup (name)")),
        "status": text(row.get("EstablishmentStatus (name)")),
        "phase": text(row.get("PhaseOfEducation (name)")),
        "open_date": parse_date("OpenDate", row.get("OpenDate")),
        "close_date": parse_date("CloseDate", row.get("CloseDate")),
        "head_title": text(row.get("HeadTitle (name)")),
        "head_job_title": text(row.get("HeadPreferredJobTitle")),
        "district": text(row.get("DistrictAdministrative (name)")),
        "ward": text(row.get("AdministrativeWard (name)")),
        "constituency": text(row.get("ParliamentaryConstituency (name)")),
        "easting": parse_int("Easting", row.get("Easting")),
        "northing": parse_int("Northing", row.get("Northing")),
        "note": None,  # clears a placeholder note left by a links or governance file
    }
    ops.own("School", str(urn), props)
    ops.rel("IN_AREA", ("School", str(urn)), ("LocalAuthority", code))
    ctx.school_names[str(urn)] = name


def map_group(row: Row, ops: RowOps, ctx: Context) -> None:
    key, label, props = group_props(row)
    _one_label(ctx, key, label)
    ops.own(label, key, props)


def map_group_link(row: Row, ops: RowOps, ctx: Context) -> None:
    urn = _urn(row)
    school = ("School", str(urn))
    cols = tuple([row.get(c) for c in GROUP_COLUMNS])  # a group repeats on its schools' rows
    parsed = ctx.groups_seen.get(cols)
    if parsed is None:
        parsed = ctx.groups_seen[cols] = (*group_props(row), *_group_type(row))
    key, label, gprops, raw_type, gt = parsed
    _one_label(ctx, key, label)
    joined = parse_date("Joined date", row.get("Joined date"))
    code = _la(row, ops)
    name = required_text("EstablishmentName", row.get("EstablishmentName"))
    ops.ensure("School", str(urn), {
        "urn": urn, "name": name, "la_code": code,
        "type": text(row.get("TypeOfEstablishment (name)")),
        "phase": text(row.get("PhaseOfEducation (name)"))})
    ops.ensure(label, key, gprops)
    ops.rel("IN_AREA", school, ("LocalAuthority", code))
    ops.rel("MEMBER_INSTITUTION", school, (label, key), {
        "participation": gt.participation, "joined_date": joined, "group_type": raw_type,
        "extract_date": ops.extract_date})  # start and end: gias.rebuild_history
    if gt.governs:
        ops.rel("GOVERNS", (label, key), school, {"extract_date": ops.extract_date})
    ops.rel("IN_AREA", (label, key), ("LocalAuthority", code))
    ctx.school_names.setdefault(str(urn), name)


def map_link(row: Row, ops: RowOps, ctx: Context) -> None:
    urn, link_urn = _urn(row), _urn(row, "LinkURN")
    link_type = required_text("LinkType", row.get("LinkType"))
    established = parse_date("LinkEstablishedDate", row.get("LinkEstablishedDate"))
    for n in (urn, link_urn):
        known = ctx.link_names.get(str(n))
        create = {"urn": n, "name": known or school_placeholder_name(n)}
        if not known:
            create["note"] = ("name not given in the establishment links file; load the "
                              "establishments file (edubasealldata) for its details")
        ops.ensure("School", str(n), create)
    ops.rel("LINKED_TO", ("School", str(urn)), ("School", str(link_urn)),
            {"link_type": link_type, "established": established})


def map_governance(row: Row, ops: RowOps, ctx: Context) -> None:
    gid = required_text("GID", row.get("GID"))
    urn = parse_int("URN", row.get("URN"), positive=True)
    uid = parse_int("UID", row.get("UID"), positive=True)
    seat = governance_seat(row)  # raises RowError for a missing role or name, bad dates
    if urn is not None:
        school_name = ctx.school_names.get(str(urn))
        body = ("GoverningBody", f"{urn}/gb")
        if not ctx.accepted(*body):   # else an earlier row added all three (Batch.add)
            ops.ensure("School", str(urn), {
                "urn": urn, "name": school_name or school_placeholder_name(urn),
                **({} if school_name else {"note": "created from a governance extract; load "
                                                   "the establishments file for its details"})})
            ops.own(*body, {"name": f"Governing body of {school_name or f'URN {urn}'}",
                            "status": "active"})
            ops.rel("GOVERNS", body, ("School", str(urn)))
    elif uid is not None:
        label = ctx.group_labels.get(group_key(uid))
        if label is None:
            raise RowError("UID", f"no group with UID {uid} in the store or in this load: "
                                  "load the groups file (allgroupsdata) first")
        body = (label, group_key(uid))
    else:
        raise RowError("URN", "neither URN nor UID given: the row names no board")
    person = ("Person", f"gias/gid/{gid}")
    ops.own(*person, {"name": seat.name, "kind": "person", "title": seat.title})
    term_end = seat.membership.get("term_end")
    ended = term_end is not None and ops.extract_date is not None and term_end <= ops.extract_date
    # a term the extract shows ended has ended (a later date is a plan, not a fact: docs/time.md)
    ops.rel("MEMBER_OF", person, body, {**seat.membership, "end": term_end if ended else None})
    forename, middle, surname = seat.parts
    ops.listing = Listing(gid, seat.title, forename, middle, surname or "",
                          seat.membership["role"], body[1], seat.membership["start"], term_end)


MAPPERS = {"establishments": map_establishment, "groups": map_group,
           "group_links": map_group_link, "links": map_link, "governance": map_governance}
