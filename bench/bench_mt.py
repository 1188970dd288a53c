"""Machine translation speed, on the project's fixture model (tests/fixtures/mt).

- Batch translation through the workbench (n-best, glossary enforcement and database writes
  included) in segments per second, as a ratio of raw `ctranslate2.Translator.translate_batch`
  on the same sentences with the same settings (tokenizing and decoding included in both;
  best of several alternating rounds, since the machine is shared).
  Target: at least 0.90.
- A fully cached re-run, and a run over new documents whose segments are all in the memory, in
  segments per second, as a ratio of the 5,000 segments/s target. Target: at least 1.0.
- Missing-term repair and re-enforcement: re-enforcing every translation of the run (choice,
  fixes and repair again from the stored n-best lists, without the model) plus the repairs
  made in the run, as a share of the translation run. Target: under 0.10.
- Re-enforcing 100,000 stored translations after a glossary change, in seconds. Target: < 30.
- How well the attention finds a term's English: on the training sources, the share of term
  occurrences whose approved rendering the model produced where the word repair would pick
  lies in that rendering (attention alone, and attention times the diagonal prior).

The fixture is a test model: it is installed into a temporary packages folder for this run only.
"""

from __future__ import annotations

import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_FILE = ROOT / "tests" / "fixtures" / "mt" / "translate-ar_en-fixture.argosmodel"
ROUNDS = 5
COPIES = 3
CACHED_DOCS = 20
CACHED_TARGET = 5000.0
REENFORCE_ROWS = 100_000


@contextmanager
def _environment(values: dict[str, str]):
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _sentences(copies: int) -> list[str]:
    """The fixture's training sentences, each in `copies` numbered variants: distinct
    segments (the memory would otherwise translate each text once), model-sized output."""
    import csv
    with (PACKAGE_FILE.parent / "parallel.tsv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    base = [row[0].strip() for row in rows[1:] if row and row[0].strip()]
    return [f"{s} {i}" for i, s in enumerate(base * copies)]


def _raw(engine, sentences: list[str]) -> float:
    """Seconds for plain CTranslate2 on the same inputs and settings as the engine."""
    config = engine.config
    translator, sp = engine.translator, engine.tokenizer.sp
    started = time.perf_counter()
    tokens = sp.encode(sentences, out_type=str)
    results = translator.translate_batch(
        tokens, replace_unknowns=True, max_batch_size=config.batch_size,
        beam_size=max(config.hypotheses, config.beam_size), num_hypotheses=config.hypotheses,
        length_penalty=0.2)
    [[sp.decode_pieces(h) for h in r.hypotheses] for r in results]
    return time.perf_counter() - started


def _fresh_db(path: Path):
    from workbench.bootstrap import load_glossary
    from workbench.store.db import open_db
    db = open_db(path)
    load_glossary(db)
    return db


def _add(db, key: str, sentences: list[str]) -> list[int]:
    from workbench.mt.translate import select_segments
    from workbench.store.documents import NewDocument, NewSegment, save_document
    doc = save_document(db, NewDocument(key, key + "\n" + "\n".join(sentences),
                                        [NewSegment(s) for s in sentences], language="ar"))
    return select_segments(db, [doc.document_id])


def main() -> None:
    from workbench.mt import models
    from workbench.mt.argos import load_engine
    from workbench.mt.translate import translate_segments

    sentences = _sentences(COPIES)
    with tempfile.TemporaryDirectory(prefix="bench-mt-") as tmp, _environment({
            "ARGOS_PACKAGES_DIR": str(Path(tmp) / "packages"), "WORKBENCH_ALLOW_TEST_MODEL": "1"}):
        models.install_file(PACKAGE_FILE)
        engine = load_engine()
        _raw(engine, sentences[:8])  # load the model before timing anything
        raw_s, wb_s = [], []
        for round_ in range(ROUNDS):
            raw_s.append(_raw(engine, sentences))
            db = _fresh_db(Path(tmp) / f"round{round_}.db")
            ids = _add(db, "bench", sentences)
            started = time.perf_counter()
            report = translate_segments(db, ids, engine)
            wb_s.append(time.perf_counter() - started)
            assert report.translated == len(sentences), report
            db.close()
        n = len(sentences)
        raw_rate, wb_rate = n / min(raw_s), n / min(wb_s)
        c = engine.config
        print(f"   settings: beam {c.beam_size}, {c.hypotheses} hypotheses, batch {c.batch_size}, "
              f"threads {c.inter_threads}x{c.intra_threads or 'auto'}, {n} sentences, "
              f"best of {ROUNDS} alternating rounds")
        print(f"   raw ctranslate2: {raw_rate:,.0f} segments/s; workbench (n-best, enforcement, "
              f"writes): {wb_rate:,.0f} segments/s")
        print(f"   translation throughput ratio (workbench / raw): {wb_rate / raw_rate:.2f} "
              f"(target >= 0.90)")

        db = _fresh_db(Path(tmp) / "cached.db")
        ids = []
        for d in range(CACHED_DOCS):
            ids += _add(db, f"doc{d}", sentences)
        translate_segments(db, ids, engine)          # fills the memory (each text once)
        started = time.perf_counter()
        report = translate_segments(db, ids, engine)  # everything already translated
        rerun_rate = len(ids) / (time.perf_counter() - started)
        assert report.already == len(ids), report
        new_ids = []
        for d in range(CACHED_DOCS):
            new_ids += _add(db, f"new{d}", sentences)
        started = time.perf_counter()
        report = translate_segments(db, new_ids, engine)  # new documents, all in the memory
        memory_rate = len(new_ids) / (time.perf_counter() - started)
        assert report.from_memory == len(new_ids), report
        db.close()
        print(f"   fully cached re-run of {len(ids):,} segments: {rerun_rate:,.0f} segments/s, "
              f"ratio to target {rerun_rate / CACHED_TARGET:.1f} (target >= 1.0)")
        print(f"   new documents all in the memory ({len(new_ids):,} segments): "
              f"{memory_rate:,.0f} segments/s, ratio to target {memory_rate / CACHED_TARGET:.1f}")

        _bench_repair(engine, Path(tmp), sentences, min(wb_s))
        _bench_reenforce(engine, Path(tmp))
        _bench_alignment(engine, Path(tmp))


def _bench_repair(engine, tmp: Path, sentences: list[str], run_seconds: float) -> None:
    """Repair in the run (its choices timed again with and without alignments) and
    re-enforcement of the whole run, as a share of the run."""
    from workbench.mt import enforce, reenforce
    from workbench.mt.engine import Hypotheses
    from workbench.terms.glossary import load
    db = _fresh_db(tmp / "repair.db")
    glossary = load(db)
    hyps = engine.translate_batch(sentences, engine.hypotheses)
    plain = [Hypotheses(list(h)) for h in hyps]
    timings = []
    for batch in (hyps, plain):
        started = time.perf_counter()
        choices = [enforce.choose(glossary, s, h) for s, h in zip(sentences, batch)]
        timings.append(time.perf_counter() - started)
        if batch is hyps:
            repaired = sum(bool(c.repairs) for c in choices)
    repair_s = max(0.0, timings[0] - timings[1])
    ids = _add(db, "repair", sentences)
    from workbench.mt.translate import translate_segments
    translate_segments(db, ids, engine)
    report = reenforce.reenforce(db)
    db.close()
    share = (repair_s + report.seconds) / run_seconds
    print(f"   missing-term repair in the run: {repair_s:.2f} s ({repaired} segments repaired); "
          f"re-enforcing the run's {report.checked:,} translations: {report.seconds:.2f} s; "
          f"together {share:.2f} of the translation run ({run_seconds:.2f} s) (target < 0.10)")


def _bench_reenforce(engine, tmp: Path) -> None:
    """100,000 stored translations (the fixture's n-best lists, numbered copies of its
    sentences), re-enforced after a term's renderings change."""
    from dataclasses import replace

    from workbench.mt import memory, reenforce
    from workbench.terms import store
    base = _sentences(1)
    hyps = engine.translate_batch(base, engine.hypotheses)
    db = _fresh_db(tmp / "reenforce.db")
    copies = -(-REENFORCE_ROWS // len(base))
    rows = []
    for k in range(copies):
        for s, h in zip(base, hyps):
            rows.append((f"{s} {k}", h))
    rows = rows[:REENFORCE_ROWS]
    per_doc = 5000
    for d in range(0, len(rows), per_doc):
        part = rows[d:d + per_doc]
        ids = _add(db, f"many{d}", [s for s, _ in part])
        stored = {i: (h, n) for i, h, n in db.execute(
            "SELECT id, hash, norm FROM segments WHERE document_id = "
            "(SELECT document_id FROM segments WHERE id = ?)", [ids[0]])}
        hashes = {i: v[0] for i, v in stored.items()}
        with db.atomic():
            tm = memory.store(db, engine, [(stored[i][0], stored[i][1], h[0], h[0], {},
                                            reenforce.nbest_json(h), "[]", 0)
                                           for i, (s, h) in zip(ids, part)])
            memory.link(db, [(i, tm[hashes[i]]) for i in ids])
    term = store.get_term(db, "murtazaqa")
    with db.atomic():
        store.save_term(db, replace(term, acceptable_en=("fighters",)), "bench")
    started = time.perf_counter()
    report = reenforce.reenforce(db)
    seconds = time.perf_counter() - started
    db.close()
    print(f"   re-enforcing {report.checked:,} stored translations after a glossary change: "
          f"{seconds:.1f} s ({report.changed:,} changed), target < 30 s")


def _bench_alignment(engine, tmp: Path) -> None:
    from workbench.mt import align, repair
    from workbench.terms.glossary import load
    db = _fresh_db(tmp / "align.db")
    glossary = load(db)
    db.close()
    base = _sentences(1)
    base = [s.rsplit(" ", 1)[0] for s in base]
    found = {"attention": 0, "attention x diagonal": 0}
    total = 0
    for arabic, hyps in zip(base, engine.translate_batch(base, 1)):
        english, alignment = hyps[0], hyps.alignments[0]
        if alignment is None:
            continue
        words = align.word_spans(english)
        hits = {}
        for h in glossary.find(arabic):
            hits.setdefault(h.term_id, h)
        en_hits = glossary.find_en(english, only=set(hits))
        for term_id, hit in hits.items():
            mine = [h for h in en_hits if h.term_id == term_id and h.kind == "approved"]
            if not mine:
                continue
            gold = {k for k, (s, e) in enumerate(words) if s < mine[0].end and e > mine[0].start}
            other = {k for h in en_hits if h.term_id != term_id
                     for k, (s, e) in enumerate(words) if s < h.end and e > h.start} - gold
            source = align.source_words_of(arabic, hit.start, hit.end)
            share = align.scores(alignment, source)
            prior = align.diagonal(source, len(arabic.split()), len(words))
            candidates = [k for k, (s, e) in enumerate(words)
                          if k not in other and repair._content(english[s:e])]
            if not candidates:
                continue
            total += 1
            found["attention"] += max(candidates, key=share.__getitem__) in gold
            found["attention x diagonal"] += max(candidates,
                                                 key=lambda k: share[k] * prior[k]) in gold
    print(f"   alignment, {total} term occurrences rendered as approved: the word repair picks "
          f"lies in the rendering: " + ", ".join(f"{k} {v / total:.1%}" for k, v in found.items()))


if __name__ == "__main__":
    main()
