"""The merge's scratch tables, in the connection's temp schema: the maps from the other
database's row ids to ours that let SQL copy and compare rows with joins. They live only
for one merge and never touch either database file."""

from __future__ import annotations

from sqlite_utils import Database

# The kinds of row whose ids the history and the copies refer to: each has its id map.
MAPPED_TABLES = ("claims", "incidents", "conflicts", "tm")

TABLES = {
    "merge_needed": "id INTEGER PRIMARY KEY",
    "merge_new_docs": "id INTEGER PRIMARY KEY",
    "merge_doc_map": "their_id INTEGER PRIMARY KEY, our_id INTEGER NOT NULL",
    "merge_seg_map": "their_id INTEGER PRIMARY KEY, our_id INTEGER NOT NULL",
    # their row id -> ours, one table per mapped kind of row
    **{f"merge_map_{table}": "their_id INTEGER PRIMARY KEY, our_id INTEGER NOT NULL"
       for table in MAPPED_TABLES},
    "merge_new_rows": "their_id INTEGER PRIMARY KEY, our_id INTEGER NOT NULL",
    "merge_pairs": "their_id INTEGER PRIMARY KEY, our_id INTEGER NOT NULL",
    "merge_incoming": "their_id INTEGER PRIMARY KEY, row_id TEXT NOT NULL",
}


def create(db: Database) -> None:
    for name, columns in TABLES.items():
        db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} ({columns})")
        db.execute(f"DELETE FROM temp.{name}")


def drop(db: Database) -> None:
    for name in TABLES:
        db.execute(f"DROP TABLE IF EXISTS temp.{name}")


def fill_pairs(db: Database, table: str, pairs) -> None:
    """Replace the content of a two-column scratch table (their_id, our_id)."""
    db.execute(f"DELETE FROM temp.{table}")
    db.conn.executemany(f"INSERT INTO temp.{table} (their_id, our_id) VALUES (?, ?)", pairs)


def record_ids(db: Database, table: str, mapping: dict) -> None:
    """Record {their id: our id} for rows of `table` (used to copy rows and translate history)."""
    db.conn.executemany(f"INSERT OR REPLACE INTO temp.merge_map_{table} (their_id, our_id) VALUES (?, ?)",
                        mapping.items())


def our_id_sql(table: str, their_id_sql: str) -> str:
    """SQL for our id of their row of `table` whose id is `their_id_sql` (NULL if unknown)."""
    if table == "translations":
        return f"(SELECT our_id FROM temp.merge_seg_map WHERE their_id = {their_id_sql})"
    return f"(SELECT our_id FROM temp.merge_map_{table} WHERE their_id = {their_id_sql})"
