"""Term hits: stored per segment by `refresh`, read by the corpus dump without writing.

`term_hit_state` records, for each segment, the glossary revision and the segment hash its
stored hits were computed with; a segment whose state is missing or differs (the glossary
changed, or the segment did) is stale. `refresh` matches the stale segments again and stores
their hits. `current_hits` only reads: the stored hits where they are current, the stale
segments matched in memory, so the result is never stale and an export writes nothing. The
one reader of the stored hits is the corpus dump (`workbench export corpus`, JSONL, its
`term_hits` field); nothing in the app calls `refresh` today, so the dump matches in memory
unless a run has filled the cache. The UI and terminology QA match each segment's text against
the compiled glossary themselves. English segments hold no Arabic terms and are skipped.
"""

from __future__ import annotations

from typing import Callable, Iterable

from sqlite_utils import Database

from workbench.terms.glossary import Glossary, load

CHUNK = 500

_STALE_SQL = (
    "SELECT s.id, s.raw, s.hash FROM segments s "
    "LEFT JOIN term_hit_state st ON st.segment_id = s.id "
    "WHERE s.language != 'en' AND (st.segment_id IS NULL OR st.glossary_rev != ? "
    "OR st.segment_hash != s.hash)")


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def stale_segments(db: Database, glossary: Glossary,
                   segment_ids: list[int] | None = None) -> list[tuple[int, str, str]]:
    if segment_ids is None:
        return [tuple(r) for r in db.execute(_STALE_SQL, [glossary.rev]).fetchall()]
    out = []
    for chunk in _chunks(segment_ids):
        marks = ",".join("?" * len(chunk))
        out += [tuple(r) for r in db.execute(f"{_STALE_SQL} AND s.id IN ({marks})",
                                             [glossary.rev, *chunk]).fetchall()]
    return out


def refresh(db: Database, segment_ids: list[int] | None = None,
            on_segment: Callable[[], None] | None = None) -> int:
    """Match the stale segments (of `segment_ids`, or all) again; returns how many."""
    glossary = load(db)
    stale = stale_segments(db, glossary, segment_ids)
    for i in range(0, len(stale), CHUNK):
        batch = stale[i:i + CHUNK]
        with db.atomic():
            _store(db, glossary, batch)
        if on_segment:
            for _ in batch:
                on_segment()
    return len(stale)


def _store(db: Database, glossary: Glossary, rows: list[tuple[int, str, str]]) -> None:
    ids = [r[0] for r in rows]
    marks = ",".join("?" * len(ids))
    db.execute(f"DELETE FROM term_hits WHERE segment_id IN ({marks})", ids)
    hits = [(sid, h.term_id, h.start, h.end, h.surface)
            for sid, raw, _ in rows for h in glossary.find(raw)]
    db.conn.executemany('INSERT INTO term_hits (segment_id, term_id, start, "end", surface) '
                        "VALUES (?, ?, ?, ?, ?)", hits)
    db.conn.executemany("INSERT OR REPLACE INTO term_hit_state (segment_id, glossary_rev, "
                        "segment_hash) VALUES (?, ?, ?)",
                        [(sid, glossary.rev, seg_hash) for sid, _, seg_hash in rows])


def current_hits(db: Database, segment_ids: list[int]) -> dict[int, list[dict]]:
    """The term hits of these segments, in text order, without writing anything: stored
    where current, matched in memory where stale."""
    glossary = load(db)
    stale = {sid: raw for sid, raw, _ in stale_segments(db, glossary, segment_ids)}
    out: dict[int, list[dict]] = {sid: [] for sid in segment_ids}
    for sid, raw in stale.items():
        out[sid] = [_as_dict(glossary, h.term_id, h.start, h.end, h.surface)
                    for h in glossary.find(raw)]
    for chunk in _chunks(segment_ids):
        marks = ",".join("?" * len(chunk))
        for sid, term_id, start, end, surface in db.execute(
                f'SELECT segment_id, term_id, start, "end", surface FROM term_hits '
                f"WHERE segment_id IN ({marks}) ORDER BY segment_id, start", chunk):
            if sid not in stale:
                out[sid].append(_as_dict(glossary, term_id, start, end, surface))
    return out


def _as_dict(glossary: Glossary, term_id: str, start: int, end: int, surface: str) -> dict:
    term = glossary.terms.get(term_id)
    return {"term_id": term_id, "term_ar": term.term_ar if term else None,
            "approved_en": term.approved_en if term else None, "status": term.status if term else None,
            "surface": surface, "start": start, "end": end}


def term_hits_part(db: Database, segment_ids: list[int]) -> dict[int, dict]:
    """The corpus dump's `term_hits` field: each segment's glossary terms with offsets."""
    return {sid: {"term_hits": hits} for sid, hits in current_hits(db, segment_ids).items()}
