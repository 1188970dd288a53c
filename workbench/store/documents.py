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
    canonical_url: str | None = None
    source_kind: str | None = None      # html, url, feed, telegram, pdf, docx (None: text, rows)
    source_ref: str | None = None       # the source's own id: a message id and link, a guid
    original_source: str | None = None  # who a forward or reprint names as the first source
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


def insert_segments(db: Database, rows: list[tuple]) -> None:
    """The one path by which segments enter the store, with their full-text keys.

    rows come from segment_rows. Runs inside the caller's write transaction (BEGIN
    IMMEDIATE), so no other writer can take rowids in between: the new segments get
    MAX(id)+1 onwards, and their index rows are written in the same pass instead of read back.
    """
    first = (db.conn.execute("SELECT COALESCE(MAX(id), 0) FROM segments").fetchone()[0]) + 1
    db.conn.executemany(
        "INSERT INTO segments (id, document_id, position, kind, raw, norm, language, hash, "
        "src_start, src_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(first + n, *row) for n, row in enumerate(rows)])
    keys = arabic.search_keys
    db.conn.executemany("INSERT INTO segments_fts (rowid, keys) VALUES (?, ?)",
                        [(first + n, keys(row[4])) for n, row in enumerate(rows)])


def save_document(db: Database, doc: NewDocument) -> SaveResult:
    """Save one document in one transaction; see the module docstring for versions."""
    return save_documents(db, [doc])[0]


_LOOKUP_CHUNK = 500  # bound parameters per IN (...) look-up


def _chunks(values: list[str]):
    for i in range(0, len(values), _LOOKUP_CHUNK):
        yield values[i:i + _LOOKUP_CHUNK]


class _Known:
    """What the store already holds for a batch of documents: their content hashes and the
    last version of their keys, looked up once per batch and kept current as it is saved."""

    def __init__(self, db: Database, docs: list[NewDocument]) -> None:
        self.by_hash: dict[str, list[tuple]] = {}
        self.last_version: dict[str, int] = {}
        for chunk in _chunks(sorted({d.content_hash for d in docs})):
            for row in db.conn.execute(
                    "SELECT content_hash, id, version, doc_key, segment_count FROM documents "
                    f"WHERE content_hash IN ({', '.join('?' * len(chunk))})", chunk):
                self.by_hash.setdefault(row[0], []).append(row[1:])
        for chunk in _chunks(sorted({d.doc_key for d in docs})):
            self.last_version.update(db.conn.execute(
                "SELECT doc_key, MAX(version) FROM documents "
                f"WHERE doc_key IN ({', '.join('?' * len(chunk))}) GROUP BY doc_key", chunk))

    def same_content(self, doc: NewDocument) -> tuple | None:
        """The stored document with this content, preferring this key, then the last version."""
        rows = self.by_hash.get(doc.content_hash)
        if not rows:
            return None
        return max(rows, key=lambda r: (r[2] == doc.doc_key, r[1]))

    def add(self, doc: NewDocument, document_id: int, version: int) -> None:
        self.by_hash.setdefault(doc.content_hash, []).append(
            (document_id, version, doc.doc_key, len(doc.segments)))
        self.last_version[doc.doc_key] = version


def save_documents(db: Database, docs: list[NewDocument]) -> list[SaveResult]:
    """Save documents in one transaction: each as new, a new version, unchanged or a duplicate
    (see the module docstring). Look-ups are made once for the batch and segments are
    written in one pass, so a file of many documents costs little more than its rows."""
    results: list[SaveResult] = []
    rows: list[tuple] = []
    with db.atomic():
        known = _Known(db, docs)
        imported_at = now()
        for doc in docs:
            same = known.same_content(doc)
            if same is not None:
                status = "unchanged" if same[2] == doc.doc_key else "duplicate"
                results.append(SaveResult(status, same[0], same[1], same[3]))
                continue
            last = known.last_version.get(doc.doc_key)
            version = (last or 0) + 1
            if last:
                db.conn.execute("UPDATE documents SET is_current = 0 WHERE doc_key = ?",
                                [doc.doc_key])
            document_id = db.conn.execute(
                "INSERT INTO documents (doc_key, version, is_current, title, outlet, language, "
                "published, url, source_path, content_hash, imported_at, segment_count, "
                "canonical_url, source_kind, source_ref, original_source) "
                "VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [doc.doc_key, version, doc.title, doc.outlet, doc.language, doc.published,
                 doc.url, doc.source_path, doc.content_hash, imported_at, len(doc.segments),
                 doc.canonical_url, doc.source_kind, doc.source_ref, doc.original_source],
            ).lastrowid
            known.add(doc, document_id, version)
            rows.extend(segment_rows(document_id, doc.language, doc.segments))
            results.append(SaveResult("version" if last else "new", document_id, version,
                                      len(doc.segments)))
        if rows:
            insert_segments(db, rows)
    return results


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
