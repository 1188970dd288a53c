"""Conflicts: disagreements a merge found and kept, and their adjudication.

A conflict names one field of one annotation row (or of two rows: two annotators' claims
on the same span) and holds both values, each with who wrote it. It stays open until an
adjudicator picks a side or writes a new value; the resolution is written to the row(s)
through the audited path and recorded in history with both sides kept, so nothing a
merge saw is ever lost. These are plain functions for the CLI and the terminal UI alike.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlite_utils import Database

from workbench.errors import InvalidValue, NotFound
from workbench.store.history import audited_update, now, record
from workbench.team.reconcile import canon
from workbench.team.source import json_columns

PICKS = ("ours", "theirs")
ROW_PK = {"translations": "segment_id", "claims": "id", "incidents": "id", "terms": "id"}
INTEGER_PK = {"translations", "claims", "incidents"}


@dataclass
class Conflict:
    id: int
    table: str
    row_id: str
    other_row_id: str | None
    field: str
    ours: Any
    theirs: Any
    ours_by: str
    theirs_by: str
    merge_id: int | None
    source: str | None
    created_at: str
    status: str
    resolution: Any = None
    resolved_how: str | None = None
    resolved_by: str | None = None
    resolved_at: str | None = None
    context: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def rows(self) -> list[str]:
        return [r for r in (self.row_id, self.other_row_id) if r is not None]


def encode(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def conflict_key(table: str, row_id: Any, other_row_id: Any, field_name: str, ours: Any,
                 theirs: Any, is_json: bool = False) -> tuple:
    """Identity of a disagreement regardless of which side was 'ours'."""
    rows = frozenset(str(r) for r in (row_id, other_row_id) if r is not None)
    values = frozenset(json.dumps(canon(v, is_json), sort_keys=True) for v in (ours, theirs))
    return (table, rows, field_name, values)


def existing_keys(db: Database) -> dict[tuple, tuple[int, str]]:
    """{conflict key: (id, status)} for every conflict recorded here."""
    json_cols: dict[str, frozenset] = {}
    out = {}
    for cid, table, row_id, other, fname, ours, theirs, status in db.execute(
            "SELECT id, table_name, row_id, other_row_id, field, ours, theirs, status FROM conflicts"):
        if table not in json_cols:
            json_cols[table] = json_columns(db, table)
        key = conflict_key(table, row_id, other, fname, json.loads(ours), json.loads(theirs),
                           fname in json_cols[table])
        out[key] = (cid, status)
    return out


_SELECT = ("SELECT c.*, m.source AS source FROM conflicts c LEFT JOIN merges m ON m.id = c.merge_id")


def _from_row(db: Database, row: dict) -> Conflict:
    c = Conflict(
        id=row["id"], table=row["table_name"], row_id=row["row_id"], other_row_id=row["other_row_id"],
        field=row["field"], ours=json.loads(row["ours"]), theirs=json.loads(row["theirs"]),
        ours_by=row["ours_by"], theirs_by=row["theirs_by"], merge_id=row["merge_id"],
        source=row["source"], created_at=row["created_at"], status=row["status"],
        resolution=json.loads(row["resolution"]) if row["resolution"] is not None else None,
        resolved_how=row["resolved_how"], resolved_by=row["resolved_by"],
        resolved_at=row["resolved_at"])
    c.context = context_of(db, c)
    return c


def list_conflicts(db: Database, status: str | None = "open", table: str | None = None) -> list[Conflict]:
    """Conflicts, oldest first; status 'open', 'resolved' or None for all."""
    clauses, params = [], []
    if status is not None:
        if status not in ("open", "resolved"):
            raise InvalidValue(f"conflict status {status!r}: use open or resolved")
        clauses.append("c.status = ?")
        params.append(status)
    if table is not None:
        clauses.append("c.table_name = ?")
        params.append(table)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    return [_from_row(db, r) for r in db.query(f"{_SELECT} {where} ORDER BY c.id", params)]


def get_conflict(db: Database, conflict_id: int) -> Conflict:
    rows = list(db.query(f"{_SELECT} WHERE c.id = ?", [conflict_id]))
    if not rows:
        raise NotFound(f"conflict {conflict_id}: no such conflict")
    return _from_row(db, rows[0])


def open_count(db: Database) -> int:
    return db.execute("SELECT COUNT(*) FROM conflicts WHERE status = 'open'").fetchone()[0]


def context_of(db: Database, c: Conflict) -> dict:
    """What an adjudicator needs to see beside the two values."""
    pk = _pk(c.table, c.row_id)
    if c.table == "translations":
        row = db.execute("SELECT s.id, s.document_id, s.position, s.raw, d.title FROM segments s "
                         "JOIN documents d ON d.id = s.document_id WHERE s.id = ?", [pk]).fetchone()
        mt = db.execute("SELECT tm.mt_text FROM translations t JOIN tm ON tm.id = t.tm_id "
                        "WHERE t.segment_id = ?", [pk]).fetchone()
        return {} if row is None else {"segment_id": row[0], "document_id": row[1],
                                       "position": row[2], "text": row[3], "title": row[4],
                                       "mt": mt[0] if mt else None}
    if c.table == "claims":
        out = {}
        for key, rid in (("ours", c.row_id), ("theirs", c.other_row_id)):
            if rid is None:
                continue
            row = db.execute("SELECT segment_id, start, \"end\", content, annotator FROM claims "
                             "WHERE id = ?", [int(rid)]).fetchone()
            if row:
                out.update({"segment_id": row[0], "span": [row[1], row[2]], "content": row[3]})
                out[f"{key}_claim"] = {"id": int(rid), "annotator": row[4]}
        return out
    if c.table == "terms":
        row = db.execute("SELECT term_ar, category FROM terms WHERE id = ?", [pk]).fetchone()
        return {} if row is None else {"term_id": pk, "term_ar": row[0], "category": row[1]}
    if c.table == "incidents":
        row = db.execute("SELECT title FROM incidents WHERE id = ?", [pk]).fetchone()
        return {} if row is None else {"incident_id": pk, "title": row[0]}
    return {}


def short(value: Any, width: int = 70) -> str:
    """A value on one line, cut to `width` characters."""
    text = "(empty)" if value in (None, "") else " ".join(str(value).split())
    return text if len(text) <= width else text[:width - 1] + "…"


def describe(c: Conflict) -> str:
    """One line naming the conflict and what it is about (its values are shown apart)."""
    ctx = c.context
    if c.table == "translations":
        where = f"segment {c.row_id}: {short(ctx.get('text'), 60)}"
    elif c.table == "claims":
        claims = " / ".join(f"claim {ctx[k]['id']} by {ctx[k]['annotator']}"
                            for k in ("ours_claim", "theirs_claim") if k in ctx)
        span = ctx.get("span") or ["?", "?"]
        where = (f"{claims}, segment {ctx.get('segment_id')} [{span[0]}:{span[1]}] "
                 f"{short(ctx.get('content'), 40)}")
    elif c.table == "terms":
        where = f"term {c.row_id} {ctx.get('term_ar', '')}"
    else:
        where = f"{c.table} {c.row_id} {short(ctx.get('title'), 40) if ctx.get('title') else ''}"
    return f"#{c.id} {c.table}.{c.field} ({where.strip()})"


def _pk(table: str, row_id: str) -> Any:
    return int(row_id) if table in INTEGER_PK else row_id


def _column_type(db: Database, table: str, column: str) -> str:
    for row in db.execute(f"PRAGMA main.table_info([{table}])"):
        if row[1] == column:
            return (row[2] or "").upper()
    raise InvalidValue(f"{table}.{column}: no such field")


def check_value(db: Database, c: Conflict, value: Any) -> Any:
    """A new value typed by the adjudicator, as the column stores it, or one clear error."""
    if c.field in json_columns(db, c.table):
        if isinstance(value, (list, dict)):
            return json.dumps(value, ensure_ascii=False)
        text = str(value).strip()
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = [part.strip() for part in text.split("|") if part.strip()]
        if not isinstance(parsed, (list, dict)):
            raise InvalidValue(f"{c.field}: expected a list (JSON, or values separated by ' | ')")
        return json.dumps(parsed, ensure_ascii=False)
    if "INT" in _column_type(db, c.table, c.field):
        if value in (None, ""):
            return None
        try:
            value = int(value)
        except (TypeError, ValueError):
            raise InvalidValue(f"{c.field}: {value!r} is not a whole number") from None
        if c.field == "incident_id" and not db.execute(
                "SELECT 1 FROM incidents WHERE id = ?", [value]).fetchone():
            raise NotFound(f"incident {value}: no such incident")
        return value
    value = "" if value is None else str(value)
    if c.table == "claims" and c.field in ("claim_type", "status"):
        from workbench.claims import model
        (model.check_claim_type(db, value) if c.field == "claim_type" else model.check_status(value))
    if c.table == "translations" and not value.strip():
        raise InvalidValue("a post-edit cannot be empty: pick a side, or write the text")
    return value


def _changes(c: Conflict, value: Any, author: str, stamp: str) -> dict:
    changes = {c.field: value}
    if c.table == "translations":
        changes.update(postedit_by=author, postedit_at=stamp)
    elif c.table == "terms":
        changes.update(changed_by=author, changed_at=stamp)
    elif c.table == "claims":
        changes["updated_at"] = stamp
    return changes


def resolve(db: Database, conflict_id: int, annotator: str, pick: str | None = None,
            value: Any = None) -> Conflict:
    """Settle a conflict: `pick` 'ours' or 'theirs', or a new `value`; returns it resolved.

    The chosen value is written to the row (both rows, for two annotators' claims) and the
    conflict, with both sides, is kept and recorded in history as resolved.
    """
    if not annotator:
        raise InvalidValue("no annotator: set --annotator NAME or WORKBENCH_ANNOTATOR")
    if (pick is None) == (value is None):
        raise InvalidValue("resolve a conflict with either a pick (ours or theirs) or a new value")
    if pick is not None and pick not in PICKS:
        raise InvalidValue(f"pick {pick!r}: use ours or theirs")
    with db.atomic():
        c = get_conflict(db, conflict_id)
        if c.status == "resolved":
            raise InvalidValue(f"conflict {conflict_id}: already resolved by {c.resolved_by} "
                               f"at {c.resolved_at}")
        if pick is not None:
            chosen = c.ours if pick == "ours" else c.theirs
            author = c.ours_by if pick == "ours" else c.theirs_by
        else:
            chosen, author = check_value(db, c, value), annotator
        stamp = now()
        for rid in c.rows:
            pk = _pk(c.table, rid)
            if not db.execute(f"SELECT 1 FROM [{c.table}] WHERE [{ROW_PK[c.table]}] = ?", [pk]).fetchone():
                raise NotFound(f"conflict {conflict_id}: {c.table} row {rid} no longer exists")
            audited_update(db, c.table, pk, _changes(c, chosen, author or annotator, stamp),
                           annotator, pk_col=ROW_PK[c.table])
        before = dict(db.query("SELECT * FROM conflicts WHERE id = ?", [conflict_id]).__next__())
        db.execute("UPDATE conflicts SET status = 'resolved', resolution = ?, resolved_how = ?, "
                   "resolved_by = ?, resolved_at = ? WHERE id = ?",
                   [encode(chosen), pick or "value", annotator, stamp, conflict_id])
        after = dict(db.query("SELECT * FROM conflicts WHERE id = ?", [conflict_id]).__next__())
        record(db, annotator, "conflicts", conflict_id, "resolve", before, after, at=stamp)
    return get_conflict(db, conflict_id)
