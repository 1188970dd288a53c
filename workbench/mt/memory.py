"""The translation memory and post-edits.

`tm` holds one row per (engine, model, model_version, source hash): the raw MT, the
glossary-enforced text, the settings and the normalized source. Segments with the same content
share a hash (segments.hash), so an identical segment is translated once per model, in any
document. `translations` links each segment to its current tm row and holds the human
post-edit, written only through the audited path so history records who changed what.

A post-edit also serves every other segment with the same content, as a translation tool's
"100% match": offered beside the segment (a new version of an article, the boilerplate an
outlet repeats), and saved as that segment's post-edit only when an annotator accepts it.

This module stores and reads these facts; which of them is a segment's English is decided in
one place, `workbench.mt.english`.
"""

from __future__ import annotations

import json
from typing import Iterable, Iterator

from sqlite_utils import Database

from workbench.store.history import audited_insert, audited_update, now
from workbench.store.migrations import BLANK_CHARS
from workbench.errors import InvalidValue

CHUNK = 500   # ids per IN (...) query

_TRANSLATION_SQL = (
    "SELECT t.segment_id, t.tm_id, t.postedit, t.postedit_by, t.postedit_at, m.engine, m.model, "
    "m.model_version, m.settings, m.mt_raw, m.mt_text, m.created_at, m.repairs "
    "FROM translations t LEFT JOIN tm m ON m.id = t.tm_id WHERE t.segment_id IN ({marks})")


def chunks(values: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _marks(n: int) -> str:
    return ", ".join("?" * n)


# --- reading ------------------------------------------------------------------------------------

def blank(text: str | None) -> bool:
    """A post-edit (or MT) that is missing or only whitespace counts as none."""
    return text is None or not text.strip()


def _stored(row: dict) -> dict:
    return {
        "segment_id": row["segment_id"], "tm_id": row["tm_id"],
        "postedit": row["postedit"], "postedit_by": row["postedit_by"],
        "postedit_at": row["postedit_at"],
        "engine": row["engine"], "model": row["model"], "model_version": row["model_version"],
        "settings": json.loads(row["settings"]) if row["settings"] else None,
        "mt_raw": row["mt_raw"], "mt_text": row["mt_text"], "mt_at": row["created_at"],
        "repairs": json.loads(row["repairs"]) if row["repairs"] else [],
    }


def translations_for(db: Database, segment_ids: Iterable[int]) -> dict[int, dict]:
    """{segment_id: stored row} for those of the segments with an MT link or a post-edit:
    tm_id, postedit, postedit_by, postedit_at, engine, model, model_version, settings,
    mt_raw, mt_text, mt_at, as stored. Which is the segment's English: `english.english_of`."""
    out: dict[int, dict] = {}
    for part in chunks(list(segment_ids)):
        for row in db.query(_TRANSLATION_SQL.format(marks=_marks(len(part))), part):
            if row["postedit"] is None and row["mt_text"] is None:
                continue
            out[row["segment_id"]] = _stored(row)
    return out


def translation_for(db: Database, segment_id: int) -> dict | None:
    """The segment's stored row (as translations_for), None if it has neither MT nor post-edit."""
    return translations_for(db, [segment_id]).get(segment_id)


# --- the memory ---------------------------------------------------------------------------------

def lookup(db: Database, engine, hashes: Iterable[str]) -> dict[str, int]:
    """{source_hash: tm id} for the hashes this engine's model has already translated."""
    found: dict[str, int] = {}
    key = [engine.name, engine.model, engine.model_version]
    for part in chunks(sorted(set(hashes))):
        sql = (f"SELECT source_hash, id FROM tm WHERE engine = ? AND model = ? AND "
               f"model_version = ? AND source_hash IN ({_marks(len(part))})")
        found.update(db.execute(sql, key + part).fetchall())
    return found


def current_segments(db: Database, engine, segment_ids: list[int]) -> set[int]:
    """Those of the segments already linked to this engine's model's translation."""
    done: set[int] = set()
    key = [engine.name, engine.model, engine.model_version]
    for part in chunks(segment_ids):
        sql = (f"SELECT t.segment_id FROM translations t JOIN tm m ON m.id = t.tm_id "
               f"WHERE m.engine = ? AND m.model = ? AND m.model_version = ? "
               f"AND t.segment_id IN ({_marks(len(part))})")
        done.update(r[0] for r in db.execute(sql, key + part))
    return done


def store(db: Database, engine, rows: list[tuple]) -> dict[str, int]:
    """Add MT rows (source_hash, source_norm, mt_raw, mt_text, extra settings[, nbest,
    repairs, glossary_rev]: the last three as mt.reenforce keeps them); returns
    {source_hash: tm id}. A hash already stored for this model keeps its first row."""
    at = now()
    base = engine.settings
    db.conn.executemany(
        "INSERT INTO tm (engine, model, model_version, settings, source_hash, source_norm, mt_raw, "
        "mt_text, created_at, nbest, repairs, glossary_rev) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?) "
        "ON CONFLICT (engine, model, model_version, source_hash) DO NOTHING",
        [(engine.name, engine.model, engine.model_version,
          json.dumps({**base, **extra} if extra else base, sort_keys=True),
          h, norm, raw, text, at, *(rest or ("{}", "[]", None)))
         for h, norm, raw, text, extra, *rest in rows])
    return lookup(db, engine, [r[0] for r in rows])


def link(db: Database, pairs: list[tuple[int, int]]) -> None:
    """Point segments at their current MT (segment_id, tm_id); post-edits are kept."""
    db.conn.executemany(
        "INSERT INTO translations (segment_id, tm_id) VALUES (?, ?) "
        "ON CONFLICT (segment_id) DO UPDATE SET tm_id = excluded.tm_id", pairs)


# --- post-edits ---------------------------------------------------------------------------------

def save_postedit(db: Database, segment_id: int, text: str | None, annotator: str) -> dict | None:
    """Save (or, with empty text, clear) the human translation of a segment, with history.

    Returns the segment's stored row afterwards (as translation_for).
    """
    from workbench.store.documents import get_segment
    segment = get_segment(db, segment_id)  # NotFound for a bad id
    if segment["language"] != "ar":
        raise InvalidValue(f"segment {segment_id}: English source, nothing to post-edit")
    value = None if blank(text) else text
    changes = {"postedit": value, "postedit_by": annotator if value is not None else None,
               "postedit_at": now() if value is not None else None}
    with db.atomic():
        exists = db.execute("SELECT 1 FROM translations WHERE segment_id = ?",
                            [segment_id]).fetchone()
        if exists:
            current = db.execute("SELECT postedit FROM translations WHERE segment_id = ?",
                                 [segment_id]).fetchone()[0]
            if current != value:
                audited_update(db, "translations", segment_id, changes, annotator,
                               pk_col="segment_id")
        elif value is not None:
            audited_insert(db, "translations", {"segment_id": segment_id, "tm_id": None, **changes},
                           annotator, pk_col="segment_id")
    return translation_for(db, segment_id)


# --- 100% matches -------------------------------------------------------------------------------

_MATCH_SQL = (     # blank as `blank` has it: whatever str.strip() strips
    "SELECT s.id, t.segment_id, t.postedit, t.postedit_by, t.postedit_at FROM segments s "
    "JOIN translations t ON t.source_hash = s.hash AND t.postedit IS NOT NULL "
    "AND t.segment_id != s.id "
    "WHERE s.id IN ({marks}) AND NOT EXISTS (SELECT 1 FROM translations x "
    "WHERE x.segment_id = s.id AND x.postedit IS NOT NULL "
    f"AND trim(x.postedit, {BLANK_CHARS}) != '')")


def postedit_matches(db: Database, segment_ids: Iterable[int]) -> dict[int, dict]:
    """{segment_id: match} for those of the segments with no post-edit of their own whose
    content another segment's post-edit already translates: the newest such post-edit, as
    {text, segment_id (where it was made), by, at}. Blank post-edits count as none on either
    side. Nothing is written."""
    out: dict[int, dict] = {}
    for part in chunks(list(segment_ids)):
        for sid, source, text, by, at in db.execute(_MATCH_SQL.format(marks=_marks(len(part))),
                                                    part):
            if blank(text):
                continue
            best = out.get(sid)
            if best is None or (at or "", source) > (best["at"] or "", best["segment_id"]):
                out[sid] = {"text": text, "segment_id": source, "by": by, "at": at}
    return out


def accept_matches(db: Database, segment_ids: Iterable[int], annotator: str) -> dict[int, dict]:
    """Save each of the segments' 100% match as its post-edit by `annotator`, with history,
    in one transaction; returns the matches saved, by segment id."""
    with db.atomic():
        found = postedit_matches(db, segment_ids)
        for sid, match in found.items():
            save_postedit(db, sid, match["text"], annotator)
    return found
