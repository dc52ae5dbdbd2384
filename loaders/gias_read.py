"""Reading GIAS CSV files: encoding, file kind from the header, and value normalisation.

GIAS files come in two shapes that must give the same graph: the raw downloads (cp1252,
dd/mm/yyyy or dd-mm-yyyy dates, text company numbers that may have lost a leading zero) and
the re-saved 2022 national files (UTF-8, an unnamed pandas index column, ISO dates with
1900-01-01 for "unknown", company numbers as floats such as 6543442.0). Everything here turns
either shape into plain checked values, or a RowError naming the column, so that the mapping
(gias_map) never sees a format quirk.
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import LoadError, Problem

# Placeholder dates GIAS uses for "not known" (1900-01-01 in the 2022 files; 1800-01-01 appears
# as an OpenDate placeholder in raw downloads).
UNKNOWN_DATES = {"1900-01-01", "1800-01-01"}
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00(?::00)?)?$")
_DMY = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?: 00:00(?::00)?)?$")
_INT = re.compile(r"^[+]?\d+(?:\.0+)?$")
_COMPANY_DIGITS = re.compile(r"^\d{1,8}(?:\.0+)?$")
_COMPANY_PREFIXED = re.compile(r"^[A-Z]{2}\d{6}$")
_NAME_DATE = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")


class RowError(ValueError):
    """One value in one row cannot be read; `column` names it (None: the whole row)."""

    def __init__(self, column: str | None, reason: str):
        super().__init__(reason)
        self.column = column
        self.reason = reason


# --- file kinds ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Kind:
    """A GIAS file kind: how to recognise it, what it must hold, what identifies a row."""
    name: str           # establishments, groups, group_links, links, governance
    gias_name: str      # what GIAS calls the download
    required: tuple[str, ...]
    row_key: tuple[str, ...]
    order: int          # load order: later kinds refer to nodes of earlier ones


KINDS = {k.name: k for k in (
    Kind("establishments", "edubasealldata",
         ("URN", "LA (code)", "LA (name)", "EstablishmentName", "TypeOfEstablishment (name)",
          "EstablishmentStatus (name)"), ("URN",), 0),
    Kind("groups", "allgroupsdata",
         ("Group UID", "Group Name", "Group Type", "Group Status"), ("Group UID",), 1),
    Kind("group_links", "alllinksdata",
         ("URN", "Group UID", "Group Name", "Group Type", "Group Status", "Joined date",
          "EstablishmentName", "LA (code)", "LA (name)"), ("URN", "Group UID"), 2),
    Kind("links", "links_edubasealldata",
         ("URN", "LinkURN", "LinkName", "LinkType", "LinkEstablishedDate"),
         ("URN", "LinkURN", "LinkType"), 3),
    Kind("governance", "governance extract",
         ("GID", "URN", "UID", "Companies House Number", "Role", "Title", "Forename 1",
          "Forename 2", "Surname", "Date of appointment", "Date term of office ends/ended",
          "Appointing body"), ("GID",), 4),
)}


def detect_kind(header: list[str]) -> Kind | None:
    """The kind of a file from its column names (never from its file name)."""
    cols = set(header)  # the identifying columns only: a file missing others is then
    if "GID" in cols:   # recognised, and rejected naming the missing column
        return KINDS["governance"]
    if "LinkURN" in cols:
        return KINDS["links"]
    if "Group UID" in cols:
        return KINDS["group_links"] if "URN" in cols else KINDS["groups"]
    if "URN" in cols and "LA (code)" in cols:
        return KINDS["establishments"]
    return None


# --- one file ----------------------------------------------------------------------------------

@dataclass
class RawFile:
    path: Path
    kind: Kind
    encoding: str
    header: list[str]
    records: list[tuple[int, list[str]]] = field(default_factory=list)  # (data row, fields)
    nul: bool = False   # some field holds a NUL byte: rows are checked for it

    @property
    def name(self) -> str:
        return self.path.name

    def column_index(self) -> dict[str, int]:
        """Column name -> position; the unnamed index column of re-saved files is left out."""
        out: dict[str, int] = {}
        for i, col in enumerate(self.header):
            if col and col not in out:
                out[col] = i
        return out


def decode(raw: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM) when it decodes cleanly, else Windows-1252."""
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252"), "cp1252"  # may raise: neither encoding


@dataclass
class Table:
    """A CSV-like file, decoded and split: header, data rows numbered from 1, encoding."""
    name: str
    encoding: str
    header: list[str]
    records: list[tuple[int, list[str]]]
    nul: bool   # some field holds a NUL byte: rows are checked for it


def read_table(path: str | Path, *, what: str = "CSV", tabs: bool = False,
               check_header=None) -> Table:
    """The one reader of CSV-like files (GIAS extracts, LA code lists, area files).

    Decodes UTF-8 (BOM or not) or Windows-1252; tabs=True reads tab-separated when the header
    has a tab. Whole-file problems (unreadable, binary, empty, broken quoting) raise LoadError
    naming the file (and the row where the CSV breaks); blank lines are skipped but counted.
    check_header(name, header) runs before the rows are read, so a wrong file fails on its
    header first.
    """
    path = Path(path)
    name = path.name

    def whole(reason: str, row: int | None = None) -> LoadError:
        return LoadError([Problem(name, row, None, reason, where="row")])

    try:
        raw = path.read_bytes()
    except OSError as e:
        raise whole(f"cannot read: {e.strerror}") from None
    try:
        text, encoding = decode(raw)
    except UnicodeDecodeError:
        raise whole("not text: neither UTF-8 nor Windows-1252 (cp1252)") from None
    first = text.split("\n", 1)[0]
    if "\x00" in first:
        raise whole(f"binary data or UTF-16 (NUL bytes in the header), not {what}")
    delimiter = "\t" if tabs and "\t" in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise whole("empty file: no header row") from None
    except csv.Error as e:
        raise whole(f"header is not valid CSV: {e}") from None
    if check_header is not None:
        check_header(name, header)
    records: list[tuple[int, list[str]]] = []
    n = 0
    try:
        for fields in reader:
            n += 1
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue  # blank line
            records.append((n, fields))
    except csv.Error as e:  # e.g. an unclosed quote, a field beyond the reader's limit
        raise whole(f"not valid CSV from here on: {e}", n + 1) from None
    return Table(name, encoding, header, records, "\x00" in text)


def _gias_kind(name: str, header: list[str]) -> Kind:
    kind = detect_kind(header)
    if kind is None:
        raise LoadError([Problem(name, None, None, "not a GIAS file this loader knows "
                                 "(establishments, groups, group links, establishment links, "
                                 f"governance): header starts {','.join(header[:4])!r}",
                                 where="row")])
    missing = [c for c in kind.required if c not in header]
    if missing:
        raise LoadError([Problem(name, None, c, f"required column missing from this "
                                 f"{kind.gias_name} file", where="row") for c in missing])
    return kind


def read_file(path: str | Path) -> RawFile:
    """Read one GIAS file and tell its kind; raise LoadError if it is unusable as a whole."""
    path = Path(path)
    t = read_table(path, check_header=_gias_kind)
    return RawFile(path, _gias_kind(t.name, t.header), t.encoding, t.header, t.records, t.nul)


def nul_column(raw: "RawFile", fields: list[str]) -> str | None:
    """The first column holding a NUL byte (no store takes one), if any."""
    for i, v in enumerate(fields):
        if "\x00" in v:
            return raw.header[i] if i < len(raw.header) and raw.header[i] else f"field {i + 1}"
    return None


def extract_date_from_name(name: str) -> _dt.date | None:
    """The YYYYMMDD date GIAS puts in download names (edubasealldata20240129.csv)."""
    for m in _NAME_DATE.finditer(name):
        try:
            d = _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
        if 1990 <= d.year <= 2100:
            return d
    return None


# --- values ------------------------------------------------------------------------------------

def text(value: str | None) -> str | None:
    """Stripped text; empty means null."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def parse_date(column: str, value: str | None) -> str | None:
    """ISO, dd/mm/yyyy or dd-mm-yyyy -> ISO text; GIAS's unknown placeholders -> null."""
    v = text(value)
    if v is None:
        return None
    m = _ISO.match(v)
    if m:
        y, mo, d = m.groups()
    else:
        m = _DMY.match(v)
        if not m:
            raise RowError(column, f"not a date (expected dd/mm/yyyy, dd-mm-yyyy or "
                                   f"yyyy-mm-dd): {v!r}")
        d, mo, y = m.groups()
    try:
        iso = _dt.date(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        raise RowError(column, f"no such date: {v!r}") from None
    return None if iso in UNKNOWN_DATES else iso


def parse_int(column: str, value: str | None, *, required: bool = False,
              positive: bool = False) -> int | None:
    """A whole number; re-saved files write 100006.0 for 100006."""
    v = text(value)
    if v is None:
        if required:
            raise RowError(column, "required value is empty")
        return None
    if not _INT.match(v):
        raise RowError(column, f"not a whole number: {v!r}")
    n = int(v.split(".")[0])
    if n >= 2 ** 63:
        raise RowError(column, f"too large for a whole number in the store: {v!r}")
    if positive and n <= 0:
        raise RowError(column, f"must be a positive number: {v!r}")
    return n


def company_number(column: str, value: str | None) -> str | None:
    """Companies House number as 8 characters: 6543442.0 -> 06543442; SC012345 kept."""
    v = text(value)
    if v is None:
        return None
    v = v.upper()
    if _COMPANY_DIGITS.match(v):
        return v.split(".")[0].zfill(8)
    if _COMPANY_PREFIXED.match(v):
        return v
    raise RowError(column, f"not a Companies House number (8 digits, or 2 letters and 6 "
                           f"digits): {v!r}")


def la_code(column: str, value: str | None) -> str:
    """The DfE 3-digit local authority code, as text."""
    v = text(value)
    if v is None:
        raise RowError(column, "required value is empty")
    if _INT.match(v):
        v = v.split(".")[0]
    if not (v.isdigit() and len(v) == 3):
        raise RowError(column, f"not a 3-digit DfE LA code: {v!r}")
    return v


def required_text(column: str, value: str | None) -> str:
    v = text(value)
    if v is None:
        raise RowError(column, "required value is empty")
    return v


# --- reject files ------------------------------------------------------------------------------

def _writable(folder: Path) -> bool:
    return folder.is_dir() and os.access(folder, os.W_OK)


def write_rejects(raw: RawFile, bad: dict[int, list[Problem]],
                  reject_dir: str | Path | None = None) -> tuple[Path, Path]:
    """Write the bad rows (original header and fields) and a report of why.

    Into reject_dir if given, else beside the file, else (read-only data folder) the current
    directory. The .bad.csv keeps the source encoding and header, so it can be fixed and
    re-loaded as it is.
    """
    if reject_dir is not None:
        folder = Path(reject_dir)
        folder.mkdir(parents=True, exist_ok=True)
    else:
        folder = raw.path.parent if _writable(raw.path.parent) else Path.cwd()
    csv_path = folder / f"{raw.name}.bad.csv"
    report_path = folder / f"{raw.name}.bad-report.txt"
    rows = {n: fields for n, fields in raw.records}
    with open(csv_path, "w", encoding=raw.encoding, errors="replace", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(raw.header)
        for n in sorted(bad):
            w.writerow(rows.get(n, []))
    problems = [p for n in sorted(bad) for p in bad[n]]
    with open(report_path, "w", encoding="utf-8") as fh:
        fh.write(f"{raw.name}: {len(bad)} bad row(s) not loaded, written to {csv_path.name}\n"
                 "(row numbers count data rows of the original file, from 1)\n\n")
        for p in problems:
            fh.write(f"{p}\n")
    return csv_path, report_path
