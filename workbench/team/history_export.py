"""The audit trail as JSON lines: who changed what, when, before and after.

One record per history entry in time order. Entries that came from another database in a
merge, or that a merge wrote, say so under `merge` (which merge, from which file), so an
export shows both what an analyst did and how it arrived here.

A row's JSON columns (a term's renderings, a claim's actors and quantities) are stored as
JSON text; in `before` and `after` they are given as the lists and objects they hold, not as
strings of JSON, so a reader parses each line once (`json.dumps` of one gives back what the
table holds, up to spacing).
"""

from __future__ import annotations

import json
from typing import Callable, Iterator, TextIO

from sqlite_utils import Database

from workbench.corpus.export import dump_jsonl
from workbench.csvfile import SPREADSHEET, Policy, Writer
from workbench.team.source import json_columns

FORMATS = ("jsonl", "csv")
CSV_COLUMNS = ["id", "at", "annotator", "table", "row_id", "action", "before", "after",
               "merge_kind", "merge_id", "merge_source", "merged_by"]


def _decoded(row_json: str | None, json_cols: frozenset[str]) -> dict | None:
    """A stored before/after with its JSON columns as values. A column whose text is not a
    JSON list or object (written by something else) stays the text it is."""
    if not row_json:
        return None
    row = json.loads(row_json)
    if not isinstance(row, dict):
        return row
    for column in json_cols.intersection(row):
        text = row[column]
        if isinstance(text, str):
            try:
                value = json.loads(text)
            except ValueError:
                continue
            if isinstance(value, (list, dict)):
                row[column] = value
    return row


def history_records(db: Database) -> Iterator[dict]:
    json_cols: dict[str, frozenset[str]] = {}
    cursor = db.execute(
        "SELECT h.id, h.at, h.annotator, h.table_name, h.row_id, h.action, h.before, h.after, "
        "CASE WHEN m.id IS NULL THEN NULL WHEN h.id >= m.imported_from THEN 'imported' "
        "ELSE 'applied' END, m.id, m.source, m.merged_by FROM history h "
        "LEFT JOIN merges m ON h.id BETWEEN m.history_from AND m.history_to "
        "ORDER BY h.at, h.id")
    while rows := cursor.fetchmany(1000):
        for (hid, at, annotator, table, row_id, action, before, after, kind, merge_id, source,
             merged_by) in rows:
            if table not in json_cols:
                json_cols[table] = json_columns(db, table)
            cols = json_cols[table]
            yield {"id": hid, "at": at, "annotator": annotator, "table": table, "row_id": row_id,
                   "action": action,
                   "before": _decoded(before, cols), "after": _decoded(after, cols),
                   "merge": None if kind is None else {"kind": kind, "merge_id": merge_id,
                                                       "source": source, "merged_by": merged_by}}


def write_jsonl(db: Database, out: TextIO, on_record: Callable[[], None] | None = None) -> int:
    return dump_jsonl(history_records(db), out, on_record)


def write_csv(db: Database, out: TextIO, on_record: Callable[[], None] | None = None,
              policy: Policy = SPREADSHEET) -> int:
    """One row per entry under the CSV policy (`workbench.csvfile`); before and after are
    JSON (as in the JSON lines), the merge split into its columns."""
    writer = Writer(out, policy)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for record in history_records(db):
        merge = record["merge"] or {}
        writer.writerow([
            record["id"], record["at"], record["annotator"], record["table"], record["row_id"],
            record["action"],
            *(None if record[k] is None else json.dumps(record[k], ensure_ascii=False)
              for k in ("before", "after")),
            merge.get("kind"), merge.get("merge_id"), merge.get("source"), merge.get("merged_by")])
        count += 1
        if on_record:
            on_record()
    return count


WRITERS = {"jsonl": write_jsonl, "csv": write_csv}
