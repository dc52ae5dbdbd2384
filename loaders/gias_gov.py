"""Governance extracts: who sits on a school's or a group's board, and how they got there.

One row is one seat (GID) on the board of a school (URN given: the school's GoverningBody,
key "<URN>/gb") or of a group (only UID given: the trust or federation "group/<UID>"). The
register's texts are kept (`role`, `appointing_body`); the mapping below adds the schema's
grouped values so questions can count who holds the votes.

Appointing body -> appointment (case-insensitive; unknown texts -> other, raw text kept):

| Appointing body                                                  | appointment               |
| Elected by parents; Parent appointed by GB/board due to no       | elected_parent (a parent  |
|   election candidates                                            |   seat either way)        |
| Elected by school staff                                          | elected_staff             |
| Appointed by LA; Nominated by LA and appointed by GB             | la_appointed              |
| Appointed by foundation/Trust; Appointed by trustees; Persons    | foundation_or_trust_      |
|   who are appointed by the foundation body or sponsor (if        |   appointed               |
|   applicable); Foundation/sponsor members                        |                           |
| Appointed by GB/board; Nominated by other body and appointed by  | co_opted                  |
|   GB                                                             |                           |
| Ex-officio by virtue of office as headteacher/principal          | ex_officio_head           |
| Ex-officio foundation governor (appointed by foundation by ...)  | ex_officio_foundation     |
| Appointed by academy members; Any additional members appointed  | members_appointed         |
|   by the members of the academy trust                            |                           |
| Interim Executive Board                                          | interim_executive_board   |
| Original (signatory) members; N/A; empty                         | other                     |

Role and appointment -> constituency and voting (the first rule that applies):

| rule                                                             | constituency | voting |
| Role is Accounting Officer, Chief Financial Officer, Governance   | officer      | false  |
|   Professional (any variant) or Clerk                            |              |        |
| appointment ex_officio_head                                      | headteacher  | true   |
| appointment elected_staff                                        | staff        | true   |
| everyone else: parents, LA, foundation, co-opted, trust- or      | governor     | true   |
|   trustee-appointed, members, IEB, other                         |              |        |

attendance is always member; `gid` keeps the row's GID on its MEMBER_OF (one per appointment:
loaders/gias_people.py groups GIDs into people and writes these edges keyed by GID). start = Date of appointment, term_end = Date term of office
ends/ended; `end` is set from it only when the extract's date is on or after it (a later
date is a planned end), and from a later whole-country extract that no longer lists the seat
(docs/time.md). A row with a URN is a seat on
that school's board even when it also gives a UID; the Companies House Number column repeats the
group's and is not stored again.
"""
from __future__ import annotations

from typing import NamedTuple

from .gias_read import RowError, parse_date, required_text, text

APPOINTMENT = {
    "elected by parents": "elected_parent",
    "parent appointed by gb/board due to no election candidates": "elected_parent",
    "elected by school staff": "elected_staff",
    "appointed by la": "la_appointed",
    "nominated by la and appointed by gb": "la_appointed",
    "appointed by foundation/trust": "foundation_or_trust_appointed",
    "appointed by trustees": "foundation_or_trust_appointed",
    "persons who are appointed by the foundation body or sponsor (if applicable)":
        "foundation_or_trust_appointed",
    "foundation/sponsor members": "foundation_or_trust_appointed",
    "appointed by gb/board": "co_opted",
    "nominated by other body and appointed by gb": "co_opted",
    "ex-officio by virtue of office as headteacher/principal": "ex_officio_head",
    "ex-officio foundation governor (appointed by foundation by virtue of the office they hold)":
        "ex_officio_foundation",
    "appointed by academy members": "members_appointed",
    "any additional members appointed by the members of the academy trust": "members_appointed",
    "interim executive board": "interim_executive_board",
    "original (signatory) members": "other",
    "n/a": "other",
}
OFFICER_ROLES = ("accounting officer", "chief financial officer", "governance professional",
                 "clerk")


class Seat(NamedTuple):
    name: str
    title: str | None
    membership: dict  # MEMBER_OF properties
    parts: tuple      # (Forename 1, Forename 2, Surname), each text or None


def appointment_of(appointing_body: str | None) -> str:
    if appointing_body is None:
        return "other"
    key = " ".join(appointing_body.lower().split())
    found = APPOINTMENT.get(key)
    if found:
        return found
    if key.startswith("ex-officio foundation"):
        return "ex_officio_foundation"
    if key.startswith("ex-officio") and "head" in key:
        return "ex_officio_head"
    return "other"


def constituency_of(role: str, appointment: str) -> tuple[str, bool]:
    """(constituency, voting) of a seat, by the table in the module docstring."""
    r = role.lower()
    if any(o in r for o in OFFICER_ROLES):
        return "officer", False
    if appointment == "ex_officio_head":
        return "headteacher", True
    if appointment == "elected_staff":
        return "staff", True
    return "governor", True


_DATES: dict[str, str | None] = {}   # raw text -> ISO, for texts that parsed (a file repeats
_DATES_MAX = 100_000                  # a few thousand dates); bad ones raise every time


def _date(column: str, value: str | None) -> str | None:
    found = _DATES.get(value, _DATES)
    if found is not _DATES:
        return found
    iso = parse_date(column, value)
    if value is not None and len(_DATES) < _DATES_MAX:
        _DATES[value] = iso
    return iso


def governance_seat(row) -> Seat:
    role = required_text("Role", row.get("Role"))
    title = text(row.get("Title"))
    parts = [text(row.get(c)) for c in ("Forename 1", "Forename 2", "Surname")]
    if not any(parts):
        raise RowError("Surname", "no name: Forename 1, Forename 2 and Surname are all empty")
    name = " ".join(p for p in (title, *parts) if p)
    appointing = text(row.get("Appointing body"))
    appointment = appointment_of(appointing)
    constituency, voting = constituency_of(role, appointment)
    return Seat(name, title, {
        "role": role, "constituency": constituency, "voting": voting, "attendance": "member",
        "start": _date("Date of appointment", row.get("Date of appointment")),
        "term_end": _date("Date term of office ends/ended",
                          row.get("Date term of office ends/ended")),
        "appointing_body": appointing, "appointment": appointment,
        "gid": text(row.get("GID"))}, tuple(parts))
