"""Claims out of the workbench: one row (CSV) or one object (JSONL) per claim, with its
incident, document, outlet, spans and quantities.

`translation` is the claim's own English (its segment's when it was tagged, then the
annotator's); `segment_translation` is the segment's English now, as `mt.english` has it and
as the corpus exports and the UI show it (JSONL: the corpus dump's `translation` object; CSV:
its text and origin).

The CSV follows the one CSV policy (`workbench.csvfile`): formula cells guarded for
spreadsheets unless raw, an optional byte-order mark.
"""

from __future__ import annotations

import json
from typing import Callable, Iterator, TextIO

from sqlite_utils import Database

from workbench.corpus.export import dump_jsonl
from workbench.csvfile import SPREADSHEET, Policy, Writer
from workbench.mt.english import english_of

from .store import list_claims

CSV_COLUMNS = [
    "claim_id", "incident_id", "incident_title", "document_id", "document_title", "outlet",
    "published", "segment_id", "segment_position", "language", "start", "end", "content",
    "translation", "segment_translation", "segment_translation_origin", "cue", "cue_start",
    "cue_end", "claimant", "claimant_role", "claimant_org",
    "claim_type", "actors", "actor_ids", "place", "place_precision", "date", "date_precision",
    "figures", "quantities", "status", "status_note", "annotator", "created_at", "updated_at"]


def claim_records(db: Database, document_id: int | None = None,
                  incident_id: int | None = None) -> Iterator[dict]:
    """Each claim as a dict with its document, segment and incident alongside."""
    documents: dict[int, dict] = {}
    incidents: dict[int, dict] = {}
    claims = list_claims(db, document_id=document_id, incident_id=incident_id)
    english = english_of(db, [c.segment_id for c in claims])
    for claim in claims:
        seg = db.execute("SELECT document_id, position, language FROM segments WHERE id = ?",
                         [claim.segment_id]).fetchone()
        if seg[0] not in documents:
            documents[seg[0]] = dict(next(db.query(
                "SELECT id, title, outlet, published, url, doc_key FROM documents WHERE id = ?",
                [seg[0]])))
        incident = None
        if claim.incident_id is not None:
            if claim.incident_id not in incidents:
                incidents[claim.incident_id] = dict(next(db.query(
                    "SELECT id, title, date, place FROM incidents WHERE id = ?",
                    [claim.incident_id])))
            incident = incidents[claim.incident_id]
        yield {**claim.to_dict(), "document": documents[seg[0]], "incident": incident,
               "segment_position": seg[1], "language": seg[2],
               "segment_translation": english[claim.segment_id].to_record()}


def _csv_row(record: dict) -> dict:
    document, incident = record["document"], record["incident"] or {}
    segment_english = record["segment_translation"] or {}
    return {
        **{k: record[k] for k in CSV_COLUMNS if k in record},
        "claim_id": record["id"], "incident_id": incident.get("id"),
        "incident_title": incident.get("title"), "document_id": document["id"],
        "document_title": document["title"], "published": document["published"],
        "actors": " | ".join(a["name"] for a in record["actors"]),
        "actor_ids": " | ".join(a["term_id"] for a in record["actors"] if a.get("term_id")),
        "figures": " | ".join(q.get("raw", "") for q in record["quantities"]),
        "quantities": json.dumps(record["quantities"], ensure_ascii=False),
        "segment_translation": segment_english.get("text"),
        "segment_translation_origin": segment_english.get("origin"),
    }


def write_csv(db: Database, out: TextIO, document_id: int | None = None,
              incident_id: int | None = None, on_record: Callable[[], None] | None = None,
              policy: Policy = SPREADSHEET) -> int:
    writer = Writer(out, policy)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for record in claim_records(db, document_id, incident_id):
        row = _csv_row(record)
        writer.writerow([row.get(c) for c in CSV_COLUMNS])
        count += 1
        if on_record:
            on_record()
    return count


def write_jsonl(db: Database, out: TextIO, document_id: int | None = None,
                incident_id: int | None = None, on_record: Callable[[], None] | None = None) -> int:
    return dump_jsonl(claim_records(db, document_id, incident_id), out, on_record)


WRITERS = {"csv": write_csv, "jsonl": write_jsonl}
