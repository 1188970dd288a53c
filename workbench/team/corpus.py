"""Matching the other database's documents and segments to ours, and bringing over the
documents we lack.

A document is the same document when its content hash is the same; a segment is the same
segment when it sits at the same position of the same document with the same content
hash. Row ids are never compared: each copy numbers its rows itself.

Documents that exist only in the other database come along with all their segments, so
the work done on them is not lost: a document key we do not hold keeps its version
numbers; a new version of a document key we do hold is added after our versions and is
not made current (merging never changes which version an analyst is reading). A shared
document that the other database segmented differently (another segmenter) is brought
over the same way, as a separate non-current version, so its annotations stay on the
segments they were made on.
"""

from __future__ import annotations

from sqlite_utils import Database

from workbench.errors import MergeError
from workbench.team.source import THEIRS, OtherDatabase, common_columns

SAMPLE_PREFIX = "sample:"  # the bundled sample corpus every new database gets


def check_shared(db: Database, other: OtherDatabase) -> None:
    """Refuse a database from a different corpus: none of its documents are ours.

    The bundled sample corpus does not count as shared unless it is all the other
    database holds; a database with no documents at all (a glossary only) is fine.
    """
    total, real = db.execute(
        f"SELECT COUNT(*), COALESCE(SUM(doc_key NOT LIKE '{SAMPLE_PREFIX}%'), 0) "
        f"FROM {THEIRS}.documents").fetchone()
    if not total:
        return
    only_real = f"AND td.doc_key NOT LIKE '{SAMPLE_PREFIX}%'" if real else ""
    shared = db.execute(
        f"SELECT COUNT(*) FROM {THEIRS}.documents td WHERE EXISTS (SELECT 1 FROM main.documents od "
        f"WHERE od.content_hash = td.content_hash) {only_real}").fetchone()[0]
    if not shared:
        raise MergeError(f"{other.path}: shares no document with this database (a different "
                         f"corpus?); import the documents first, then merge")


def _fill_needed(db: Database, other: OtherDatabase) -> None:
    """The other database's segments that carry annotations: they must find a home here."""
    if other.has("translations"):
        db.execute(f"INSERT OR IGNORE INTO temp.merge_needed SELECT segment_id FROM "
                   f"{THEIRS}.translations WHERE postedit IS NOT NULL")
    if other.has("claims"):
        db.execute(f"INSERT OR IGNORE INTO temp.merge_needed SELECT segment_id FROM {THEIRS}.claims")


def _map_segments(db: Database, ids_sql: str, params: list | tuple = ()) -> None:
    """Map the segments listed by `ids_sql` (their ids) through the document map, by
    position and content hash."""
    db.execute(
        "INSERT OR IGNORE INTO temp.merge_seg_map (their_id, our_id) "
        f"SELECT ts.id, os.id FROM ({ids_sql}) AS r JOIN {THEIRS}.segments ts ON ts.id = r.id "
        "JOIN temp.merge_doc_map dm ON dm.their_id = ts.document_id "
        "JOIN main.segments os ON os.document_id = dm.our_id AND os.position = ts.position "
        "AND os.hash = ts.hash", params)


def _unplaced_documents(db: Database) -> list[int]:
    """Their documents holding an annotated segment that has no counterpart here."""
    missing = [r[0] for r in db.execute(
        "SELECT n.id FROM temp.merge_needed n LEFT JOIN temp.merge_seg_map sm ON sm.their_id = n.id "
        "WHERE sm.their_id IS NULL")]
    if not missing:
        return []
    return [r[0] for r in db.execute(
        f"SELECT DISTINCT ts.document_id FROM temp.merge_needed n JOIN {THEIRS}.segments ts "
        "ON ts.id = n.id WHERE n.id NOT IN (SELECT their_id FROM temp.merge_seg_map)")]


def _try_other_candidates(db: Database, their_doc: int) -> bool:
    """Several of our documents share the content hash: use one that fits every segment."""
    candidates = [r[0] for r in db.execute(
        f"SELECT od.id FROM main.documents od JOIN {THEIRS}.documents td "
        "ON td.content_hash = od.content_hash WHERE td.id = ? ORDER BY od.id", [their_doc])]
    for our_doc in candidates:
        misses = db.execute(
            f"SELECT COUNT(*) FROM temp.merge_needed n JOIN {THEIRS}.segments ts ON ts.id = n.id "
            "WHERE ts.document_id = ? AND NOT EXISTS (SELECT 1 FROM main.segments os WHERE "
            "os.document_id = ? AND os.position = ts.position AND os.hash = ts.hash)",
            [their_doc, our_doc]).fetchone()[0]
        if not misses:
            db.execute("UPDATE temp.merge_doc_map SET our_id = ? WHERE their_id = ?", [our_doc, their_doc])
            db.execute("DELETE FROM temp.merge_seg_map WHERE their_id IN "
                       f"(SELECT id FROM {THEIRS}.segments WHERE document_id = ?)", [their_doc])
            _map_segments(db, f"SELECT id FROM {THEIRS}.segments WHERE document_id = ?", [their_doc])
            return True
    return False


def import_documents(db: Database, their_ids: list[int]) -> tuple[int, int]:
    """Copy the given documents and their segments here; returns (documents, segments)."""
    if not their_ids:
        return 0, 0
    db.execute("DELETE FROM temp.merge_new_docs")
    db.conn.executemany("INSERT OR IGNORE INTO temp.merge_new_docs (id) VALUES (?)",
                        [(i,) for i in their_ids])
    cols = [c for c in common_columns(db, "documents") if c != "id"]
    rows = [dict(zip(["id", *cols], r)) for r in db.execute(
        f"SELECT id, {', '.join(f'[{c}]' for c in cols)} FROM {THEIRS}.documents "
        "WHERE id IN (SELECT id FROM temp.merge_new_docs) ORDER BY doc_key, version, id")]
    ours_max = dict(db.execute(
        "SELECT doc_key, MAX(version) FROM main.documents WHERE doc_key IN (SELECT doc_key FROM "
        f"{THEIRS}.documents WHERE id IN (SELECT id FROM temp.merge_new_docs)) GROUP BY doc_key"
    ).fetchall())
    next_id = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM main.documents").fetchone()[0]
    inserts, mapping = [], []
    for row in rows:
        their_id = row.pop("id")
        if row["doc_key"] in ours_max:
            ours_max[row["doc_key"]] += 1
            row["version"], row["is_current"] = ours_max[row["doc_key"]], 0
        inserts.append([next_id, *(row[c] for c in cols)])
        mapping.append((their_id, next_id))
        next_id += 1
    db.conn.executemany(
        f"INSERT INTO main.documents (id, {', '.join(f'[{c}]' for c in cols)}) "
        f"VALUES ({', '.join('?' * (len(cols) + 1))})", inserts)
    db.conn.executemany("INSERT OR REPLACE INTO temp.merge_doc_map (their_id, our_id) VALUES (?, ?)",
                        mapping)
    seg_cols = [c for c in common_columns(db, "segments") if c not in ("id", "document_id")]
    before = db.execute("SELECT COALESCE(MAX(id), 0) FROM main.segments").fetchone()[0]
    db.execute(
        f"INSERT INTO main.segments (document_id, {', '.join(f'[{c}]' for c in seg_cols)}) "
        f"SELECT dm.our_id, {', '.join(f'ts.[{c}]' for c in seg_cols)} FROM {THEIRS}.segments ts "
        "JOIN temp.merge_doc_map dm ON dm.their_id = ts.document_id "
        "WHERE ts.document_id IN (SELECT id FROM temp.merge_new_docs) ORDER BY ts.document_id, ts.position")
    segments = db.execute("SELECT COUNT(*) FROM main.segments WHERE id > ?", [before]).fetchone()[0]
    db.execute("INSERT INTO segments_fts (rowid, keys) SELECT id, search_keys(norm) "
               "FROM main.segments WHERE id > ?", [before])
    in_new = f"(SELECT id FROM {THEIRS}.segments WHERE document_id IN (SELECT id FROM temp.merge_new_docs))"
    db.execute(f"DELETE FROM temp.merge_seg_map WHERE their_id IN {in_new}")
    _map_segments(db, f"SELECT id FROM {THEIRS}.segments WHERE document_id IN "
                      "(SELECT id FROM temp.merge_new_docs)")
    return len(inserts), segments


def map_corpus(db: Database, other: OtherDatabase) -> tuple[int, int]:
    """Fill temp.merge_seg_map (their segment id -> ours), importing what we lack.

    Returns the number of documents and segments added here.
    """
    check_shared(db, other)
    _fill_needed(db, other)
    db.execute(
        "INSERT INTO temp.merge_doc_map (their_id, our_id) SELECT td.id, MIN(od.id) "
        f"FROM {THEIRS}.documents td JOIN main.documents od ON od.content_hash = td.content_hash "
        "GROUP BY td.id")
    _map_segments(db, "SELECT id FROM temp.merge_needed")
    new_docs = [r[0] for r in db.execute(
        f"SELECT id FROM {THEIRS}.documents WHERE id NOT IN (SELECT their_id FROM temp.merge_doc_map)")]
    copies = [d for d in _unplaced_documents(db) if not _try_other_candidates(db, d)]
    added = import_documents(db, new_docs + copies)
    _map_history_segments(db, other)
    return added


def _map_history_segments(db: Database, other: OtherDatabase) -> None:
    """Best effort for segments named only by history and conflicts (for their row ids)."""
    numeric = "table_name = 'translations' AND row_id GLOB '[0-9]*' AND row_id NOT GLOB '*[^0-9]*'"
    unmapped = "CAST(row_id AS INTEGER) NOT IN (SELECT their_id FROM temp.merge_seg_map)"
    refs = [f"SELECT DISTINCT CAST(row_id AS INTEGER) AS id FROM {THEIRS}.{table} WHERE {numeric} "
            f"AND {unmapped}" for table in ("history", "conflicts") if other.has(table)]
    if refs:
        _map_segments(db, " UNION ".join(refs))


def segment_map(db: Database) -> dict[int, int]:
    return dict(db.execute("SELECT their_id, our_id FROM temp.merge_seg_map").fetchall())
