"""The history of annotator-owned data: who changed which row, when, from what to what.

Every write to annotator-owned tables (terms, post-edits, claims, incidents) goes through
`audited_insert`, `audited_update` or `audited_delete`, which write the row and its history
entry in one transaction.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any, Iterator

from sqlite_utils import Database

from workbench.errors import InvalidValue, NotFound


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _dump(row: dict | None) -> str | None:
    return None if row is None else json.dumps(row, ensure_ascii=False, sort_keys=True)


def record(db: Database, annotator: str, table: str, row_id: Any, action: str,
           before: dict | None, after: dict | None, at: str | None = None) -> int:
    if not annotator:
        raise InvalidValue("no annotator: set --annotator NAME or WORKBENCH_ANNOTATOR")
    cur = db.execute(
        "INSERT INTO history (at, annotator, table_name, row_id, action, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [at or now(), annotator, table, str(row_id), action, _dump(before), _dump(after)])
    return cur.lastrowid


def _get(db: Database, table: str, pk: Any, pk_col: str) -> dict | None:
    rows = list(db.query(f"SELECT * FROM [{table}] WHERE [{pk_col}] = ?", [pk]))
    return rows[0] if rows else None


def audited_insert(db: Database, table: str, row: dict, annotator: str, pk_col: str = "id",
                   replace: bool = False) -> Any:
    """Insert a row and record it; returns its primary key."""
    with db.atomic():
        before = _get(db, table, row[pk_col], pk_col) if pk_col in row else None
        db[table].insert(row, replace=replace)
        pk = row.get(pk_col, db.execute("SELECT last_insert_rowid()").fetchone()[0])
        after = _get(db, table, pk, pk_col)
        record(db, annotator, table, pk, "update" if before else "insert", before, after)
    return pk


def audited_update(db: Database, table: str, pk: Any, changes: dict, annotator: str,
                   pk_col: str = "id") -> dict:
    """Update a row and record before and after; a no-op change records nothing."""
    with db.atomic():
        before = _get(db, table, pk, pk_col)
        if before is None:
            raise NotFound(f"{table} {pk}: no such row")
        if all(before.get(k) == v for k, v in changes.items()):
            return before
        sets = ", ".join(f"[{k}] = ?" for k in changes)
        db.execute(f"UPDATE [{table}] SET {sets} WHERE [{pk_col}] = ?", [*changes.values(), pk])
        after = _get(db, table, pk, pk_col)
        record(db, annotator, table, pk, "update", before, after)
    return after


def audited_delete(db: Database, table: str, pk: Any, annotator: str, pk_col: str = "id") -> dict:
    with db.atomic():
        before = _get(db, table, pk, pk_col)
        if before is None:
            raise NotFound(f"{table} {pk}: no such row")
        db.execute(f"DELETE FROM [{table}] WHERE [{pk_col}] = ?", [pk])
        record(db, annotator, table, pk, "delete", before, None)
    return before


def entries(db: Database, table: str | None = None, row_id: Any = None) -> Iterator[dict]:
    sql, params = "SELECT * FROM history", []
    if table is not None:
        sql += " WHERE table_name = ?"
        params.append(table)
        if row_id is not None:
            sql += " AND row_id = ?"
            params.append(str(row_id))
    sql += " ORDER BY id"
    for row in db.query(sql, params):
        row["before"] = json.loads(row["before"]) if row["before"] else None
        row["after"] = json.loads(row["after"]) if row["after"] else None
        yield row
