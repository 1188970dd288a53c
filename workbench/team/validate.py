"""Checking every row a merge reads from the other database, before it writes anything.

A merge copies rows with SQL, past the writers that check each row written here, so a row
the workbench would never write itself (JSON that does not parse, a term against the
glossary's rules, an unknown claim type or status, a history entry without an author, an
incident dated the 45th) would come in and make `claims list`, the exports, `qa` and
`translate` fail here afterwards. So first every row the merge reads is put through the rules
the core's writers apply: the claim, incident, claim type and term validators themselves,
then our schema (each value's type, required values, references between rows), and the few
rules the writers keep by construction (a post-edit has an author, a segment's hash is the
hash of its text, history entries hold rows).

The validators run on the other database through a read-only connection of its own, so
their queries (a claim's segment, the claim types, incidents and terms) find its rows; all
the checks read one snapshot of it. (The merge then reads the file again through ATTACH: a
process writing that file in between is not covered; a colleague's copy is not being
written.) The first row that breaks a rule refuses the whole merge, in one line naming the
table, the row and what is wrong.
"""

from __future__ import annotations

import json
import re
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from sqlite_utils import Database

from workbench.claims.model import (Claim, Incident, check_type_name, validate_claim,
                                    validate_incident)
from workbench.errors import MergeError, WorkbenchError
from workbench.store.db import open_db
from workbench.store.documents import segment_hash
from workbench.team.conflicts import INTEGER_PK, ROW_PK, short
from workbench.terms.model import Term
from workbench.terms.store import check_related

# The tables a merge reads, each with the column that names a row in messages.
TABLES = {"documents": "id", "segments": "id", "tm": "id", "translations": "segment_id",
          "claim_types": "name", "terms": "id", "incidents": "id", "claims": "id",
          "conflicts": "id", "history": "id"}
TYPE_WORDS = {"integer": "a whole number", "text": "text"}
RESOLVED_HOW = ("ours", "theirs", "value")   # conflicts.resolve and adopted resolutions
SPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())  # all str.strip() strips

# Rules the writers keep without a validator to call: {table: [(SQL condition on row t, what)]}.
RULES = {
    "documents": [("version < 1", "version is below 1"),
                  ("is_current NOT IN (0, 1)", "is_current is neither 0 nor 1"),
                  ("segment_count != (SELECT COUNT(*) FROM segments s WHERE s.document_id = t.id)",
                   "segment_count is not the number of its segments")],
    "translations": [("postedit IS NOT NULL AND trim(postedit, :space) = ''",
                      "the post-edit is blank (no post-edit is NULL)"),
                     ("postedit IS NOT NULL AND trim(COALESCE(postedit_by, ''), :space) = ''",
                      "the post-edit does not say who wrote it")],
    "claim_types": [("trim(label, :space) = ''", "label is empty")],
    "incidents": [("trim(created_by, :space) = ''", "created_by is empty")],
    "claims": [("trim(annotator, :space) = ''", "annotator is empty")],
    "history": [(f"trim([{c}], :space) = ''", f"{c} is empty")
                for c in ("at", "annotator", "table_name", "row_id", "action")],
}


class _Bad(Exception):
    """The first rule broken: table, row and what is wrong."""

    def __init__(self, table: str, row: Any, what: str):
        where = table if row is None else f"{table} row {short(row, 60)}"
        super().__init__(f"{where}: {short(what, 240)}")


def check_rows(db: Database, path: str | Path) -> None:
    """Raise MergeError naming the first row of the other database that breaks a rule;
    `db` (ours) gives the schema the rows must fit. Nothing is written anywhere."""
    other = open_db(path, readonly=True)
    try:
        other.conn.create_function("segment_hash", 1, segment_hash, deterministic=True)
        other.execute("BEGIN")  # one snapshot for every check
        tables = [t for t in TABLES if other[t].exists()]
        for table in tables:
            _check_types(db, other, table)
        for table in tables:
            _check_json(db, other, table)
            _check_references(db, other, table)
            _first(other, table, RULES.get(table, []), {"space": SPACE})
        for table in tables:
            if table in CHECKS:
                CHECKS[table](db, other)
    except _Bad as bad:
        raise MergeError(f"{path}: {bad}") from None
    except sqlite3.Error as exc:
        raise MergeError(f"{path}: cannot be checked for merging ({exc})") from None
    finally:
        other.close()


def _first(other: Database, table: str, rules: list[tuple[str, str]],
           params: dict | None = None) -> None:
    """Refuse the first row of `table` (alias t) meeting one of the (condition, what) rules;
    conditions take named `params`."""
    if not rules:
        return
    what = " ".join(f"WHEN {condition} THEN :what{n}" for n, (condition, _) in enumerate(rules))
    params = {**(params or {}), **{f"what{n}": w for n, (_, w) in enumerate(rules)}}
    row = other.execute(f"SELECT t.[{TABLES[table]}], CASE {what} END FROM [{table}] t "
                        f"WHERE {' OR '.join(c for c, _ in rules)} LIMIT 1", params).fetchone()
    if row:
        raise _Bad(table, row[0], row[1])


@contextmanager
def _row(table: str, row_id: Any) -> Iterator[None]:
    """A core validator's one-line error, as the row's (and JSON that SQLite reads but
    Python's parser, which the readers use, does not)."""
    try:
        yield
    except (WorkbenchError, ValueError, RecursionError) as exc:
        raise _Bad(table, row_id, str(exc)) from None


# --- the schema: types, JSON, references ---------------------------------------------------

def _columns(db: Database, table: str) -> dict[str, tuple]:
    """Our columns of `table`: {name: (kind 'integer'/'text'/None, required, default)}."""
    out = {}
    for _, name, decl, notnull, default, pk in db.execute(f"PRAGMA main.table_info([{table}])"):
        decl = (decl or "").upper()
        kind = "integer" if "INT" in decl else "text" if "TEXT" in decl else None
        out[name] = (kind, bool(notnull or pk), default)
    return out


def _check_types(db: Database, other: Database, table: str) -> None:
    """Every value of the type our column stores, and present where ours requires one."""
    theirs = {r[1] for r in other.execute(f"PRAGMA table_info([{table}])")}
    rules = []
    for name, (kind, required, default) in _columns(db, table).items():
        if name not in theirs:
            if required and default is None:
                raise _Bad(table, None, f"has no {name} column")
        elif kind:
            allowed = f"'{kind}'" + ("" if required else ", 'null'")
            rules.append((f"typeof(t.[{name}]) NOT IN ({allowed})",
                          f"{name} must be {TYPE_WORDS[kind]}" + ("" if required else " or NULL")))
    _first(other, table, rules)


def _check_json(db: Database, other: Database, table: str) -> None:
    """Columns holding a JSON list or object (our '[]' or '{}' default) hold one."""
    theirs = {r[1] for r in other.execute(f"PRAGMA table_info([{table}])")}
    for name, (_, _, default) in _columns(db, table).items():
        if name in theirs and default in ("'[]'", "'{}'"):
            shape = "array" if default == "'[]'" else "object"
            _first(other, table, [
                (f"NOT json_valid(t.[{name}])", f"{name} is not valid JSON"),
                (f"json_valid(t.[{name}]) AND json_type(t.[{name}]) != '{shape}'",
                 f"{name} is not a JSON {'list' if shape == 'array' else 'object'}")])


def _check_references(db: Database, other: Database, table: str) -> None:
    """Each reference our schema declares points at a row that exists there."""
    theirs = {r[1] for r in other.execute(f"PRAGMA table_info([{table}])")}
    for _, _, parent, column, to, *_ in db.execute(f"PRAGMA main.foreign_key_list([{table}])"):
        if column not in theirs:
            continue
        missing = (f"NOT EXISTS (SELECT 1 FROM [{parent}] p WHERE p.[{to}] = t.[{column}])"
                   if other[parent].exists() else "1")
        row = other.execute(f"SELECT t.[{TABLES[table]}], t.[{column}] FROM [{table}] t "
                            f"WHERE t.[{column}] IS NOT NULL AND {missing} LIMIT 1").fetchone()
        if row:
            raise _Bad(table, row[0], f"{column} {row[1]!r}: no such row in {parent}")


def _fits(kind: str | None, value: Any) -> bool:
    """A JSON value that a column of this kind could hold."""
    return (value is None or kind is None or (kind == "integer" and type(value) is int)
            or (kind == "text" and isinstance(value, str)))


# --- the core's validators, row by row -----------------------------------------------------

def _check_segments(db: Database, other: Database) -> None:
    """A segment's hash is its identity across databases (segments are matched by it), so
    it must be the hash of its text wherever it counts: on the segments of documents we do
    not hold (they are copied) and on those carrying annotations."""
    ours = json.dumps([r[0] for r in db.execute("SELECT DISTINCT content_hash FROM main.documents")])
    counted = ["document_id IN (SELECT id FROM documents WHERE content_hash NOT IN "
               "(SELECT value FROM json_each(:ours)))"]
    if other["claims"].exists():
        counted.append("id IN (SELECT segment_id FROM claims)")
    if other["translations"].exists():
        counted.append("id IN (SELECT segment_id FROM translations WHERE postedit IS NOT NULL)")
    _first(other, "segments", [(f"({' OR '.join(counted)}) AND hash IS NOT segment_hash(norm)",
                                "hash is not the hash of its text")], {"ours": ours})


def _check_claim_types(db: Database, other: Database) -> None:
    for (name,) in other.execute("SELECT name FROM claim_types"):
        with _row("claim_types", name):
            check_type_name(name)


def _check_terms(db: Database, other: Database) -> None:
    known = {r[0] for r in other.execute("SELECT id FROM terms")}
    for row in other.query("SELECT * FROM terms"):
        with _row("terms", row["id"]):
            check_related(Term.from_row(row), known)


def _check_incidents(db: Database, other: Database) -> None:
    for row in other.query("SELECT * FROM incidents"):
        with _row("incidents", row["id"]):
            validate_incident(Incident.from_row(row))


def _check_claims(db: Database, other: Database) -> None:
    """validate_claim, and the text it reads from the segment is the text stored. The claim
    types and incident ids are read once; the segment's text comes with each claim."""
    types = {r[0] for r in other.execute("SELECT name FROM claim_types")}
    incidents = ({r[0] for r in other.execute("SELECT id FROM incidents")}
                 if other["incidents"].exists() else set())
    for row in other.query("SELECT c.*, s.raw AS segment_raw FROM claims c "
                           "LEFT JOIN segments s ON s.id = c.segment_id"):
        raw = row.pop("segment_raw")
        with _row("claims", row["id"]):
            if raw is None:
                raise _Bad("claims", row["id"], f"segment {row['segment_id']}: no such segment")
            checked = validate_claim(other, Claim.from_row(row), raw, types, incidents)
        for name in ("content", "cue"):
            if getattr(checked, name) != row[name]:
                raise _Bad("claims", row["id"], f"{name} {row[name]!r} is not the text of its span")


def _check_conflicts(db: Database, other: Database) -> None:
    columns = {table: _columns(db, table) for table in ROW_PK}
    for row in other.query("SELECT * FROM conflicts"):
        problem = _conflict_problem(row, columns)
        if problem:
            raise _Bad("conflicts", row["id"], problem)


def _conflict_problem(row: dict, columns: dict[str, dict]) -> str | None:
    """What the conflicts list and `conflicts resolve` rely on: a field of an annotation
    table, row ids of that table, and JSON values that field could hold."""
    table, field, status = row["table_name"], row["field"], row["status"]
    if table not in ROW_PK:
        return f"table_name {table!r}: conflicts are about {', '.join(ROW_PK)}"
    if field not in columns[table] or field == ROW_PK[table]:
        return f"field {field!r}: {table} has no such field"
    for key in ("row_id", "other_row_id"):
        if row[key] is not None and table in INTEGER_PK and not re.fullmatch("[0-9]+", row[key]):
            return f"{key} {row[key]!r} is not a {table} row id"
    if status not in ("open", "resolved"):
        return f"status {status!r}: use open or resolved"
    if status == "resolved" and row["resolved_how"] not in RESOLVED_HOW:
        return f"resolved_how {row['resolved_how']!r}: use {', '.join(RESOLVED_HOW)}"
    for key in ("ours", "theirs", *(["resolution"] if status == "resolved" else [])):
        try:
            value = json.loads(row[key])
        except (TypeError, ValueError, RecursionError):
            return f"{key} is not valid JSON"
        if not _fits(columns[table][field][0], value):
            return f"{key} is not a value of {table}.{field}"
    return None


def _check_history(db: Database, other: Database) -> None:
    """Before and after are rows (JSON objects), their fields of the types ours store."""
    ours = set(db.table_names())
    columns: dict[str, dict] = {}
    for row_id, table, before, after in other.execute(
            "SELECT id, table_name, before, after FROM history"):
        for key, text in (("before", before), ("after", after)):
            if text is None:
                continue
            try:
                value = json.loads(text)
            except (TypeError, ValueError, RecursionError):
                raise _Bad("history", row_id, f"{key} is not valid JSON") from None
            if not isinstance(value, dict):
                raise _Bad("history", row_id, f"{key} is not a JSON object (a row)")
            if table not in columns:
                columns[table] = _columns(db, table) if table in ours else {}
            for name, v in value.items():
                if name in columns[table] and not _fits(columns[table][name][0], v):
                    raise _Bad("history", row_id, f"{key}: {name} {v!r} is not a value of "
                                                  f"{table}.{name}")


CHECKS = {"segments": _check_segments, "claim_types": _check_claim_types, "terms": _check_terms,
          "incidents": _check_incidents, "claims": _check_claims, "conflicts": _check_conflicts,
          "history": _check_history}
