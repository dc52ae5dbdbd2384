"""Write GIAS files in the exact raw download layouts into a test's tmp dir.

The project never commits register data, so tests build their own raw files: Windows-1252,
every text field quoted and numbers bare (as GIAS writes them), CRLF line ends, dd/mm/yyyy or
dd-mm-yyyy dates, Companies House numbers as text (some 7 digits). `scenario()` writes one
small consistent register (two English authorities plus a Welsh and a London one) in all five
layouts; `corrupt()` copies a file with one fault, for the bad-row tests.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

# edubasealldata: 140 columns, in GIAS order.
ESTABLISHMENT_COLUMNS = (
    "URN,LA (code),LA (name),EstablishmentNumber,EstablishmentName,TypeOfEstablishment (code),"
    "TypeOfEstablishment (name),EstablishmentTypeGroup (code),EstablishmentTypeGroup (name),"
    "EstablishmentStatus (code),EstablishmentStatus (name),ReasonEstablishmentOpened (code),"
    "ReasonEstablishmentOpened (name),OpenDate,ReasonEstablishmentClosed (code),"
    "ReasonEstablishmentClosed (name),CloseDate,PhaseOfEducation (code),PhaseOfEducation (name),"
    "StatutoryLowAge,StatutoryHighAge,Boarders (code),Boarders (name),NurseryProvision (name),"
    "OfficialSixthForm (code),OfficialSixthForm (name),Gender (code),Gender (name),"
    "ReligiousCharacter (code),ReligiousCharacter (name),ReligiousEthos (name),Diocese (code),"
    "Diocese (name),AdmissionsPolicy (code),AdmissionsPolicy (name),SchoolCapacity,"
    "SpecialClasses (code),SpecialClasses (name),CensusDate,NumberOfPupils,NumberOfBoys,"
    "NumberOfGirls,PercentageFSM,TrustSchoolFlag (code),TrustSchoolFlag (name),Trusts (code),"
    "Trusts (name),SchoolSponsorFlag (name),SchoolSponsors (name),FederationFlag (name),"
    "Federations (code),Federations (name),UKPRN,FEHEIdentifier,FurtherEducationType (name),"
    "OfstedLastInsp,OfstedSpecialMeasures (code),OfstedSpecialMeasures (name),LastChangedDate,"
    "Street,Locality,Address3,Town,County (name),Postcode,SchoolWebsite,TelephoneNum,"
    "HeadTitle (name),HeadFirstName,HeadLastName,HeadPreferredJobTitle,"
    "BSOInspectorateName (name),InspectorateReport,DateOfLastInspectionVisit,NextInspectionVisit,"
    "TeenMoth (name),TeenMothPlaces,CCF (name),SENPRU (name),EBD (name),PlacesPRU,FTProv (name),"
    "EdByOther (name),Section41Approved (name),SEN1 (name),SEN2 (name),SEN3 (name),SEN4 (name),"
    "SEN5 (name),SEN6 (name),SEN7 (name),SEN8 (name),SEN9 (name),SEN10 (name),SEN11 (name),"
    "SEN12 (name),SEN13 (name),TypeOfResourcedProvision (name),ResourcedProvisionOnRoll,"
    "ResourcedProvisionCapacity,SenUnitOnRoll,SenUnitCapacity,GOR (code),GOR (name),"
    "DistrictAdministrative (code),DistrictAdministrative (name),AdministrativeWard (code),"
    "AdministrativeWard (name),ParliamentaryConstituency (code),"
    "ParliamentaryConstituency (name),UrbanRural (code),UrbanRural (name),GSSLACode (name),"
    "Easting,Northing,MSOA (name),LSOA (name),InspectorateName (name),SENStat,SENNoStat,"
    "BoardingEstablishment (name),PropsName,PreviousLA (code),PreviousLA (name),"
    "PreviousEstablishmentNumber,OfstedRating (name),RSCRegion (name),Country (name),UPRN,"
    "SiteName,QABName (code),QABName (name),EstablishmentAccredited (code),"
    "EstablishmentAccredited (name),QABReport,CHNumber,MSOA (code),LSOA (code),FSM,"
    "AccreditationExpiryDate").split(",")
GROUP_COLUMNS = (
    "Group UID,Group ID,Group Name,Companies House Number,Group Type (code),Group Type,"
    "Closed Date,Open date,Incorporated on (open date),Group Status (code),Group Status,"
    "Group Street,Group Locality,Group Address 3,Group Town,Group County,Group Postcode,"
    "Head of Group Title,Head of Group First Name,Head of Group Last Name,UKPRN").split(",")
GROUP_LINK_COLUMNS = (
    "URN,Group UID,Group ID,Group Name,Companies House Number,Group Type (code),Group Type,"
    "Closed Date,Open date,Incorporated on (open date),Group Status (code),Group Status,"
    "Joined date,EstablishmentName,TypeOfEstablishment (code),TypeOfEstablishment (name),"
    "PhaseOfEducation (code),PhaseOfEducation (name),LA (code),LA (name)").split(",")
LINK_COLUMNS = "URN,LinkURN,LinkName,LinkType,LinkEstablishedDate".split(",")
GOVERNANCE_COLUMNS = (
    "GID,URN,UID,Companies House Number,Role,Title,Forename 1,Forename 2,Surname,"
    "Date of appointment,Date term of office ends/ended,Appointing body").split(",")
COLUMNS = {"establishments": ESTABLISHMENT_COLUMNS, "groups": GROUP_COLUMNS,
           "group_links": GROUP_LINK_COLUMNS, "links": LINK_COLUMNS,
           "governance": GOVERNANCE_COLUMNS}
FILE_NAMES = {"establishments": "edubasealldata{d}.csv", "groups": "allgroupsdata{d}.csv",
              "group_links": "alllinksdata{d}.csv", "links": "links_edubasealldata{d}.csv",
              "governance": "governancedata{d}.csv"}

ACCENTED = "St Mary's Cofe Primary \u2013 Ashby-de-la-Zouch"   # en dash: 0x96 in cp1252
WELSH = "Ysgol Gymraeg Pont Si\u00f4n Norton"
FRENCH = "Ecole Fran\u00e7aise Jacques Pr\u00e9vert"

ESTABLISHMENTS = [
    {"URN": 100001, "LA (code)": "855", "LA (name)": "Leicestershire",
     "EstablishmentName": ACCENTED,
     "TypeOfEstablishment (name)": "Academy converter",
     "EstablishmentTypeGroup (name)": "Academies", "EstablishmentStatus (name)": "Open",
     "OpenDate": "01/09/2012", "PhaseOfEducation (name)": "Primary", "HeadTitle (name)": "Mrs",
     "HeadPreferredJobTitle": "Headteacher",
     "DistrictAdministrative (name)": "North West Leicestershire",
     "AdministrativeWard (name)": "Ashby Castle",
     "ParliamentaryConstituency (name)": "North West Leicestershire",
     "Easting": 436000, "Northing": 316500},
    {"URN": 100002, "LA (code)": "674", "LA (name)": "Rhondda Cynon Taf",
     "EstablishmentName": WELSH,
     "TypeOfEstablishment (name)": "Welsh establishment",
     "EstablishmentTypeGroup (name)": "Welsh schools", "EstablishmentStatus (name)": "Open",
     "OpenDate": "", "PhaseOfEducation (name)": "Not applicable"},
    {"URN": 100003, "LA (code)": "205", "LA (name)": "Hammersmith and Fulham",
     "EstablishmentName": FRENCH, "TypeOfEstablishment (name)": "Other independent school",
     "EstablishmentTypeGroup (name)": "Independent schools", "EstablishmentStatus (name)": "Open",
     "OpenDate": "01-09-1974", "PhaseOfEducation (name)": "Primary"},
    {"URN": 100004, "LA (code)": "855", "LA (name)": "Leicestershire",
     "EstablishmentName": "Ashby Hill Top Primary School",
     "TypeOfEstablishment (name)": "Community school",
     "EstablishmentTypeGroup (name)": "Local authority maintained schools",
     "EstablishmentStatus (name)": "Closed", "OpenDate": "01/01/1900",
     "CloseDate": "31-08-2020", "PhaseOfEducation (name)": "Primary"},
    {"URN": 100005, "LA (code)": "919", "LA (name)": "Hertfordshire",
     "EstablishmentName": "Hertford Federation Infant School",
     "TypeOfEstablishment (name)": "Community school",
     "EstablishmentTypeGroup (name)": "Local authority maintained schools",
     "EstablishmentStatus (name)": "Open", "PhaseOfEducation (name)": "Primary"},
    {"URN": 100006, "LA (code)": "919", "LA (name)": "Hertfordshire",
     "EstablishmentName": "Hertford Federation Junior School",
     "TypeOfEstablishment (name)": "Community school",
     "EstablishmentTypeGroup (name)": "Local authority maintained schools",
     "EstablishmentStatus (name)": "Open", "PhaseOfEducation (name)": "Primary"},
]

GROUPS = [
    {"Group UID": 3001, "Group Name": "ASHBY LEARNING TRUST", "Companies House Number": "7654321",
     "Group Type": "Multi-academy trust", "Open date": "01/09/2012", "Group Status": "Open",
     "Incorporated on (open date)": "15-06-2012"},
    {"Group UID": 3002, "Group Name": "Ashby Learning Trust", "Group Type": "School sponsor",
     "Group Status": "Open"},
    {"Group UID": 3003, "Group Name": "Hertford Schools Federation", "Group Type": "Federation",
     "Open date": "01-09-2015", "Group Status": "Open"},
    {"Group UID": 3004, "Group Name": "Pr\u00e9vert Umbrella Trust", "Group Type": "Umbrella trust",
     "Group Status": "Open", "Companies House Number": "01234567"},
    {"Group UID": 3005, "Group Name": "Leicestershire Children's Centres Collaboration",
     "Group Type": "Children's Centres Collaboration", "Group Status": "Closed",
     "Closed Date": "31/03/2019", "Open date": "01/04/2012"},
    {"Group UID": 3006, "Group Name": "Kirk Foundation Trust", "Group Type": "Trust",
     "Companies House Number": "SC012345", "Group Status": "Open"},
    {"Group UID": 3007, "Group Name": "Proposed Academy Trust",
     "Group Type": "Single-academy trust",
     "Group Status": "Proposed to open"},
]
_GROUP = {g["Group UID"]: g for g in GROUPS}


def group_link(urn: int, uid: int, joined: str, school: str, la: tuple[str, str],
               type_: str = "Academy converter", phase: str = "Primary") -> dict:
    g = _GROUP[uid]
    return {"URN": urn, "Group UID": uid, "Group Name": g["Group Name"],
            "Companies House Number": g.get("Companies House Number", ""),
            "Group Type": g["Group Type"], "Group Status": g["Group Status"],
            "Open date": g.get("Open date", ""), "Closed Date": g.get("Closed Date", ""),
            "Joined date": joined, "EstablishmentName": school,
            "TypeOfEstablishment (name)": type_, "PhaseOfEducation (name)": phase,
            "LA (code)": la[0], "LA (name)": la[1]}


LEICS, HERTS, HF = ("855", "Leicestershire"), ("919", "Hertfordshire"), \
    ("205", "Hammersmith and Fulham")
GROUP_LINKS = [
    group_link(100001, 3001, "01/09/2012", ACCENTED, LEICS),
    group_link(100001, 3002, "01/09/2012", ACCENTED, LEICS),
    group_link(100004, 3001, "01-04-2015", "Ashby Hill Top Primary School", LEICS,
               "Community school"),
    group_link(100005, 3003, "01/09/2015", "Hertford Federation Infant School", HERTS,
               "Community school"),
    group_link(100006, 3003, "01/09/2015", "Hertford Federation Junior School", HERTS,
               "Community school"),
    group_link(100003, 3004, "", FRENCH, HF, "Other independent school"),
    group_link(200001, 3005, "01/04/2012", "Ashby Children's Centre", LEICS,
               "Children's centre", "Not applicable"),
]

LINKS = [
    {"URN": 100004, "LinkURN": 100001, "LinkName": ACCENTED, "LinkType": "Successor",
     "LinkEstablishedDate": "01/09/2020"},
    {"URN": 100001, "LinkURN": 100004, "LinkName": "Ashby Hill Top Primary School",
     "LinkType": "Predecessor", "LinkEstablishedDate": "01-09-2020"},
    {"URN": 100002, "LinkURN": 999999, "LinkName": "Ysgol Gymraeg Newydd",
     "LinkType": "Successor", "LinkEstablishedDate": ""},
]


def seat(gid, role, appointing, *, urn="", uid="", name=("Mx", "Alex", "", "Smith"),
         start="01/09/2021", end="31-08-2025", chn=""):
    return {"GID": gid, "URN": urn, "UID": uid, "Companies House Number": chn, "Role": role,
            "Title": name[0], "Forename 1": name[1], "Forename 2": name[2], "Surname": name[3],
            "Date of appointment": start, "Date term of office ends/ended": end,
            "Appointing body": appointing}


# (GID, expected constituency, voting, appointment) alongside each row, for the tests.
GOVERNANCE = [
    (seat(1, "Governor", "Ex-officio by virtue of office as headteacher/principal", urn=100001,
          name=("Mrs", "Ren\u00e9e", "", "O'Brien")), "headteacher", True, "ex_officio_head"),
    (seat(2, "Governor", "Elected by school staff", urn=100001), "staff", True, "elected_staff"),
    (seat(3, "Chair of Governors", "Elected by parents", urn=100001), "governor", True,
     "elected_parent"),
    (seat(4, "Governor", "Appointed by LA", urn=100001), "governor", True, "la_appointed"),
    (seat(5, "Governance Professional to a Local Governing Body", "N/A", urn=100001),
     "officer", False, "other"),
    (seat(6, "Trustee", "Appointed by academy members", uid=3001, chn="7654321"), "governor",
     True, "members_appointed"),
    (seat(7, "Member", "Original (signatory) members", uid=3001, chn="7654321"), "governor",
     True, "other"),
    (seat(8, "Accounting Officer", "N/A", uid=3001, chn="7654321"), "officer", False, "other"),
    (seat(9, "Chief Financial Officer", "N/A", uid=3001, chn="7654321"), "officer", False,
     "other"),
    (seat(10, "Governor", "Appointed by foundation/Trust", urn=100005), "governor", True,
     "foundation_or_trust_appointed"),
    (seat(11, "Chair of Trustees", "Appointed by GB/board", uid=3003), "governor", True,
     "co_opted"),
    (seat(12, "Governor", "Parent appointed by GB/board due to no election candidates",
          urn=100002), "governor", True, "elected_parent"),
]

ROWS = {"establishments": ESTABLISHMENTS, "groups": GROUPS, "group_links": GROUP_LINKS,
        "links": LINKS, "governance": [g[0] for g in GOVERNANCE]}


def render(columns, rows) -> str:
    """GIAS CSV text: text quoted, numbers bare, CRLF."""
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([r.get(c, "") for c in columns])
    return buf.getvalue()


def write_raw(folder: Path, kind: str, rows=None, *, date: str = "20240129",
              name: str | None = None, encoding: str = "cp1252", bom: bool = False) -> Path:
    """One file of `kind` in its raw layout (default rows: the scenario's)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or FILE_NAMES[kind].format(d=date))
    text = render(COLUMNS[kind], ROWS[kind] if rows is None else rows)
    data = text.encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def scenario(folder: Path, date: str = "20240129", kinds=None) -> dict[str, Path]:
    """The whole small register, one raw file per kind."""
    return {k: write_raw(folder, k, date=date) for k in (kinds or COLUMNS)}


def corrupt(src: Path, dest: Path, *, drop_column: str | None = None,
            set_value: tuple[int, str, str] | None = None, duplicate_row: int | None = None,
            extra_field_row: int | None = None) -> Path:
    """Copy src (same name) into folder dest with one fault; rows count from 1."""
    raw = src.read_bytes()
    text = raw.decode("cp1252")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, data = rows[0], rows[1:]
    if drop_column is not None:
        i = header.index(drop_column)
        header = header[:i] + header[i + 1:]
        data = [r[:i] + r[i + 1:] for r in data]
    if set_value is not None:
        n, column, value = set_value
        data[n - 1][header.index(column)] = value
    if duplicate_row is not None:
        data.append(list(data[duplicate_row - 1]))
    if extra_field_row is not None:
        data[extra_field_row - 1] = data[extra_field_row - 1] + ["surplus"]
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(data)
    dest.mkdir(parents=True, exist_ok=True)
    out = dest / src.name
    out.write_bytes(buf.getvalue().encode("cp1252"))
    return out
