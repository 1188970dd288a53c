"""Corpus exports: TMX and CSV parsed back (the TMX with translate-toolkit), and the JSONL
dump, which only reads the database; corpus/ knows nothing of the layers above it."""

from __future__ import annotations

import csv
import io
import json
import ast
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from translate.storage import tmx

import workbench.corpus
from workbench.exports import CORPUS_WRITERS, write_csv, write_jsonl, write_tmx
from workbench.store.documents import NewDocument, NewSegment, save_document

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def corpus(fresh_db):
    """Arabic segments: post-edited, machine-translated only, untranslated; an English one."""
    db = fresh_db
    lines = ["قالت قسد إن 13 شخصاً اعتقلوا & نُقلوا <إلى> الحسكة.",
             "وأضاف أن 3 مسلحين قتلوا.",
             "لم تترجم هذه الجملة بعد.",
             "=cmd|' /C calc'!A0 said the source."]
    doc = save_document(db, NewDocument("test:tmx", "\n".join(lines), [NewSegment(x) for x in lines],
                                        title="Raid", outlet="Sada"))
    ids = [r[0] for r in db.execute("SELECT id FROM segments WHERE document_id = ? ORDER BY position",
                                    [doc.document_id])]
    for n, text in enumerate(["MT one", "MT two", None, "MT four"], 1):
        if text:
            db.execute("INSERT INTO tm (engine, model, model_version, source_hash, source_norm, "
                       "mt_raw, mt_text, created_at) VALUES ('argos', 'ar_en', '1.9', ?, 'n', ?, ?, "
                       "'2025-06-13T10:00:00+00:00')", [f"h{n}", text, text])
            db.execute("INSERT INTO translations (segment_id, tm_id) VALUES (?, ?)",
                       [ids[n - 1], db.execute("SELECT last_insert_rowid()").fetchone()[0]])
    db.execute("UPDATE translations SET postedit = 'The SDF said 13 people were arrested & moved "
               "<to> Hasakah.', postedit_by = 'amal', postedit_at = '2025-06-14T09:30:00+00:00' "
               "WHERE segment_id = ?", [ids[0]])
    return db, ids, doc.document_id


def test_writers_are_listed():
    assert CORPUS_WRITERS == {"jsonl": write_jsonl, "tmx": write_tmx, "csv": write_csv}


def test_corpus_imports_no_layer_above_it():
    """Not even inside a function: the export parts come from workbench.exports."""
    above = ("workbench.terms", "workbench.mt", "workbench.claims", "workbench.team",
             "workbench.tui", "workbench.cli", "workbench.exports")
    found = []
    for path in Path(workbench.corpus.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [(path.name, n) for n in names if n.startswith(above)]
    assert found == []


def test_tmx_round_trip(corpus):
    db, ids, _ = corpus
    out = io.StringIO()
    assert write_tmx(db, out) == 2
    data = out.getvalue().encode("utf-8")

    store = tmx.tmxfile.parsestring(data)
    units = store.units
    assert [u.source for u in units] == ["قالت قسد إن 13 شخصاً اعتقلوا & نُقلوا <إلى> الحسكة.",
                                         "وأضاف أن 3 مسلحين قتلوا."]
    assert [u.target for u in units] == ["The SDF said 13 people were arrested & moved <to> Hasakah.",
                                         "MT two"]

    root = ET.fromstring(data)
    assert root.get("version") == "1.4"
    header = root.find("header")
    for attribute in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang",
                      "srclang", "datatype"):
        assert header.get(attribute), attribute
    assert (header.get("srclang"), header.get("segtype")) == ("ar", "sentence")
    tus = root.findall("body/tu")
    props = [{p.get("type"): p.text for p in tu.findall("prop")} for tu in tus]
    assert [p["x-workbench-origin"] for p in props] == ["postedit", "mt"]
    assert props[1]["x-mt-engine"] == "argos ar_en 1.9" and "x-mt-engine" not in props[0]
    assert props[0]["x-outlet"] == "Sada"
    assert [tu.get("tuid") for tu in tus] == [str(ids[0]), str(ids[1])]
    assert (tus[0].get("changeid"), tus[0].get("changedate")) == ("amal", "20250614T093000Z")
    assert [[tuv.get(XML_LANG) for tuv in tu.findall("tuv")] for tu in tus] == [["ar", "en"]] * 2


def test_tmx_of_one_document_and_of_nothing(corpus, fresh_db):
    db, _, document_id = corpus
    out = io.StringIO()
    assert write_tmx(db, out, document_id=document_id + 1) == 0
    assert tmx.tmxfile.parsestring(out.getvalue().encode()).units == []


def test_tmx_drops_what_xml_1_0_cannot_carry(corpus):
    db, ids, _ = corpus
    db.execute("UPDATE segments SET raw = ? WHERE id = ?", ["قال\x00 المصدر\x0b:\x1b 13\ufffe", ids[0]])
    db.execute("UPDATE translations SET postedit = ?, postedit_by = ? WHERE segment_id = ?",
               ["The\x0c source\x01 said: 13\uffff", 'am\x07al "<&>"\n', ids[0]])
    db.execute("UPDATE documents SET outlet = ?", ["Sa\x08da"])
    out = io.StringIO()
    assert write_tmx(db, out) == 2
    data = out.getvalue().encode("utf-8")
    [first, _] = tmx.tmxfile.parsestring(data).units
    assert (first.source, first.target) == ("قال المصدر: 13", "The source said: 13")
    tu = ET.fromstring(data).find("body/tu")                # a strict XML 1.0 parser reads it too
    assert tu.get("changeid") == 'amal "<&>"\n'
    assert {p.get("type"): p.text for p in tu.findall("prop")}["x-outlet"] == "Sada"


def _xml_char(c: str) -> bool:
    """XML 1.0's Char production (section 2.2 of the recommendation)."""
    n = ord(c)
    return (c in "\t\n\r" or 0x20 <= n <= 0xD7FF or 0xE000 <= n <= 0xFFFD
            or 0x10000 <= n <= 0x10FFFF)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(arabic=st.text(min_size=1), english=st.text(min_size=1).filter(str.strip), who=st.text(min_size=1))
def test_tmx_round_trip_of_any_text(corpus, arabic, english, who):
    db, ids, document_id = corpus
    db.execute("UPDATE segments SET raw = ? WHERE id = ?", [arabic, ids[0]])
    db.execute("UPDATE translations SET postedit = ?, postedit_by = ? WHERE segment_id = ?",
               [english, who, ids[0]])
    out = io.StringIO()
    write_tmx(db, out, document_id=document_id)
    data = out.getvalue().encode("utf-8")
    [first, _] = tmx.tmxfile.parsestring(data).units

    def chars(text):
        return "".join(c for c in text if _xml_char(c))

    def in_text(text):                  # a parser reads CR and CR LF in text as LF (XML 2.11)
        return chars(text).replace("\r\n", "\n").replace("\r", "\n")
    assert (first.source, first.target) == (in_text(arabic), in_text(english))
    assert ET.fromstring(data).find("body/tu").get("changeid") == chars(who)  # escaped: exact


def test_tmx_is_written_as_it_goes(corpus):
    """Each unit is in the output by the time it is counted: nothing is held back to the end."""
    db, _, _ = corpus
    out = io.StringIO()
    seen = []
    write_tmx(db, out, on_record=lambda: seen.append(out.getvalue()))
    assert "MT two" not in seen[0] and "<to> Hasakah" in seen[0].replace("&lt;", "<").replace("&gt;", ">")
    assert "MT two" in seen[1] and "</tmx>" not in seen[1]
    assert out.getvalue().rstrip().endswith("</tmx>")


def test_csv_round_trip_with_formulas_escaped(corpus):
    db, ids, document_id = corpus
    out = io.StringIO()
    seen = []
    assert write_csv(db, out, on_record=lambda: seen.append(1)) == 4 == len(seen)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [int(r["segment_id"]) for r in rows] == ids
    assert [r["translation_origin"] for r in rows] == ["postedit", "mt", "", ""]
    assert rows[0]["translation"].startswith("The SDF said 13")
    assert (rows[0]["translation_by"], rows[0]["translation_at"]) == ("amal",
                                                                     "2025-06-14T09:30:00+00:00")
    assert (rows[1]["translation_model"], rows[1]["translation_at"]) == (
        "argos ar_en 1.9", "2025-06-13T10:00:00+00:00")
    assert rows[2]["translation"] == ""
    assert rows[3]["translation"] == ""         # an English source segment is not translated
    assert rows[3]["text"] == "'=cmd|' /C calc'!A0 said the source."
    assert {r["outlet"] for r in rows} == {"Sada"} and {r["document_id"] for r in rows} == {str(document_id)}
    assert [r["language"] for r in rows] == ["ar", "ar", "ar", "en"]


def test_export_corpus_command(cli, db_path, tmp_path):
    assert cli("init").exit_code == 0
    out = tmp_path / "corpus.tmx"
    result = cli("export", "corpus", "--format", "tmx", "-o", out)
    assert result.exit_code == 0, result.output
    from workbench.store.db import open_db
    db = open_db(db_path)
    translated = db.execute(
        "SELECT COUNT(*) FROM translations t JOIN segments s ON s.id = t.segment_id "
        "LEFT JOIN tm ON tm.id = t.tm_id WHERE s.language = 'ar' "
        "AND (NULLIF(t.postedit, '') IS NOT NULL OR tm.mt_text IS NOT NULL)").fetchone()[0]
    db.close()
    assert len(tmx.tmxfile.parsestring(out.read_bytes()).units) == translated
    out_csv = tmp_path / "corpus.csv"
    assert cli("export", "corpus", "--format", "csv", "-o", out_csv).exit_code == 0
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8", newline="")))
    assert len(rows) > 20 and {r["language"] for r in rows} == {"ar", "en"}


# --- the JSONL dump only reads --------------------------------------------------------------

def _glossary_and_text(db):
    from workbench.terms import store
    from workbench.terms.model import Term
    store.save_terms(db, [Term(id="murtazaqa", term_ar="مرتزقة", approved_en="mercenaries",
                               category="actor")], "tester")
    doc = save_document(db, NewDocument("test:jsonl", "هاجم المرتزقة القرية.",
                                        [NewSegment("هاجم المرتزقة القرية.")]))
    return doc.document_id


def _dump(db) -> list[dict]:
    out = io.StringIO()
    write_jsonl(db, out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_jsonl_export_writes_nothing_and_still_finds_the_terms(fresh_db, db_path):
    from workbench.store.db import open_db
    _glossary_and_text(fresh_db)                            # no term hits stored for it yet
    fresh_db.close()                                        # (the file is read only when closed)
    before = db_path.read_bytes()
    db = open_db(db_path)
    changes = db.conn.total_changes
    [record] = _dump(db)
    assert [(h["term_id"], h["surface"], h["start"], h["end"]) for h in record["term_hits"]] == [
        ("murtazaqa", "المرتزقة", 5, 13)]
    assert db.conn.total_changes == changes and not db.conn.in_transaction
    assert db.execute("SELECT COUNT(*) FROM term_hit_state").fetchone()[0] == 0
    db.close()                                              # the last one out checkpoints the WAL
    assert db_path.read_bytes() == before


def test_jsonl_export_of_a_read_only_database(fresh_db, db_path):
    from workbench.store.db import open_db
    from workbench.terms import hits
    document_id = _glossary_and_text(fresh_db)
    other = save_document(fresh_db, NewDocument("test:jsonl2", "خلايا المرتزقة.",
                                                 [NewSegment("خلايا المرتزقة.")]))
    [stored_id] = [r[0] for r in fresh_db.execute("SELECT id FROM segments WHERE document_id = ?",
                                                  [other.document_id])]
    hits.refresh(fresh_db, [stored_id])                     # one segment's hits stored, one not
    fresh_db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    version = fresh_db.execute("PRAGMA data_version").fetchone()[0]
    readonly = open_db(db_path, readonly=True)
    records = _dump(readonly)
    readonly.close()
    assert {r["document"]["id"]: [h["surface"] for h in r["term_hits"]] for r in records} == {
        document_id: ["المرتزقة"], other.document_id: ["المرتزقة"]}
    assert fresh_db.execute("PRAGMA data_version").fetchone()[0] == version   # no one committed
