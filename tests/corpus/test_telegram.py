"""Telegram Desktop JSON exports: recognised by content, one document per text message,
re-import and newer exports idempotent, hostile JSON refused in one line."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.corpus import importer
from workbench.corpus.telegram import flatten
from workbench.store.db import open_db

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "sources" / "telegram" / "result.json"
CHANNEL = "مركز إعلام الشمال الشرقي"


def _export() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def _write(folder: Path, data, name: str = "result.json", ascii_only: bool = False) -> Path:
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=ascii_only), encoding="utf-8")
    return path


def _documents(db_path: Path) -> list[dict]:
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(
            "SELECT d.*, (SELECT group_concat(raw, '\n') FROM segments s WHERE s.document_id = d.id "
            "ORDER BY position) AS body FROM documents d ORDER BY id")]


def test_each_text_message_is_a_document_with_its_channel_date_and_link(cli, db_path):
    result = cli("import", FIXTURE)
    assert result.exit_code == 0, result.output
    docs = _documents(db_path)
    # service messages (1, 7), the sticker (3) and the photo without caption (5) are skipped
    assert [d["doc_key"] for d in docs] == [f"telegram:1700000001/{n}" for n in (2, 4, 6, 8)]
    first = docs[0]
    assert first["outlet"] == CHANNEL and first["source_kind"] == "telegram"
    assert first["published"] == "2024-03-01T09:15:00"
    assert first["url"] == "https://t.me/ne_media_centre/2"
    assert first["source_ref"] == "2 https://t.me/ne_media_centre/2"
    # rich text flattened: bold, plain and hashtag entities in order
    assert first["body"].startswith("عاجل | أعلنت قوات سوريا الديمقراطية مقتل ثلاثة عناصر")
    assert first["body"].endswith("#دير_الزور")
    caption = docs[1]
    assert caption["body"] == "قوى الأمن الداخلي (الأسايش) تعتقل متهماً بتمويل خلايا داعش في بلدة الشحيل."
    forwarded = docs[2]
    assert forwarded["original_source"] == "المرصد المحلي في البصيرة"
    assert "طريق البصيرة – الشحيل دون" in forwarded["body"]         # a text_link's text
    assert docs[3]["language"] == "en" and docs[3]["original_source"] is None


def test_a_private_channel_keeps_the_message_id_without_a_link(cli, db_path, tmp_path):
    data = _export()
    data.update(type="private_channel", name="شبكة الخابور الخاصة", id=1700000002)
    data.pop("username")
    assert cli("import", _write(tmp_path, data)).exit_code == 0
    docs = _documents(db_path)
    assert docs[0]["url"] is None and docs[0]["source_ref"] == "2"
    assert docs[0]["doc_key"] == "telegram:1700000002/2" and docs[0]["outlet"] == "شبكة الخابور الخاصة"


def test_reimport_adds_nothing_and_a_newer_export_adds_only_new_messages(cli, db_path, tmp_path):
    assert cli("import", FIXTURE).exit_code == 0
    again = cli("import", FIXTURE)
    assert "0 new document(s), 0 new version(s), 4 unchanged" in again.output
    newer = _export()
    newer["messages"][1]["text"][1] += "وأصيب عنصر آخر بجروح. "        # message 2 edited
    newer["messages"][1]["edited"] = "2024-03-01T09:40:00"
    newer["messages"].append({"id": 9, "type": "message", "date": "2024-03-02T07:00:00",
                              "from": CHANNEL, "text": "حظر تجوال في مدينة هجين حتى إشعار آخر."})
    result = cli("import", _write(tmp_path, newer, "result (1).json"))
    assert "1 new document(s), 1 new version(s), 3 unchanged" in result.output
    with sqlite3.connect(db_path) as conn:
        versions = conn.execute("SELECT doc_key, version, is_current FROM documents "
                                "WHERE doc_key = 'telegram:1700000001/2' ORDER BY version").fetchall()
        assert versions == [("telegram:1700000001/2", 1, 0), ("telegram:1700000001/2", 2, 1)]
        assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 6


def test_a_full_account_export_takes_its_channels_not_personal_chats(cli, db_path, tmp_path):
    channel = _export()
    personal = {"name": "أحمد", "type": "personal_chat", "id": 55,
                "messages": [{"id": 1, "type": "message", "date": "2024-03-01T08:00:00",
                              "text": "رسالة شخصية لا تستورد"}]}
    account = {"about": "Here is the data you requested.",
               "chats": {"about": "…", "list": [personal, channel]}}
    assert cli("import", _write(tmp_path, account)).exit_code == 0
    assert {d["outlet"] for d in _documents(db_path)} == {CHANNEL}


@pytest.mark.parametrize("content, words", [
    ('{"glossary": [{"term_ar": "قسد"}]}', "not a Telegram export"),
    ('[1, 2, 3]', "not a Telegram export"),
    ('{"messages": [', "malformed JSON (Expecting value), not a Telegram export"),
    ('{"name": "x", "type": "public_channel", "messages": []}', "no numeric chat 'id'"),
    ('{"name": "x", "id": 5, "messages": [{"id": 1, "type": "service", "text": ""}]}',
     "with no text message"),
    ('{"name": "x", "id": 5, "messages": ["hello"]}', "message 1: not an object"),
    ('{"name": "x", "id": 5, "messages": [{"id": 1, "text": "a\\u0000b"}]}', "NUL or a lone surrogate"),
    ('{"chats": {"list": [{"type": "personal_chat", "id": 1, "messages": []}]}}',
     "no channel or group"),
])
def test_a_json_that_is_not_an_export_is_one_line(cli, tmp_path, content, words):
    bad = tmp_path / "data.json"
    bad.write_text(content, encoding="utf-8")
    result = cli("import", bad, FIXTURE)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "data.json" in errors[0] and words in errors[0], result.output
    assert "4 new document(s)" in result.output


def test_flatten_joins_strings_and_entity_texts_and_ignores_the_rest():
    assert flatten(["a ", {"type": "bold", "text": "b"}, {"type": "link"}, 7, " c"]) == "a b c"
    assert flatten(None) == "" and flatten({"text": "x"}) == ""


_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                     st.text(max_size=20))
_json = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)
_entity = st.one_of(st.text(max_size=30), st.fixed_dictionaries(
    {"type": st.sampled_from(["bold", "plain", "text_link", "hashtag"]), "text": _json}))
_message = st.fixed_dictionaries(
    {"id": st.one_of(st.integers(-5, 2**70), _json),
     "text": st.one_of(st.text(max_size=60), st.lists(_entity, max_size=5), _json)},
    optional={"type": st.sampled_from(["message", "service", "other"]) | _json,
              "date": _json, "forwarded_from": _json, "text_entities": _json})
_export_like = st.fixed_dictionaries(
    {"messages": st.one_of(st.lists(st.one_of(_message, _json), max_size=6), _json)},
    optional={"id": st.one_of(st.integers(-2**63, 2**63), _json), "name": _json,
              "type": _json, "username": _json})


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory):
    """One database for all the hostile examples: opening one per example costs seconds."""
    folder = tmp_path_factory.mktemp("hostile")
    db = open_db(folder / "t.db")
    yield db, folder
    db.close()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(_export_like, _json,
                      st.fixed_dictionaries({"chats": st.fixed_dictionaries(
                          {"list": st.lists(_export_like, max_size=3)})})))
def test_hostile_exports_are_imported_or_refused_in_one_line(shared_db, data):
    db, folder = shared_db
    path = _write(folder, data, ascii_only=True)       # lone surrogates as \\udxxx
    before = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    result = importer.import_file(db, path)
    added = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] - before
    if result.error is not None:
        assert "\n" not in result.error and "result.json" in result.error
        assert added == 0
    else:
        assert result.saved
        assert added == sum(s.status in ("new", "version") for s in result.saved)


def test_a_message_whose_date_is_not_a_date_is_one_line_naming_it(tmp_path, fresh_db):
    from workbench.corpus import importer
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"name": "x", "type": "public_channel", "id": 1, "messages": [
        {"id": 7, "type": "message", "date": "2025-13-45T00:00:00", "text": "قال"}]}),
        encoding="utf-8")
    result = importer.import_file(fresh_db, path)
    assert "message 7's date '2025-13-45T00:00:00' is not a date" in result.error
    assert fresh_db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
