"""A 1,000,000-segment database (10,000 documents) for the UI and search benchmarks, written
with bulk SQL and kept between runs under a cache folder (it takes minutes to build).

One long document of 90,000 segments comes first (the UI opens it), then 9,999 of about 91.
Each Arabic segment is a run of words from the sample corpus with a unique tag, so words have
the spread of real text; one in a hundred is a repeated stock sentence (same content hash).
Every other segment has MT (English from templates of this domain's vocabulary), one in two
hundred a post-edit, so the English index holds post-edits, MT and 100% matches.

The file name carries BUILD (change it when the build changes); a cached file from an older
schema is brought up to date by the migrations when it is opened, as any database is.
`WORKBENCH_BENCH_CACHE` moves the cache folder (default: /tmp/workbench-bench).
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from pathlib import Path

SEGMENTS = 1_000_000
DOCUMENTS = 10_000
BIG = 90_000
BUILD = 3
CHUNK = 20_000

ACTORS = ["Internal Security Forces", "the SDF", "Asayish patrols", "ISIS cells",
          "Syrian government forces", "Turkish drones", "tribal elders", "the Deir ez-Zor Military Council",
          "unknown gunmen", "the Autonomous Administration", "local councils", "Iranian-backed militias"]
VERBS = ["arrested", "attacked", "shelled", "released", "met", "accused", "detained", "targeted",
         "raided", "ambushed", "welcomed", "condemned", "evacuated", "besieged"]
OBJECTS = ["two suspects", "a checkpoint", "a military convoy", "oil workers", "a village mukhtar",
           "smugglers", "a weapons depot", "displaced families", "a bakery", "the water station",
           "an ISIS emir", "three civilians"]
PLACES = ["Deir ez-Zor", "Busayrah", "Hajin", "al-Shuhail", "Raqqa", "Hasakah", "Qamishli",
          "al-Hol camp", "Manbij", "Tabqa", "Diban", "al-Susah", "Theban", "Gharanij"]
WHEN = ["on Monday", "at dawn", "overnight", "last week", "on Friday evening", "during a curfew"]
STOCK = "تابعونا على قناتنا في تلغرام لمزيد من الأخبار العاجلة"


def cache_dir() -> Path:
    return Path(os.environ.get("WORKBENCH_BENCH_CACHE", "/tmp/workbench-bench"))


def path() -> Path:
    return cache_dir() / f"tui-1m-b{BUILD}.db"


def _words() -> list[str]:
    from workbench import arabic
    from workbench.bootstrap import sample_files
    words: list[str] = []
    for file in sample_files():
        for sentence in arabic.sentences(file.read_text(encoding="utf-8")):
            if arabic.detect_language(sentence) == "ar":
                words.extend(sentence.split())
    return words


def _sizes() -> list[int]:
    rest = SEGMENTS - BIG
    each, extra = divmod(rest, DOCUMENTS - 1)
    return [BIG] + [each + (1 if n < extra else 0) for n in range(DOCUMENTS - 1)]


def _english(rng: random.Random) -> str:
    return (f"{rng.choice(ACTORS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} in "
            f"{rng.choice(PLACES)} {rng.choice(WHEN)}, {rng.choice(ACTORS).removeprefix('the ')} said.")


def build(target: Path) -> None:
    """Write the database to `target` (a temporary name, renamed when complete)."""
    from workbench import arabic
    from workbench.bootstrap import first_run
    from workbench.store.db import open_db
    from workbench.store.documents import segment_hash
    from workbench.store.history import now

    db = open_db(target)
    first_run(db, sample=False)
    db.close()
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -400000")
    rng = random.Random(16)
    words = _words()
    at = now()
    stock_norm = arabic.normalize(STOCK)
    conn.execute("BEGIN")
    docs, segs, keys = [], [], []
    segment_id = 0
    for n, size in enumerate(_sizes()):
        document_id = n + 1
        title = " ".join(words[(start := rng.randrange(len(words) - 8)):start + 8])
        docs.append((document_id, f"bench:{n}", 1, 1, title, "Bench Outlet", "ar", "2026-01-01",
                     f"hash-{n}", at, size))
        for position in range(size):
            segment_id += 1
            if rng.random() < 0.01:
                raw, norm = STOCK, stock_norm
            else:
                start = rng.randrange(len(words) - 25)
                raw = f"{' '.join(words[start:start + rng.randint(10, 24)])} ({n}.{position})"
                norm = arabic.normalize(raw)
            segs.append((segment_id, document_id, position, raw, norm, "ar", segment_hash(norm)))
            keys.append((segment_id, arabic.search_keys(norm)))
        if len(segs) >= CHUNK or n == DOCUMENTS - 1:
            conn.executemany("INSERT INTO documents (id, doc_key, version, is_current, title, "
                             "outlet, language, published, content_hash, imported_at, "
                             "segment_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", docs)
            conn.executemany("INSERT INTO segments (id, document_id, position, raw, norm, "
                             "language, hash) VALUES (?, ?, ?, ?, ?, ?, ?)", segs)
            conn.executemany("INSERT INTO segments_fts (rowid, keys) VALUES (?, ?)", keys)
            docs, segs, keys = [], [], []
    conn.execute("COMMIT")
    conn.execute("BEGIN")
    rows = conn.execute("SELECT id, hash, norm FROM segments WHERE id % 2 = 0").fetchall()
    tm_rows, seen = [], set()
    for _, h, norm in rows:
        if h not in seen:
            seen.add(h)
            text = _english(rng)
            tm_rows.append(("bench", "bench-ar-en", "1", "{}", h, norm, text, text, at))
    conn.executemany("INSERT INTO tm (engine, model, model_version, settings, source_hash, "
                     "source_norm, mt_raw, mt_text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     tm_rows)
    del tm_rows
    conn.execute("INSERT INTO translations (segment_id, tm_id, source_hash) SELECT s.id, m.id, "
                 "s.hash FROM segments s JOIN tm m ON m.source_hash = s.hash WHERE s.id % 2 = 0")
    edits = [(f"{_english(rng)} (edited)", "bench", at, sid)
             for sid, _, _ in rows if sid % 400 == 0]
    conn.executemany("UPDATE translations SET postedit = ?, postedit_by = ?, postedit_at = ? "
                     "WHERE segment_id = ?", edits)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def ensure() -> tuple[Path, float | None]:
    """The cached database, built first if missing: (path, seconds spent building or None)."""
    final = path()
    if final.exists():
        return final, None
    final.parent.mkdir(parents=True, exist_ok=True)
    partial = final.with_suffix(".partial")
    for leftover in final.parent.glob(partial.name + "*"):
        leftover.unlink()
    started = time.perf_counter()
    build(partial)
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.rename(final)
    return final, time.perf_counter() - started


if __name__ == "__main__":
    where, took = ensure()
    print(where, "cached" if took is None else f"built in {took:.0f} s")
