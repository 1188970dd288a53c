"""Building annotators' databases for the team tests, and reading them back portably.

`snapshot` describes a database's annotations without row ids (segments by document
content hash and position, claims by segment, span, annotator and creation time), written
independently of the merge code so the properties check the merge rather than restate it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from workbench.claims.model import Claim, Incident
from workbench.claims import store as claims
from workbench.mt.memory import save_postedit
from workbench.store.db import open_db
from workbench.store.documents import NewDocument, NewSegment, save_document
from workbench.terms.model import Term
from workbench.terms.store import save_term

# Arabic reports (only Arabic segments take post-edits), their English in the comments.
BASE_DOCS = [
    ("report:raid", ["داهمت قسد منزلاً في الحوايج.",        # The SDF raided a house in Hawayij.
                     "اعتقل رجلان خلال المداهمة.",           # Two men were detained.
                     "نفى المجلس الرواية.",                  # The council denied the account.
                     "أفاد سكان بسماع إطلاق نار ليلاً."]),  # Residents reported gunfire at night.
    ("report:toll", ["هاجمت خلايا حاجزاً قرب النهر.",       # Cells attacked a checkpoint near the river.
                     "قتل ثلاثة مقاتلين.",                  # Three fighters were killed.
                     "حمّل بيان الخلايا المسؤولية.",        # A statement blamed the cells.
                     "أغلق الطريق ليوم كامل."]),            # The road was closed for a day.
]
EXTRA_DOC = ("report:extra", ["عبرت قافلة الجسر فجراً.",     # A convoy crossed the bridge at dawn.
                              "التقى مسؤولون بشيوخ العشائر."])  # Officials met tribal elders.


def add_document(db, key: str, sentences: list[str]) -> int:
    text = "\n".join(sentences)
    return save_document(db, NewDocument(key, text, [NewSegment(s) for s in sentences],
                                         title=sentences[0], language="ar")).document_id


def make_base(path: Path) -> Path:
    """A corpus both annotators start from, with a little shared work by the lead."""
    db = open_db(path)
    for key, sentences in BASE_DOCS:
        add_document(db, key, sentences)
    first = segment_ids(db)[0]
    save_postedit(db, first, "base rendering", "lead")
    claims.add_claim(db, Claim(segment_id=first, start=4, end=7, claim_type="operation"), "lead")
    save_term(db, Term(id="sdf", term_ar="قسد", approved_en="SDF", category="actor"), "lead")
    close(db)
    return path


class _Engine:
    """Enough of a translation engine for the memory to file a translation under it."""

    name, model, model_version, settings = "fake", "fake-ar-en", "1", {"beam_size": 1}


def make_rich(base: Path, folder: Path) -> Path:
    """An annotator's valid copy holding a row of every kind a merge reads: post-edits (one
    on a machine translation), a claim with actors, figures, place, date and an incident, a
    term, a claim type, a document only it has, open and resolved conflicts, history."""
    from workbench.mt import memory
    from workbench.team import conflicts
    from workbench.team.merge import merge
    carol, path = copy_db(base, folder / "carol.db"), copy_db(base, folder / "rich.db")
    db = open_db(carol)
    segs = segment_ids(db)
    save_postedit(db, segs[1], "Two men were detained.", "carol")
    save_postedit(db, segs[2], "The council denied it.", "carol")
    close(db)
    db = open_db(path)
    segs = segment_ids(db)
    with db.atomic():
        source_hash, norm = db.execute("SELECT hash, norm FROM segments WHERE id = ?",
                                       [segs[3]]).fetchone()
        tm_ids = memory.store(db, _Engine, [(source_hash, norm, "gunfire raw", "gunfire", {})])
        memory.link(db, [(segs[3], tm_ids[source_hash])])
    save_postedit(db, segs[3], "Residents reported gunfire at night.", "alice")
    save_postedit(db, segs[1], "Two men were arrested.", "alice")
    save_postedit(db, segs[2], "The council rejected it.", "alice")
    term(db, "isis", "ISIS", "alice")
    claims.add_claim_type(db, "siege", "siege", "alice")
    cid = claim(db, segs[1], 0, 5, "arrest", "alice", claimant="قسد", date="2025-06",
                place="الحوايج", place_precision="locality", cue_start=0, cue_end=5,
                actors=[{"name": "SDF", "term_id": "sdf"}],
                quantities=[{"raw": "رجلان", "value": 2}])
    claims.group(db, cid, incident(db, "Hawayij raid", "alice"), "alice")
    add_document(db, *EXTRA_DOC)
    merge(db, carol, "alice")
    first = conflicts.list_conflicts(db)[0]
    conflicts.resolve(db, first.id, "alice", pick="theirs")
    close(db)
    return path


def copy_db(source: Path, target: Path) -> Path:
    shutil.copy(source, target)
    return target


def close(db) -> None:
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def segment_ids(db, document_key: str | None = None) -> list[int]:
    sql = "SELECT s.id FROM segments s JOIN documents d ON d.id = s.document_id"
    params = []
    if document_key:
        sql += " WHERE d.doc_key = ?"
        params.append(document_key)
    return [r[0] for r in db.execute(sql + " ORDER BY d.doc_key, s.position", params)]


def claim(db, segment_id, start, end, claim_type, annotator, status="unverified", **extra) -> int:
    return claims.add_claim(db, Claim(segment_id=segment_id, start=start, end=end,
                                      claim_type=claim_type, status=status, **extra), annotator)


def incident(db, title, annotator) -> int:
    return claims.add_incident(db, Incident(title=title), annotator)


def term(db, term_id, approved_en, annotator, term_ar="داعش") -> None:
    save_term(db, Term(id=term_id, term_ar=term_ar, approved_en=approved_en, category="actor"),
              annotator)


def dump(db) -> dict:
    """Every row of every table, for 'nothing changed' checks."""
    out = {}
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                              "AND name NOT LIKE 'sqlite_%' ORDER BY name"):
        out[name] = sorted(db.execute(f"SELECT * FROM [{name}]").fetchall(), key=repr)
    return out


# --- portable snapshot -------------------------------------------------------------------

def _segment_keys(db) -> dict[int, tuple]:
    return {sid: (h, pos) for sid, h, pos in db.execute(
        "SELECT s.id, d.content_hash, s.position FROM segments s JOIN documents d ON d.id = s.document_id")}


def _incident_keys(db) -> dict[int, tuple]:
    return {r[0]: (r[1], r[2]) for r in db.execute("SELECT id, created_by, created_at FROM incidents")}


def _claim_keys(db, seg) -> dict[int, tuple]:
    return {r[0]: (seg[r[1]], r[2], r[3], r[4], r[5]) for r in db.execute(
        'SELECT id, segment_id, start, "end", annotator, created_at FROM claims')}


def _portable_row(table, row_id, seg, claim_keys, incident_keys):
    if row_id is None:
        return None
    if table == "translations":
        return seg[int(row_id)]
    if table == "claims":
        return claim_keys[int(row_id)]
    if table == "incidents":
        return incident_keys[int(row_id)]
    return row_id


def _value(field, value, incident_keys):
    if field == "incident_id" and value is not None:
        return incident_keys[value]
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.dumps(json.loads(value), sort_keys=True)
        except ValueError:
            pass
    return value


def open_conflicts(db) -> dict:
    """{(table, portable rows, field): set of values} for the open conflicts."""
    seg, inc = _segment_keys(db), _incident_keys(db)
    ck = _claim_keys(db, seg)
    out: dict = {}
    for table, row_id, other, field, ours, theirs in db.execute(
            "SELECT table_name, row_id, other_row_id, field, ours, theirs FROM conflicts "
            "WHERE status = 'open'"):
        rows = frozenset(r for r in (_portable_row(table, row_id, seg, ck, inc),
                                     _portable_row(table, other, seg, ck, inc)) if r is not None)
        values = {_value(field, json.loads(v), inc) for v in (ours, theirs)}
        out.setdefault((table, rows, field), set()).update(values)
    return out


def snapshot(db) -> dict:
    """The annotations, portable; a field under open conflict shows all candidate values."""
    seg, inc = _segment_keys(db), _incident_keys(db)
    ck = _claim_keys(db, seg)
    disputes = open_conflicts(db)

    def cell(table, row_key, field, value):
        """A value, or the sorted candidates when the field is under open conflict."""
        candidates = disputes.get((table, frozenset([row_key]), field))
        value = _value(field, value, inc)
        if candidates:
            return ("one of", tuple(sorted(repr(v) for v in candidates | {value})))
        return ("=", repr(value))

    out = {"translations": {}, "claims": [], "incidents": [], "terms": {}, "claim_types": set()}
    for sid, postedit in db.execute("SELECT segment_id, postedit FROM translations "
                                    "WHERE postedit IS NOT NULL"):
        out["translations"][seg[sid]] = cell("translations", seg[sid], "postedit", postedit)
    skip = {"id", "segment_id", "start", "end", "annotator", "created_at", "updated_at"}
    for row in db.query("SELECT * FROM claims"):
        key = ck[row["id"]]
        out["claims"].append((key, tuple(sorted(
            (f, (cell("claims", key, f, v))) for f, v in row.items() if f not in skip))))
    for row in db.query("SELECT * FROM incidents"):
        key = inc[row["id"]]
        out["incidents"].append((key, tuple(sorted(
            (f, (cell("incidents", key, f, v))) for f, v in row.items()
            if f not in ("id", "created_by", "created_at")))))
    for row in db.query("SELECT * FROM terms"):
        out["terms"][row["id"]] = tuple(sorted(
            (f, (cell("terms", row["id"], f, v))) for f, v in row.items()
            if f not in ("id", "changed_by", "changed_at")))
    out["claims"].sort()
    out["incidents"].sort()
    out["claim_types"] = {r[0] for r in db.execute("SELECT name FROM claim_types")}
    out["conflicts"] = {k: frozenset(v) for k, v in disputes.items()}
    return out


def replaced_values(db) -> set[tuple]:
    """(table, portable row, field, value) for every value the history shows replaced."""
    seg, inc = _segment_keys(db), _incident_keys(db)
    ck = _claim_keys(db, seg)
    out = set()
    for table, row_id, before, after in db.execute(
            "SELECT table_name, row_id, before, after FROM history WHERE before IS NOT NULL "
            "AND after IS NOT NULL AND table_name IN ('translations', 'claims', 'terms', 'incidents')"):
        try:
            key = _portable_row(table, row_id, seg, ck, inc)
        except (KeyError, ValueError):
            continue
        before, after = json.loads(before), json.loads(after)
        for field, value in before.items():
            if after.get(field) != value:
                out.add((table, key, field, _value(field, value, inc)))
    return out
