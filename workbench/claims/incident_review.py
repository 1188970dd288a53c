"""Deciding on a suggested incident: accept it (the incident is created, or the claims join the
one they belong with) or reject it (its claims are never suggested together again).

Each decision is one transaction, recorded in `incident_decisions` and in history with the
annotator, so a decision made once holds: accepting again, or rejecting again, writes nothing
and says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database

from workbench.errors import InvalidValue, NotFound
from workbench.store.history import audited_insert, now

from .incident_suggest import DECISIONS, Suggestion, suggest_incidents
from .model import Incident
from .store import add_incident, group


@dataclass(frozen=True)
class Outcome:
    key: str
    decision: str                  # accepted | rejected
    incident_id: int | None = None
    claim_ids: tuple[int, ...] = ()
    created: bool = False          # accept: a new incident was made
    already: bool = False          # the same decision was made before: nothing written
    by: str = ""

    def to_dict(self) -> dict:
        return {"key": self.key, "decision": self.decision, "incident_id": self.incident_id,
                "claim_ids": list(self.claim_ids), "created": self.created,
                "already": self.already, "by": self.by}


def _annotator(annotator: str | None) -> str:
    if not annotator or not annotator.strip():
        raise InvalidValue("no annotator: set --annotator NAME or WORKBENCH_ANNOTATOR")
    return annotator.strip()


def _check_key(key: str) -> str:
    key = (key or "").strip().lower()
    if not (len(key) == 10 and all(c in "0123456789abcdef" for c in key)):
        raise InvalidValue(f"incident suggestion {key!r}: expected a KEY of 10 hex digits, as "
                           "listed by `workbench incidents suggest`")
    return key


def decision_of(db: Database, key: str) -> dict | None:
    rows = list(db.query(f"SELECT * FROM {DECISIONS} WHERE key = ?", [key]))
    return rows[0] if rows else None


def find(db: Database, key: str) -> Suggestion:
    """The open suggestion named `key`, or NotFound."""
    key = _check_key(key)
    for suggestion in suggest_incidents(db):
        if suggestion.key == key:
            return suggestion
    raise NotFound(f"incident suggestion {key}: no such suggestion (list them with "
                   "`workbench incidents suggest`)")


def _earlier(db: Database, key: str, decision: str) -> Outcome | None:
    """What was decided on `key` before: the same decision again is an Outcome with
    `already`; the opposite decision is an error."""
    found = decision_of(db, key)
    if found is None:
        return None
    if found["decision"] != decision:
        what = (f"was accepted as incident {found['incident_id']}"
                if found["decision"] == "accepted" else "was rejected")
        raise InvalidValue(f"incident suggestion {key} {what} by {found['decided_by']} "
                           f"on {found['decided_at'][:10]}")
    return Outcome(key, decision, found["incident_id"], tuple(json.loads(found["claim_ids"])),
                   already=True, by=found["decided_by"])


def accept(db: Database, key: str, annotator: str) -> Outcome:
    """Create the incident (or take the one the claims join) and put the claims on it."""
    annotator = _annotator(annotator)
    key = _check_key(key)
    with db.atomic():
        before = _earlier(db, key, "accepted")
        if before is not None:
            return before
        suggestion = find(db, key)
        incident_id, created = suggestion.incident_id, False
        if incident_id is None:
            incident_id = add_incident(db, Incident(
                suggestion.title, suggestion.date or None, suggestion.place or None,
                note=f"accepted from suggestion {key}"), annotator)
            created = True
        for claim_id in suggestion.claim_ids:
            group(db, claim_id, incident_id, annotator)
        _record(db, key, "accepted", suggestion.claim_ids, incident_id, annotator)
    return Outcome(key, "accepted", incident_id, tuple(suggestion.claim_ids), created,
                   by=annotator)


def reject(db: Database, key: str, annotator: str) -> Outcome:
    """Remember that these claims are not one event: no suggestion groups them again."""
    annotator = _annotator(annotator)
    key = _check_key(key)
    with db.atomic():
        before = _earlier(db, key, "rejected")
        if before is not None:
            return before
        suggestion = find(db, key)
        _record(db, key, "rejected", suggestion.all_claim_ids, suggestion.incident_id, annotator)
    return Outcome(key, "rejected", suggestion.incident_id, tuple(suggestion.all_claim_ids),
                   by=annotator)


def _record(db: Database, key: str, decision: str, claim_ids: list[int],
            incident_id: int | None, annotator: str) -> None:
    audited_insert(db, DECISIONS, {"key": key, "decision": decision,
                                   "claim_ids": json.dumps(sorted(claim_ids)),
                                   "incident_id": incident_id, "decided_by": annotator,
                                   "decided_at": now()}, annotator, pk_col="key")
