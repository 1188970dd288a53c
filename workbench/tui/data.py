"""What the UI reads from the database, as plain values, one short query at a time.

The UI thread and every worker thread use their own SQLite connection (`Connections`): a
connection is never shared across threads, reads never hold a transaction open, and writes
are short, so a `workbench translate` or `workbench import` running in another process on
the same database (WAL, busy timeout: see store.db) never meets "database is locked".

Nothing here reads a whole document or the whole corpus: segments come a window of
positions at a time, and navigation asks SQL for the next position that matches.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:  # sqlite-utils pulls in pandas: imported by the worker that opens the db
    from sqlite_utils import Database

SEGMENT_COLUMNS = "s.id, s.document_id, s.position, s.kind, s.raw, s.language"


class Connections:
    """The UI thread's connection, and a fresh one for each worker thread."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self._main: Database | None = None
        self._main_thread = threading.get_ident()

    @property
    def main(self) -> Database:
        """The UI thread's connection (opened on first use)."""
        if self._main is None:
            from workbench.store.db import open_db
            self._main = open_db(self.path)
        return self._main

    @contextmanager
    def worker(self) -> Iterator[Database]:
        """A connection for one worker thread, closed when the work is done."""
        from workbench.store.db import open_db
        db = open_db(self.path)
        try:
            yield db
        finally:
            db.close()

    def close(self) -> None:
        if self._main is not None:
            self._main.close()
            self._main = None


def data_version(db: Database) -> int:
    """Changes whenever another connection commits: the cheap test behind refresh."""
    return db.execute("PRAGMA data_version").fetchone()[0]


def documents(db: Database) -> list[dict]:
    """Current documents, newest import last, without touching their segments."""
    return [dict(r) for r in db.query(
        "SELECT id, title, outlet, language, published, segment_count, version, doc_key "
        "FROM documents WHERE is_current = 1 ORDER BY id")]


def document(db: Database, document_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM documents WHERE id = ?", [document_id]))
    return rows[0] if rows else None


def segment_count(db: Database, document_id: int) -> int:
    return db.execute("SELECT COUNT(*) FROM segments WHERE document_id = ?",
                      [document_id]).fetchone()[0]


def segment_window(db: Database, document_id: int, first: int, count: int) -> list[dict]:
    """Segments at positions first .. first+count-1 (positions are 0, 1, 2, ... per document)."""
    return [dict(r) for r in db.query(
        f"SELECT {SEGMENT_COLUMNS} FROM segments s WHERE s.document_id = ? "
        "AND s.position >= ? AND s.position < ? ORDER BY s.position",
        [document_id, first, first + count])]


def claim_counts(db: Database, segment_ids: list[int]) -> dict[int, int]:
    if not segment_ids:
        return {}
    marks = ",".join("?" * len(segment_ids))
    return {sid: n for sid, n in db.execute(
        f"SELECT segment_id, COUNT(*) FROM claims WHERE segment_id IN ({marks}) "
        "GROUP BY segment_id", segment_ids).fetchall()}


def next_untranslated(db: Database, document_id: int, after: int) -> int | None:
    """Position of the next Arabic segment after `after` with neither MT nor post-edit."""
    row = db.execute(
        "SELECT s.position FROM segments s LEFT JOIN translations t ON t.segment_id = s.id "
        "WHERE s.document_id = ? AND s.position > ? AND s.language = 'ar' "
        "AND (t.segment_id IS NULL OR (t.tm_id IS NULL AND t.postedit IS NULL)) "
        "ORDER BY s.position LIMIT 1", [document_id, after]).fetchone()
    return row[0] if row else None


def arabic_rows_after(db: Database, document_id: int, after: int, limit: int) -> list[dict]:
    """The next `limit` Arabic segments after position `after`: where QA can find problems
    (which of them have English, and what it is, is `mt.english`'s answer)."""
    return [dict(r) for r in db.query(
        f"SELECT {SEGMENT_COLUMNS} FROM segments s "
        "WHERE s.document_id = ? AND s.position > ? AND s.language = 'ar' "
        "ORDER BY s.position LIMIT ?", [document_id, after, limit])]


def history_of_segment(db: Database, segment_id: int, claim_ids: list[int],
                       limit: int = 30) -> list[dict]:
    """The segment's history, newest first: its post-edits and its claims."""
    clauses = ["(table_name = 'translations' AND row_id = ?)"]
    params: list = [str(segment_id)]
    if claim_ids:
        clauses.append(f"(table_name = 'claims' AND row_id IN ({','.join('?' * len(claim_ids))}))")
        params.extend(str(c) for c in claim_ids)
    return [dict(r) for r in db.query(
        f"SELECT id, at, annotator, table_name, row_id, action FROM history "
        f"WHERE {' OR '.join(clauses)} ORDER BY id DESC LIMIT ?", [*params, limit])]


def incident_claim_counts(db: Database) -> dict[int, int]:
    """How many claims each incident has (incidents without claims are left out)."""
    return {iid: n for iid, n in db.execute(
        "SELECT incident_id, COUNT(*) FROM claims WHERE incident_id IS NOT NULL "
        "GROUP BY incident_id").fetchall()}


def incident_titles(db: Database, incident_ids: list[int]) -> dict[int, str]:
    if not incident_ids:
        return {}
    marks = ",".join("?" * len(incident_ids))
    return {iid: title for iid, title in db.execute(
        f"SELECT id, title FROM incidents WHERE id IN ({marks})", incident_ids).fetchall()}


def segment_places(db: Database, segment_ids: list[int]) -> dict[int, dict]:
    """Where each segment is: its document (id, title, outlet) and its position there."""
    if not segment_ids:
        return {}
    marks = ",".join("?" * len(segment_ids))
    return {r["id"]: dict(r) for r in db.query(
        "SELECT s.id, s.document_id, s.position, d.title, d.outlet FROM segments s "
        f"JOIN documents d ON d.id = s.document_id WHERE s.id IN ({marks})", segment_ids)}


def also_published(db: Database, document_id: int) -> list[dict]:
    """The other outlets that published a near-duplicate of this document ("also published
    by …"), first published first."""
    from workbench.corpus.neardup import reprints_of
    return reprints_of(db, document_id)
