"""What an annotator decides about suggested claims: accept one (it is saved as a claim) or
reject one (the rejection is stored, so neither `workbench claims suggest` nor the UI offers it
again, to anyone using this database).

Both take the keys `claims suggest` lists (SEGMENT:N) and go key by key: a key that names no
suggestion, or one that cannot be saved, gets its own error and the others are still saved.
The CLI prints one line per failure and exits 1; the UI acts on one suggestion at a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Iterable

from sqlite_utils import Database

from workbench.errors import InvalidValue, NotFound, WorkbenchError

from .model import Claim
from .store import add_claim, reject_suggestion
from .suggest import Suggestion, load_glossary, suggest

MAX_ID = 2**63 - 1          # SQLite's largest integer: a larger segment id names nothing
_KEY_RE = re.compile(r"([0-9]+):([0-9]+)")


@dataclass(frozen=True)
class Decision:
    """What became of one key: the claim it was saved as (accept), the rejection stored or
    found (reject), or the error that stopped it."""
    key: str
    claim_id: int | None = None
    rejection: dict | None = None
    already: bool = False           # reject: it had been rejected before (nothing written)
    error: WorkbenchError | None = None
    duplicate_of: int | None = None   # accept: a tagged claim has its span and type (not added)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def warning(self) -> str | None:
        if self.duplicate_of is None:
            return None
        return (f"suggestion {self.key} duplicates claim {self.duplicate_of} (same span and "
                "type): not added")

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"key": self.key}
        if self.error is not None:
            out["error"] = str(self.error)
        if self.claim_id is not None:
            out["claim_id"] = self.claim_id
        if self.duplicate_of is not None:
            out["duplicate_of"] = self.duplicate_of
            out["warning"] = self.warning
        if self.rejection is not None:
            out.update(rejected_by=self.rejection["rejected_by"], already=self.already)
        return out


def parse_key(key: str) -> tuple[int, int]:
    """SEGMENT:N as two numbers, or InvalidValue: ASCII digits only, a segment id SQLite can
    hold, and N from 1."""
    m = _KEY_RE.fullmatch((key or "").strip())
    if not m or int(m.group(2)) < 1:
        raise InvalidValue(f"suggestion {key!r}: expected SEGMENT:N, e.g. 42:1 "
                           "(as listed by `workbench claims suggest`)")
    segment_id, index = int(m.group(1)), int(m.group(2))
    if segment_id > MAX_ID or index > MAX_ID:
        raise InvalidValue(f"suggestion {key!r}: no such segment (ids go up to {MAX_ID})")
    return segment_id, index


def resolve(db: Database, keys: Iterable[str],
            glossary: Any = None) -> list[tuple[str, Suggestion | WorkbenchError]]:
    """Each key (once, in the order given) with the suggestion it names, or the error that
    says why it names none. Suggestions come a document at a time (they carry the speaker
    over from one segment to the next), each document read once."""
    wanted: dict[str, tuple[int, int] | WorkbenchError] = {}
    for given in keys:
        try:
            segment_id, index = parse_key(given)
        except InvalidValue as exc:
            wanted.setdefault(given, exc)
            continue
        wanted.setdefault(f"{segment_id}:{index}", (segment_id, index))
    segment_ids = sorted({w[0] for w in wanted.values() if isinstance(w, tuple)})
    documents = dict(db.execute(
        f"SELECT id, document_id FROM segments WHERE id IN ({', '.join('?' * len(segment_ids))})",
        segment_ids).fetchall()) if segment_ids else {}
    found: dict[str, Suggestion] = {}
    if documents:
        glossary = glossary if glossary is not None else load_glossary(db)
        for document_id in sorted(set(documents.values())):
            found.update((s.key, s) for s in suggest(db, document_id, glossary))
    out: list[tuple[str, Suggestion | WorkbenchError]] = []
    for key, want in wanted.items():
        if isinstance(want, WorkbenchError):
            out.append((key, want))
        elif want[0] not in documents:
            out.append((key, NotFound(f"suggestion {key}: segment {want[0]}: no such segment")))
        elif key not in found:
            count = sum(1 for s in found.values() if s.segment_id == want[0])
            out.append((key, NotFound(f"suggestion {key}: segment {want[0]} has {count} "
                                      "suggestion(s)")))
        else:
            out.append((key, found[key]))
    return out


def _annotator(annotator: str | None) -> str:
    if not annotator or not annotator.strip():
        raise InvalidValue("no annotator: set --annotator NAME or WORKBENCH_ANNOTATOR")
    return annotator.strip()


def accept(db: Database, keys: Iterable[str], annotator: str, overrides: dict | None = None,
           glossary: Any = None) -> list[Decision]:
    """Save the suggestions named by `keys` as claims, with `overrides` (fields of Claim)
    applied, each on its own: one that fails does not stop the others. A rejected suggestion
    can still be accepted by naming it (`claims suggest --all` lists it). One that duplicates
    a tagged claim (same span and type) is not added: its Decision carries `duplicate_of`
    and a warning."""
    annotator = _annotator(annotator)
    out = []
    for key, found in _open(db, keys, glossary):
        if isinstance(found, Decision):
            out.append(found)
            continue
        claim = replace(found.claim, **(overrides or {}))
        twin = duplicate_of(db, claim)
        if twin is not None:
            out.append(Decision(key, duplicate_of=twin))
            continue
        try:
            claim_id = add_claim(db, claim, annotator)
        except WorkbenchError as exc:
            out.append(Decision(key, error=type(exc)(f"suggestion {key}: {exc}")))
        else:
            out.append(Decision(key, claim_id=claim_id))
    return out


def duplicate_of(db: Database, claim: Claim) -> int | None:
    """The tagged claim a suggestion would copy: same segment, same span, same type."""
    row = db.execute('SELECT id FROM claims WHERE segment_id = ? AND start = ? AND "end" = ? '
                     "AND claim_type = ? ORDER BY id LIMIT 1",
                     [claim.segment_id, claim.start, claim.end, claim.claim_type]).fetchone()
    return row[0] if row else None


def _open(db: Database, keys: Iterable[str], glossary: Any, hint: str = ""):
    """(key, suggestion) for the keys that name an open suggestion; (key, Decision with the
    error) for the others: no such suggestion, or one already accepted."""
    for key, found in resolve(db, keys, glossary):
        if isinstance(found, WorkbenchError):
            yield key, Decision(key, error=found)
        elif found.accepted_as is not None:
            yield key, Decision(key, error=InvalidValue(
                f"suggestion {key}: already accepted as claim {found.accepted_as}"
                + hint.format(claim=found.accepted_as)))
        else:
            yield key, found


def reject(db: Database, keys: Iterable[str], annotator: str, reason: str = "",
           glossary: Any = None) -> list[Decision]:
    """Reject the suggestions named by `keys`, each on its own. Rejecting one again is not an
    error (nothing is written); one already accepted is (delete its claim instead)."""
    annotator = _annotator(annotator)
    out = []
    instead = " (delete the claim with `workbench claims delete {claim}` instead)"
    for key, found in _open(db, keys, glossary, instead):
        if isinstance(found, Decision):
            out.append(found)
            continue
        stored = reject_suggestion(db, found.claim, annotator, reason)
        out.append(Decision(key, rejection=stored, already=found.rejected_by is not None))
    return out
