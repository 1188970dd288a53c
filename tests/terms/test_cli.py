"""`workbench glossary ...` and `workbench qa` through click's runner."""

from __future__ import annotations

import json

from workbench.store.db import open_db

from .conftest import GLOSSARY_TSV

GLOSSARY_ROWS = GLOSSARY_TSV.read_text(encoding="utf-8").strip().count("\n")


def test_fresh_database_loads_the_glossary_and_lists_it(cli):
    assert cli("init", "--no-sample").exit_code == 0
    result = cli("glossary", "list", "--json")
    assert result.exit_code == 0
    terms = json.loads(result.output)
    assert len(terms) == GLOSSARY_ROWS
    assert terms[0]["id"] == "daesh" and terms[0]["forbidden_en"] == ["ISIL", "Da'ish", "Daash"]
    table = cli("glossary", "list", "--status", "draft")
    assert "coalition" in table.output and "daesh" not in table.output


def test_find_prints_json_hits_with_raw_offsets(cli):
    cli("init", "--no-sample")
    text = "هاجمت خلايا الـ.ـمرتزقة وبالمرتزقة لقـ.ـوى الأمـ.ـن الداخلى"
    result = cli("glossary", "find", text, "--json")
    assert result.exit_code == 0
    found = json.loads(result.output)
    assert [(h["term_id"], h["surface"]) for h in found] == [
        ("murtazaqa", "الـ.ـمرتزقة"), ("murtazaqa", "وبالمرتزقة"), ("isf", "لقـ.ـوى الأمـ.ـن الداخلى")]
    for h in found:
        assert text[h["start"]:h["end"]] == h["surface"]
        assert {"term_id", "term_ar", "surface", "start", "end"} <= set(h)
    plain = cli("glossary", "find", "لا شيء")
    assert plain.output.strip() == "no glossary term"


def test_export_import_roundtrip_through_the_cli(cli, tmp_path, runner, db_path):
    cli("init", "--no-sample")
    for fmt in ("tsv", "csv", "json", "tbx", "omegat"):
        out = tmp_path / f"g.{fmt}"
        result = cli("glossary", "export", "--format", fmt, "-o", out)
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0
    assert (tmp_path / "g.tsv").read_text(encoding="utf-8") == GLOSSARY_TSV.read_text(encoding="utf-8")
    via_export_group = tmp_path / "again.tbx"
    assert cli("export", "glossary", "-o", via_export_group).exit_code == 0
    assert via_export_group.read_text(encoding="utf-8") == (tmp_path / "g.tbx").read_text(encoding="utf-8")
    result = cli("--annotator", "alice", "glossary", "import", tmp_path / "g.tbx")
    assert result.exit_code == 0
    assert f"{GLOSSARY_ROWS} term(s)" in result.output and f"{GLOSSARY_ROWS} unchanged" in result.output


def test_import_needs_an_annotator_and_reports_bad_rows_in_one_line(cli, tmp_path):
    bad = tmp_path / "bad.tsv"
    lines = GLOSSARY_TSV.read_text(encoding="utf-8").split("\n")
    lines[3] = lines[3].replace("\tactor\t", "\tmilitia\t")
    bad.write_text("\n".join(lines), encoding="utf-8")
    assert cli("glossary", "import", bad).exit_code == 1
    result = cli("--annotator", "alice", "glossary", "import", bad)
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert result.output.startswith(f"error: {bad}:4: term sdf-acronym: category 'militia'")
    assert "Traceback" not in result.output


def test_qa_reports_problems_of_translated_segments(cli, db_path):
    assert cli("init").exit_code == 0            # first run: glossary and sample corpus
    db = open_db(db_path)
    doc = db.execute("SELECT id FROM documents ORDER BY id LIMIT 1").fetchone()[0]
    db.execute("UPDATE segments SET raw = ? WHERE document_id = ? AND position = 0",
               ["قالت قوى الأمن الداخلي إن مرتزقة داعش هاجموا دير الزور", doc])
    db.execute("UPDATE segments SET raw = ? WHERE document_id = ? AND position = 1",
               ["انسحب المرتزقة", doc])
    segs = [r[0] for r in db.execute(
        "SELECT id FROM segments WHERE document_id = ? ORDER BY position LIMIT 2", [doc])]
    db.execute("INSERT INTO translations (segment_id, postedit, postedit_by, postedit_at) "
               "VALUES (?, ?, 'alice', '2026-01-01')",
               [segs[0], "The police said ISIL militants attacked Deir ez-Zor"])
    db.execute("INSERT INTO translations (segment_id, postedit, postedit_by, postedit_at) "
               "VALUES (?, ?, 'alice', '2026-01-01')", [segs[1], "The mercenaries withdrew"])
    db.close()
    result = cli("qa", "--json")
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["checked"] == 2
    assert [(p["segment_id"], p["kind"], p["term_id"], p["found"]) for p in report["problems"]] == [
        (segs[0], "missing", "isf", None),
        (segs[0], "forbidden", "murtazaqa", "militants"),
        (segs[0], "forbidden", "daesh", "ISIL")]
    assert report["problems"][1]["suggestion"] == "The police said ISIL mercenaries attacked Deir ez-Zor"
    text = cli("qa", "--doc", doc)
    assert "forbidden  ISIL → ISIS" in text.output
    assert "3 problem(s) in 1 of 2 translated segment(s)" in text.output
    assert cli("qa", "--doc", 9999).exit_code == 1
