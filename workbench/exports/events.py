"""Incidents as event data, in the shape of ACLED's codebook: one row per incident.

- `acled`: ACLED's columns, values exactly as stored, quoted only where needed, as ACLED's
  own files are (for tools that load ACLED data);
- `csv`: the same columns through the workbench's one CSV policy (`workbench.csvfile`:
  formula cells guarded, every cell quoted, optional byte-order mark), for spreadsheets;
- `jsonl`: per incident, the ACLED row, the incident, every claim with its English, and every
  figure by source.

How each column is filled (the README has the table of types):

- event_type and sub_event_type come from the incident's claim types (`EVENT_TYPES`; the most
  violent type among its claims decides), refined for violence by the glossary's event terms
  the claims name (an IED, clashes, an ambush, an assassination);
- event_date is the finest date any claim gives: a day (time_precision 1); the middle of a
  week or of a range of up to a week (2); the middle of a month or longer (3). Claims
  without a date of their own are dated by their report (2);
- actor1 and actor2 are the actors named most often (one actor per glossary actor, so قسد
  and SDF count together), further ones go to assoc_actor_1;
- the place is the finest any claim resolved: geo_precision 1 for a place, 2 for a district,
  a sub-district or a governorate's countryside, 3 for a governorate; a place not in the
  gazetteer keeps its text and gets no coordinates and no geo_precision;
- fatalities: ACLED's conservative rule. Each outlet's count of the killed is the highest it
  gives; the incident's is the lowest of those. The notes name the rule and give every
  outlet's figure: figures are never averaged.
- notes are English: each claim's segment as `mt.english` has it (post-edit, 100% match,
  MT); an English report's own words; an Arabic claim not translated yet says so.
"""

from __future__ import annotations

import csv
import json
from datetime import date as Date
from functools import lru_cache
from typing import Callable, Iterator, TextIO

from sqlite_utils import Database

from workbench import arabic
from workbench.claims.actors import ActorIndex
from workbench.claims.incident_suggest import date_span, load_actors
from workbench.corpus.export import dump_jsonl
from workbench.csvfile import SPREADSHEET, Policy, Writer
from workbench.mt.english import english_of

COUNTRY, PREFIX = "Syria", "SYR-WB"
COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "actor2", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities"]

VIOLENCE, STRATEGIC = "Political violence", "Strategic developments"
# claim type -> (disorder_type, event_type, sub_event_type), most violent first
EVENT_TYPES: dict[str, tuple[str, str, str]] = {
    "attack": (VIOLENCE, "Battles", "Armed clash"),
    "casualties": (VIOLENCE, "Battles", "Armed clash"),
    "arrest": (STRATEGIC, STRATEGIC, "Arrests"),
    "control": (STRATEGIC, STRATEGIC, "Non-violent transfer of territory"),
    "operation": (STRATEGIC, STRATEGIC, "Other"),
    "agreement": (STRATEGIC, STRATEGIC, "Agreement"),
    "accusation": (STRATEGIC, STRATEGIC, "Other"),
    "demand": (STRATEGIC, STRATEGIC, "Other"),
    "other": (STRATEGIC, STRATEGIC, "Other"),
}
# glossary event terms that say what kind of violence it was
VIOLENCE_TERMS: dict[str, tuple[str, str, str]] = {
    "ied": (VIOLENCE, "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "assassination": (VIOLENCE, "Violence against civilians", "Attack"),
    "ambush": (VIOLENCE, "Battles", "Armed clash"),
    "clashes": (VIOLENCE, "Battles", "Armed clash"),
}
SOURCE_SCALE = "Other"       # outlets are not classified by reach (yet)
GEO_PRECISION = {"place": 1, "subdistrict": 2, "district": 2, "governorate": 3}
TIME_ORDER = {"day": 0, "week": 1, "range": 2, "month": 3, "year": 4}
WOUNDED = "جرحى جريح جريحا جرحي مصاب مصابين مصابون إصابة إصابات wounded injured injuries hurt"
FATALITY_RULE = "the lowest figure any source gives (ACLED's conservative rule)"


def _claims(db: Database) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for row in db.query(
            "SELECT c.*, s.language, d.published, d.title AS document_title FROM claims c "
            "JOIN segments s ON s.id = c.segment_id JOIN documents d ON d.id = s.document_id "
            "WHERE c.incident_id IS NOT NULL ORDER BY c.incident_id, c.id"):
        row["actors"] = json.loads(row["actors"] or "[]")
        row["quantities"] = json.loads(row["quantities"] or "[]")
        out.setdefault(row["incident_id"], []).append(row)
    return out


def _middle(first: int, last: int) -> Date:
    return Date.fromordinal((first + last) // 2)


def event_date(claims: list[dict], incident: dict) -> tuple[str, int | None, str]:
    """(event_date, time_precision, how) from the finest date the claims give."""
    dated = sorted((c for c in claims if c.get("date")),
                   key=lambda c: (TIME_ORDER.get(c.get("date_precision"), 5), c["date"]))
    for claim in dated:
        span = date_span(claim["date"], claim.get("date_end") or "",
                         claim.get("date_precision") or "", None)
        if span is None:
            continue
        first, last, how = span
        days = last - first + 1
        precision = 1 if days == 1 else 2 if days <= 7 else 3
        return _middle(first, last).isoformat(), precision, f"claim {claim['id']}: {how}"
    span = date_span(incident.get("date") or "", "", "", None)
    if span is not None:
        days = span[1] - span[0] + 1
        return (_middle(span[0], span[1]).isoformat(), 1 if days == 1 else 2 if days <= 7 else 3,
                "the incident's date")
    published = sorted(c["published"][:10] for c in claims if c.get("published"))
    if published:
        return published[0], 2, "dated by its first report"
    return "", None, "no date"


def event_type(claims: list[dict], glossary) -> tuple[str, str, str]:
    order = list(EVENT_TYPES)
    types = sorted({c["claim_type"] for c in claims},
                   key=lambda t: order.index(t) if t in order else len(order))
    chosen = EVENT_TYPES.get(types[0], EVENT_TYPES["other"]) if types else EVENT_TYPES["other"]
    if chosen[0] == VIOLENCE and glossary is not None:
        for claim in claims:
            for hit in glossary.find(claim["content"] or ""):
                if hit.term_id in VIOLENCE_TERMS:
                    return VIOLENCE_TERMS[hit.term_id]
            for hit in glossary.find_en(claim["content"] or "") if claim["language"] != "ar" else ():
                if hit.term_id in VIOLENCE_TERMS:
                    return VIOLENCE_TERMS[hit.term_id]
    return chosen


def event_actors(claims: list[dict], actors: ActorIndex) -> tuple[str, str, str]:
    counts: dict[str, list] = {}
    for n, claim in enumerate(claims):
        for actor in actors.of_claim(claim["actors"], claim["content"] or "", claim["language"]):
            entry = counts.setdefault(actor.id, [0, n, actor.name])
            entry[0] += 1
    named = [name for _, _, name in sorted(counts.values(), key=lambda e: (-e[0], e[1]))]
    return (named[0] if named else "", "; ".join(named[2:]), named[1] if len(named) > 1 else "")


def event_place(claims: list[dict], incident: dict) -> dict:
    placed = sorted((c for c in claims if c.get("place")), key=lambda c: (
        GEO_PRECISION.get(c.get("place_precision") or "", 9), not c["place"].isascii(), c["id"]))
    if not placed:
        return {"location": incident.get("place") or "", "geo_precision": ""}
    best = placed[0]
    geo = GEO_PRECISION.get(best.get("place_precision") or "")
    if geo == 3 and best.get("place_note"):
        geo = 2                                   # a governorate's countryside
    resolved = geo is not None
    return {"admin1": best.get("admin1") or "", "admin2": best.get("admin2") or "",
            "admin3": best.get("admin3") or "", "location": best["place"],
            "latitude": best.get("latitude") if resolved else None,
            "longitude": best.get("longitude") if resolved else None,
            "geo_precision": geo if resolved else ""}


@lru_cache(maxsize=1)
def _wounded_words() -> frozenset[str]:
    return frozenset(arabic.normalize(w).casefold() for w in WOUNDED.split())


def _is_wounded(q: dict) -> bool:
    """A figure of the wounded (not fatalities): «5 جرحى», "3 injured"."""
    text = arabic.normalize(f"{q.get('noun') or ''} {q.get('raw') or ''}").casefold()
    return not _wounded_words().isdisjoint(text.split())


def figures_by_source(claims: list[dict]) -> dict[str, list[dict]]:
    """Every figure of the incident's claims, by outlet."""
    out: dict[str, list[dict]] = {}
    for claim in claims:
        for q in claim["quantities"]:
            low = next((q[k] for k in ("min", "value", "max")
                        if isinstance(q.get(k), (int, float))), None)
            high = next((q[k] for k in ("max", "value", "min")
                         if isinstance(q.get(k), (int, float))), None)
            out.setdefault(claim["outlet"] or "(no outlet)", []).append({
                "claim_id": claim["id"], "kind": q.get("event") or claim["claim_type"],
                "raw": q.get("raw"), "low": low, "high": high,
                "qualifier": q.get("qualifier"), "wounded": _is_wounded(q)})
    return out


def fatalities(by_source: dict[str, list[dict]]) -> tuple[int, str]:
    """The conservative count and the sentence saying how it was chosen and from what."""
    per_outlet: dict[str, tuple[float, str]] = {}
    for outlet, figures in by_source.items():
        killed = [f for f in figures if f["kind"] == "casualties" and not f["wounded"]
                  and f["low"] is not None]
        if killed:
            top = max(killed, key=lambda f: f["low"])
            per_outlet[outlet] = (top["low"], top["raw"])
    if not per_outlet:
        return 0, "Fatalities: no source gives a figure."
    value = int(min(v for v, _ in per_outlet.values()))
    told = "; ".join(f"{outlet}: {int(v) if float(v).is_integer() else v} («{raw}»)"
                     for outlet, (v, raw) in per_outlet.items())
    return value, f"Fatalities: {value}, {FATALITY_RULE}. By source: {told}."


def _english(db: Database, claims: list[dict]) -> dict[int, str]:
    found = english_of(db, [c["segment_id"] for c in claims])
    out = {}
    for claim in claims:
        english = found.get(claim["segment_id"])
        if claim["language"] != "ar":
            out[claim["id"]] = claim["content"]
        elif english is not None and english.translated:
            out[claim["id"]] = english.text
        else:
            out[claim["id"]] = f"(claim {claim['id']}: not translated yet)"
    return out


def event_records(db: Database) -> Iterator[dict]:
    """Per incident: its ACLED row, the incident, its claims and its figures by source."""
    actors = load_actors(db)
    by_incident = _claims(db)
    for incident in db.query("SELECT * FROM incidents ORDER BY id"):
        claims = by_incident.get(incident["id"], [])
        english = _english(db, claims)
        day, precision, how = event_date(claims, incident)
        disorder, kind, sub = event_type(claims, actors.glossary)
        actor1, assoc, actor2 = event_actors(claims, actors)
        sources = figures_by_source(claims)
        count, fatality_note = fatalities(sources)
        said = " | ".join(f"{c['outlet'] or '(no outlet)'}: {english[c['id']]}" for c in claims)
        notes = " ".join(x for x in (f"{incident['title']}.", said, fatality_note) if x)
        row = {"event_id_cnty": f"{PREFIX}-{incident['id']}", "event_date": day,
               "year": day[:4] if day else "", "time_precision": precision or "",
               "disorder_type": disorder, "event_type": kind, "sub_event_type": sub,
               "actor1": actor1, "assoc_actor_1": assoc, "actor2": actor2, "country": COUNTRY,
               "admin1": "", "admin2": "", "admin3": "", "latitude": None, "longitude": None,
               **event_place(claims, incident),
               "source": "; ".join(sorted({c["outlet"] for c in claims if c["outlet"]})),
               "source_scale": SOURCE_SCALE if claims else "", "notes": notes,
               "fatalities": count}
        yield {"event": {c: row.get(c) for c in COLUMNS}, "date_from": how,
               "incident": dict(incident),
               "claims": [{**c, "english": english[c["id"]]} for c in claims],
               "figures_by_source": sources}


def _cells(event: dict) -> list:
    return ["" if event[c] is None else event[c] for c in COLUMNS]


def write_acled(db: Database, out: TextIO, on_record: Callable[[], None] | None = None,
                policy: Policy | None = None) -> int:
    """ACLED's columns, values as stored, quoted where needed (as ACLED's files are)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    return _rows(writer, db, on_record)


def write_csv(db: Database, out: TextIO, on_record: Callable[[], None] | None = None,
              policy: Policy = SPREADSHEET) -> int:
    writer = Writer(out, policy)
    writer.writerow(COLUMNS)
    return _rows(writer, db, on_record)


def _rows(writer, db: Database, on_record) -> int:
    count = 0
    for record in event_records(db):
        writer.writerow(_cells(record["event"]))
        count += 1
        if on_record:
            on_record()
    return count


def write_jsonl(db: Database, out: TextIO, on_record: Callable[[], None] | None = None,
                policy: Policy | None = None) -> int:
    return dump_jsonl(event_records(db), out, on_record)


WRITERS = {"acled": write_acled, "csv": write_csv, "jsonl": write_jsonl}
