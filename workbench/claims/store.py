"""Claims, incidents, claim types and rejected suggestions in SQLite; every write goes through
the audited history path.

Reads return model objects; writes validate first (one clear error, nothing written) and
then write the row and its history entry in one transaction. The corpus dump gets each
segment's claims through the `claims_part` record part (passed by `workbench.exports`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from sqlite_utils import Database

from workbench.corpus.neardup import source_count_of_segments
from workbench.errors import InvalidValue, NotFound
from workbench.mt.english import english_of
from workbench.store.history import audited_delete, audited_insert, audited_update, now

from .model import Claim, Incident, check_type_name, validate_claim, validate_incident
from .resolve import PLACE_FIELDS, Context, changed_fields, fill, segment_context, typed_place
from .model import claim_types as claim_types   # their one order, decided in model

_EDITABLE = {"start", "end", "claim_type", "claimant", "claimant_role", "claimant_org", "outlet",
             "cue", "cue_start", "cue_end", "actors", "place", "place_precision", "date",
             "date_precision", "quantities", "status", "status_note", "incident_id", "translation",
             "date_end", "place_id", "latitude", "longitude", "admin1", "admin2", "admin3",
             "place_note"}


def _require_annotator(annotator: str | None) -> str:
    if not annotator or not annotator.strip():
        raise InvalidValue("no annotator: set --annotator NAME or WORKBENCH_ANNOTATOR")
    return annotator.strip()


def translation_of(db: Database, segment_id: int) -> str | None:
    """The segment's English as `mt.english` has it (post-edit, 100% match, MT); None when it
    has no translation. A new claim's `translation` starts as this."""
    found = english_of(db, [segment_id]).get(segment_id)
    return found.text if found is not None and found.translated else None


def _outlet_of(db: Database, segment_id: int) -> str:
    row = db.execute("SELECT d.outlet FROM segments s JOIN documents d ON d.id = s.document_id "
                     "WHERE s.id = ?", [segment_id]).fetchone()
    return (row[0] or "") if row else ""


# --- claims ------------------------------------------------------------------------------

def add_claim(db: Database, claim: Claim, annotator: str) -> int:
    """Validate and store a new claim; the outlet and translation default from its segment, and
    the date and place it was not given are resolved from its text (`resolve.fill`)."""
    annotator = _require_annotator(annotator)
    claim = validate_claim(db, claim)
    context = segment_context(db, claim.segment_id)
    if context is not None:
        claim = fill(claim, context)
    stamp = now()
    claim = replace(claim, id=None, annotator=annotator, created_at=stamp, updated_at=stamp,
                    outlet=claim.outlet or _outlet_of(db, claim.segment_id),
                    translation=claim.translation if claim.translation is not None
                    else translation_of(db, claim.segment_id))
    return audited_insert(db, "claims", claim.to_row(), annotator)


def get_claim(db: Database, claim_id: int) -> Claim:
    rows = list(db.query("SELECT * FROM claims WHERE id = ?", [claim_id]))
    if not rows:
        raise NotFound(f"claim {claim_id}: no such claim")
    return Claim.from_row(rows[0])


def list_claims(db: Database, document_id: int | None = None, incident_id: int | None = None,
                segment_ids: Iterable[int] | None = None) -> list[Claim]:
    clauses, params = [], []
    if document_id is not None:
        clauses.append("c.segment_id IN (SELECT id FROM segments WHERE document_id = ?)")
        params.append(document_id)
    if incident_id is not None:
        clauses.append("c.incident_id = ?")
        params.append(incident_id)
    if segment_ids is not None:
        ids = list(segment_ids)
        clauses.append(f"c.segment_id IN ({', '.join('?' * len(ids))})")
        params.extend(ids)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    return [Claim.from_row(r) for r in db.query(
        f"SELECT c.* FROM claims c JOIN segments s ON s.id = c.segment_id {where} "
        "ORDER BY s.document_id, s.position, c.start, c.id", params)]


def update_claim(db: Database, claim_id: int, changes: dict, annotator: str) -> Claim:
    """Change some fields of a claim; the whole claim is checked again before writing."""
    annotator = _require_annotator(annotator)
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise InvalidValue(f"claim fields {', '.join(sorted(unknown))}: cannot be changed")
    before = get_claim(db, claim_id)
    changes = {k: v for k, v in changes.items()      # a form sends back what it showed
               if not (k in ("place", "date") and str(v or "").strip() == getattr(before, k))}
    new_place = "place" in changes and "place_id" not in changes
    changes = _place_typed(changes)
    after = validate_claim(db, replace(before, **changes))
    if new_place and after.place:
        after = typed_place(after)                       # the typed place, looked up
    old, new = before.to_row(), after.to_row()
    diff = {k: v for k, v in new.items() if old[k] != v}
    if not diff:
        return before
    diff["updated_at"] = now()
    return Claim.from_row(audited_update(db, "claims", claim_id, diff, annotator))


def _place_typed(changes: dict) -> dict:
    """A new place text or date drops what was resolved from the old one (the gazetteer row,
    the date's end and precision) unless the change gives those too."""
    out = dict(changes)
    if "place" in out and "place_id" not in out:
        out.update({k: out.get(k, None if k in ("latitude", "longitude") else "")
                    for k in PLACE_FIELDS if k != "place"})
    if "date" in out:
        out.setdefault("date_end", "")
        out.setdefault("date_precision", "")
    return out


def resolve_claims(db: Database, annotator: str, document_id: int | None = None,
                   force: bool = False) -> list[tuple[Claim, dict]]:
    """Fill each claim's missing date and place from its text (every one with `force`), in one
    transaction; (claim after, the fields changed) for each claim that changed."""
    annotator = _require_annotator(annotator)
    out = []
    contexts: dict[int, Context | None] = {}
    with db.atomic():
        for claim in list_claims(db, document_id=document_id):
            if claim.segment_id not in contexts:
                contexts[claim.segment_id] = segment_context(db, claim.segment_id)
            context = contexts[claim.segment_id]
            if context is None:
                continue
            diff = changed_fields(claim, fill(claim, context, force=force))
            if diff:
                out.append((update_claim(db, claim.id, diff, annotator), diff))
    return out


def set_status(db: Database, claim_id: int, status: str, note: str, annotator: str) -> Claim:
    return update_claim(db, claim_id, {"status": status, "status_note": note}, annotator)


def group(db: Database, claim_id: int, incident_id: int | None, annotator: str) -> Claim:
    """Put a claim on an incident (None takes it off)."""
    return update_claim(db, claim_id, {"incident_id": incident_id}, annotator)


def delete_claim(db: Database, claim_id: int, annotator: str) -> Claim:
    annotator = _require_annotator(annotator)
    get_claim(db, claim_id)
    return Claim.from_row(audited_delete(db, "claims", claim_id, annotator))


# --- incidents ---------------------------------------------------------------------------

def add_incident(db: Database, incident: Incident, annotator: str) -> int:
    annotator = _require_annotator(annotator)
    incident = validate_incident(incident)
    row = {"title": incident.title, "date": incident.date, "place": incident.place,
           "note": incident.note or "", "created_by": annotator, "created_at": now()}
    return audited_insert(db, "incidents", row, annotator)


def get_incident(db: Database, incident_id: int) -> Incident:
    rows = list(db.query("SELECT * FROM incidents WHERE id = ?", [incident_id]))
    if not rows:
        raise NotFound(f"incident {incident_id}: no such incident")
    return Incident.from_row(rows[0])


def list_incidents(db: Database) -> list[Incident]:
    return [Incident.from_row(r) for r in db.query("SELECT * FROM incidents ORDER BY id")]


def _first(*values):
    return next((v for v in values if v is not None), None)


def _bounds(q: dict) -> tuple[float | None, float | None]:
    """The lowest and highest number a figure reports: "more than 30" reports 31 both ways."""
    return (_first(q.get("min"), q.get("value"), q.get("max")),
            _first(q.get("max"), q.get("value"), q.get("min")))


def incident_summary(db: Database, incident_id: int) -> dict:
    """The incident, its claims, and per kind of figure the range reported and who reported each.

    A figure's kind is the event its quantity counts (set by suggestions, e.g. casualties
    for «مقتل 4»), else the claim's type. Vague amounts without bounds are listed but do not
    move the range.
    """
    incident = get_incident(db, incident_id)
    claims = list_claims(db, incident_id=incident_id)
    kinds: dict[str, dict] = {}
    for claim in claims:
        for q in claim.quantities:
            kind = q.get("event") or claim.claim_type
            entry = kinds.setdefault(kind, {"kind": kind, "low": None, "high": None, "reports": []})
            low, high = _bounds(q)
            if low is not None:
                entry["low"] = low if entry["low"] is None else min(entry["low"], low)
            if high is not None:
                entry["high"] = high if entry["high"] is None else max(entry["high"], high)
            entry["reports"].append({
                "claim_id": claim.id, "raw": q.get("raw"), "value": q.get("value"),
                "min": q.get("min"), "max": q.get("max"), "qualifier": q.get("qualifier"),
                "noun": q.get("noun"), "claimant": claim.claimant, "outlet": claim.outlet,
                "status": claim.status})
    return {**incident.to_dict(),
            "claims": [{"id": c.id, "claim_type": c.claim_type, "claimant": c.claimant,
                        "outlet": c.outlet, "status": c.status, "content": c.content}
                       for c in claims],
            "figures": sorted(kinds.values(), key=lambda k: k["kind"]),
            # outlets behind the claims, a reprint of another's text named as one
            "sources": source_count_of_segments(db, [c.segment_id for c in claims]).to_dict()}


# --- claim types -------------------------------------------------------------------------

def add_claim_type(db: Database, name: str, label: str, annotator: str) -> str:
    """Grow the list of claim types (it is data, recorded in history like any annotation)."""
    annotator = _require_annotator(annotator)
    check_type_name(name)
    label = (label or "").strip() or name
    if db.execute("SELECT 1 FROM claim_types WHERE name = ?", [name]).fetchone():
        raise InvalidValue(f"claim type {name!r}: already exists")
    return audited_insert(db, "claim_types", {"name": name, "label": label}, annotator,
                          pk_col="name")


# --- rejected suggestions ----------------------------------------------------------------

REJECTED = "rejected_suggestions"


def suggestion_key(claim: Claim) -> str:
    """What names a suggested claim for good: its segment and its cue's span (SEGMENT:N
    keys are renumbered when the suggester or the glossary changes; the text never is)."""
    return f"{claim.segment_id}:{claim.cue_start}-{claim.cue_end}"


def reject_suggestion(db: Database, claim: Claim, annotator: str, reason: str = "") -> dict:
    """Store that a suggested claim is rejected, with who and when (and history), so that it
    is no longer suggested to anyone using this database. Rejecting it again writes nothing:
    the rejection already stored is returned (its `rejected_by` says whose it is)."""
    annotator = _require_annotator(annotator)
    if claim.cue_start is None or claim.cue_end is None:
        raise InvalidValue("only a suggested claim (it has a cue) can be rejected")
    key = suggestion_key(claim)
    with db.atomic():
        found = list(db.query(f"SELECT * FROM {REJECTED} WHERE key = ?", [key]))
        if found:
            return found[0]
        row = {"key": key, "segment_id": claim.segment_id, "cue_start": claim.cue_start,
               "cue_end": claim.cue_end, "content": claim.content, "reason": (reason or "").strip(),
               "rejected_by": annotator, "rejected_at": now()}
        audited_insert(db, REJECTED, row, annotator, pk_col="key")
    return row


def rejected_suggestions(db: Database, document_id: int) -> dict[tuple[int, int, int], dict]:
    """The document's rejected suggestions by (segment id, cue start, cue end)."""
    return {(r["segment_id"], r["cue_start"], r["cue_end"]): r for r in db.query(
        f"SELECT * FROM {REJECTED} WHERE segment_id IN "
        "(SELECT id FROM segments WHERE document_id = ?)", [document_id])}


# --- the corpus dump ---------------------------------------------------------------------

def claims_part(db: Database, segment_ids: list[int]) -> dict[int, dict]:
    """Each segment's claims (an empty list when it has none) in the corpus dump."""
    out: dict[int, dict] = {sid: {"claims": []} for sid in segment_ids}
    for claim in list_claims(db, segment_ids=segment_ids):
        item = claim.to_dict()
        item.pop("segment_id")
        out[claim.segment_id]["claims"].append(item)
    return out
