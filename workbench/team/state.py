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
from workbench.team.source import Other


@dataclass
class MergeState:
    db: Database
    other: Other
    annotator: str
    at: str
    merge_id: int
    journal: Journal
    counts: Counter = field(default_factory=Counter)
    maps: dict[str, dict] = field(default_factory=lambda: {
        "claims": {}, "incidents": {}, "conflicts": {}})
    conflict_keys: dict[tuple, tuple[int, str]] = field(default_factory=dict)
    new_conflicts: dict[int, dict] = field(default_factory=dict)
    _next_conflict: int = 0

    def remember(self, table: str, mapping: dict) -> None:
        """Their row id -> ours, for Python (self.maps) and for SQL (temp.merge_map_<table>)."""
        self.maps.setdefault(table, {}).update(mapping)
        scratch.remember(self.db, table, mapping)

    def load_conflicts(self) -> None:
        self.conflict_keys = conflict_store.existing_keys(self.db)
        self._next_conflict = self.db.execute(
            "SELECT COALESCE(MAX(id), 0) + 1 FROM conflicts").fetchone()[0]

    def conflict(self, table: str, row_id: Any, other_row_id: Any, field_name: str, ours: Any,
                 theirs: Any, ours_by: str, theirs_by: str, is_json: bool = False,
                 resolved: dict | None = None) -> int:
        """Record a disagreement unless the same one is already known; returns its id."""
        key = conflict_store.conflict_key(table, row_id, other_row_id, field_name, ours, theirs, is_json)
        if key in self.conflict_keys:
            return self.conflict_keys[key][0]
        cid = self._next_conflict
        self._next_conflict += 1
        resolved = resolved or {}
        row = {"id": cid, "table_name": table, "row_id": str(row_id),
               "other_row_id": None if other_row_id is None else str(other_row_id),
               "field": field_name, "ours": conflict_store.encode(ours),
               "theirs": conflict_store.encode(theirs), "ours_by": ours_by or "",
               "theirs_by": theirs_by or "", "merge_id": self.merge_id, "created_at": self.at,
               "status": "resolved" if resolved else "open",
               "resolution": resolved.get("resolution"), "resolved_how": resolved.get("resolved_how"),
               "resolved_by": resolved.get("resolved_by"), "resolved_at": resolved.get("resolved_at")}
        self.new_conflicts[cid] = row
        self.conflict_keys[key] = (cid, row["status"])
        self.counts["conflicts" if not resolved else "resolved conflicts"] += 1
        return cid

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
