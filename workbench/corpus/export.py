"""The corpus dump: one record per segment with its document, streamed in chunks.

What the layers above know of a segment (term hits, its English, claims) comes in as *record
parts*, passed by the caller (`workbench.exports`): functions that take the database and a
chunk of segment ids and return {segment_id: {field: value}}. The dump merges them, so the
memory used depends on the chunk size, never on the corpus size. This module imports none
of those layers.
"""

from __future__ import annotations

import json
from typing import Callable, Iterable, Iterator, Sequence, TextIO

from sqlite_utils import Database

RecordPart = Callable[[Database, list[int]], dict[int, dict]]
CHUNK = 1000


_SEGMENTS_SQL = (
    "SELECT s.id, s.document_id, s.position, s.kind, s.raw, s.norm, s.language, s.hash, "
    "s.src_start, s.src_end, d.title, d.outlet, d.language AS doc_language, d.published, d.url, "
    "d.source_path, d.version, d.content_hash, d.doc_key "
    "FROM segments s JOIN documents d ON d.id = s.document_id {where} "
    "ORDER BY s.document_id, s.position")


def iter_records(db: Database, document_id: int | None = None, current_only: bool = True,
                 parts: Sequence[RecordPart] = ()) -> Iterator[dict]:
    """Each segment (of the current documents, of one document) as a record: its text and
    document, and the fields of each part."""
    clauses, params = [], []
    if current_only:
        clauses.append("d.is_current = 1")
    if document_id is not None:
        clauses.append("d.id = ?")
        params.append(document_id)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    cursor = db.conn.execute(_SEGMENTS_SQL.format(where=where), params)
    columns = [c[0] for c in cursor.description]
    while True:
        chunk = cursor.fetchmany(CHUNK)
        if not chunk:
            break
        ids = [row[0] for row in chunk]
        extras = [part(db, ids) for part in parts]
        for row in chunk:
            r = dict(zip(columns, row))
            record = {
                "segment_id": r["id"], "position": r["position"], "kind": r["kind"],
                "language": r["language"], "text": r["raw"], "norm": r["norm"], "hash": r["hash"],
                "source_offsets": [r["src_start"], r["src_end"]],
                "document": {"id": r["document_id"], "doc_key": r["doc_key"], "title": r["title"],
                             "outlet": r["outlet"], "language": r["doc_language"], "published": r["published"],
                             "url": r["url"], "source_path": r["source_path"],
                             "version": r["version"], "content_hash": r["content_hash"]},
            }
            for extra in extras:
                record.update(extra.get(r["id"], {}))
            yield record


def dump_jsonl(records: Iterable[dict], out: TextIO,
               on_record: Callable[[], None] | None = None) -> int:
    """Write records one JSON object per line, as they come; returns how many."""
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")
        count += 1
        if on_record:
            on_record()
    return count


def count_segments(db: Database, document_id: int | None = None) -> int:
    sql = "SELECT COUNT(*) FROM segments s JOIN documents d ON d.id = s.document_id WHERE d.is_current = 1"
    params = []
    if document_id is not None:
        sql += " AND d.id = ?"
        params.append(document_id)
    return db.execute(sql, params).fetchone()[0]
