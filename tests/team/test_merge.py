"""Merging another annotator's database: what comes over, what becomes a conflict, and
what the history says."""

from __future__ import annotations

import json

import pytest

from tests.team.helpers import (EXTRA_DOC, add_document, claim, close, dump, incident,
                                segment_ids, term)
from workbench.claims import store as claims
from workbench.mt.memory import save_postedit
from workbench.store.db import open_db
from workbench.store.documents import NewDocument, NewSegment, save_document
from workbench.store.search import search
from workbench.team import conflicts
from workbench.team.history_export import history_records
from workbench.team.merge import merge


def postedits(db) -> dict:
    return {(h, p): text for h, p, text in db.execute(
        "SELECT d.content_hash, s.position, t.postedit FROM translations t JOIN segments s "
        "ON s.id = t.segment_id JOIN documents d ON d.id = s.document_id WHERE t.postedit IS NOT NULL")}


def test_their_work_comes_over_with_its_history(alice, bob, copies):
    seg = segment_ids(alice)[2]
    save_postedit(alice, seg, "The council denied it.", "alice")
    cid = claim(alice, seg, 4, 11, "accusation", "alice")
    term(alice, "isis", "ISIS", "alice")
    inc = incident(alice, "Hammadiya raid", "alice")
    claims.group(alice, cid, inc, "alice")
    close(alice)

    result = merge(bob, copies[0], "carol")

    assert result.changed and result.counts["claims added"] == 1
    assert bob.execute("SELECT postedit, postedit_by FROM translations WHERE segment_id = ?",
                       [seg]).fetchone() == ("The council denied it.", "alice")
    row = bob.execute('SELECT c.id, c.start, c."end", c.claim_type, c.annotator, i.title FROM claims c '
                      "JOIN incidents i ON i.id = c.incident_id WHERE c.segment_id = ?", [seg]).fetchone()
    assert row[1:] == (4, 11, "accusation", "alice", "Hammadiya raid")
    assert bob.execute("SELECT approved_en FROM terms WHERE id = 'isis'").fetchone() == ("ISIS",)
    assert conflicts.list_conflicts(bob) == []
    # the merge's own changes are written by whoever ran it, and say where they came from
    records = list(history_records(bob))
    applied = [r for r in records if r["merge"] and r["merge"]["kind"] == "applied"]
    assert {(r["annotator"], r["action"], r["merge"]["source"]) for r in applied} == {
        ("carol", "merge", str(copies[0]))}
    assert {r["table"] for r in applied} >= {"translations", "claims", "terms", "incidents"}
    # alice's own entries are imported as she wrote them, pointing at bob's rows
    imported = [(r["annotator"], r["table"], r["row_id"], r["action"])
                for r in records if r["merge"] and r["merge"]["kind"] == "imported"]
    assert ("alice", "claims", str(row[0]), "insert") in imported
    assert ("alice", "translations", str(seg), "insert") in imported
    assert all(a == "alice" for a, *_ in imported)
    untouched = [r for r in records if r["merge"] is None]
    assert untouched and all(r["annotator"] == "lead" for r in untouched)


def test_identical_work_is_not_duplicated(alice, bob, copies):
    seg = segment_ids(alice)[1]
    for db, who in ((alice, "alice"), (bob, "bob")):
        save_postedit(db, seg, "Two men were held.", who)
        term(db, "isis", "ISIS", who)
    close(alice)
    before_claims = bob.execute("SELECT COUNT(*) FROM claims").fetchone()[0]

    merge(bob, copies[0], "carol")

    assert bob.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == before_claims
    assert bob.execute("SELECT COUNT(*) FROM translations WHERE segment_id = ?", [seg]).fetchone() == (1,)
    assert conflicts.list_conflicts(bob) == []


def test_disagreements_become_conflicts_and_ours_stay(alice, bob, copies):
    segs = segment_ids(alice)
    base_claim = alice.execute("SELECT id FROM claims").fetchone()[0]
    save_postedit(alice, segs[1], "Two men were arrested.", "alice")
    save_postedit(bob, segs[1], "Two men were detained.", "bob")
    claim(alice, segs[3], 0, 9, "attack", "alice")
    claim(bob, segs[3], 0, 9, "other", "bob")
    claims.set_status(alice, base_claim, "corroborated", "", "alice")
    claims.set_status(bob, base_claim, "disputed", "", "bob")
    term(alice, "sdf", "Syrian Democratic Forces", "alice", term_ar="قسد")
    term(bob, "sdf", "the SDF", "bob", term_ar="قسد")
    close(alice)

    merge(bob, copies[0], "carol")

    found = {(c.table, c.field): c for c in conflicts.list_conflicts(bob)}
    assert set(found) == {("translations", "postedit"), ("claims", "claim_type"),
                          ("claims", "status"), ("terms", "approved_en")}
    pe = found["translations", "postedit"]
    assert (pe.ours, pe.ours_by, pe.theirs, pe.theirs_by) == (
        "Two men were detained.", "bob", "Two men were arrested.", "alice")
    two = found["claims", "claim_type"]
    assert (two.ours, two.theirs, two.ours_by, two.theirs_by) == ("other", "attack", "bob", "alice")
    assert two.other_row_id is not None  # both annotators' claims are kept, side by side
    status = found["claims", "status"]
    assert (status.row_id, status.ours, status.theirs) == (str(base_claim), "disputed", "corroborated")
    assert (status.ours_by, status.theirs_by) == ("bob", "alice")
    assert (found["terms", "approved_en"].ours, found["terms", "approved_en"].theirs) == (
        "the SDF", "Syrian Democratic Forces")
    # nothing overwritten
    assert postedits(bob)[next(k for k, v in postedits(bob).items() if "Two men" in v)] == "Two men were detained."
    assert bob.execute("SELECT status FROM claims WHERE id = ?", [base_claim]).fetchone() == ("disputed",)
    assert bob.execute("SELECT approved_en FROM terms WHERE id = 'sdf'").fetchone() == ("the SDF",)


def test_a_change_on_top_of_the_shared_value_is_taken_both_ways(copies, tmp_path):
    a, b = open_db(copies[0]), open_db(copies[1])
    first = segment_ids(a)[0]
    base_claim = a.execute("SELECT id FROM claims").fetchone()[0]
    save_postedit(a, first, "alice's better rendering", "alice")
    claims.set_status(b, base_claim, "corroborated", "two sources", "bob")
    close(a), close(b)
    a_copy = tmp_path / "a2.db"
    a_copy.write_bytes(copies[0].read_bytes())

    b_copy = tmp_path / "b2.db"
    b_copy.write_bytes(copies[1].read_bytes())

    b = open_db(copies[1])
    merge(b, copies[0], "carol")         # alice into bob
    a = open_db(a_copy)
    merge(a, b_copy, "dave")             # bob into alice
    for db in (a, b):
        assert db.execute("SELECT postedit FROM translations WHERE segment_id = ?", [first]).fetchone() == (
            "alice's better rendering",)
        assert db.execute("SELECT status, status_note FROM claims WHERE id = ?", [base_claim]).fetchone() == (
            "corroborated", "two sources")
        assert conflicts.list_conflicts(db) == []
        db.close()


def test_documents_only_in_theirs_come_along_with_their_annotations(alice, bob, copies):
    add_document(alice, *EXTRA_DOC)
    seg = segment_ids(alice, EXTRA_DOC[0])[1]
    claim(alice, seg, 0, 9, "agreement", "alice")
    save_postedit(alice, seg, "Officials met the elders.", "alice")
    close(alice)

    result = merge(bob, copies[0], "carol")

    assert (result.counts["documents added"], result.counts["segments added"]) == (1, 2)
    doc = bob.execute("SELECT id, is_current, version FROM documents WHERE doc_key = ?",
                      [EXTRA_DOC[0]]).fetchone()
    assert doc[1:] == (1, 1)
    raw, content = bob.execute(
        "SELECT s.raw, c.content FROM claims c JOIN segments s ON s.id = c.segment_id "
        "WHERE s.document_id = ?", [doc[0]]).fetchone()
    assert raw == EXTRA_DOC[1][1] and content == raw[0:9]
    assert [r["raw"] for r in search(bob, "العشائر")] == [EXTRA_DOC[1][1]]
    assert "Officials met the elders." in postedits(bob).values()


def test_a_new_version_of_a_document_we_hold_comes_along_but_not_as_current(alice, bob, copies):
    key, sentences = "report:raid", ["داهمت قسد منزلين في الحوايج.", "اعتقل رجلان خلال المداهمة."]
    doc_id = save_document(alice, NewDocument(key, "\n".join(sentences),
                                              [NewSegment(s) for s in sentences])).document_id
    seg = alice.execute("SELECT id FROM segments WHERE document_id = ? AND position = 0", [doc_id]).fetchone()[0]
    save_postedit(alice, seg, "updated", "alice")
    close(alice)

    merge(bob, copies[0], "carol")

    rows = bob.execute("SELECT version, is_current, content_hash FROM documents WHERE doc_key = ? "
                       "ORDER BY version", [key]).fetchall()
    assert [(v, c) for v, c, _ in rows] == [(1, 1), (2, 0)]
    assert "updated" in postedits(bob).values()


def test_a_document_segmented_differently_keeps_its_annotations(tmp_path):
    text = "First sentence here. Second sentence there."
    a, b = open_db(tmp_path / "a.db"), open_db(tmp_path / "b.db")
    save_document(a, NewDocument("doc", text, [NewSegment("First sentence here."),
                                               NewSegment("Second sentence there.")]))
    save_document(b, NewDocument("doc", text, [NewSegment(text)]))
    seg = segment_ids(a)[1]
    claim(a, seg, 0, 6, "other", "alice")
    close(a)

    merge(b, tmp_path / "a.db", "carol")

    rows = b.execute("SELECT d.version, d.is_current, s.raw, c.content FROM claims c JOIN segments s "
                     "ON s.id = c.segment_id JOIN documents d ON d.id = s.document_id").fetchall()
    assert rows == [(2, 0, "Second sentence there.", "Second")]
    assert b.execute("SELECT version, is_current FROM documents ORDER BY id").fetchall() == [(1, 1), (2, 0)]
    before = dump(b)
    merge(b, tmp_path / "a.db", "carol")
    assert dump(b) == before


def test_merging_twice_changes_nothing(alice, bob, copies):
    seg = segment_ids(alice)[5]
    save_postedit(alice, seg, "alice", "alice")
    save_postedit(bob, seg, "bob", "bob")
    close(alice)
    assert merge(bob, copies[0], "carol").changed
    before = dump(bob)
    again = merge(bob, copies[0], "carol")
    assert not again.changed and again.merge_id is None
    assert dump(bob) == before


def test_a_round_trip_with_adjudication_settles_both_copies(copies):
    a, b = open_db(copies[0]), open_db(copies[1])
    seg = segment_ids(a)[1]
    save_postedit(a, seg, "arrested", "alice")
    save_postedit(b, seg, "detained", "bob")
    close(a)
    merge(b, copies[0], "carol")
    [c] = conflicts.list_conflicts(b)
    conflicts.resolve(b, c.id, "carol", value="held")
    close(b)

    a = open_db(copies[0])
    result = merge(a, copies[1], "dave")
    assert result.counts.get("resolutions adopted", 0) + result.counts.get("resolved conflicts", 0) == 1
    assert a.execute("SELECT postedit FROM translations WHERE segment_id = ?", [seg]).fetchone() == ("held",)
    assert conflicts.list_conflicts(a) == []
    [settled] = conflicts.list_conflicts(a, status="resolved")
    assert {settled.ours, settled.theirs} == {"arrested", "detained"} and settled.resolution == "held"
    close(a)

    b = open_db(copies[1])
    merge(b, copies[0], "carol")     # brings dave's merge entries, changes no annotation
    assert conflicts.list_conflicts(b) == []
    assert b.execute("SELECT postedit FROM translations WHERE segment_id = ?", [seg]).fetchone() == ("held",)
    assert not merge(b, copies[0], "carol").changed
    b.close()


def test_history_arrives_once_whatever_the_route(copies, tmp_path, base_template):
    a = open_db(copies[0])
    save_postedit(a, segment_ids(a)[2], "via alice", "alice")
    close(a)
    c_path = tmp_path / "carol.db"
    c_path.write_bytes(base_template.read_bytes())
    b = open_db(copies[1])
    merge(b, copies[0], "bob")
    close(b)
    c = open_db(c_path)
    merge(c, copies[1], "carol")    # alice's entry arrives through bob
    merge(c, copies[0], "carol")    # and again directly
    entries = c.execute("SELECT COUNT(*) FROM history WHERE annotator = 'alice' AND action = 'insert' "
                        "AND table_name = 'translations'").fetchone()[0]
    assert entries == 1
    c.close()


def test_failure_midway_leaves_this_database_unchanged(alice, bob, copies, monkeypatch):
    save_postedit(alice, segment_ids(alice)[3], "x", "alice")
    close(alice)
    before = dump(bob)
    from workbench.team import tables

    def broken(state):
        raise RuntimeError("disk on fire")
    monkeypatch.setattr(tables, "merge_claims", broken)
    with pytest.raises(RuntimeError):
        merge(bob, copies[0], "carol")
    assert dump(bob) == before
    assert "theirs" not in [r[1] for r in bob.execute("PRAGMA database_list")]
    assert not bob.execute("SELECT name FROM temp.sqlite_master WHERE name LIKE 'merge_%'").fetchall()
    monkeypatch.undo()
    assert merge(bob, copies[0], "carol").changed


def test_an_older_workbench_database_merges(tmp_path, bob):
    """A database from before the team migration has no conflicts or merge tables."""
    import sqlite3
    from sqlite_utils import Database
    from workbench.store import migrations
    from workbench.store.db import APPLICATION_ID
    path = tmp_path / "old.db"
    old = Database(sqlite3.connect(path))
    old.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.migrate(old, upto=4)
    from workbench.store import db as store_db
    old.conn.create_function("search_keys", 1, store_db.arabic.search_keys)
    src = bob.execute("SELECT doc_key, content_hash FROM documents ORDER BY id LIMIT 1").fetchone()
    old.execute("INSERT INTO documents (id, doc_key, content_hash, imported_at, segment_count) "
                "VALUES (1, ?, ?, 'now', 0)", src)
    for sid, pos, raw, norm, lang, h in bob.execute(
            "SELECT id, position, raw, norm, language, hash FROM segments WHERE document_id = "
            "(SELECT id FROM documents ORDER BY id LIMIT 1)").fetchall():
        old.execute("INSERT INTO segments (document_id, position, raw, norm, language, hash) "
                    "VALUES (1, ?, ?, ?, ?, ?)", [pos, raw, norm, lang, h])
    old.execute("UPDATE documents SET segment_count = (SELECT COUNT(*) FROM segments)")
    old.execute("INSERT INTO translations (segment_id, postedit, postedit_by, postedit_at) "
                "VALUES (2, 'from the old one', 'olga', 'then')")
    old.conn.commit()
    old.close()
    merge(bob, path, "carol")
    assert "from the old one" in postedits(bob).values()


def test_cli_merge_reports_what_came_over(alice, copies, runner):
    from workbench.cli import main
    seg = segment_ids(alice)[1]
    save_postedit(alice, seg, "Two men were arrested.", "alice")
    claim(alice, seg, 0, 3, "arrest", "alice")
    close(alice)
    bob = open_db(copies[1])
    save_postedit(bob, seg, "Two men were detained.", "bob")
    close(bob)
    args = ["--db", str(copies[1]), "--annotator", "carol", "merge", str(copies[0])]
    first = runner.invoke(main, [*args, "--json"])
    assert first.exit_code == 0, first.output
    report = json.loads(first.output)
    assert report["changed"] and report["open_conflicts"] == 1
    assert report["counts"]["claims added"] == 1 and report["counts"]["conflicts"] == 1
    again = runner.invoke(main, args)
    assert again.exit_code == 0
    assert again.output.splitlines() == [f"{copies[0]}: nothing new to merge",
                                         "1 open conflict(s): list them with `workbench conflicts`"]
