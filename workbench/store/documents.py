"""Documents and their segments: saving a parsed document as a new document or a new version.

A document is identified by its key (the file path, or a row's URL); its content hash tells
whether it changed. Re-importing unchanged content does nothing; changed content becomes
version N+1 and the earlier version, with everything annotated on it, stays.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from sqlite_utils import Database

from workbench import arabic
from workbench.errors import NotFound
from workbench.store.history import now


@dataclass
class NewSegment:
    raw: str
    kind: str = "body"
    src_start: int | None = None
    src_end: int | None = None


@dataclass
class NewDocument:
    doc_key: str
    text: str
    segments: list[NewSegment]
    title: str | None = None
    outlet: str | None = None
    language: str | None = None
    published: str | None = None
    url: str | None = None
    source_path: str | None = None
    content_hash: str = field(default="")

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SaveResult:
    status: str          # "new", "version", "unchanged" or "duplicate"
    document_id: int
    version: int
    segments: int


def segment_hash(norm: str) -> str:
    """Identity of a segment's content across documents and databases."""
    return hashlib.sha1(" ".join(norm.split()).encode("utf-8")).hexdigest()


def segment_rows(document_id: int, doc_language: str | None, segments: list[NewSegment]):
    for position, seg in enumerate(segments):
        norm = arabic.normalize(seg.raw)
        language = arabic.detect_language(seg.raw)
        if language == "und":
            language = doc_language or "und"
        yield (document_id, position, seg.kind, seg.raw, norm, language, segment_hash(norm),
               seg.src_start, seg.src_end)


def insert_segments(db: Database, document_id: int, doc_language: str | None,
                    segments: list[NewSegment]) -> None:
    """The one path by which segments enter the store, with their full-text keys.

    Runs inside the caller's write transaction (BEGIN IMMEDIATE), so no other writer can take
    rowids in between: the new segments get MAX(id)+1 onwards, and their index rows are
    written in the same pass instead of read back.
    """
    rows = list(segment_rows(document_id, doc_language, segments))
    first = (db.conn.execute("SELECT COALESCE(MAX(id), 0) FROM segments").fetchone()[0]) + 1
    db.conn.executemany(
        "INSERT INTO segments (id, document_id, position, kind, raw, norm, language, hash, "
        "src_start, src_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(first + n, *row) for n, row in enumerate(rows)])
    db.conn.executemany("INSERT INTO segments_fts (rowid, keys) VALUES (?, ?)",
                        [(first + n, arabic.search_keys(row[4])) for n, row in enumerate(rows)])


def save_document(db: Database, doc: NewDocument) -> SaveResult:
    """Save a document in one transaction; see the module docstring for versions."""
    with db.atomic():
        same = db.execute(
            "SELECT id, version, doc_key, segment_count FROM documents WHERE content_hash = ? "
            "ORDER BY (doc_key = ?) DESC, version DESC LIMIT 1",
            [doc.content_hash, doc.doc_key]).fetchone()
        if same is not None:
            status = "unchanged" if same[2] == doc.doc_key else "duplicate"
            return SaveResult(status, same[0], same[1], same[3])
        last = db.execute("SELECT MAX(version) FROM documents WHERE doc_key = ?",
                          [doc.doc_key]).fetchone()[0]
        version = (last or 0) + 1
        if last:
            db.execute("UPDATE documents SET is_current = 0 WHERE doc_key = ?", [doc.doc_key])
        cur = db.execute(
            "INSERT INTO documents (doc_key, version, is_current, title, outlet, language, published, "
            "url, source_path, content_hash, imported_at, segment_count) "
            "VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [doc.doc_key, version, doc.title, doc.outlet, doc.language, doc.published, doc.url,
             doc.source_path, doc.content_hash, now(), len(doc.segments)])
        document_id = cur.lastrowid
        insert_segments(db, document_id, doc.language, doc.segments)
    return SaveResult("version" if last else "new", document_id, version, len(doc.segments))


def get_document(db: Database, document_id: int) -> dict:
    rows = list(db.query("SELECT * FROM documents WHERE id = ?", [document_id]))
    if not rows:
        raise NotFound(f"document {document_id}: no such document")
    return rows[0]


def list_documents(db: Database, current_only: bool = True) -> list[dict]:
    where = "WHERE is_current = 1" if current_only else ""
    return list(db.query(f"SELECT * FROM documents {where} ORDER BY id"))


def segments_of(db: Database, document_id: int) -> list[dict]:
    return list(db.query("SELECT * FROM segments WHERE document_id = ? ORDER BY position",
                         [document_id]))


def get_segment(db: Database, segment_id: int) -> dict:
    rows = list(db.query("SELECT * FROM segments WHERE id = ?", [segment_id]))
    if not rows:
        raise NotFound(f"segment {segment_id}: no such segment")
    return rows[0]


def stats(db: Database) -> dict:
    """Counts per language and per outlet, over current document versions."""
    by_language = [dict(r) for r in db.query(
        "SELECT d.language AS language, COUNT(DISTINCT d.id) AS documents, COUNT(s.id) AS segments "
        "FROM documents d LEFT JOIN segments s ON s.document_id = d.id WHERE d.is_current = 1 "
        "GROUP BY d.language ORDER BY d.language")]
    by_outlet = [dict(r) for r in db.query(
        "SELECT COALESCE(d.outlet, '(unknown)') AS outlet, COUNT(DISTINCT d.id) AS documents, "
        "COUNT(s.id) AS segments FROM documents d LEFT JOIN segments s ON s.document_id = d.id "
        "WHERE d.is_current = 1 GROUP BY 1 ORDER BY 1")]
    totals = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(segment_count), 0) FROM documents WHERE is_current = 1"
    ).fetchone()
    return {"documents": totals[0], "segments": totals[1], "by_language": by_language,
            "by_outlet": by_outlet}
