"""Near-duplicates across outlets: one statement reprinted by three outlets with small edits
(a new headline, a word changed, a line cut) is flagged, an unrelated article of the same
outlet and place is not; exact copies stay content-hash duplicates; incidents say which
of their sources are reprints; the UI's detail says "also published by"."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from workbench.corpus import neardup
from workbench.corpus.importer import document_from_text
from workbench.store.db import open_db
from workbench.store.documents import save_documents

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sources" / "neardup"
SDF_CENTRE = "المركز الإعلامي لقوات سوريا الديمقراطية"
FURAT = "شبكة أخبار الفرات"
JAZIRA = "موقع الجزيرة السورية"


def _links(db_path: Path) -> list[tuple[int, int]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT document_id, of_id FROM near_duplicates ORDER BY 1, 2").fetchall()


@pytest.fixture
def imported(cli, db_path):
    result = cli("import", FIXTURES)
    assert result.exit_code == 0, result.output
    return result


def test_reprints_are_flagged_at_import_and_the_unrelated_article_is_not(imported, db_path):
    lines = imported.output.splitlines()
    # a_statement (#1), b_reprint (#2), c_reprint (#3), d_unrelated (#4), in path order
    assert lines[0].startswith(f"document #2 ({FURAT}): near-duplicate of #1 ({SDF_CENTRE})")
    assert lines[1].startswith(f"document #3 ({JAZIRA}): near-duplicate of #1 ({SDF_CENTRE})")
    assert lines[2].startswith("4 file(s): 4 new document(s)")
    assert _links(db_path) == [(2, 1), (3, 1), (3, 2)]


def test_reimport_adds_no_document_and_no_link(imported, cli, db_path):
    again = cli("import", FIXTURES)
    assert "near-duplicate" not in again.output and "4 unchanged" in again.output
    assert _links(db_path) == [(2, 1), (3, 1), (3, 2)]


def test_an_exact_copy_stays_a_content_hash_duplicate(imported, cli, db_path, tmp_path):
    copy = tmp_path / "copy.txt"
    shutil.copy(FIXTURES / "b_reprint.txt", copy)
    result = cli("import", copy)
    assert "1 duplicate(s)" in result.output and "near-duplicate" not in result.output
    assert _links(db_path) == [(2, 1), (3, 1), (3, 2)]


def test_also_published_by_and_the_source_count(imported, db_path):
    db = open_db(db_path)
    try:
        assert neardup.also_published_by(db, 3) == (
            f"also published by {SDF_CENTRE} (#1, first), {FURAT} (#2)")
        assert neardup.also_published_by(db, 4) == ""
        assert neardup.reprint_groups(db, [4, 3, 2, 1]) == [[1, 2, 3], [4]]
        three = neardup.source_count(db, [1, 2, 3])
        assert (three.outlets, three.independent) == (3, 1)
        assert three.describe() == (f"3 outlets, 1 independent (2 reprints: {FURAT} of "
                                    f"{SDF_CENTRE}; {JAZIRA} of {SDF_CENTRE})")
        # Furat also has a report of its own (#4): it counts as independent once
        four = neardup.source_count(db, [1, 2, 3, 4])
        assert four.describe() == f"3 outlets, 2 independent (1 reprint: {JAZIRA} of {SDF_CENTRE})"
        assert neardup.source_count(db, [1, 4]).describe() == "2 outlets, all independent"
    finally:
        db.close()


def test_the_original_is_the_first_published_whatever_the_import_order(cli, db_path):
    # the reprint of 3 March is imported before the statement of 2 March
    assert cli("import", FIXTURES / "c_reprint.txt").exit_code == 0
    result = cli("import", FIXTURES / "a_statement.txt")
    assert f"document #2 ({SDF_CENTRE}): near-duplicate of #1 ({JAZIRA})" in result.output
    db = open_db(db_path)
    try:
        assert neardup.also_published_by(db, 1) == f"also published by {SDF_CENTRE} (#2, first)"
        assert neardup.source_count(db, [1, 2]).describe() == (
            f"2 outlets, 1 independent (1 reprint: {JAZIRA} of {SDF_CENTRE})")
    finally:
        db.close()


def test_documents_stored_without_a_fingerprint_get_one_at_the_next_import(cli, db_path):
    # as after a merge or from before fingerprints existed: saved, never indexed
    db = open_db(db_path)
    try:
        save_documents(db, [document_from_text((FIXTURES / "a_statement.txt").read_text("utf-8"),
                                               "merged:a")])
        assert db.execute("SELECT COUNT(*) FROM document_minhash").fetchone()[0] == 0
    finally:
        db.close()
    result = cli("import", FIXTURES / "b_reprint.txt")
    assert f"near-duplicate of #1 ({SDF_CENTRE})" in result.output
    assert _links(db_path) == [(2, 1)]


def test_the_same_text_in_two_telegram_channels_is_flagged(cli, tmp_path):
    text = ("أعلنت قوى الأمن الداخلي فرض حظر تجوال كامل في مدينة الحسكة اعتبارا من صباح الغد "
            "ولمدة يومين بسبب الأوضاع الأمنية في محيط سجن غويران.")

    def export(name, chat_id, message_id):
        return {"name": name, "type": "public_channel", "id": chat_id, "messages": [
            {"id": message_id, "type": "message", "date": "2024-03-04T08:00:00", "text": text}]}
    for n, data in enumerate([export("شبكة الخابور", 11, 7), export("نداء الحسكة", 12, 90)]):
        (tmp_path / f"e{n}.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    result = cli("import", tmp_path / "e0.json", tmp_path / "e1.json", "--json")
    files = json.loads(result.output)["files"]
    assert files[0]["near_duplicates"] == []
    assert [(n["of_outlet"], n["outlet"], n["similarity"]) for n in files[1]["near_duplicates"]] == [
        ("شبكة الخابور", "نداء الحسكة", 1.0)]


def test_a_short_message_is_too_short_to_judge():
    assert neardup.signature("عاجل: انفجار في الشحيل") is None
    assert neardup.signature("قوات سوريا الديمقراطية " * 5) is None      # three trigrams
    assert neardup.signature("أعلنت قوى الأمن الداخلي فرض حظر تجوال كامل في مدينة الحسكة "
                             "اعتبارا من صباح الغد") is not None


def test_incidents_say_which_sources_are_reprints(imported, cli, db_path):
    assert cli("--annotator", "amira", "incidents", "add", "اعتقالات الشحيل").exit_code == 0
    with sqlite3.connect(db_path) as conn:
        segments = [r[0] for r in conn.execute(
            "SELECT id FROM segments WHERE kind = 'body' AND position = 2 AND document_id <= 3")]
    for segment in segments:
        added = cli("--annotator", "amira", "claims", "add", "--segment", segment, "--start", 0,
                    "--end", 20, "--type", "arrest", "--incident", 1)
        assert added.exit_code == 0, added.output
    listed = cli("incidents", "list")
    assert (f"3 claim(s) from 3 outlets, 1 independent (2 reprints: {FURAT} of {SDF_CENTRE}; "
            f"{JAZIRA} of {SDF_CENTRE})") in listed.output
    as_json = json.loads(cli("incidents", "list", "--json").output)
    assert as_json[0]["sources"]["independent"] == 1 and as_json[0]["sources"]["outlets"] == 3
