"""Machine translation speed, on the project's fixture model (tests/fixtures/mt).

- Batch translation through the workbench (n-best, glossary enforcement and database writes
  included) in segments per second, as a ratio of raw `ctranslate2.Translator.translate_batch`
  on the same sentences with the same settings (tokenizing and decoding included in both;
  best of several alternating rounds, since the machine is shared).
  Target: at least 0.90.
- A fully cached re-run, and a run over new documents whose segments are all in the memory, in
  segments per second, as a ratio of the 5,000 segments/s target. Target: at least 1.0.

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


if __name__ == "__main__":
    main()
