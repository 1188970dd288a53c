"""Terms in the database. Every write goes through the audited history functions, so each
change records who made it, when, and the row before and after."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Iterable

from sqlite_utils import Database

from workbench import arabic
from workbench.errors import InvalidValue, NotFound
from workbench.store.history import audited_delete, audited_insert, audited_update
from workbench.terms.model import STATUSES, Term

TABLE = "terms"


def list_terms(db: Database, status: str | None = None) -> list[Term]:
    """Terms in the order they were first added (the order of the glossary file)."""
    sql, params = f"SELECT * FROM {TABLE}", []
    if status is not None:
        sql += " WHERE status = ?"
        params.append(status)
    return [stored_term(row) for row in db.query(sql + " ORDER BY rowid", params)]


def stored_term(row: dict) -> Term:
    """A term row as a Term; a row the rules now refuse (written by an older workbench) is
    named, so it can be corrected, instead of failing every glossary read anonymously."""
    try:
        return Term.from_row(row)
    except InvalidValue as exc:
        raise InvalidValue(f"glossary term {row.get('id')!r} in the database: {exc}; correct it "
                           "with `workbench glossary import` of a fixed row") from None


def get_term(db: Database, term_id: str) -> Term:
    rows = list(db.query(f"SELECT * FROM {TABLE} WHERE id = ?", [term_id]))
    if not rows:
        raise NotFound(f"term {term_id}: no such term")
    return stored_term(rows[0])


def term_named(db: Database, name: str) -> Term | None:
    """The glossary entry `name` refers to: by its id, its approved English name (in any case)
    or its Arabic term as written, else (for Arabic) the term whose match key is the same
    («الـ.ـمرتزقة» finds «المرتزقة»); None when it names no entry. An id wins over a name
    that happens to be the same."""
    name = (name or "").strip()
    if not name:
        return None
    rows = list(db.query(
        f"SELECT * FROM {TABLE} WHERE id = ? OR lower(approved_en) = lower(?) OR term_ar = ? "
        "ORDER BY id = ? DESC, rowid LIMIT 1", [name, name, name, name]))
    if not rows and arabic.detect_language(name) == "ar":
        key = arabic.match_key(name)
        rows = [row for row in db.query(f"SELECT * FROM {TABLE} ORDER BY rowid")
                if arabic.match_key(row["term_ar"]) == key][:1]
    return stored_term(rows[0]) if rows else None


def term_ids(db: Database) -> set[str]:
    return {row[0] for row in db.execute(f"SELECT id FROM {TABLE}")}


def check_related(term: Term, known: set[str]) -> None:
    missing = [r for r in term.related if r not in known]
    if missing:
        raise InvalidValue(f"related: no term with id {', '.join(missing)}")


def _existing(row: dict) -> Term | None:
    """The stored term a save replaces; one the rules now refuse can still be replaced."""
    try:
        return Term.from_row(row)
    except InvalidValue:
        return None


@dataclass(frozen=True)
class SaveResult:
    term: Term
    action: str     # "added", "updated" or "unchanged"


def save_term(db: Database, term: Term, annotator: str, stamp: bool = True,
              known: set[str] | None = None) -> SaveResult:
    """Add or update one term. With `stamp`, changed_by/changed_at become the annotator and
    today; without it (imports) the term's own values are kept, so files round-trip.
    `known` is the set of ids related terms may point to (default: those in the database)."""
    with db.atomic():
        check_related(term, (term_ids(db) if known is None else known) | {term.id})
        rows = list(db.query(f"SELECT * FROM {TABLE} WHERE id = ?", [term.id]))
        before = _existing(rows[0]) if rows else None
        if before == term:
            return SaveResult(term, "unchanged")
        if stamp:
            term = replace(term, changed_by=annotator, changed_at=date.today().isoformat())
        row = term.to_row()
        if not rows:
            audited_insert(db, TABLE, row, annotator)
            return SaveResult(term, "added")
        changes = {k: v for k, v in row.items() if k != "id" and rows[0][k] != v}
        audited_update(db, TABLE, term.id, changes, annotator)
        return SaveResult(term, "updated")


def save_terms(db: Database, terms: Iterable[Term], annotator: str,
               stamp: bool = False) -> list[SaveResult]:
    """Save many terms in one transaction: all of them, or none."""
    terms = list(terms)
    with db.atomic():
        known = term_ids(db) | {t.id for t in terms}
        for t in terms:
            check_related(t, known)
        return [save_term(db, t, annotator, stamp, known) for t in terms]


def set_status(db: Database, term_id: str, status: str, annotator: str) -> Term:
    if status not in STATUSES:
        raise InvalidValue(f"status {status!r}: use one of {', '.join(STATUSES)}")
    return save_term(db, replace(get_term(db, term_id), status=status), annotator).term


def delete_term(db: Database, term_id: str, annotator: str) -> None:
    """Delete a term (its stored hits go with it). Prefer status=deprecated: the README's policy."""
    with db.atomic():
        get_term(db, term_id)
        referers = [t.id for t in list_terms(db) if term_id in t.related]
        if referers:
            raise InvalidValue(f"term {term_id}: still related from {', '.join(referers)}")
        audited_delete(db, TABLE, term_id, annotator)
