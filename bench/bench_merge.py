"""Merging two annotators' databases: 100,000 segments, 10,000 annotations each.

Both databases are copies of one corpus (1,000 documents of 100 segments). Each annotator
post-edits 5,000 segments and makes 5,000 claims (each with its history entry, as the
audited stores write them); half of each overlaps the other's, and a fifth of the overlap
disagrees. The merge is timed against copying the same rows (post-edits, claims, history)
with bare SQL INSERT … SELECT in the same run: the rows the merge wrote (new post-edits and
claims, imported history, its audit entries, conflicts and merge record), taken ready-made from
the merged result and copied into a fresh copy of the target. The target is at most 3×. The
figure against copying only their post-edits, claims and history is printed too.
Run: python -m bench.bench_merge
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

DOCUMENTS, SEGMENTS_PER_DOC = 1_000, 100
POSTEDITS, CLAIMS = 5_000, 5_000        # per annotator: 10,000 annotations each
STAMP = "2025-06-01T08:00:00+00:00"
TARGET = 3.0
REPEATS = 3


def build_base(path: Path) -> None:
    from workbench.store.db import open_db
    db = open_db(path)
    docs, segs = [], []
    for d in range(DOCUMENTS):
        content_hash = hashlib.sha256(f"document {d}".encode()).hexdigest()
        docs.append((d + 1, f"bench:{d}", content_hash, STAMP, SEGMENTS_PER_DOC))
        for p in range(SEGMENTS_PER_DOC):
            raw = f"Sentence {p} of report {d} about the checkpoint near the river."
            segs.append((d + 1, p, raw, raw.lower(), "en", hashlib.sha1(raw.lower().encode()).hexdigest()))
    with db.atomic():
        db.conn.executemany("INSERT INTO documents (id, doc_key, content_hash, imported_at, segment_count) "
                            "VALUES (?, ?, ?, ?, ?)", docs)
        db.conn.executemany("INSERT INTO segments (document_id, position, raw, norm, language, hash) "
                            "VALUES (?, ?, ?, ?, ?, ?)", segs)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def annotate(path: Path, who: str, first: int) -> None:
    """Post-edits on segments 10·i, claims on 10·i+1, for i in [first, first + 5,000)."""
    conn = sqlite3.connect(path)
    translations, claims, history = [], [], []
    for n, i in enumerate(range(first, first + POSTEDITS)):
        differs = i % 5 == 0                       # a fifth of any overlap disagrees
        text = f"Rendering of segment {10 * i}" + (f" by {who}" if differs else "")
        row = {"segment_id": 10 * i + 1, "tm_id": None, "postedit": text, "postedit_by": who,
               "postedit_at": STAMP}
        translations.append(tuple(row.values()))
        history.append((STAMP, who, "translations", str(row["segment_id"]), "insert", None,
                        json.dumps(row, sort_keys=True)))
    for n, i in enumerate(range(first, first + CLAIMS)):
        claim_type = ("attack" if who == "alice" else "arrest") if i % 5 == 0 else "attack"
        row = {"id": n + 1, "segment_id": 10 * i + 2, "start": 0, "end": 8, "content": "Sentence",
               "claim_type": claim_type, "annotator": who, "created_at": STAMP, "updated_at": STAMP}
        claims.append(tuple(row.values()))
        history.append((STAMP, who, "claims", str(n + 1), "insert", None, json.dumps(row, sort_keys=True)))
    with conn:
        conn.executemany("INSERT INTO translations (segment_id, tm_id, postedit, postedit_by, postedit_at) "
                         "VALUES (?, ?, ?, ?, ?)", translations)
        conn.executemany('INSERT INTO claims (id, segment_id, start, "end", content, claim_type, annotator, '
                         "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", claims)
        conn.executemany("INSERT INTO history (at, annotator, table_name, row_id, action, before, after) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", history)
    conn.close()


def bare_copy(target: Path, source: Path, audit: bool = False) -> float:
    """The same rows copied with INSERT … SELECT from the attached database (no matching,
    no checks, no conflicts). With `audit`, also a history entry per copied row, as the
    merge writes for every row it adds."""
    conn = sqlite3.connect(target)
    first_claim = conn.execute("SELECT COALESCE(MAX(id), 0) FROM claims").fetchone()[0]
    start = time.perf_counter()
    conn.execute("ATTACH DATABASE ? AS theirs", [f"file:{source}?mode=ro"])
    with conn:
        conn.execute("INSERT OR IGNORE INTO translations SELECT * FROM theirs.translations")
        conn.execute("INSERT INTO claims (segment_id, start, \"end\", content, translation, claimant, "
                     "claimant_role, claimant_org, outlet, cue, cue_start, cue_end, claim_type, actors, "
                     "place, place_precision, date, date_precision, quantities, status, status_note, "
                     "incident_id, annotator, created_at, updated_at) SELECT segment_id, start, \"end\", "
                     "content, translation, claimant, claimant_role, claimant_org, outlet, cue, cue_start, "
                     "cue_end, claim_type, actors, place, place_precision, date, date_precision, "
                     "quantities, status, status_note, incident_id, annotator, created_at, updated_at "
                     "FROM theirs.claims")
        conn.execute("INSERT INTO history (at, annotator, table_name, row_id, action, before, after) "
                     "SELECT at, annotator, table_name, row_id, action, before, after FROM theirs.history")
        if audit:
            cols = sorted(r[1] for r in conn.execute("PRAGMA table_info(claims)"))
            row = "json_object(" + ", ".join(f"'{c}', r.[{c}]" for c in cols) + ")"
            conn.execute("INSERT INTO history (at, annotator, table_name, row_id, action, before, after) "
                         f"SELECT 'now', 'carol', 'claims', r.id, 'merge', NULL, {row} FROM claims r "
                         "WHERE r.id > ?", [first_claim])
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def written_rows(before: Path, after: Path, delta: Path) -> dict[str, int]:
    """Put in `delta` every row the merge wrote (in `after`, not as such in `before`), table
    by table, so that copying them back can be timed on its own."""
    conn = sqlite3.connect(delta)
    conn.execute("ATTACH DATABASE ? AS before", [f"file:{before}?mode=ro"])
    conn.execute("ATTACH DATABASE ? AS after", [f"file:{after}?mode=ro"])
    tables = [name for name, sql in conn.execute(
        "SELECT name, sql FROM after.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE '%_fts_%'")]
    counts = {}
    with conn:
        for table in tables:
            conn.execute(f"CREATE TABLE main.[{table}] AS SELECT * FROM after.[{table}] "
                         f"EXCEPT SELECT * FROM before.[{table}]")
            n = conn.execute(f"SELECT COUNT(*) FROM main.[{table}]").fetchone()[0]
            if n:
                counts[table] = n
            else:
                conn.execute(f"DROP TABLE main.[{table}]")
    conn.close()
    return counts


def bare_written_copy(target: Path, delta: Path, tables: list[str]) -> float:
    """The rows the merge wrote, ready-made, copied in with bare INSERT … SELECT."""
    conn = sqlite3.connect(target)
    start = time.perf_counter()
    conn.execute("ATTACH DATABASE ? AS delta", [f"file:{delta}?mode=ro"])
    with conn:
        for table in tables:
            conn.execute(f"INSERT OR REPLACE INTO main.[{table}] SELECT * FROM delta.[{table}]")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def timed_merge(target: Path, source: Path):
    from workbench.store.db import open_db
    from workbench.team.merge import merge
    db = open_db(target)
    start = time.perf_counter()
    result = merge(db, source, "carol")
    elapsed = time.perf_counter() - start
    start = time.perf_counter()
    again = merge(db, source, "carol")
    second = time.perf_counter() - start
    assert not again.changed
    db.close()
    return elapsed, second, result


def checking_time(target: Path, source: Path) -> float:
    """The merge's validation of the other database alone (it writes nothing), best of three."""
    from workbench.store.db import open_db
    from workbench.team.validate import check_rows
    db = open_db(target)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        check_rows(db, source)
        times.append(time.perf_counter() - start)
    db.close()
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-merge-") as tmp:
        folder = Path(tmp)
        base, alice, bob = folder / "base.db", folder / "alice.db", folder / "bob.db"
        start = time.perf_counter()
        build_base(base)
        shutil.copy(base, alice)
        shutil.copy(base, bob)
        annotate(alice, "alice", 0)
        annotate(bob, "bob", POSTEDITS // 2)
        built = time.perf_counter() - start
        merges, seconds, bares, audited, written = [], [], [], [], []
        delta, tables = folder / "delta.db", []
        for n in range(REPEATS):
            for name in ("merge", "written", "bare", "audited"):
                target = folder / f"{name}{n}.db"
                shutil.copy(bob, target)
                if name == "merge":
                    elapsed, second, result = timed_merge(target, alice)
                    merges.append(elapsed)
                    seconds.append(second)
                    if not tables:
                        wrote = written_rows(bob, target, delta)
                        tables = list(wrote)
                    continue  # the merged copy is kept until the baselines are timed
                if name == "written":
                    written.append(bare_written_copy(target, delta, tables))
                else:
                    (bares if name == "bare" else audited).append(
                        bare_copy(target, alice, audit=name == "audited"))
                target.unlink()
            (folder / f"merge{n}.db").unlink()
        merge_s, again_s = min(merges), min(seconds)
        written_s, bare_s, audited_s = min(written), min(bares), min(audited)
        ratio = merge_s / written_s
        print(f"merge of two {DOCUMENTS * SEGMENTS_PER_DOC:,}-segment databases, "
              f"{POSTEDITS + CLAIMS:,} annotations each (built in {built:.1f} s)")
        print(f"  counts: {json.dumps(result.counts)}")
        print(f"  rows the merge wrote: {json.dumps(wrote)}")
        print(f"  merge               {merge_s:7.3f} s  = {ratio:5.2f}x bare INSERT ... SELECT of the "
              f"rows it wrote ({written_s:.3f} s)  target <= {TARGET:.0f}x  "
              f"{'ok' if ratio <= TARGET else 'OVER'}")
        print(f"  merge again (no-op) {again_s:7.3f} s  = {again_s / written_s:5.2f}x that")
        checked = checking_time(folder / "bob.db", alice)
        print(f"  of the merge, checking every incoming row with the core's rules (before any "
              f"write): {checked:.3f} s; the rest {merge_s - checked:.3f} s = "
              f"{(merge_s - checked) / written_s:.2f}x the baseline")
        print(f"  for reference, against a bare copy of their post-edits, claims and history only "
              f"({bare_s:.3f} s, without the audit entries, conflicts and merge record the merge "
              f"writes): {merge_s / bare_s:.2f}x; that copy plus one history entry per claim "
              f"{audited_s:.3f} s = {merge_s / audited_s:.2f}x")


if __name__ == "__main__":
    main()
