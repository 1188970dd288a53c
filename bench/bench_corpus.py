"""Import and export speed of the corpus.

- Import of 100,000 segments (one JSONL file of 10,000 documents) as a ratio of a bare
  sqlite-utils insert_all of the same segment rows. Target: at most 2x.
- Export of 1,000,000 segments to JSONL: peak memory growth. Target: under 100 MB.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlite_utils import Database

WORDS = ("قالت قوات سوريا الديمقراطية إن خلايا داعش نفذت هجوماً على نقطة أمنية في ريف دير الزور "
         "واعتقلت قوى الأمن الداخلي عدداً من المرتزقة بعد مداهمات في الحسكة والرقة وأكد المسؤول أن "
         "الحملة مستمرة لتعزيز الأمن والاستقرار في المنطقة بمساندة التحالف الدولي").split()


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))) + f" {n}."


def make_jsonl(path: Path, documents: int, per_doc: int) -> list[list[str]]:
    rng = random.Random(7)
    docs = []
    with path.open("w", encoding="utf-8") as fh:
        for d in range(documents):
            sentences = [_sentence(rng, d * per_doc + i) for i in range(per_doc)]
            docs.append(sentences)
            fh.write(json.dumps({"text": " ".join(sentences), "outlet": f"Outlet {d % 7}",
                                 "url": f"https://example.org/{d}"}, ensure_ascii=False) + "\n")
    return docs


def bench_import(tmp: Path) -> None:
    from workbench.corpus.importer import import_file
    from workbench.store.db import open_db
    documents, per_doc = 10_000, 10
    source = tmp / "corpus.jsonl"
    docs = make_jsonl(source, documents, per_doc)

    db = open_db(tmp / "workbench.db")
    started = time.perf_counter()
    result = import_file(db, source)
    ours = time.perf_counter() - started
    assert result.ok, result.error
    count = db.execute("SELECT COUNT(*) FROM segments").fetchone()[0]

    # The baseline writes the very rows the import stored (documents and segments, every
    # column), ready-made, with sqlite-utils' insert_all and nothing else: no parsing, no
    # segmentation, no normalization, no full-text index.
    stored = {table: [dict(r) for r in db.query(f"SELECT * FROM {table} ORDER BY id")]
              for table in ("documents", "segments")}
    base_db = Database(tmp / "baseline.db")
    started = time.perf_counter()
    for table, rows in stored.items():
        base_db[table].insert_all(rows, batch_size=1000)
    baseline = time.perf_counter() - started

    # The figure reported in the first session: a baseline of text-only rows.
    text_rows = [{"document_id": d + 1, "position": i, "raw": s, "language": "ar"}
                 for d, sentences in enumerate(docs) for i, s in enumerate(sentences)]
    text_db = Database(tmp / "text-only.db")
    started = time.perf_counter()
    text_db["segments"].insert_all(text_rows, batch_size=1000)
    text_only = time.perf_counter() - started

    print(f"   import {count:,} segments: workbench {ours:.2f} s, bare insert_all of the same "
          f"rows {baseline:.2f} s -> ratio {ours / baseline:.2f}x (target <= 2x)")
    print("   (workbench reads, parses, segments, normalizes, hashes and indexes for full-text "
          "search; the baseline inserts the stored rows ready-made)")
    print(f"   for reference, against text-only rows (document, position, raw, language; "
          f"{text_only:.2f} s): {ours / text_only:.2f}x")


def _rss_kb(field: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field):
                return int(line.split()[1])
    return 0


def bench_export(tmp: Path) -> None:
    from workbench.store.db import open_db
    total, per_doc = 1_000_000, 100
    db = open_db(tmp / "big.db")
    rng = random.Random(3)
    pool = [_sentence(rng, i) for i in range(2000)]
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO documents (id, doc_key, content_hash, imported_at, segment_count, language) "
            "VALUES (?, ?, ?, 'now', ?, 'ar')",
            ((d, f"doc{d}", f"h{d}", per_doc) for d in range(1, total // per_doc + 1)))
        db.conn.executemany(
            "INSERT INTO segments (document_id, position, raw, norm, language, hash) "
            "VALUES (?, ?, ?, ?, 'ar', ?)",
            ((n // per_doc + 1, n % per_doc, pool[n % 2000], pool[n % 2000], f"{n}")
             for n in range(total)))
    db.close()
    # The export runs in a fresh process, so its peak RSS is the export's own.
    code = (
        "import sys, time; from bench.bench_corpus import _rss_kb;"
        "from workbench.store.db import open_db; from workbench.exports import write_jsonl;"
        f"db = open_db({str(tmp / 'big.db')!r}); before = _rss_kb('VmRSS'); t = time.perf_counter();"
        f"n = write_jsonl(db, open({str(tmp / 'dump.jsonl')!r}, 'w', encoding='utf-8'));"
        "print(n, time.perf_counter() - t, before, _rss_kb('VmHWM'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent)
    count, elapsed, before, peak = out.stdout.split()
    count, elapsed = int(count), float(elapsed)
    growth_mb = (int(peak) - int(before)) / 1024
    size = (tmp / "dump.jsonl").stat().st_size / 1e6
    print(f"   export {count:,} segments to JSONL in {elapsed:.1f} s ({count / elapsed:,.0f}/s), "
          f"{size:,.0f} MB written; peak memory growth {growth_mb:.1f} MB "
          f"-> {growth_mb / 100:.2f} of the 100 MB budget")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bench_import(Path(tmp))
    with tempfile.TemporaryDirectory() as tmp:
        bench_export(Path(tmp))


if __name__ == "__main__":
    main()
