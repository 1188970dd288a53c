"""The audit trail as JSON lines: who changed what, when, before and after.

One record per history entry in time order. Entries that came from another database in a
merge, or that a merge wrote, say so under `merge` (which merge, from which file), so an
export shows both what an analyst did and how it arrived here.
"""

from __future__ import annotations

import json
from typing import Callable, Iterator, TextIO

from sqlite_utils import Database

from workbench.corpus.export import dump_jsonl

FORMATS = ("jsonl",)


def history_records(db: Database) -> Iterator[dict]:
    cursor = db.execute(
        "SELECT h.id, h.at, h.annotator, h.table_name, h.row_id, h.action, h.before, h.after, "
        "CASE WHEN m.id IS NULL THEN NULL WHEN h.id >= m.imported_from THEN 'imported' "
        "ELSE 'applied' END, m.id, m.source, m.merged_by FROM history h "
        "LEFT JOIN merges m ON h.id BETWEEN m.history_from AND m.history_to "
        "ORDER BY h.at, h.id")
    while rows := cursor.fetchmany(1000):
        for (hid, at, annotator, table, row_id, action, before, after, kind, merge_id, source,
             merged_by) in rows:
            yield {"id": hid, "at": at, "annotator": annotator, "table": table, "row_id": row_id,
                   "action": action,
                   "before": json.loads(before) if before else None,
                   "after": json.loads(after) if after else None,
                   "merge": None if kind is None else {"kind": kind, "merge_id": merge_id,
                                                       "source": source, "merged_by": merged_by}}


def write_jsonl(db: Database, out: TextIO, on_record: Callable[[], None] | None = None) -> int:
    return dump_jsonl(history_records(db), out, on_record)
