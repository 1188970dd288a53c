"""Terms in the database (audited), the glossary revision, and stored term hits."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from workbench.errors import InvalidValue, NotFound
from workbench.store.documents import NewDocument, NewSegment, save_document
from workbench.store.history import entries
from workbench.terms import glossary as glossary_mod
from workbench.terms import hits, store
from workbench.terms.model import Term

from .conftest import SMALL


def add_small(db, ids=("murtazaqa", "daesh", "deir-ez-zor", "sleeper-cells")):
    return store.save_terms(db, [t for t in SMALL if t.id in ids], "tester")


def add_doc(db, *sentences, key="doc1"):
    return save_document(db, NewDocument(doc_key=key, text=" ".join(sentences),
                                         segments=[NewSegment(s) for s in sentences],
                                         language="ar"))


def stored(db):
    return [(r["segment_id"], r["term_id"], r["surface"]) for r in db.query(
        'SELECT segment_id, term_id, surface FROM term_hits ORDER BY segment_id, start')]


def test_save_term_is_audited_and_stamped(fresh_db):
    term = SMALL[0]
    result = store.save_term(fresh_db, term, "alice")
    assert result.action == "added"
    saved = store.get_term(fresh_db, term.id)
    assert saved.changed_by == "alice" and saved.changed_at
    assert replace(saved, changed_by="", changed_at="") == term
    updated = store.save_term(fresh_db, replace(saved, note="checked"), "bob")
    assert updated.action == "updated"
    log = list(entries(fresh_db, "terms", term.id))
    assert [(e["action"], e["annotator"]) for e in log] == [("insert", "alice"), ("update", "bob")]
    assert log[1]["before"]["note"] == "" and log[1]["after"]["note"] == "checked"
    assert json.loads(log[1]["after"]["variants_ar"]) == ["مرتزق"]
    assert store.save_term(fresh_db, store.get_term(fresh_db, term.id), "carol",
                           stamp=False).action == "unchanged"
    assert len(list(entries(fresh_db, "terms", term.id))) == 2


def test_related_ids_must_exist_and_delete_guards_them(fresh_db):
    with pytest.raises(InvalidValue, match="no term with id nowhere"):
        store.save_term(fresh_db, replace(SMALL[0], related=("nowhere",)), "alice")
    store.save_terms(fresh_db, [replace(SMALL[0], related=("daesh",)),
                                replace(SMALL[2], related=("murtazaqa",))], "alice")
    with pytest.raises(InvalidValue, match="still related from murtazaqa"):
        store.delete_term(fresh_db, "daesh", "alice")
    with pytest.raises(NotFound):
        store.get_term(fresh_db, "nowhere")


def test_status_change(fresh_db):
    add_small(fresh_db)
    assert store.set_status(fresh_db, "daesh", "draft", "alice").status == "draft"
    with pytest.raises(InvalidValue):
        store.set_status(fresh_db, "daesh", "gone", "alice")


def test_revision_moves_on_every_change_and_load_is_cached(fresh_db):
    assert glossary_mod.revision(fresh_db) == 0
    add_small(fresh_db)
    rev = glossary_mod.revision(fresh_db)
    assert rev == 4
    first = glossary_mod.load(fresh_db)
    assert glossary_mod.load(fresh_db) is first and len(first) == 4
    # a write that bypasses the store (another tool, a merge) moves the revision too
    fresh_db.execute("UPDATE terms SET approved_en = 'IS' WHERE id = 'daesh'")
    second = glossary_mod.load(fresh_db)
    assert second is not first and second.terms["daesh"].approved_en == "IS"
    store.delete_term(fresh_db, "daesh", "alice")
    assert "daesh" not in glossary_mod.load(fresh_db).terms


def refreshed(db, segment_ids):
    """Store the stale segments' hits (the cache a long run fills), then read them back."""
    hits.refresh(db, segment_ids)
    return hits.current_hits(db, segment_ids)


def test_hits_are_stored_and_refreshed_when_the_glossary_changes(fresh_db):
    add_small(fresh_db, ids=("murtazaqa", "deir-ez-zor"))
    doc = add_doc(fresh_db, "هاجم المرتزقة قرية في دير الزور.", "ثم انسحبت خلايا داعش.")
    seg1, seg2 = [r["id"] for r in fresh_db.query(
        "SELECT id FROM segments WHERE document_id = ? ORDER BY position", [doc.document_id])]
    found = refreshed(fresh_db, [seg1, seg2])
    assert [(h["term_id"], h["surface"]) for h in found[seg1]] == [
        ("murtazaqa", "المرتزقة"), ("deir-ez-zor", "دير الزور")]
    assert found[seg2] == []
    assert stored(fresh_db) == [(seg1, "murtazaqa", "المرتزقة"), (seg1, "deir-ez-zor", "دير الزور")]
    assert hits.refresh(fresh_db) == 0                          # nothing stale
    store.save_term(fresh_db, SMALL[2], "alice")                # daesh joins the glossary
    assert refreshed(fresh_db, [seg2])[seg2][0]["surface"] == "داعش"
    assert (seg2, "daesh", "داعش") in stored(fresh_db)
    store.delete_term(fresh_db, "murtazaqa", "alice")           # hits go with the term
    assert all(term != "murtazaqa" for _, term, _ in stored(fresh_db))
    assert [h["term_id"] for h in refreshed(fresh_db, [seg1])[seg1]] == ["deir-ez-zor"]


def test_hits_are_refreshed_when_a_segment_changes(fresh_db):
    add_small(fresh_db)
    doc = add_doc(fresh_db, "هاجم المرتزقة القرية.")
    [seg] = [r["id"] for r in fresh_db.query("SELECT id FROM segments WHERE document_id = ?",
                                             [doc.document_id])]
    assert [h["term_id"] for h in refreshed(fresh_db, [seg])[seg]] == ["murtazaqa"]
    fresh_db.execute("UPDATE segments SET raw = ?, hash = ? WHERE id = ?",
                     ["انتشرت خلايا نائمة", "changed", seg])
    assert [h["term_id"] for h in refreshed(fresh_db, [seg])[seg]] == ["sleeper-cells"]
    assert stored(fresh_db) == [(seg, "sleeper-cells", "خلايا نائمة")]


def test_corpus_dump_includes_term_hits(fresh_db):
    import io

    from workbench.exports import write_jsonl
    add_small(fresh_db)
    add_doc(fresh_db, "خلايا الـ.ـمرتزقة في دير الزور.")
    out = io.StringIO()
    write_jsonl(fresh_db, out)
    [record] = [json.loads(line) for line in out.getvalue().splitlines()]
    text = record["text"]
    assert [(h["term_id"], h["surface"], text[h["start"]:h["end"]]) for h in record["term_hits"]] == [
        ("murtazaqa", "الـ.ـمرتزقة", "الـ.ـمرتزقة"), ("deir-ez-zor", "دير الزور", "دير الزور")]
    assert record["term_hits"][0]["approved_en"] == "mercenaries"


def test_hits_on_a_read_only_database_are_computed_not_stored(fresh_db, db_path):
    from workbench.store.db import open_db
    add_small(fresh_db)
    doc = add_doc(fresh_db, "مرتزقة داعش")
    [seg] = [r["id"] for r in fresh_db.query("SELECT id FROM segments WHERE document_id = ?",
                                             [doc.document_id])]
    readonly = open_db(db_path, readonly=True)
    assert [h["term_id"] for h in hits.current_hits(readonly, [seg])[seg]] == ["murtazaqa", "daesh"]
    readonly.close()
    assert stored(fresh_db) == []


def test_terms_survive_a_reload_from_rows(fresh_db):
    add_small(fresh_db)
    assert [t.id for t in store.list_terms(fresh_db)] == ["murtazaqa", "sleeper-cells", "daesh",
                                                          "deir-ez-zor"]
    assert all(isinstance(t, Term) for t in store.list_terms(fresh_db, "approved"))
