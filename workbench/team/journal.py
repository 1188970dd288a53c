"""The history a merge writes: every row it adds or changes, by whoever ran the merge.

A merge changes thousands of rows at once, so instead of `audited_*` row by row (a read
before and after each write) it writes the same history rows in bulk, inside the merge's
transaction: rows it inserts are described by SQL (`json_object` of the stored row), rows
it changes from the before and after it already holds. The `merges` row records the range
of history ids the merge wrote and names the database they came from.
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from workbench.team.source import columns

MERGE_ACTION = "merge"


def dump(row: dict | None) -> str | None:
    """The same JSON text `workbench.store.history` writes."""
    return None if row is None else json.dumps(row, ensure_ascii=False, sort_keys=True)


def row_json_sql(db: Database, table: str, alias: str = "r") -> str:
    """SQL for the JSON of a stored row (keys sorted, as history writes them)."""
    return "json_object(" + ", ".join(f"'{c}', {alias}.[{c}]" for c in sorted(columns(db, table))) + ")"


class Journal:
    def __init__(self, db: Database, annotator: str, at: str):
        self.db, self.annotator, self.at = db, annotator, at
        self.entries: list[tuple] = []
        self.written = 0

    def change(self, table: str, row_id: Any, before: dict | None, after: dict | None,
               action: str = MERGE_ACTION) -> None:
        self.entries.append((self.at, self.annotator, table, str(row_id), action,
                             dump(before), dump(after)))

    def inserted(self, table: str, pk: str, where: str, params: list | tuple = ()) -> None:
        """Record the rows of `table` matching `where` (alias r) as inserted by the merge."""
        cursor = self.db.execute(
            "INSERT INTO history (at, annotator, table_name, row_id, action, before, after) "
            f"SELECT ?, ?, ?, CAST(r.[{pk}] AS TEXT), ?, NULL, {row_json_sql(self.db, table)} "
            f"FROM main.[{table}] r WHERE {where} ORDER BY r.[{pk}]",
            [self.at, self.annotator, table, MERGE_ACTION, *params])
        self.written += max(cursor.rowcount, 0)

    def __len__(self) -> int:
        return len(self.entries) + self.written

    def flush(self) -> None:
        """Write the entries held so far."""
        if self.entries:
            self.db.conn.executemany(
                "INSERT INTO history (at, annotator, table_name, row_id, action, before, after) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)", self.entries)
            self.written += len(self.entries)
            self.entries = []
