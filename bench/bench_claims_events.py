"""Dates and places of suggested claims: what resolving them adds to claim suggestion.

The corpus is the corpus bench's (bench_corpus: 10,000 documents of 10 segments, 100,000 in
all), its vocabulary with dates and places added (weekdays, «أمس», full and year-less dates,
ranges, towns, camps and «ريف ...»), each document dated by its report.

- Claim suggestion over all of it (`claims.suggest.suggest`, resolution included), and the
  same resolution done alone on the same segments and claims: reading each segment's dates
  (`dates.find_dates`) and gazetteer places once, then picking each claim's. Target: the
  resolution costs under 25% of the suggestion time without it.
- For reference: dateparser's `search_dates` on a sample of the same segments, per segment,
  against our reader on the same sample.
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from pathlib import Path

from bench.bench_corpus import WORDS

EVENT_WORDS = ("يوم الثلاثاء", "مساء الخميس", "أمس", "في 22 أيلول 2025", "في 8 كانون الأول",
               "منذ مطلع العام", "الأسبوع الماضي", "في الـ27/8/2023م", "في بلدة ذيبان",
               "بريف البصيرة", "في مخيم الهول", "قرب البوكمال", "في هجين", "بحي غويران",
               "بين 3 حزيران و9 حزيران 2025", "في قرية الحمادية الشرقية")
DOCUMENTS, PER_DOC = 10_000, 10


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
    for _ in range(rng.randint(0, 2)):
        words.insert(rng.randrange(len(words) + 1), rng.choice(EVENT_WORDS))
    return " ".join(words) + f" {n}."


def make_corpus(path: Path) -> list[str]:
    rng = random.Random(11)
    sample = []
    with path.open("w", encoding="utf-8") as fh:
        for d in range(DOCUMENTS):
            sentences = [_sentence(rng, d * PER_DOC + i) for i in range(PER_DOC)]
            if d % 100 == 0:
                sample.extend(sentences)
            fh.write(json.dumps({"text": " ".join(sentences), "outlet": f"Outlet {d % 7}",
                                 "date": f"2025-09-{1 + d % 28:02d}",
                                 "url": f"https://example.org/{d}"}, ensure_ascii=False) + "\n")
    return sample


def resolution_alone(db, suggestions) -> float:
    """Resolve the suggested claims' dates and places as `suggest` does, timed alone."""
    from workbench.claims.dates import report_date
    from workbench.claims.places import load_gazetteer
    from workbench.claims.suggest import Events, _place, _Sorted
    gazetteer = load_gazetteer()
    by_segment: dict[int, list] = {}
    for s in suggestions:
        by_segment.setdefault(s.segment_id, []).append(s.claim)
    rows = {r["id"]: r for r in db.query(
        "SELECT s.id, s.raw, d.published FROM segments s JOIN documents d ON d.id = s.document_id")
        if r["id"] in by_segment}
    started = time.perf_counter()
    for segment_id, claims in by_segment.items():
        row = rows[segment_id]
        events = Events(gazetteer, report_date(row["published"]))
        events.read(row["raw"], _Sorted([]))
        for claim in claims:
            events.date_of(claim.start, claim.end)
            _place(row["raw"], claim.start, claim.end, [], events)
    return time.perf_counter() - started


def main() -> None:
    from workbench.claims.suggest import suggest
    from workbench.corpus.importer import import_file
    from workbench.store.db import open_db
    from workbench.terms.glossary import load as load_glossary
    from workbench.bootstrap import load_glossary as bundled_glossary
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "corpus.jsonl"
        sample = make_corpus(source)
        db = open_db(Path(tmp) / "workbench.db")
        bundled_glossary(db)
        result = import_file(db, source)
        assert result.ok, result.error
        segments = db.execute("SELECT COUNT(*) FROM segments").fetchone()[0]
        glossary = load_glossary(db)

        started = time.perf_counter()
        found = suggest(db, glossary=glossary)
        total = time.perf_counter() - started
        alone = resolution_alone(db, found)
        dated = sum(1 for s in found if s.claim.date)
        placed = sum(1 for s in found if s.claim.place_id)
        without = total - alone
        print(f"   suggest over {segments:,} segments: {len(found):,} claims in {total:.1f} s "
              f"({dated:,} dated, {placed:,} placed in the gazetteer)")
        print(f"   their dates and places alone: {alone:.2f} s -> {alone / without:.1%} of the "
              f"suggestion time without them (target < 25%)")

        from workbench.claims.dates import find_dates, report_date
        report = report_date("2025-09-22")
        started = time.perf_counter()
        for text in sample:
            find_dates(text, report)
        ours = (time.perf_counter() - started) / len(sample)
        import dateparser.search
        dateparser.search.search_dates("أمس", languages=["ar"])     # its first-call set-up
        started = time.perf_counter()
        for text in sample[:100]:
            dateparser.search.search_dates(text, languages=["ar"])
        theirs = (time.perf_counter() - started) / 100
        print(f"   per segment: our date reader {ours * 1e3:.3f} ms, dateparser.search_dates "
              f"{theirs * 1e3:.2f} ms -> {theirs / ours:.0f}x slower (and blind to أيلول, "
              "كانون الأول and the weekdays' arithmetic)")


if __name__ == "__main__":
    main()
