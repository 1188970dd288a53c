"""The CLI as a user meets it: group options, first run, one-line errors."""

import json

from workbench.cli import main


def test_first_run_loads_the_sample_corpus(cli):
    assert cli("init").exit_code == 0
    result = cli("stats", "--json")
    assert result.exit_code == 0
    figures = json.loads(result.output)
    assert figures["documents"] >= 4
    assert {row["language"] for row in figures["by_language"]} == {"ar", "en"}


def test_import_does_not_mix_in_the_sample(cli, tmp_path):
    path = tmp_path / "one.txt"
    path.write_text("Deir ez-Zor\n\nThe SDF said 13 people were arrested.\n", encoding="utf-8")
    result = cli("import", path)
    assert result.exit_code == 0, result.output
    assert "1 new document(s)" in result.output
    assert json.loads(cli("stats", "--json").output)["documents"] == 1


def test_db_option_and_env_variable(runner, tmp_path):
    path = tmp_path / "env.db"
    result = runner.invoke(main, ["init"], env={"WORKBENCH_DB": str(path)})
    assert result.exit_code == 0 and path.exists()
    result = runner.invoke(main, ["stats"], env={"WORKBENCH_DB": str(path)})
    assert result.exit_code == 0 and str(path) in result.output


def test_bad_database_is_one_line(runner, tmp_path):
    path = tmp_path / "junk.db"
    path.write_text("not sqlite")
    result = runner.invoke(main, ["--db", str(path), "stats"])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0
    assert "not a workbench database" in result.output and "Traceback" not in result.output


def test_import_reports_failures_and_continues(cli, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("العنوان\n\nقالت قسد إن الحملة مستمرة.\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("title\nx\n", encoding="utf-8")
    result = cli("import", bad, good)
    assert result.exit_code == 1
    assert "bad.csv:1: no text column" in result.output
    assert "1 new document(s)" in result.output


def test_search_arabic_through_clitics_and_obfuscation(cli, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("عنوان الخبر\n\nهاجمت خلايا الـ.ـمرتزقة نقطة. وقال مسؤول إن الوضع مستقر.\n", encoding="utf-8")
    cli("import", path)
    result = cli("search", "بالمرتزقة", "--json")
    rows = json.loads(result.output)["results"]
    assert [r["raw"] for r in rows] == ["هاجمت خلايا الـ.ـمرتزقة نقطة."]
    assert "no match" in cli("search", "كلمةغيرموجودة").output


def test_export_corpus_jsonl(cli, tmp_path):
    cli("init")
    out = tmp_path / "corpus.jsonl"
    result = cli("export", "corpus", "--format", "jsonl", "-o", out)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    stats = json.loads(cli("stats", "--json").output)
    assert len(records) == stats["segments"]
    first = records[0]
    assert first["document"]["title"] and first["text"] and first["language"] in ("ar", "en")


def test_whoami_saves_the_annotator(cli):
    assert "no annotator" in cli("whoami").output
    cli("whoami", "amal")
    assert cli("whoami").output.strip() == "amal"
    assert cli("--annotator", "badr", "whoami").output.strip() == "badr"
