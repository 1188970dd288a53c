"""What the other database recorded about its work: its history and its conflicts.

A history entry is imported once. Its row id is translated to ours where the row exists
here (else it reads `<file>#<id>`), and everything else it says (when, who, which table,
what action, before and after) is kept verbatim, so an entry that comes back through a
third database, or from a copy of the same file, is recognised and not added again.
"""

from __future__ import annotations

import json
from typing import Any

from workbench.team import scratch
from workbench.team.conflicts import conflict_key, encode
from workbench.team.source import THEIRS, json_columns
from workbench.team.state import MergeState

SAME_ID_TABLES = ("terms", "claim_types")


def import_history(state: MergeState) -> int:
    if not state.other.has("history"):
        return 0
    db = state.db
    # SQL for the row id an entry of theirs has here: the same for tables whose ids are
    # shared, our id where we hold the row, else `<file>#<their id>`
    same_id_tables = ", ".join(f"'{t}'" for t in SAME_ID_TABLES)
    numeric_row_id = "h.row_id != '' AND h.row_id NOT GLOB '*[^0-9]*'"
    their_id = "CAST(h.row_id AS INTEGER)"
    our_id_by_table = " ".join(f"WHEN '{t}' THEN {scratch.our_id_sql(t, their_id)}"
                               for t in ("translations", *scratch.MAPPED_TABLES))
    row_id_here = (f"CASE WHEN h.table_name IN ({same_id_tables}) OR NOT ({numeric_row_id}) "
                   f"THEN h.row_id ELSE COALESCE(CAST(CASE h.table_name {our_id_by_table} END AS TEXT), "
                   ":label || '#' || h.row_id) END")
    same_entry = ("m.at = h.at AND m.annotator = h.annotator AND m.action = h.action "
                  "AND m.before IS h.before AND m.after IS h.after")
    # Which entries are new: one we hold sits on the row it maps to (one index lookup); only
    # entries about rows that exist nowhere here (`file#id`) need the slow search by content.
    # Choosing them first keeps the copy below from reading the table it writes.
    db.execute("DELETE FROM temp.merge_incoming")
    db.execute(
        "INSERT INTO temp.merge_incoming (their_id, row_id) SELECT h.id, h.here "
        f"FROM (SELECT h.*, {row_id_here} AS here FROM {THEIRS}.history h) AS h "
        "WHERE NOT EXISTS (SELECT 1 FROM main.history m WHERE m.table_name = h.table_name "
        f"AND m.row_id = h.here AND {same_entry}) "
        "AND NOT (h.here GLOB '*#*' AND EXISTS (SELECT 1 FROM main.history m "
        f"WHERE m.table_name = h.table_name AND {same_entry}))", {"label": state.other.label})
    added = db.execute(
        "INSERT INTO main.history (at, annotator, table_name, row_id, action, before, after) "
        "SELECT h.at, h.annotator, h.table_name, i.row_id, h.action, h.before, h.after "
        f"FROM temp.merge_incoming i JOIN {THEIRS}.history h ON h.id = i.their_id ORDER BY i.their_id"
    ).rowcount
    state.counts["history imported"] += added
    return added


def _row_here(state: MergeState, table: str, row_id: str | None) -> str | None:
    """Our id of a row they name, None if we have no such row."""
    if row_id is None or table in SAME_ID_TABLES:
        return row_id
    ours = state.id_maps.get(table, {}).get(int(row_id)) if row_id.isdigit() else None
    return None if ours is None else str(ours)


def _value_here(state: MergeState, field_name: str, value: Any) -> Any:
    if field_name == "incident_id" and value is not None:
        return state.id_maps["incidents"].get(value)
    return value


def import_conflicts(state: MergeState) -> None:
    """Their conflicts, open or resolved, on rows we now share; a resolution they made of a
    disagreement still open here settles it here too."""
    if not state.other.has("conflicts"):
        return
    json_cols: dict[str, frozenset] = {}
    cursor = state.db.execute(f"SELECT * FROM {THEIRS}.conflicts ORDER BY id")
    names = [d[0] for d in cursor.description]
    mapping = {}
    for row in [dict(zip(names, r)) for r in cursor.fetchall()]:
        table, field_name = row["table_name"], row["field"]
        here = _row_here(state, table, row["row_id"])
        other = _row_here(state, table, row["other_row_id"])
        if here is None or (row["other_row_id"] is not None and other is None):
            continue  # about a row they no longer have
        if table not in json_cols:
            json_cols[table] = json_columns(state.db, table)
        ours, theirs = (_value_here(state, field_name, json.loads(row[side])) for side in ("ours", "theirs"))
        resolved = None
        if row["status"] == "resolved":
            resolved = {"resolution": encode(_value_here(state, field_name, json.loads(row["resolution"]))),
                        "resolved_how": row["resolved_how"], "resolved_by": row["resolved_by"],
                        "resolved_at": row["resolved_at"]}
        is_json = field_name in json_cols[table]
        key = conflict_key(table, here, other, field_name, ours, theirs, is_json)
        known = state.conflict_keys.get(key)
        if known is None:
            conflict_id = state.raise_conflict(table, here, other, field_name, ours, theirs,
                                               row["ours_by"], row["theirs_by"], is_json, resolved)
        else:
            conflict_id = known[0]
            if known[1] == "open" and resolved is not None:
                _adopt_resolution(state, key, conflict_id, resolved)
        mapping[row["id"]] = conflict_id
    state.record_ids("conflicts", mapping)


def _adopt_resolution(state: MergeState, key: tuple, conflict_id: int, resolved: dict) -> None:
    db = state.db
    if conflict_id in state.new_conflicts:  # raised by this merge, not written yet
        state.new_conflicts[conflict_id].update(status="resolved", **resolved)
    else:
        before = next(iter(db.query("SELECT * FROM conflicts WHERE id = ?", [conflict_id])))
        db.execute("UPDATE conflicts SET status = 'resolved', resolution = ?, resolved_how = ?, "
                   "resolved_by = ?, resolved_at = ? WHERE id = ?",
                   [resolved["resolution"], resolved["resolved_how"], resolved["resolved_by"],
                    resolved["resolved_at"], conflict_id])
        after = next(iter(db.query("SELECT * FROM conflicts WHERE id = ?", [conflict_id])))
        state.journal.change("conflicts", conflict_id, before, after)
    state.conflict_keys[key] = (conflict_id, "resolved")
    state.counts["resolutions adopted"] += 1
