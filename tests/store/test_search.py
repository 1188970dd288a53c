"""Search in Arabic, in English and in both: what is found, how many, where the words are,
and the English index kept current by every path that writes a translation."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.mt import memory
from workbench.mt.english import english_of
from workbench.store.db import open_db
from workbench.store.documents import NewDocument, NewSegment, save_document
from workbench.store.search import COUNT_SQL, PAGE_SQL, count, find, register

ATTACK = "هاجمت خلايا الـ.ـمرتزقة نقطة للأسايش في بلدة الشحيل."
ARREST = "اعتقلت قوى الأمن الداخلي مهربين في ريف دير الزور."
STOCK = "تابعونا على قناتنا في تلغرام."
ENGLISH = "Asayish patrols arrested two smugglers near Hajin."


class Engine:
    name, model, model_version, settings = "test", "test-ar-en", "1", {}


class NewerEngine(Engine):
    model_version = "2"


def add_doc(db, key: str, texts: list[str], language: str = "ar") -> list[int]:
    saved = save_document(db, NewDocument(key, "\n\n".join(texts), [NewSegment(t) for t in texts],
                                          title=key, outlet="Outlet", language=language))
    return [r[0] for r in db.execute("SELECT id FROM segments WHERE document_id = ? "
                                     "ORDER BY position", [saved.document_id])]


def translate(db, outputs: dict[int, str], engine=Engine) -> None:
    """MT for segments, written as `workbench translate` writes it (memory.store + link)."""
    with db.atomic():
        for sid, text in outputs.items():
            h, norm = db.execute("SELECT hash, norm FROM segments WHERE id = ?", [sid]).fetchone()
            ids = memory.store(db, engine(), [(h, norm, text, text, {})])
            memory.link(db, [(sid, ids[h])])


@pytest.fixture
def corpus(fresh_db):
    db = fresh_db
    ids = add_doc(db, "a", [ATTACK, ARREST, STOCK])
    ids += add_doc(db, "b", [STOCK, "قصفت طائرة مسيرة تركية قرية في ريف القامشلي."])
    ids += add_doc(db, "c", [ENGLISH, "Nothing else happened."], language="en")
    translate(db, {ids[0]: "ISIS cells attacked an Asayish checkpoint in al-Shuhail.",
                   ids[1]: "Internal Security Forces arrested smugglers in rural Deir ez-Zor.",
                   ids[2]: "Follow our Telegram channel.",
                   ids[4]: "A Turkish drone shelled a village near Qamishli."})
    return db, ids


def found(db, query, lang="any", **kw):
    return [r["segment_id"] for r in find(db, query, lang, **kw).rows]


def test_arabic_search_through_clitics_and_obfuscation_with_highlights(corpus):
    db, ids = corpus
    result = find(db, "بالمرتزقة الشحيل", "ar")
    assert [r["segment_id"] for r in result.rows] == [ids[0]]
    row = result.rows[0]
    start = ATTACK.index("الـ.ـمرتزقة")
    assert row["raw_highlights"] == [[start, start + len("الـ.ـمرتزقة")],
                                     [ATTACK.index("الشحيل"), ATTACK.index("الشحيل") + 6]]
    assert row["number"] == 1 and row["position"] == 0
    assert found(db, "attacked", "ar") == []          # the English is not the Arabic


def test_english_search_stems_and_highlights_the_english(corpus):
    db, ids = corpus
    result = find(db, "ATTACKS checkpoints", "en")
    assert [r["segment_id"] for r in result.rows] == [ids[0]]
    english = result.rows[0]["english"]
    assert english == "ISIS cells attacked an Asayish checkpoint in al-Shuhail."
    assert result.rows[0]["english_highlights"] == [[11, 19], [31, 41]]
    assert found(db, "الشحيل", "en") == []


def test_english_segments_are_found_in_english_and_highlighted_in_their_text(corpus):
    db, ids = corpus
    result = find(db, "smugglers", "en")
    assert [r["segment_id"] for r in result.rows] == [ids[1], ids[5]]
    english_row = result.rows[1]
    assert english_row["language"] == "en" and english_row["english"] is None
    assert english_row["raw_highlights"] == [[ENGLISH.index("smugglers"),
                                              ENGLISH.index("smugglers") + 9]]
    assert found(db, "smugglers", "ar") == []          # an English segment is not Arabic text


def test_any_is_either_language_and_every_word_must_be_in_one_text(corpus):
    db, ids = corpus
    assert found(db, "الشحيل") == [ids[0]]
    assert found(db, "drone Qamishli") == [ids[4]]
    assert found(db, "smugglers") == [ids[1], ids[5]]
    assert found(db, "الشحيل drone") == []            # each text must hold every word
    assert found(db, "!!! الشحيل") == [ids[0]]         # words without letters are dropped


def test_the_count_is_of_every_result_not_the_page(corpus):
    db, ids = corpus
    page = find(db, "ريف", "ar", limit=1)
    assert [r["segment_id"] for r in page.rows] == [ids[1]]
    assert (page.total, page.exact, page.count_label()) == (2, True, "2 results")
    second = find(db, "ريف", "ar", limit=1, offset=1)
    assert [r["segment_id"] for r in second.rows] == [ids[4]] and second.total == 2
    capped = find(db, "تلغرام", "any", limit=1, count_cap=1)
    assert (capped.total, capped.exact, capped.count_label()) == (1, False, "1+ results")
    assert count(db, "تلغرام", "any", cap=None) == (2, True)
    assert find(db, "nowhere", "en").count_label() == "0 results"


def test_the_english_index_follows_translate_postedit_and_matches(corpus):
    db, ids = corpus
    # ids[3] is a copy of the stock sentence without MT of its own: its hash has MT only
    # through ids[2]'s link, so it has no English until a post-edit makes a 100% match
    assert found(db, "telegram", "en") == [ids[2]]
    memory.save_postedit(db, ids[2], "Follow us on our Telegram channel for breaking news.", "ann")
    assert found(db, "breaking news", "en") == [ids[2], ids[3]]     # the match is found too
    later = add_doc(db, "d", [STOCK])                                 # a new copy takes it
    assert found(db, "breaking news", "en") == [ids[2], ids[3], later[0]]
    memory.save_postedit(db, ids[3], "Subscribe to our channel.", "ann")   # its own now,
    assert found(db, "breaking news", "en") == [ids[2]]       # and the newest: the match
    assert found(db, "subscribe", "en") == [ids[3], later[0]]
    memory.save_postedit(db, ids[2], "", "ann")           # cleared: the match outranks MT
    assert found(db, "follow channel", "en") == []
    assert found(db, "subscribe", "en") == [ids[2], ids[3], later[0]]
    memory.save_postedit(db, ids[3], "", "ann")           # no post-edit left: MT again
    assert found(db, "follow channel", "en") == [ids[2]]
    assert found(db, "subscribe", "en") == []
    memory.save_postedit(db, ids[3], "Subscribe to our channel.", "ann")
    translate(db, {ids[1]: "Asayish detained smugglers."}, NewerEngine)   # a newer model's MT
    assert found(db, "detained", "en") == [ids[1]] and found(db, "rural", "en") == []
    memory.accept_matches(db, [later[0]], "ann")
    assert db.execute("SELECT postedit FROM translations WHERE segment_id = ?",
                      [later[0]]).fetchone()[0] == "Subscribe to our channel."
    assert found(db, "subscribe", "en") == [ids[2], ids[3], later[0]]


def test_a_merge_brings_post_edits_into_the_index(corpus, tmp_path):
    from workbench.team.merge import merge
    db, ids = corpus
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    theirs_path = tmp_path / "theirs.db"
    shutil.copy(db.conn.execute("PRAGMA database_list").fetchone()[2], theirs_path)
    theirs = open_db(theirs_path)
    memory.save_postedit(theirs, ids[4], "A Turkish drone struck Tell Ghazal village.", "bob")
    theirs.close()
    assert found(db, "Ghazal", "en") == []
    merge(db, theirs_path, "lead")
    assert found(db, "Ghazal", "en") == [ids[4]]
    assert found(db, "shelled", "en") == []


def test_datasette_runs_the_same_sql(corpus):
    """A plain connection given the functions (as Datasette's prepare_connection does) runs
    PAGE_SQL and COUNT_SQL with the same results as find."""
    db, ids = corpus
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    conn = sqlite3.connect(path)
    register(conn)
    for query, lang in (("ريف", "ar"), ("smugglers", "en"), ("smugglers", "any"), ("!!!", "any")):
        params = {"query": query, "lang": lang, "all_versions": 0, "limit": 50, "offset": 0}
        got = [r[0] for r in conn.execute(PAGE_SQL, params)]
        assert got == found(db, query, lang)
        assert conn.execute(COUNT_SQL, {**params, "cap": -1}).fetchone()[0] == len(got)
    conn.close()


# --- the index and english_of agree ------------------------------------------------------------

def english_index(db) -> dict[int, str]:
    return dict(db.execute("SELECT segment_id, english FROM segment_english"))


def expected_index(db) -> dict[int, str]:
    """What english_of says, with an English segment's own text."""
    segments = dict(db.execute("SELECT id, language FROM segments"))
    english = english_of(db, segments)
    out = {}
    for sid, language in segments.items():
        if language == "en":
            out[sid] = db.execute("SELECT raw FROM segments WHERE id = ?", [sid]).fetchone()[0]
        elif english[sid].text is not None:
            out[sid] = english[sid].text
    return out


def test_every_origin_agrees_with_english_of(corpus):
    db, ids = corpus
    memory.save_postedit(db, ids[2], "Follow us.", "ann")            # postedit; ids[3] a match
    origins = {sid: e.origin for sid, e in english_of(db, ids).items()}
    assert origins == {ids[0]: "mt", ids[1]: "mt", ids[2]: "postedit", ids[3]: "match",
                       ids[4]: "mt", ids[5]: None, ids[6]: None}
    assert english_index(db) == expected_index(db)
    # the full-text index holds exactly those texts (SQLite raises if it does not)
    db.execute("INSERT INTO segment_english_fts (segment_english_fts) VALUES ('integrity-check')")


def test_blank_is_what_str_strip_strips():
    from workbench.store.migrations import BLANK_CHARS
    codes = [int(c) for c in BLANK_CHARS.removeprefix("char(").removesuffix(")").split(",")]
    assert codes == [c for c in range(0x110000) if chr(c).isspace()]


SPACES = st.text(alphabet=" \t\u00a0\u2003\u3000\n", max_size=3)
TEXTS = st.one_of(SPACES, st.sampled_from(["Follow us.", "Raid in Hajin", " x "]))
STEP = st.tuples(st.sampled_from(["postedit", "raw postedit", "mt", "clear"]),
                 st.integers(0, 4), TEXTS, st.sampled_from(["2026-01-01", "2026-02-01", None]))


@pytest.fixture(scope="module")
def agree_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("agree") / "template.db"
    db = open_db(path)
    ids = add_doc(db, "x", [STOCK, ATTACK, STOCK]) + add_doc(db, "y", [STOCK, ARREST])
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path, ids


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, max_size=8))
def test_the_index_agrees_with_english_of_after_any_writes(agree_template, tmp_path_factory,
                                                           steps):
    """Post-edits (blank ones written by SQL too), MT and clearing, on segments that share
    content: the index holds what english_of says, every time."""
    template, ids = agree_template
    path = tmp_path_factory.mktemp("agree") / "a.db"
    shutil.copy(template, path)
    db = open_db(path)
    engine = Engine
    try:
        for action, n, text, at in steps:
            sid = ids[n]
            if action == "postedit":
                memory.save_postedit(db, sid, text, "ann")
            elif action == "raw postedit":        # past the writer: a blank or dated one
                with db.atomic():
                    db.execute("INSERT INTO translations (segment_id, postedit, postedit_by, "
                               "postedit_at) VALUES (?, ?, 'x', ?) ON CONFLICT (segment_id) DO "
                               "UPDATE SET postedit = excluded.postedit, postedit_at = "
                               "excluded.postedit_at", [sid, text, at])
            elif action == "mt":
                translate(db, {sid: text or "MT text"}, engine)
                engine = NewerEngine if engine is Engine else Engine
            else:
                with db.atomic():
                    db.execute("DELETE FROM translations WHERE segment_id = ?", [sid])
            assert english_index(db) == expected_index(db)
        db.execute("INSERT INTO segment_english_fts (segment_english_fts) VALUES ('integrity-check')")
    finally:
        db.close()


def test_cli_search_languages_numbering_and_json_offsets(cli, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(f"عنوان الخبر\n\n{ATTACK} {ARREST}\n", encoding="utf-8")
    cli("import", path)
    result = json.loads(cli("search", "مرتزقة", "--lang", "ar", "--json").output)
    assert result["total"] == 1 and result["total_exact"] and result["lang"] == "ar"
    row = result["results"][0]
    assert row["number"] == row["position"] + 1
    start = row["raw"].index("الـ.ـمرتزقة")
    assert row["raw_highlights"] == [[start, start + len("الـ.ـمرتزقة")]]
    text = cli("search", "مرتزقة").output
    assert text.splitlines()[0] == "1 result for «مرتزقة» in Arabic or English (showing 1-1)"
    assert f"[doc {row['document_id']} #{row['number']}]" in text
    assert "no match for «مرتزقة» in English" in cli("search", "مرتزقة", "--lang", "en").output
    assert cli("search", "x", "--lang", "fr").exit_code == 2


@settings(max_examples=40, deadline=None)
@given(text=st.text(min_size=1, max_size=80), pick=st.integers(0, 10))
def test_highlights_of_any_text_are_words_of_that_text(text, pick):
    """Whatever the text (control characters, marks, the highlighter's own markers), each
    span lies in it, and a word of the text searched for is found where it is."""
    from workbench.store.search import arabic_spans, english_spans
    words = text.split()
    query = words[pick % len(words)] if words else "x"
    for spans in (arabic_spans({0: text}, query).get(0, []),
                  english_spans({0: text}, query).get(0, [])):
        assert all(0 <= s < e <= len(text) for s, e in spans)
        assert spans == sorted(spans)
    if words and query.isascii() and query.isalpha():
        found = english_spans({0: text}, query).get(0, [])
        assert any(text[s:e].lower() == query.lower() for s, e in found)
