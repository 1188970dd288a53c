"""One long segment, end to end: 2,000,000 characters of Arabic reporting in a single segment.

Issue 11: `claims suggest` on such a segment took 227 s (200,000 characters: 1.5 s), because
steps that run once per segment were quadratic in its length. Each step here runs on a fresh
database, on a text that has no sentence punctuation, so the importer keeps it as one segment:

- import (a JSONL row: segmentation, normalization, hashing, full-text keys)
- term matching (`terms.hits.refresh`: the glossary over the segment, hits stored)
- terminology QA (`mt.english.check_corpus`, what `workbench qa` runs) of a post-edit of the
  same length, with forbidden renderings
- claim suggestions (`claims.suggest.suggest`, what `workbench claims suggest` calls)
- segmentation of the same text with its sentence punctuation kept

Figures: seconds per step and in total at 2,000,000 characters (target: under 10 s), and, as
the baseline measured in the same run, ten times the same steps at 200,000 characters: a
linear step scores about 1, a quadratic one about 10. CPU seconds are shown beside wall-clock
seconds, since the machine may be shared. Expect a little over 1 for the steps that keep many
objects alive (the tokens and hits of the whole segment): Python's garbage collector walks
them now and then, and there are more of them to walk; with the collector off, the cost per
character is flat. (Before the fix, on this text: terminology QA 112 s, suggestions 130 s.)
"""

from __future__ import annotations

import gc
import json
import random
import re
import tempfile
import time
from pathlib import Path

LONG = 2_000_000
SHORT = 200_000
TARGET_S = 10.0

# Reporting the workbench is made for: cues (أفادت، قالت مصادر), figures, glossary terms.
_EXTRA_AR = (
    "وأفادت مصادر محلية بأن 15 عنصراً من خلايا داعش قتلوا في اشتباكات مع المرتزقة قرب البصيرة",
    "وقالت مصادر إن الخلايا النائمة نفذت نحو 30 هجوماً خلال الشهر الماضي في ريف دير الزور",
    "وذكرت شبكة محلية أن ما لا يقل عن ثلاثة آلاف شخص نزحوا من قرى ريف دير الزور الشرقي",
    "وأكد مصدر في قوى الأمن الداخلي اعتقال 12 مشتبهاً بانتمائهم لخلايا نائمة تابعة لداعش",
)
_EXTRA_EN = (
    "Local sources said ISIL militants attacked a checkpoint in Deir El-Zor, killing 4 people.",
    "The Kurdish forces said that sleeping cells planted an explosive can near the road.",
    "According to the Interior Security Forces, about 30 sleeper cells remain active.",
)


def _paragraphs(language: str) -> list[str]:
    from workbench.bootstrap import sample_files
    out = []
    for path in sample_files():
        if f"_{language}_" in path.name:
            out += [p for p in path.read_text(encoding="utf-8").split("\n") if len(p) > 120]
    return out


def make_text(length: int, language: str, sentences: bool, seed: int = 11) -> str:
    """Sample-corpus paragraphs and extra sentences in random order, figures varied, cut to
    `length` characters. Without `sentences`, no punctuation ends a sentence (one segment)."""
    rng = random.Random(seed)
    pool = _paragraphs(language) + list(_EXTRA_AR if language == "ar" else _EXTRA_EN)
    parts, size = [], 0
    while size < length:
        part = re.sub(r"\d+", lambda m: str(rng.randint(2, 999)), rng.choice(pool))
        if not sentences:
            part = re.sub(r"[.!?؟…]", "،", part)
        parts.append(part)
        size += len(part) + 1
    return " ".join(parts)[:length].rstrip()


def run(length: int, folder: Path) -> dict[str, tuple[float, float]]:
    """(wall, CPU) seconds of each step on one segment of `length` characters."""
    from workbench import arabic
    from workbench.bootstrap import load_glossary
    from workbench.claims.suggest import suggest
    from workbench.corpus.importer import import_file
    from workbench.mt.english import check_corpus
    from workbench.mt.memory import save_postedit
    from workbench.store.db import open_db
    from workbench.terms import hits

    arabic_text = make_text(length, "ar", sentences=False)
    english = make_text(length, "en", sentences=True, seed=12)
    punctuated = make_text(length, "ar", sentences=True, seed=13)
    source = folder / f"long-{length}.jsonl"
    source.write_text(json.dumps({"text": arabic_text, "outlet": "Bench Outlet",
                                  "url": f"https://example.org/long/{length}"},
                                 ensure_ascii=False) + "\n", encoding="utf-8")
    db = open_db(folder / f"long-{length}.db")
    load_glossary(db)
    figures: dict[str, tuple[float, float]] = {}
    out: dict[str, object] = {}

    def timed(name, fn, repeat=1):
        """The best of `repeat` runs (steps that write to the database run once)."""
        for _ in range(repeat):
            gc.collect()                        # no collection left over from the last step
            wall, cpu = time.perf_counter(), time.process_time()
            out[name] = fn()
            took = (time.perf_counter() - wall, time.process_time() - cpu)
            figures[name] = min(figures.get(name, took), took)

    timed("import", lambda: import_file(db, source))
    result = out["import"]
    assert result.ok, result.error
    [(segment_id, raw)] = db.execute("SELECT id, raw FROM segments").fetchall()
    assert len(raw) == len(arabic_text), "the text became more than one segment"
    timed("term matching", lambda: hits.refresh(db))
    save_postedit(db, segment_id, english, "bench")
    timed("terminology QA", lambda: check_corpus(db))
    timed("claim suggestions", lambda: suggest(db, result.saved[0].document_id))
    timed("segmentation", lambda: arabic.segment(punctuated), repeat=3)
    checked, reports = out["terminology QA"]
    print(f"   {length:>9,} characters: {len(out['claim suggestions']):,} suggestions, "
          f"{sum(len(r.problems) for r in reports):,} QA problems, "
          f"{db.execute('SELECT COUNT(*) FROM term_hits').fetchone()[0]:,} term hits, "
          f"{len(out['segmentation']):,} sentences")
    db.close()
    return figures


def main() -> None:
    from workbench import arabic
    arabic.normalize("تجربة")                  # camel-tools and the tables loaded before timing
    with tempfile.TemporaryDirectory(prefix="bench-long-") as tmp:
        short = run(SHORT, Path(tmp))
        long = run(LONG, Path(tmp))
    scale = LONG / SHORT
    print(f"   {'step':<20}{'200k (s)':>10}{'2M (s)':>9}{'2M CPU':>8}   2M / ({scale:.0f} x 200k)")
    for name, (wall, cpu) in long.items():
        base = short[name][0] * scale
        print(f"   {name:<20}{short[name][0]:>10.2f}{wall:>9.2f}{cpu:>8.2f}   "
              f"{wall / base if base else float('nan'):.2f}")
    total = sum(wall for wall, _ in long.values())
    total_cpu = sum(cpu for _, cpu in long.values())
    base = sum(wall for wall, _ in short.values()) * scale
    print(f"   one {LONG:,}-character segment end to end: {total:.1f} s (CPU {total_cpu:.1f} s; "
          f"target < {TARGET_S:.0f} s); {total / base:.2f} x the linear extrapolation from "
          f"{SHORT:,} characters (linear about 1, quadratic about {scale:.0f})")


if __name__ == "__main__":
    main()
