"""Reconciling rows that are the same annotation in both databases, field by field, and
inserting the ones we do not have; every change goes to the merge's journal."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable

from workbench.team.reconcile import CONFLICT, TAKE, canon, decide, superseded
from workbench.team.source import SCHEMA
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
    pk: str
    fields: list[str]                      # compared and conflicted one by one
    json_fields: frozenset[str] = frozenset()
    by: str | None = None                  # column naming who wrote the row
    by_is_author: bool = False             # ... and whoever changed it last (else: history)
    follow: Callable[[Row, Row], Row] = lambda ours, theirs: {}   # bookkeeping when taking
    to_local: dict[str, Callable[[Any], Any]] = field(default_factory=dict)

    def c(self, row: Row, name: str) -> Any:
        return canon(row.get(name), name in self.json_fields)


def author_of(state: MergeState, schema: str, spec: TableSpec, row_id: Any, row: Row,
              field_name: str) -> str:
    """Who wrote this value of the field in that database: the row's author column when it
    is kept up to date, else the latest history entry that set the value (merge entries only
    carry values, they are not authorship), else the author column anyway."""
    if not (spec.by_is_author and row.get(spec.by)):
        value = spec.c(row, field_name)
        for annotator, after in state.db.execute(
                f"SELECT annotator, after FROM {schema}.history WHERE table_name = ? AND row_id = ? "
                "AND action != 'merge' AND after IS NOT NULL ORDER BY at DESC, id DESC",
                [spec.table, str(row_id)]):
            if spec.c(json.loads(after), field_name) == value:
                return annotator
    return str(row.get(spec.by) or "") if spec.by else ""


def reconcile(state: MergeState, spec: TableSpec, pairs: list[tuple[Row, Row, Any]]) -> None:
    """Merge (ours, theirs-in-our-ids, their pk) pairs of the same annotation."""
    differing = []
    for ours, theirs, their_pk in pairs:
        fields = [f for f in spec.fields if f in theirs and spec.c(ours, f) != spec.c(theirs, f)]
        if fields:
            differing.append((ours, theirs, their_pk, fields))
    if not differing:
        return
    names = set(spec.fields)
    here = superseded(state.db, "main", spec.table, [o[spec.pk] for o, *_ in differing], names,
                      spec.json_fields)
    there = superseded(state.db, SCHEMA, spec.table, [d[2] for d in differing], names,
                       spec.json_fields, spec.to_local, state.other.has("conflicts"))
    updates: dict[tuple[str, ...], list[list]] = {}
    for ours, theirs, their_pk, fields in differing:
        changes = {}
        for f in fields:
            o, t = spec.c(ours, f), spec.c(theirs, f)
            verdict = decide(o, t, t in here.get((str(ours[spec.pk]), f), ()),
                             o in there.get((str(their_pk), f), ()))
            if verdict == TAKE:
                changes[f] = theirs[f]
            elif verdict == CONFLICT:
                state.conflict(spec.table, ours[spec.pk], None, f, ours[f], theirs[f],
                               author_of(state, "main", spec, ours[spec.pk], ours, f),
                               author_of(state, SCHEMA, spec, their_pk, theirs, f),
                               f in spec.json_fields)
        if changes:
            changes.update(spec.follow(ours, theirs))
            state.journal.change(spec.table, ours[spec.pk], ours, {**ours, **changes})
            updates.setdefault(tuple(changes), []).append([*changes.values(), ours[spec.pk]])
            state.counts[f"{label(spec.table)} updated"] += 1
    for columns, params in updates.items():
        sets = ", ".join(f"[{c}] = ?" for c in columns)
        state.db.conn.executemany(f"UPDATE main.[{spec.table}] SET {sets} WHERE [{spec.pk}] = ?", params)


def insert(state: MergeState, table: str, pk: str, rows: list[Row]) -> None:
    """Insert rows (already in our ids, primary key included) and journal each."""
    if not rows:
        return
    columns = list(rows[0])
    state.db.conn.executemany(
        f"INSERT INTO main.[{table}] ({', '.join(f'[{c}]' for c in columns)}) "
        f"VALUES ({', '.join('?' * len(columns))})", [[r[c] for c in columns] for r in rows])
    for row in rows:
        state.journal.change(table, row[pk], None, row)
    state.counts[f"{label(table)} added"] += len(rows)


def read(state: MergeState, sql: str, params: list | tuple = ()) -> list[Row]:
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
    groups: dict[tuple, list] = {}
    for row in ours:
        groups.setdefault(key(row), []).append(row)
    theirs_groups: dict[tuple, list] = {}
    for row in theirs:
        theirs_groups.setdefault(key(row), []).append(row)
    for k, their_rows in theirs_groups.items():
        free = groups.get(k, [])
        if len(their_rows) == 1 and len(free) <= 1:  # the usual case
            yield (free[0] if free else None), their_rows[0]
            continue
        free = sorted(free, key=order)
        left = []
        for row in sorted(their_rows, key=order):
            same = next((o for o in free if exact(o) == exact(row)), None)
            if same is not None:
                free.remove(same)
                yield same, row
            else:
                left.append(row)
        for row in left:
            yield (free.pop(0) if free else None), row
