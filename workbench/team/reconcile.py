"""Deciding, field by field, what a merge does with two values of the same annotation.

Without a common ancestor a two-way merge cannot tell "they changed it" from "we changed
it", so each database's history stands in for one: a value one database has replaced (its
history shows it as a `before`, or a resolved conflict set it aside) is *superseded* there.

    equal values                            nothing to do
    one side empty                          keep the one with a value
    theirs superseded here, ours not there  keep ours
    ours superseded there, theirs not here  take theirs
    otherwise                               a conflict; our value stays until adjudicated

Every rule is symmetric, so merging A into B and B into A decide the same way. An empty
value never erases one: clearing a field, like deleting a row, does not travel through a
merge (clear it again after merging).
"""

from __future__ import annotations

import json
from typing import Any, Callable, Iterable

from sqlite_utils import Database

KEEP, TAKE, CONFLICT = "keep", "take", "conflict"
EMPTY = (None, "", "[]", "{}")
CHUNK = 500


def canon(value: Any, is_json: bool = False) -> Any:
    """A comparable form: JSON text is compared as the value it encodes."""
    if is_json and isinstance(value, str):
        try:
            return json.dumps(json.loads(value), ensure_ascii=False, sort_keys=True)
        except ValueError:
            return value
    return value


def is_empty(value: Any) -> bool:
    return value in EMPTY


def decide(ours: Any, theirs: Any, theirs_superseded_here: bool, ours_superseded_there: bool) -> str:
    """KEEP, TAKE or CONFLICT for two canonical values of one field (see the module doc)."""
    if ours == theirs:
        return KEEP
    if is_empty(ours) and is_empty(theirs):  # two spellings of nothing: settle on one
        return KEEP if EMPTY.index(ours) <= EMPTY.index(theirs) else TAKE
    if is_empty(theirs):
        return KEEP
    if is_empty(ours):
        return TAKE
    if theirs_superseded_here != ours_superseded_there:
        return KEEP if theirs_superseded_here else TAKE
    return CONFLICT


Superseded = dict[tuple[str, str], set]


def superseded(db: Database, schema: str, table: str, row_ids: Iterable, fields: Iterable[str],
               json_fields: frozenset[str] = frozenset(),
               to_local: dict[str, Callable[[Any], Any]] | None = None,
               has_conflicts: bool = True) -> Superseded:
    """{(row_id, field): canonical values replaced there} for the given rows of `table`."""
    fields = set(fields)
    to_local = to_local or {}
    out: Superseded = {}

    def add(row_id, field, value):
        if field in to_local:
            value = to_local[field](value)
        out.setdefault((str(row_id), field), set()).add(canon(value, field in json_fields))

    ids = sorted({str(r) for r in row_ids})
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        marks = ", ".join("?" * len(chunk))
        for row_id, before, after in db.execute(
                f"SELECT row_id, before, after FROM {schema}.history WHERE table_name = ? "
                f"AND row_id IN ({marks}) AND before IS NOT NULL AND after IS NOT NULL",
                [table, *chunk]):
            before, after = json.loads(before), json.loads(after)
            for field in fields & before.keys():
                old, new = before[field], after.get(field)
                if canon(old, field in json_fields) != canon(new, field in json_fields):
                    add(row_id, field, old)
        if not has_conflicts:
            continue
        for row_id, other_row_id, field, ours, theirs, resolution in db.execute(
                f"SELECT row_id, other_row_id, field, ours, theirs, resolution FROM {schema}.conflicts "
                f"WHERE table_name = ? AND status = 'resolved' AND (row_id IN ({marks}) "
                f"OR other_row_id IN ({marks}))", [table, *chunk, *chunk]):
            if field not in fields:
                continue
            chosen = canon(json.loads(resolution), field in json_fields)
            for side in (json.loads(ours), json.loads(theirs)):
                if canon(side, field in json_fields) != chosen:
                    for rid in (row_id, other_row_id):
                        if rid is not None:
                            add(rid, field, side)
    return out
