"""What one merge carries from step to step: the maps from their row ids to ours, the
history it writes, the conflicts it raises, and its counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from workbench.team import conflicts as conflict_store
from workbench.team import scratch
from workbench.team.journal import Journal
from workbench.team.source import OtherDatabase


@dataclass
class MergeState:
    db: Database
    other: OtherDatabase
    annotator: str
    merged_at: str
    merge_id: int
    journal: Journal
    counts: Counter = field(default_factory=Counter)
    # per table, their row id -> ours
    id_maps: dict[str, dict] = field(default_factory=lambda: {
        "claims": {}, "incidents": {}, "conflicts": {}})
    conflict_keys: dict[tuple, tuple[int, str]] = field(default_factory=dict)   # -> (id, status)
    new_conflicts: dict[int, dict] = field(default_factory=dict)                # not yet written
    _next_conflict_id: int = 0

    def record_ids(self, table: str, mapping: dict) -> None:
        """Their row id -> ours, for Python (self.id_maps) and for SQL (temp.merge_map_<table>)."""
        self.id_maps.setdefault(table, {}).update(mapping)
        scratch.record_ids(self.db, table, mapping)

    def load_conflicts(self) -> None:
        self.conflict_keys = conflict_store.existing_keys(self.db)
        self._next_conflict_id = self.db.execute(
            "SELECT COALESCE(MAX(id), 0) + 1 FROM conflicts").fetchone()[0]

    def raise_conflict(self, table: str, row_id: Any, other_row_id: Any, field_name: str,
                       ours: Any, theirs: Any, ours_by: str, theirs_by: str, is_json: bool = False,
                       resolved: dict | None = None) -> int:
        """Record a disagreement unless the same one is already known; returns its id."""
        key = conflict_store.conflict_key(table, row_id, other_row_id, field_name, ours, theirs, is_json)
        if key in self.conflict_keys:
            return self.conflict_keys[key][0]
        conflict_id = self._next_conflict_id
        self._next_conflict_id += 1
        resolved = resolved or {}
        row = {"id": conflict_id, "table_name": table, "row_id": str(row_id),
               "other_row_id": None if other_row_id is None else str(other_row_id),
               "field": field_name, "ours": conflict_store.encode(ours),
               "theirs": conflict_store.encode(theirs), "ours_by": ours_by or "",
               "theirs_by": theirs_by or "", "merge_id": self.merge_id, "created_at": self.merged_at,
               "status": "resolved" if resolved else "open",
               "resolution": resolved.get("resolution"), "resolved_how": resolved.get("resolved_how"),
               "resolved_by": resolved.get("resolved_by"), "resolved_at": resolved.get("resolved_at")}
        self.new_conflicts[conflict_id] = row
        self.conflict_keys[key] = (conflict_id, row["status"])
        self.counts["conflicts" if not resolved else "resolved conflicts"] += 1
        return conflict_id

    def flush_conflicts(self) -> None:
        """Write the conflicts raised (journalled as they are written)."""
        rows = list(self.new_conflicts.values())
        if not rows:
            return
        columns = list(rows[0])
        self.db.conn.executemany(
            f"INSERT INTO conflicts ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [list(r.values()) for r in rows])
        for row in rows:
            self.journal.change("conflicts", row["id"], None, row)
        self.new_conflicts = {}
