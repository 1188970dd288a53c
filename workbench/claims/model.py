"""Claims and incidents as plain records, and the checks every claim passes before it is stored.

A claim is a span [start, end) of one segment's raw text (Arabic or English) that someone
(the claimant, reported by an outlet) asserts. Its actors are a flat list: the model records
who is named, never who did what to whom. Checks raise one clear line (InvalidValue,
NotFound) before anything is written.

Its date is `date` (the day, or the start), `date_end` (the end of a week, month, year or
range; empty for a day) and `date_precision`; its place is `place` (the text), `place_id`
(the gazetteer row), coordinates, `admin1`–`admin3`, `place_note` and `place_precision`.
`resolve` fills what the user did not give; `dates` and `places` say how.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date as Date

from sqlite_utils import Database

from workbench.errors import InvalidValue, NotFound

from .dates import numeric_date

STATUSES = ("unverified", "corroborated", "disputed", "false")
# How fine a claim's place is: the place itself (a town, village, camp, prison), the
# sub-district (nahiya) or district (mintaqa) it names, its governorate, or not resolved to the
# gazetteer (the place text is kept). The events export maps them to ACLED's geo_precision.
PLACE_PRECISIONS = ("place", "subdistrict", "district", "governorate", "unknown")
# Values of workbench 0.3 and earlier, still read (databases and merges hold them).
LEGACY_PLACE_PRECISIONS = {"site": "place", "locality": "place", "region": "governorate",
                           "country": "unknown"}
# How fine a claim's date is; `dates` says how each is read from the text. week, month, year
# and range have an end (date_end); a day has none; unknown has no date.
DATE_PRECISIONS = ("day", "week", "month", "year", "range", "unknown")
LEGACY_DATE_PRECISIONS = {"approximate": ""}      # derived again from the date as written
_DATE_RE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")   # whole value
_TYPE_NAME_RE = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
_JSON_FIELDS = ("actors", "quantities")


@dataclass
class Claim:
    segment_id: int
    start: int
    end: int
    claim_type: str
    content: str = ""
    translation: str | None = None
    claimant: str = ""
    claimant_role: str = ""
    claimant_org: str = ""
    outlet: str = ""
    cue: str = ""
    cue_start: int | None = None
    cue_end: int | None = None
    actors: list[dict] = field(default_factory=list)
    place: str = ""
    place_precision: str = ""
    date: str = ""
    date_precision: str = ""
    date_end: str = ""
    place_id: str = ""           # the gazetteer row (glossary/gazetteer.tsv), "" if none
    latitude: float | None = None
    longitude: float | None = None
    admin1: str = ""             # governorate, district, sub-district (English names)
    admin2: str = ""
    admin3: str = ""
    place_note: str = ""         # the part meant: "eastern countryside"
    quantities: list[dict] = field(default_factory=list)
    status: str = "unverified"
    status_note: str = ""
    incident_id: int | None = None
    annotator: str = ""
    created_at: str = ""
    updated_at: str = ""
    id: int | None = None

    @classmethod
    def from_row(cls, row: dict) -> "Claim":
        values = {f.name: row[f.name] for f in fields(cls) if f.name in row}
        for name in _JSON_FIELDS:
            if isinstance(values.get(name), str):
                values[name] = json.loads(values[name])
        return cls(**values)

    def to_row(self) -> dict:
        """The claims-table row (JSON columns as text, no id)."""
        row = asdict(self)
        row.pop("id")
        for name in _JSON_FIELDS:
            row[name] = json.dumps(row[name], ensure_ascii=False)
        return row

    def to_dict(self) -> dict:
        return asdict(self)

    def figures(self) -> list[str]:
        """The quantities as their surface text, for one-line displays."""
        return [q.get("raw", "") for q in self.quantities]


@dataclass
class Incident:
    title: str
    date: str | None = None
    place: str | None = None
    note: str = ""
    created_by: str = ""
    created_at: str = ""
    id: int | None = None

    @classmethod
    def from_row(cls, row: dict) -> "Incident":
        return cls(**{f.name: row[f.name] for f in fields(cls) if f.name in row})

    def to_dict(self) -> dict:
        return asdict(self)


def ascii_digits(value: str) -> str:
    """`value` with every decimal digit as its ASCII one: «٢٠٢٤-٠٦» -> '2024-06'."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c
                   for c in value)


def normalize_date(value: str | None) -> str:
    """A date as it is stored: stripped, its digits ASCII ('' for none), D/M/YYYY turned
    round to YYYY-MM-DD. Arabic-Indic digits are how Arabic sources write dates, and a stored
    date must compare and sort as one. A day that does not exist (31/2/2025) is refused."""
    return numeric_date(ascii_digits((value or "").strip()))


def date_precision_of(value: str) -> str:
    """'2025-06-13' -> day, '2025-06' -> month, '2025' -> year; InvalidValue for anything else
    (the date as stored: see normalize_date)."""
    m = _DATE_RE.fullmatch(value)
    if not m:
        raise InvalidValue(f"date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        Date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise InvalidValue(f"date {value!r}: no such date") from None
    return "day" if day else "month" if month else "year"


def _check_date(value: str, precision: str, end: str = "") -> tuple[str, str]:
    """The precision and end to store for `value` (a normalized date): the given precision if
    the date is fine enough for it; an end only for a span (week, month, year, range), a full
    day not before the start."""
    precision = LEGACY_DATE_PRECISIONS.get(precision, precision)
    if precision and precision not in DATE_PRECISIONS:
        raise InvalidValue(f"date precision {precision!r}: unknown (use {', '.join(DATE_PRECISIONS)})")
    if not value:
        if end:
            raise InvalidValue(f"date end {end!r} given without a date")
        if precision not in ("", "unknown"):
            raise InvalidValue(f"date precision {precision!r} given without a date")
        return precision, ""
    written = date_precision_of(value)
    finest = {"day": 3, "week": 3, "range": 3, "month": 2, "year": 1, "unknown": 0}
    if precision and finest[precision] > finest[written]:
        raise InvalidValue(f"date {value!r} is too coarse for precision {precision!r}")
    precision = precision or ("range" if end else written)
    if end:
        if date_precision_of(end) != "day":
            raise InvalidValue(f"date end {end!r}: use YYYY-MM-DD")
        if end < value:
            raise InvalidValue(f"date end {end!r} is before the date {value!r}")
        if precision == "day":
            if end != value:
                raise InvalidValue(f"date end {end!r} given for a single day (precision day)")
            end = ""
    elif precision == "range":
        raise InvalidValue(f"date {value!r}: a range needs its end (date_end)")
    return precision, end


def check_one_line(what: str, value: str) -> str:
    """`value`, refused when it is not one line of text: a line break or another control
    character (tab, escape) would break every one-line listing it appears in."""
    for c in value:
        if unicodedata.category(c) in ("Cc", "Zl", "Zp"):
            raise InvalidValue(f"{what}: must be one line without control characters "
                               f"(it holds U+{ord(c):04X})")
    return value


def check_status(status: str) -> None:
    if status not in STATUSES:
        raise InvalidValue(f"status {status!r}: unknown (use {', '.join(STATUSES)})")


def check_type_name(name: str) -> None:
    if not _TYPE_NAME_RE.match(name or ""):
        raise InvalidValue(f"claim type name {name!r}: use lowercase letters, digits, - or _ "
                           "(starting with a letter, at most 40)")


def claim_types(db: Database) -> list[dict]:
    """Every claim type ({name, label}) in the one order the CLI, the UI and messages show:
    the order they were added, so the built-in ones come first, as migration 4 lists them."""
    return [dict(r) for r in db.query("SELECT name, label FROM claim_types ORDER BY rowid")]


def claim_type_names(db: Database) -> list[str]:
    return [t["name"] for t in claim_types(db)]


def check_claim_type(db: Database, name: str, known: Collection[str] | None = None) -> None:
    known = claim_type_names(db) if known is None else known
    if name not in known:
        raise InvalidValue(f"claim type {name!r}: unknown (known: {', '.join(known)}; "
                           "add one with `workbench claims types --add NAME --label LABEL`)")


def check_incident(db: Database, incident_id: int | None,
                   known: Collection[int] | None = None) -> None:
    if incident_id is None:
        return
    if incident_id not in known if known is not None else not db.execute(
            "SELECT 1 FROM incidents WHERE id = ?", [incident_id]).fetchone():
        raise NotFound(f"incident {incident_id}: no such incident")


def _check_span(what: str, start, end, segment_id: int, length: int) -> None:
    if not (isinstance(start, int) and isinstance(end, int)):
        raise InvalidValue(f"{what} {start}:{end}: start and end must be whole numbers")
    if end == start:
        raise InvalidValue(f"{what} {start}:{end} is empty (the end is exclusive: a span of "
                           f"one character is {start}:{start + 1})")
    if end < start:
        raise InvalidValue(f"{what} {start}:{end} ends before it starts")
    if not 0 <= start < end <= length:
        raise InvalidValue(f"{what} {start}:{end} is outside segment {segment_id} "
                           f"(its text spans 0:{length})")


def _check_actors(db: Database, actors) -> list[dict]:
    if not isinstance(actors, list):
        raise InvalidValue("actors: expected a list")
    out = []
    for actor in actors:
        if not isinstance(actor, dict) or not str(actor.get("name") or "").strip():
            raise InvalidValue(f"actor {actor!r}: needs a name")
        term_id = actor.get("term_id")
        if term_id is not None and not db.execute("SELECT 1 FROM terms WHERE id = ?",
                                                  [term_id]).fetchone():
            raise InvalidValue(f"actor {actor['name']!r}: glossary entry {term_id!r} does not exist")
        out.append({**actor, "name": str(actor["name"]).strip(), "term_id": term_id})
    return out


def _check_quantities(quantities) -> list[dict]:
    if not isinstance(quantities, list):
        raise InvalidValue("quantities: expected a list")
    for q in quantities:
        if not isinstance(q, dict) or not isinstance(q.get("raw"), str):
            raise InvalidValue(f"quantity {q!r}: needs its surface text (raw)")
        for key in ("value", "min", "max"):
            if q.get(key) is not None and not isinstance(q[key], (int, float)):
                raise InvalidValue(f"quantity {q['raw']!r}: {key} {q[key]!r} is not a number")
    return quantities


def validate_claim(db: Database, claim: Claim, raw: str | None = None,
                   types: Collection[str] | None = None,
                   incidents: Collection[int] | None = None) -> Claim:
    """The claim with its content and cue read from the segment, or one clear error.

    A caller checking many claims (a merge) passes what it has read once: the segment's
    `raw` text, the claim type names and the incident ids."""
    if raw is None:
        row = db.execute("SELECT raw FROM segments WHERE id = ?", [claim.segment_id]).fetchone()
        if row is None:
            raise NotFound(f"segment {claim.segment_id}: no such segment")
        raw = row[0]
    _check_span("claim span", claim.start, claim.end, claim.segment_id, len(raw))
    cue = claim.cue
    if claim.cue_start is not None or claim.cue_end is not None:
        _check_span("cue span", claim.cue_start, claim.cue_end, claim.segment_id, len(raw))
        cue = raw[claim.cue_start:claim.cue_end]
    check_claim_type(db, claim.claim_type, types)
    check_status(claim.status)
    check_incident(db, claim.incident_id, incidents)
    place_precision = LEGACY_PLACE_PRECISIONS.get(claim.place_precision, claim.place_precision)
    if place_precision and place_precision not in PLACE_PRECISIONS:
        raise InvalidValue(f"place precision {claim.place_precision!r}: unknown "
                           f"(use {', '.join(PLACE_PRECISIONS)})")
    if place_precision not in ("", "unknown") and not claim.place.strip():
        raise InvalidValue(f"place precision {claim.place_precision!r} given without a place")
    _check_coordinates(claim.latitude, claim.longitude)
    date = normalize_date(claim.date)
    date_precision, date_end = _check_date(date, claim.date_precision,
                                           normalize_date(claim.date_end))
    return replace(claim, content=raw[claim.start:claim.end], cue=cue, place=claim.place.strip(),
                   place_precision=place_precision, date=date, date_precision=date_precision,
                   date_end=date_end, actors=_check_actors(db, claim.actors),
                   quantities=_check_quantities(claim.quantities))


def _check_coordinates(latitude, longitude) -> None:
    if (latitude is None) != (longitude is None):
        raise InvalidValue("coordinates: give both latitude and longitude, or neither")
    if latitude is None:
        return
    for name, value, limit in (("latitude", latitude, 90), ("longitude", longitude, 180)):
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not -limit <= value <= limit:
            raise InvalidValue(f"{name} {value!r}: must be a number from {-limit} to {limit}")


def validate_incident(incident: Incident) -> Incident:
    """The incident as stored, or one clear error. Its title and place are one line each:
    they head the incident in every listing (the note may run to several)."""
    title = check_one_line("incident title", (incident.title or "").strip())
    if not title:
        raise InvalidValue("incident title: must not be empty")
    place = check_one_line("incident place", (incident.place or "").strip())
    date = normalize_date(incident.date)
    if date:
        date_precision_of(date)
    return replace(incident, title=title, date=date or None, place=place or None)
