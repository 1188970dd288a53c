"""The passage model: segments read a window at a time, checked against the glossary when
shown, and given fresh version numbers whenever they are read again."""

from __future__ import annotations

import pytest

from tests.tui.conftest import ARREST, add_mt, find_segment
from workbench.store.db import open_db
from workbench.tui import passage as passage_mod
from workbench.tui.passage import MT, LoadedGlossary, Passage, next_problem

BAD_MT = "Interior Security Forces arrest 12 suspects"


@pytest.fixture
def db(sample_db):
    db = open_db(sample_db)
    yield db
    db.close()


@pytest.fixture
def glossary(db):
    from workbench.terms import glossary
    return LoadedGlossary(glossary.load(db))


def document(db, document_id: int = 1) -> dict:
    return dict(next(db.query("SELECT * FROM documents WHERE id = ?", [document_id])))


def test_reads_only_a_window_around_the_asked_position(db, monkeypatch):
    passage = Passage(lambda: db, document(db))
    assert passage.count == document(db)["segment_count"]
    assert passage.get(passage.count) is None and passage.get(-1) is None
    calls = []
    real = passage_mod.data.segment_window
    monkeypatch.setattr(passage_mod.data, "segment_window",
                        lambda *a: calls.append(a[2:]) or real(*a))
    last = passage.get(passage.count - 1)
    assert last.position == passage.count - 1
    assert calls == [(max(0, passage.count - 1 - passage_mod.WINDOW // 4), passage_mod.WINDOW)]
    passage.get(passage.count - 2)
    assert len(calls) == 1                       # already read


def test_segments_are_checked_when_shown_not_when_read(db, glossary, sample_db):
    arrest = find_segment(sample_db, ARREST)
    add_mt(sample_db, {arrest["id"]: BAD_MT})
    checked = []
    real = glossary.annotate
    glossary.annotate = lambda info: checked.append(info.position) or real(info)
    passage = Passage(lambda: db, document(db, arrest["document_id"]), glossary)
    info = passage.get(arrest["position"])       # reads a window of neighbours too
    assert info.checked and info.origin == MT
    assert "forbidden" in {p.kind for p in info.problems}
    assert checked == [arrest["position"]]       # only the segment shown was checked
    passage.get(arrest["position"] + 1)
    assert checked == [arrest["position"], arrest["position"] + 1]


def test_signature_follows_what_the_block_shows(db, glossary, sample_db):
    """The view reuses a drawn block when the signature is equal: a segment read before the
    glossary loaded, or before a translation arrived, must not match its later self."""
    plain = Passage(lambda: db, document(db)).get(0)
    checked = Passage(lambda: db, document(db), glossary).get(0)
    assert plain.id == checked.id and plain.signature() != checked.signature()
    assert Passage(lambda: db, document(db), glossary).get(0).signature() == checked.signature()
    add_mt(sample_db, {checked.id: BAD_MT})
    translated = Passage(lambda: db, document(db), glossary).get(0)
    assert translated.signature() != checked.signature()


def test_next_problem_wraps_and_stops(db, glossary, sample_db):
    arrest = find_segment(sample_db, ARREST)
    add_mt(sample_db, {arrest["id"]: BAD_MT})
    doc = arrest["document_id"]
    assert next_problem(db, doc, -1, glossary) == arrest["position"]
    assert next_problem(db, doc, arrest["position"], glossary) == arrest["position"]   # wraps
    assert next_problem(db, doc, -1, None) is None
    assert next_problem(db, doc, -1, glossary, cancelled=lambda: True) is None


def test_next_problem_stops_at_a_100_percent_match_the_view_shows(db, glossary, sample_db):
    """The English shown beside a segment is the one QA checks, a 100% match included."""
    from tests.mt.conftest import add_document
    from workbench.mt.memory import save_postedit
    arrest = find_segment(sample_db, ARREST)
    copy_doc = add_document(db, "copy", ["مقدمة.", arrest["raw"]])
    save_postedit(db, arrest["id"], BAD_MT, "amal")
    shown = Passage(lambda: db, document(db, copy_doc), glossary).get(1)
    assert (shown.origin, shown.english) == ("match", BAD_MT) and shown.problems
    assert next_problem(db, copy_doc, -1, glossary) == 1
