"""Corpus TMX and CSV exports, parsed back (the TMX with translate-toolkit)."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from translate.storage import tmx

from workbench.corpus.formats import WRITERS, write_csv, write_tmx
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


def test_writers_are_registered():
    assert WRITERS == {"tmx": write_tmx, "csv": write_csv}


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
    assert [p["x-workbench-origin"] for p in props] == ["postedit", "machine-translation"]
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


def test_csv_round_trip_with_formulas_escaped(corpus):
    db, ids, document_id = corpus
    out = io.StringIO()
    seen = []
    assert write_csv(db, out, on_record=lambda: seen.append(1)) == 4 == len(seen)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [int(r["segment_id"]) for r in rows] == ids
    assert [r["translation_origin"] for r in rows] == ["postedit", "machine-translation", "",
                                                       "machine-translation"]
    assert rows[0]["translation"].startswith("The SDF said 13")
    assert rows[2]["translation"] == ""
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
