"""`workbench serve`'s canned queries against the core calls they wrap, in the same run.

A corpus of 400 Arabic documents of 20 segments (8,000 segments), 4,000 of them post-edited
(a quarter with a forbidden rendering), and two glossary terms. Timed: `store.search.find`
against /db/search.json (the same SQL through Datasette's client: its overhead), and
`mt.english.check_corpus` (what `workbench qa` runs) against /db/qa.json. The QA figure is
also printed in seconds against `workbench serve`'s SQL time limit.
Run: python -m bench serve
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

DOCUMENTS, SEGMENTS = 400, 20
REPEATS = 5
SENTENCES = [
    "هاجمت خلايا داعش حاجزاً في ريف دير الزور الشرقي رقم {n}.",
    "وأعلنت قسد مقتل ثلاثة من المرتزقة خلال الاشتباك {n}.",
    "واعتقلت القوات خمسة مشتبهين بالتعامل مع الخلايا {n}.",
    "ونفى المجلس المحلي الرواية في بيان {n}.",
]
ENGLISH = [
    "ISIL cells attacked a checkpoint in the eastern Deir ez-Zor countryside, number {n}.",
    "The SDF announced that three mercenaries were killed in clash {n}.",
    "The forces detained five suspects, {n}.",
    "The local council denied the account in statement {n}.",
]


def build(path: Path) -> None:
    from workbench.store.db import open_db
    from workbench.store.documents import NewDocument, NewSegment, save_documents
    from workbench.terms.model import Term
    from workbench.terms.store import save_term
    db = open_db(path)
    docs = []
    for d in range(DOCUMENTS):
        sentences = [SENTENCES[p % 4].format(n=d * SEGMENTS + p) for p in range(SEGMENTS)]
        docs.append(NewDocument(f"bench:{d}", "\n".join(sentences),
                                [NewSegment(s) for s in sentences], title=sentences[0],
                                outlet=f"outlet {d % 7}", language="ar"))
    save_documents(db, docs)
    save_term(db, Term(id="isis", term_ar="داعش", approved_en="ISIS", category="actor",
                       forbidden_en=("ISIL",)), "bench")
    save_term(db, Term(id="mercenaries", term_ar="مرتزقة", approved_en="mercenaries",
                       category="loaded_term", forbidden_en=("militants",)), "bench")
    rows = db.execute("SELECT id, position FROM segments ORDER BY id").fetchall()
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO translations (segment_id, postedit, postedit_by, postedit_at) "
            "VALUES (?, ?, 'bench', '2025-06-01T08:00:00+00:00')",
            [(sid, ENGLISH[pos % 4].format(n=sid)) for sid, pos in rows
             if (sid - 1) // SEGMENTS % 2 == 0])     # every other document
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def timed(fn) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    from workbench.mt.english import check_corpus
    from workbench.serve.server import SETTINGS, make_datasette
    from workbench.store.db import open_db
    from workbench.store.search import find
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        build(path)
        ds = make_datasette(path)
        db = open_db(path, readonly=True)

        def served(url: str) -> list:
            response = asyncio.run(ds.client.get(url))
            assert response.status_code == 200, response.text[:300]
            return response.json()

        query = "المرتزقة"
        core = timed(lambda: find(db, query))
        canned = timed(lambda: served(f"/bench/search.json?q={quote(query)}&_shape=array"))
        assert ([r["segment_id"] for r in find(db, query).rows]
                == [r["segment_id"] for r in served(f"/bench/search.json?q={quote(query)}&_shape=array")])
        print(f"search «{query}» (first page of 50): core {core * 1000:.1f} ms, "
              f"canned query {canned * 1000:.1f} ms: {canned / core:.2f}×")
        core = timed(lambda: check_corpus(db))
        canned = timed(lambda: served("/bench/qa.json?_shape=array&_size=max"))
        problems = sum(len(r.problems) for r in check_corpus(db)[1])
        print(f"qa of {DOCUMENTS * SEGMENTS // 2:,} post-edited segments ({problems:,} problems): "
              f"core {core:.2f} s, canned query {canned:.2f} s: {canned / core:.2f}× "
              f"({canned * 1000 / SETTINGS['sql_time_limit_ms']:.0%} of serve's time limit)")
        db.close()


if __name__ == "__main__":
    main()
