"""The translation memory, post-edits and their place in the corpus dump."""

from __future__ import annotations

import io
import json

import pytest

from tests.mt.conftest import Counting, add_document
from workbench.errors import NotFound
from workbench.mt.english import english_of
from workbench.mt.memory import save_postedit, translation_for
from workbench.mt.translate import select_segments, translate_segments
from workbench.store.history import entries


def test_second_run_translates_nothing(gdb, engine, pairs):
    doc = add_document(gdb, "d", [ar for ar, _ in pairs[:10]])
    ids = select_segments(gdb, [doc])
    translate_segments(gdb, ids, engine)
    again = Counting(engine)
    report = translate_segments(gdb, ids, again)
    assert (report.already, report.translated, report.from_memory) == (10, 0, 0)
    assert again.inputs == [] and again.calls == 0


def test_identical_segment_in_two_documents_is_translated_once(gdb, engine, pairs):
    shared = pairs[3][0]
    obfuscated = shared.replace(" ", "ـ ", 1)  # tatweel: same normalized content, same hash
    a = add_document(gdb, "a", [pairs[0][0], shared])
    b = add_document(gdb, "b", [obfuscated, pairs[1][0], pairs[1][0]])
    first = Counting(engine)
    translate_segments(gdb, select_segments(gdb, [a]), first)
    second = Counting(engine)
    ids_b = select_segments(gdb, [b])
    report = translate_segments(gdb, ids_b, second)
    assert (report.from_memory, report.translated, report.model_inputs) == (1, 2, 1)
    assert second.inputs == [pairs[1][0]]  # the duplicate within b is asked once too
    tm_of = {sid: translation_for(gdb, sid)["tm_id"] for sid in select_segments(gdb, [a]) + ids_b}
    ids_a = select_segments(gdb, [a])
    assert tm_of[ids_a[1]] == tm_of[ids_b[0]] and tm_of[ids_b[1]] == tm_of[ids_b[2]]
    assert gdb.execute("SELECT COUNT(*) FROM tm").fetchone()[0] == 3


def test_identical_segments_across_documents_in_one_run(gdb, counting, pairs):
    add_document(gdb, "a", [pairs[0][0], pairs[2][0]])
    add_document(gdb, "b", [pairs[2][0], pairs[0][0]])
    report = translate_segments(gdb, select_segments(gdb, None), counting)
    assert (report.translated, report.model_inputs) == (4, 2)
    assert sorted(counting.inputs) == sorted([pairs[0][0], pairs[2][0]])


def test_a_new_model_version_retranslates_and_keeps_the_postedit(gdb, engine, pairs):
    doc = add_document(gdb, "d", [pairs[0][0], pairs[1][0]])
    ids = select_segments(gdb, [doc])
    translate_segments(gdb, ids, engine)
    save_postedit(gdb, ids[0], "Edited by hand.", "amira")
    newer = Counting(engine)
    newer.model_version = "0.2.0"
    report = translate_segments(gdb, ids, newer)
    assert (report.already, report.translated) == (0, 2)
    e = english_of(gdb, [ids[0]])[ids[0]]
    assert (e.mt.model_version, e.text, e.origin) == ("0.2.0", "Edited by hand.", "postedit")
    assert gdb.execute("SELECT COUNT(*) FROM tm").fetchone()[0] == 4


def test_postedit_is_audited_and_wins(gdb, engine, pairs):
    doc = add_document(gdb, "d", [pairs[0][0]])
    (sid,) = select_segments(gdb, [doc])
    translate_segments(gdb, [sid], engine)
    mt = translation_for(gdb, sid)
    assert set(mt) >= {"mt_text", "mt_raw", "postedit", "postedit_by", "postedit_at", "engine",
                       "model", "model_version"}
    after = save_postedit(gdb, sid, "The Internal Security Forces announced 13 arrests.", "amira")
    assert after["postedit_by"] == "amira" and after["postedit_at"]
    assert after["postedit"] == "The Internal Security Forces announced 13 arrests."
    assert after["mt_text"] == mt["mt_text"]
    english = english_of(gdb, [sid])[sid]
    assert (english.text, english.origin, english.by) == (after["postedit"], "postedit", "amira")
    (change,) = list(entries(gdb, "translations", sid))
    assert change["annotator"] == "amira" and change["before"]["postedit"] is None
    assert change["after"]["postedit"] == after["postedit"]

    cleared = save_postedit(gdb, sid, "   ", "omar")
    assert cleared["postedit"] is None
    assert (english_of(gdb, [sid])[sid].origin, english_of(gdb, [sid])[sid].text) == (
        "mt", mt["mt_text"])
    assert [e["annotator"] for e in entries(gdb, "translations", sid)] == ["amira", "omar"]
    save_postedit(gdb, sid, None, "omar")  # already clear: nothing recorded
    assert len(list(entries(gdb, "translations", sid))) == 2


def test_postedit_without_mt(gdb, pairs):
    doc = add_document(gdb, "d", [pairs[0][0]])
    (sid,) = select_segments(gdb, [doc])
    assert translation_for(gdb, sid) is None
    t = save_postedit(gdb, sid, "Human translation.", "amira")
    assert (t["postedit"], t["mt_text"], t["engine"]) == ("Human translation.", None, None)
    english = english_of(gdb, [sid])[sid]
    assert (english.origin, english.mt) == ("postedit", None)
    with pytest.raises(NotFound):
        save_postedit(gdb, 99999, "x", "amira")


def test_corpus_dump_carries_mt_postedit_and_provenance(gdb, engine, pairs):
    from workbench.exports import write_jsonl
    doc = add_document(gdb, "d", [pairs[0][0], pairs[1][0], "The SDF said so."])
    ids = select_segments(gdb, [doc])
    translate_segments(gdb, ids, engine)
    save_postedit(gdb, ids[1], "Post-edited.", "amira")
    out = io.StringIO()
    write_jsonl(gdb, out, doc)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    first, second, english = (r["translation"] for r in records)
    assert first["origin"] == "mt" and first["postedit"] is None
    assert first["text"] == first["mt"]["text"] == translation_for(gdb, ids[0])["mt_text"]
    assert first["at"] == first["mt"]["at"] and first["by"] is None
    assert first["mt"]["model"] == "translate-ar_en-fixture" and first["mt"]["engine"] == "argos"
    assert first["mt"]["model_version"] == "0.1.0" and first["mt"]["settings"]["beam_size"] == 4
    assert second["text"] == "Post-edited." and second["origin"] == "postedit"
    assert second["postedit"]["by"] == second["by"] == "amira" and second["postedit"]["at"]
    assert second["mt"]["text"] and second["match"] is None
    assert english is None


def test_without_mt_the_english_is_a_labelled_glossary_gloss_only_given_a_glossary(gdb):
    from workbench.terms.glossary import load
    doc = add_document(gdb, "d", ["هاجم المرتزقة حاجزاً لقسد في ريف الحسكة الجنوبي", "الطقس جميل"])
    with_terms, without = select_segments(gdb, [doc])
    shown = english_of(gdb, [with_terms, without], load(gdb))
    assert (shown[with_terms].text, shown[with_terms].origin) == ("mercenaries; SDF; Hasakah",
                                                                  "gloss")
    assert not shown[with_terms].translated and shown[with_terms].to_record() is None
    assert shown[with_terms].label == "glossary gloss, not a translation"
    assert (shown[without].text, shown[without].origin) == (None, None)
    assert english_of(gdb, [with_terms])[with_terms].origin is None      # no glossary, no gloss
    save_postedit(gdb, without, "The weather is nice.", "amira")
    assert english_of(gdb, [without], load(gdb))[without].origin == "postedit"


def test_a_postedit_is_offered_to_the_same_content_elsewhere_and_saved_when_accepted(gdb, pairs):
    from workbench.mt.memory import accept_matches, postedit_matches
    shared, other = pairs[3][0], pairs[4][0]
    v1 = add_document(gdb, "report v1", [shared, other])
    v2 = add_document(gdb, "report v2", [other, shared.replace(" ", "ـ ", 1), pairs[5][0]])
    ids1, ids2 = select_segments(gdb, [v1]), select_segments(gdb, [v2])
    assert postedit_matches(gdb, ids2) == {}
    save_postedit(gdb, ids1[0], "First rendering.", "amira")
    save_postedit(gdb, ids1[0], "The rendering, revised.", "amira")
    found = postedit_matches(gdb, ids2)
    assert list(found) == [ids2[1]]       # same normalized content; nothing for the others
    assert (found[ids2[1]]["text"], found[ids2[1]]["segment_id"], found[ids2[1]]["by"]) == \
        ("The rendering, revised.", ids1[0], "amira")
    assert translation_for(gdb, ids2[1]) is None     # offered, not written
    offered = english_of(gdb, [ids2[1]])[ids2[1]]
    assert (offered.text, offered.origin, offered.by, offered.match_from) == (
        "The rendering, revised.", "match", "amira", ids1[0])
    saved = accept_matches(gdb, ids2, "basel")
    assert list(saved) == [ids2[1]]
    t = translation_for(gdb, ids2[1])
    assert (t["postedit"], t["postedit_by"]) == ("The rendering, revised.", "basel")
    assert english_of(gdb, [ids2[1]])[ids2[1]].origin == "postedit"
    assert [(e["annotator"], e["action"]) for e in entries(gdb, "translations", ids2[1])] == \
        [("basel", "insert")]
    assert postedit_matches(gdb, ids2) == {}          # it has its own now
    assert ids1[0] not in postedit_matches(gdb, ids1)  # a post-edited segment needs no match


def test_matches_command_lists_then_accepts_as_the_annotator(gdb, cli, pairs):
    v1 = add_document(gdb, "report v1", [pairs[3][0]])
    v2 = add_document(gdb, "report v2", [pairs[3][0], pairs[4][0]])
    [first], ids2 = select_segments(gdb, [v1]), select_segments(gdb, [v2])
    save_postedit(gdb, first, "The rendering.", "amira")
    listed = json.loads(cli("matches", "--doc", v2, "--json").output)
    assert listed == {"accepted": False, "matches": [
        {"segment_id": ids2[0], "text": "The rendering.", "from_segment": first, "by": "amira",
         "at": translation_for(gdb, first)["postedit_at"]}]}
    assert translation_for(gdb, ids2[0]) is None
    refused = cli("matches", "--doc", v2, "--accept", env={"WORKBENCH_ANNOTATOR": ""})
    assert refused.exit_code == 1 and "who is annotating?" in refused.output
    result = cli("--annotator", "basel", "matches", "--doc", v2, "--accept")
    assert result.exit_code == 0, result.output
    assert "1 100% match(es) saved as your post-edit(s)" in result.output
    assert translation_for(gdb, ids2[0])["postedit_by"] == "basel"
    assert json.loads(cli("matches", "--all", "--json").output)["matches"] == []
    assert cli("matches").output.strip() == "error: say where to look: --doc ID (repeatable) or --all"


def test_postedits_made_before_the_hash_column_are_found_after_migrating(db_path, pairs):
    from sqlite_utils import Database

    from workbench.mt.memory import postedit_matches
    from workbench.store import migrations
    from workbench.store.db import APPLICATION_ID, open_db
    old = Database(db_path)
    old.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.migrate(old, upto=6)
    old.conn.commit()
    old.close()
    db = open_db(db_path, migrate=False)
    # rows as a 0.3 workbench wrote them: the store of today writes columns added since
    from workbench import arabic
    from workbench.store.documents import segment_hash
    for doc_id, texts in ((1, [pairs[3][0]]), (2, [pairs[3][0], pairs[4][0]])):
        db.execute("INSERT INTO documents (id, doc_key, content_hash, imported_at) "
                   "VALUES (?, ?, ?, 'then')", [doc_id, f"k{doc_id}", f"h{doc_id}"])
        for position, text in enumerate(texts):
            norm = arabic.normalize(text)
            db.execute("INSERT INTO segments (document_id, position, raw, norm, language, hash) "
                       "VALUES (?, ?, ?, ?, 'ar', ?)", [doc_id, position, text, norm, segment_hash(norm)])
    [first], [second, _] = select_segments(db, [1]), select_segments(db, [2])
    db.execute("INSERT INTO translations (segment_id, postedit, postedit_by, postedit_at) "
               "VALUES (?, 'Old edit.', 'amira', '2025-01-01')", [first])
    db.conn.commit()
    db.close()
    db = open_db(db_path)                                   # migration 7 fills the hash
    assert postedit_matches(db, [second])[second]["text"] == "Old edit."
    db.close()
