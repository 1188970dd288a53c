"""Translation runs on the fixture model: real output, batches, interruption and resume, the CLI."""

from __future__ import annotations

import json

import pytest

from tests.mt.conftest import Counting, add_document
from workbench.mt.english import english_of
from workbench.mt.memory import translation_for
from workbench.mt.translate import select_segments, translate_segments


def _count(db, table: str) -> int:
    return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_known_sentences_translate_as_trained(gdb, engine, pairs):
    """The fixture's build guarantees at least 95% of its training pairs come back exactly."""
    chosen = pairs
    doc = add_document(gdb, "known", [ar for ar, _ in chosen])
    ids = select_segments(gdb, [doc])
    report = translate_segments(gdb, ids, engine)
    n = len(chosen)
    assert (report.translated, report.model_inputs, report.already) == (n, n, 0)
    raw = [translation_for(gdb, sid)["mt_raw"] for sid in ids]
    exact = sum(r == en for r, (_, en) in zip(raw, chosen))
    assert exact >= 0.95 * n, [(r, en) for r, (_, en) in zip(raw, chosen) if r != en]
    first = translation_for(gdb, ids[0])
    assert first["engine"] == "argos" and first["model"] == "translate-ar_en-fixture"
    assert first["model_version"] == "0.1.0"
    assert english_of(gdb, [ids[0]])[ids[0]].origin == "mt"
    row = gdb.execute("SELECT settings, source_norm FROM tm WHERE id = ?", [first["tm_id"]]).fetchone()
    assert json.loads(row[0])["beam_size"] == 4
    from workbench.arabic import normalize
    assert row[1] == normalize(chosen[0][0])


def test_only_arabic_segments_are_translated(gdb, counting, pairs):
    doc = add_document(gdb, "mixed", [pairs[0][0], "The SDF said on Monday.", pairs[1][0]])
    ids = [r["id"] for r in gdb.query("SELECT id FROM segments WHERE document_id = ?", [doc])]
    report = translate_segments(gdb, ids, counting)
    assert (report.requested, report.arabic, report.translated) == (3, 2, 2)
    assert sorted(counting.inputs) == sorted([pairs[0][0], pairs[1][0]])
    assert translation_for(gdb, ids[1]) is None


def test_stop_between_batches_keeps_finished_work_and_rerun_continues(gdb, engine, pairs):
    doc = add_document(gdb, "long", [ar for ar, _ in pairs[:40]])
    ids = select_segments(gdb, [doc])
    first = Counting(engine)
    done_events = []
    report = translate_segments(gdb, ids, first, should_stop=lambda: len(done_events) >= 2,
                                on_progress=lambda d, t, s: done_events.append((d, t, list(s))))
    assert report.interrupted and report.translated == 16 and report.remaining == 24
    assert [(d, t) for d, t, _ in done_events] == [(8, 40), (16, 40)]
    assert _count(gdb, "translations") == _count(gdb, "tm") == 16
    assert all(translation_for(gdb, sid) for _, _, saved in done_events for sid in saved)

    second = Counting(engine)
    report = translate_segments(gdb, ids, second)
    assert (report.already, report.translated, report.interrupted) == (16, 24, False)
    finished = [sid for _, _, saved in done_events for sid in saved]
    finished_texts = {r["raw"] for r in gdb.query(
        f"SELECT raw FROM segments WHERE id IN ({','.join('?' * len(finished))})", finished)}
    assert len(second.inputs) == 24 and set(second.inputs).isdisjoint(finished_texts)
    assert _count(gdb, "translations") == 40


def test_ctrl_c_inside_a_batch_loses_only_unfinished_batches(gdb, engine, pairs):
    doc = add_document(gdb, "interrupted", [ar for ar, _ in pairs[:40]])
    ids = select_segments(gdb, [doc])
    saved = []
    with pytest.raises(KeyboardInterrupt):
        translate_segments(gdb, ids, Counting(engine, fail_on_call=4),
                           on_progress=lambda d, t, s: saved.extend(s))
    # The 4th submission fails; the batches saved before it are those ahead of the queue.
    from workbench.mt.translate import LOOKAHEAD
    committed = 8 * (3 - LOOKAHEAD)
    assert len(saved) in (committed, committed + 8)  # whole batches, no part of others
    assert _count(gdb, "translations") == _count(gdb, "tm") == len(saved)
    assert gdb.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    again = Counting(engine)
    assert translate_segments(gdb, ids, again).translated == 40 - len(saved)
    assert len(again.inputs) == 40 - len(saved)


def test_limit_translates_at_most_n(gdb, counting, pairs):
    doc = add_document(gdb, "limited", [ar for ar, _ in pairs[:12]])
    ids = select_segments(gdb, [doc])
    report = translate_segments(gdb, ids, counting, limit=5)
    assert (report.translated, report.remaining) == (5, 7)
    report = translate_segments(gdb, ids, counting, limit=5)
    assert (report.already, report.translated, report.remaining) == (5, 5, 2)


def test_long_segment_is_translated_in_pieces(gdb, argos_env, pairs):
    from workbench.mt.argos import EngineSettings, load_engine
    parts = [ar for ar, _ in pairs[:3]]
    probe = load_engine()
    sizes = [len(p) for p in probe.tokenizer.encode([s + "." for s in parts])]
    engine = load_engine(EngineSettings(max_input_tokens=max(sizes)))
    text = " ".join(s + "." for s in parts)
    assert len(engine.tokenizer.encode([text])[0]) > max(sizes)
    pieces = engine.split(text)
    assert [engine.tokenizer.decode(p) for p in pieces] == [s + "." for s in parts]
    assert all(len(p) <= max(sizes) for p in pieces)

    doc = add_document(gdb, "long-segment", [text, pairs[5][0]])
    ids = select_segments(gdb, [doc])
    report = translate_segments(gdb, ids, engine)
    assert (report.split, report.split_segments, report.translated) == (1, [ids[0]], 2)
    long_mt = translation_for(gdb, ids[0])
    assert long_mt["settings"]["pieces"] == 3 and long_mt["mt_raw"]
    assert "pieces" not in translation_for(gdb, ids[1])["settings"]


def test_words_are_cut_when_no_sentence_break_fits(argos_env, pairs):
    from workbench.mt.argos import EngineSettings, load_engine
    engine = load_engine(EngineSettings(max_input_tokens=10))
    text = " ".join(ar for ar, _ in pairs[:4])  # no punctuation at all
    pieces = engine.split(text)
    assert len(pieces) > 4 and all(len(p) <= 10 for p in pieces)
    assert " ".join(engine.tokenizer.decode(p) for p in pieces).split() == text.split()
    (hyps,) = engine.translate_batch([text], 2)
    assert hyps.pieces == len(pieces) and len(hyps) == 2 and all(hyps)


# --- the command ---------------------------------------------------------------------------

def test_translate_command_json_stream(cli, db_path, argos_env, pairs):
    from workbench.store.db import open_db
    from workbench.bootstrap import load_glossary
    db = open_db(db_path)
    load_glossary(db)
    doc = add_document(db, "cli", [ar for ar, _ in pairs[:20]])
    db.close()
    result = cli("translate", "--doc", doc, "--json")
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.output.splitlines()]
    progress, final = events[:-1], events[-1]
    assert [e["done"] for e in progress][-1] == 20 and all(e["total"] == 20 for e in progress)
    assert final["event"] == "report" and final["translated"] == 20
    assert final["model"] == "translate-ar_en-fixture"
    again = json.loads(cli("translate", "--doc", doc, "--json").output.splitlines()[-1])
    assert (again["already"], again["translated"]) == (20, 0)


def test_translate_command_text_summary(cli, db_path, argos_env, pairs, monkeypatch):
    from workbench.store.db import open_db
    db = open_db(db_path)
    parts = [ar for ar, _ in pairs[:3]]
    add_document(db, "long", [" ".join(s + "." for s in parts), pairs[4][0]])
    db.close()
    monkeypatch.setenv("WORKBENCH_MT_MAX_TOKENS", "30")
    result = cli("translate", "--all")
    assert result.exit_code == 0, result.output
    assert "2 segment(s) translated with argos translate-ar_en-fixture 0.1.0" in result.output
    assert "longer than the model's limit of 30 tokens were translated in pieces" in result.output


def test_translate_command_bad_options(cli, argos_env):
    result = cli("translate")
    assert result.exit_code == 1
    assert result.output.strip() == "error: say what to translate: --doc ID (repeatable) or --all"
    result = cli("translate", "--doc", 999)
    assert result.output.strip() == "error: document 999: no such document"


def test_batches_group_similar_lengths_within_a_window():
    from workbench.mt.translate import _length_sorted_batches
    sources = [[(n, "x" * length)] for n, length in enumerate([9, 1, 5, 3, 8, 2])]
    batches = _length_sorted_batches(sources, 2)
    assert [[g[0][0] for g in b] for b in batches] == [[1, 5], [3, 2], [4, 0]]
    assert sorted(g[0][0] for b in batches for g in b) == list(range(6))
    by_tokens = _length_sorted_batches(sources, 2, [1, 9, 5, 3, 8, 2])
    assert [[g[0][0] for g in b] for b in by_tokens] == [[0, 5], [3, 2], [4, 1]]


def test_engine_tells_input_lengths_in_model_tokens(argos_env):
    from workbench.mt.argos import load_engine
    engine = load_engine()
    short, long_ = engine.input_lengths(["قتل", "قتل عنصر من قوى الأمن الداخلي في هجوم لخلايا داعش"])
    assert 0 < short < long_
    assert engine.input_lengths([]) == []
