"""Reconciling rows that are the same annotation in both databases, field by field, and
inserting the ones we do not have; every change goes to the merge's journal."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable

from workbench.team.reconcile import CONFLICT, TAKE, canon, decide, superseded
from workbench.team.source import THEIRS
from workbench.team.state import MergeState

Row = dict[str, Any]
LABELS = {"translations": "post-edits", "terms": "glossary terms", "claim_types": "claim types"}


def label(table: str) -> str:
    """How the merge's counts name a table's rows."""
    return LABELS.get(table, table)


@dataclass
class TableSpec:
    """How one annotation table merges."""

    table: str
    key_column: str                        # the primary key
    fields: list[str]                      # compared and conflicted one by one
    json_fields: frozenset[str] = frozenset()
    author_column: str | None = None       # column naming who wrote the row
    author_column_is_current: bool = False  # ... and whoever changed it last (else: history)
    on_take: Callable[[Row, Row], Row] = lambda ours, theirs: {}   # bookkeeping when taking
    to_local: dict[str, Callable[[Any], Any]] = field(default_factory=dict)

    def canonical(self, row: Row, name: str) -> Any:
        """The field's value in the form values are compared in (JSON parsed)."""
        return canon(row.get(name), name in self.json_fields)


def author_of(state: MergeState, schema: str, spec: TableSpec, row_id: Any, row: Row,
              field_name: str) -> str:
    """Who wrote this value of the field in that database: the row's author column when it
    is kept up to date, else the latest history entry that set the value (merge entries only
    carry values, they are not authorship), else the author column anyway."""
    if not (spec.author_column_is_current and row.get(spec.author_column)):
        value = spec.canonical(row, field_name)
        for annotator, after in state.db.execute(
                f"SELECT annotator, after FROM {schema}.history WHERE table_name = ? AND row_id = ? "
                "AND action != 'merge' AND after IS NOT NULL ORDER BY at DESC, id DESC",
                [spec.table, str(row_id)]):
            if spec.canonical(json.loads(after), field_name) == value:
                return annotator
    return str(row.get(spec.author_column) or "") if spec.author_column else ""


def reconcile(state: MergeState, spec: TableSpec, pairs: list[tuple[Row, Row, Any]]) -> None:
    """Merge (ours, theirs-in-our-ids, their primary key) pairs of the same annotation."""
    key = spec.key_column
    differing = []
    for ours, theirs, their_key in pairs:
        fields = [f for f in spec.fields
                  if f in theirs and spec.canonical(ours, f) != spec.canonical(theirs, f)]
        if fields:
            differing.append((ours, theirs, their_key, fields))
    if not differing:
        return
    names = set(spec.fields)
    # the values each side has moved on from, per (row id, field)
    superseded_here = superseded(state.db, "main", spec.table, [ours[key] for ours, *_ in differing],
                                 names, spec.json_fields)
    superseded_there = superseded(state.db, THEIRS, spec.table,
                                  [their_key for _, _, their_key, _ in differing], names,
                                  spec.json_fields, spec.to_local, state.other.has("conflicts"))
    updates: dict[tuple[str, ...], list[list]] = {}
    for ours, theirs, their_key, fields in differing:
        changes = {}
        for name in fields:
            our_value, their_value = spec.canonical(ours, name), spec.canonical(theirs, name)
            verdict = decide(our_value, their_value,
                             their_value in superseded_here.get((str(ours[key]), name), ()),
                             our_value in superseded_there.get((str(their_key), name), ()))
            if verdict == TAKE:
                changes[name] = theirs[name]
            elif verdict == CONFLICT:
                state.raise_conflict(spec.table, ours[key], None, name, ours[name], theirs[name],
                                     author_of(state, "main", spec, ours[key], ours, name),
                                     author_of(state, THEIRS, spec, their_key, theirs, name),
                                     name in spec.json_fields)
        if changes:
            changes.update(spec.on_take(ours, theirs))
            state.journal.change(spec.table, ours[key], ours, {**ours, **changes})
            updates.setdefault(tuple(changes), []).append([*changes.values(), ours[key]])
            state.counts[f"{label(spec.table)} updated"] += 1
    for columns, params in updates.items():
        sets = ", ".join(f"[{c}] = ?" for c in columns)
        state.db.conn.executemany(f"UPDATE main.[{spec.table}] SET {sets} WHERE [{key}] = ?", params)


def insert(state: MergeState, table: str, key_column: str, rows: list[Row]) -> None:
    """Insert rows (already in our ids, primary key included) and journal each."""
    if not rows:
        return
    columns = list(rows[0])
    state.db.conn.executemany(
        f"INSERT INTO main.[{table}] ({', '.join(f'[{c}]' for c in columns)}) "
        f"VALUES ({', '.join('?' * len(columns))})", [[r[c] for c in columns] for r in rows])
    for row in rows:
        state.journal.change(table, row[key_column], None, row)
    state.counts[f"{label(table)} added"] += len(rows)


def read(state: MergeState, sql: str, params: list | tuple = ()) -> list[Row]:
    """The rows of a query, as dicts."""
    cursor = state.db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]


def read_pairs(state: MergeState, ours: list[str], theirs: dict[str, str], sql_from: str,
               params: list | tuple = ()) -> list[tuple[Row, Row]]:
    """(our row, their row) pairs: `ours` columns of alias o, `theirs` {column: SQL expression}."""
    select = [f"o.[{c}]" for c in ours] + list(theirs.values())
    out = []
    for values in state.db.execute(f"SELECT {', '.join(select)} {sql_from}", params):
        out.append((dict(zip(ours, values[:len(ours)])), dict(zip(theirs, values[len(ours):]))))
    return out


def pair_by_identity(ours: list[tuple], theirs: list[tuple], key: Callable[[tuple], tuple],
                     exact: Callable[[tuple], Any], order: Callable[[tuple], tuple]):
    """Pair rows of the same identity: equal `exact` first, then in `order`.

    Yields (ours or None, theirs). The pairing is symmetric, so which database is 'ours'
    does not change which rows are paired.
    """
    ours_by_identity: dict[tuple, list] = {}
    for row in ours:
        ours_by_identity.setdefault(key(row), []).append(row)
    theirs_by_identity: dict[tuple, list] = {}
    for row in theirs:
        theirs_by_identity.setdefault(key(row), []).append(row)
    for identity, their_rows in theirs_by_identity.items():
        unpaired = ours_by_identity.get(identity, [])
        if len(their_rows) == 1 and len(unpaired) <= 1:  # the usual case
            yield (unpaired[0] if unpaired else None), their_rows[0]
            continue
        unpaired = sorted(unpaired, key=order)
        unmatched = []
        for row in sorted(their_rows, key=order):
            same = next((o for o in unpaired if exact(o) == exact(row)), None)
            if same is not None:
                unpaired.remove(same)
                yield same, row
            else:
                unmatched.append(row)
        for row in unmatched:
            yield (unpaired.pop(0) if unpaired else None), row
