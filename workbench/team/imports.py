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
from workbench.team.source import SCHEMA, json_columns
from workbench.team.state import MergeState

SAME_ID_TABLES = ("terms", "claim_types")


def import_history(state: MergeState) -> int:
    if not state.other.has("history"):
        return 0
    db = state.db
    same = ", ".join(f"'{t}'" for t in SAME_ID_TABLES)
    numeric = "h.row_id != '' AND h.row_id NOT GLOB '*[^0-9]*'"
    ids = "CAST(h.row_id AS INTEGER)"
    lookups = " ".join(f"WHEN '{t}' THEN {scratch.our_id_sql(t, ids)}"
                       for t in ("translations", *scratch.MAPPED))
    mapped = (f"CASE WHEN h.table_name IN ({same}) OR NOT ({numeric}) THEN h.row_id "
              f"ELSE COALESCE(CAST(CASE h.table_name {lookups} END AS TEXT), "
              ":label || '#' || h.row_id) END")
    same_entry = ("m.at = h.at AND m.annotator = h.annotator AND m.action = h.action "
                  "AND m.before IS h.before AND m.after IS h.after")
    # Which entries are new: one we hold sits on the row it maps to (one index lookup); only
    # entries about rows that exist nowhere here (`file#id`) need the slow search by content.
    # Choosing them first keeps the copy below from reading the table it writes.
    db.execute("DELETE FROM temp.merge_incoming")
    db.execute(
        "INSERT INTO temp.merge_incoming (their_id, row_id) SELECT h.id, h.here "
        f"FROM (SELECT h.*, {mapped} AS here FROM {SCHEMA}.history h) AS h "
        "WHERE NOT EXISTS (SELECT 1 FROM main.history m WHERE m.table_name = h.table_name "
        f"AND m.row_id = h.here AND {same_entry}) "
        "AND NOT (h.here GLOB '*#*' AND EXISTS (SELECT 1 FROM main.history m "
        f"WHERE m.table_name = h.table_name AND {same_entry}))", {"label": state.other.label})
    added = db.execute(
        "INSERT INTO main.history (at, annotator, table_name, row_id, action, before, after) "
        "SELECT h.at, h.annotator, h.table_name, i.row_id, h.action, h.before, h.after "
        f"FROM temp.merge_incoming i JOIN {SCHEMA}.history h ON h.id = i.their_id ORDER BY i.their_id"
    ).rowcount
    state.counts["history imported"] += added
    return added


def _row_here(state: MergeState, table: str, row_id: str | None) -> str | None:
    """Our id of a row they name, None if we have no such row."""
    if row_id is None or table in SAME_ID_TABLES:
        return row_id
    ours = state.maps.get(table, {}).get(int(row_id)) if row_id.isdigit() else None
    return None if ours is None else str(ours)


def _value_here(state: MergeState, field_name: str, value: Any) -> Any:
    if field_name == "incident_id" and value is not None:
        return state.maps["incidents"].get(value)
    return value


def import_conflicts(state: MergeState) -> None:
    """Their conflicts, open or resolved, on rows we now share; a resolution they made of a
    disagreement still open here settles it here too."""
    if not state.other.has("conflicts"):
        return
    json_cols: dict[str, frozenset] = {}
    cursor = state.db.execute(f"SELECT * FROM {SCHEMA}.conflicts ORDER BY id")
    names = [d[0] for d in cursor.description]
    mapping = {}
    for row in [dict(zip(names, r)) for r in cursor.fetchall()]:
        table, f = row["table_name"], row["field"]
        here = _row_here(state, table, row["row_id"])
        other = _row_here(state, table, row["other_row_id"])
        if here is None or (row["other_row_id"] is not None and other is None):
            continue  # about a row they no longer have
        if table not in json_cols:
            json_cols[table] = json_columns(state.db, table)
        ours, theirs = (_value_here(state, f, json.loads(row[k])) for k in ("ours", "theirs"))
        resolved = None
        if row["status"] == "resolved":
            resolved = {"resolution": encode(_value_here(state, f, json.loads(row["resolution"]))),
                        "resolved_how": row["resolved_how"], "resolved_by": row["resolved_by"],
                        "resolved_at": row["resolved_at"]}
        key = conflict_key(table, here, other, f, ours, theirs, f in json_cols[table])
        known = state.conflict_keys.get(key)
        if known is None:
            cid = state.conflict(table, here, other, f, ours, theirs, row["ours_by"],
                                 row["theirs_by"], f in json_cols[table], resolved)
        else:
            cid = known[0]
            if known[1] == "open" and resolved is not None:
                _adopt_resolution(state, key, cid, resolved)
        mapping[row["id"]] = cid
    state.remember("conflicts", mapping)


def _adopt_resolution(state: MergeState, key: tuple, cid: int, resolved: dict) -> None:
    db = state.db
    if cid in state.new_conflicts:  # raised by this merge, not written yet
        state.new_conflicts[cid].update(status="resolved", **resolved)
    else:
        before = next(iter(db.query("SELECT * FROM conflicts WHERE id = ?", [cid])))
        db.execute("UPDATE conflicts SET status = 'resolved', resolution = ?, resolved_how = ?, "
                   "resolved_by = ?, resolved_at = ? WHERE id = ?",
                   [resolved["resolution"], resolved["resolved_how"], resolved["resolved_by"],
                    resolved["resolved_at"], cid])
        after = next(iter(db.query("SELECT * FROM conflicts WHERE id = ?", [cid])))
        state.journal.change("conflicts", cid, before, after)
    state.conflict_keys[key] = (cid, "resolved")
    state.counts["resolutions adopted"] += 1
