"""The claims, incidents, quantities and export-claims commands through the CLI runner."""

from __future__ import annotations

import csv
import json

from workbench.store.db import open_db

AS_AMAL = {"WORKBENCH_ANNOTATOR": "amal"}


def as_json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def rows(db_path, sql, params=()):
    db = open_db(db_path)
    try:
        return [tuple(r) for r in db.execute(sql, params).fetchall()]
    finally:
        db.close()


def sample_doc(cli, db_path, name="01_ar_aanes_hammadiya_raid.txt") -> int:
    assert cli("init").exit_code == 0   # first run: glossary and sample corpus
    return rows(db_path, "SELECT id FROM documents WHERE doc_key = ?", [f"sample:{name}"])[0][0]


def test_suggest_accept_list_status_and_history(cli, db_path):
    doc = sample_doc(cli, db_path)
    found = as_json(cli("claims", "suggest", "--doc", doc, "--json"))
    said = next(s for s in found if s["cue"] == "قال")
    assert said["claimant"] == "العقيد سليمان العبو" and said["claim_type"] == "arrest"
    assert rows(db_path, "SELECT COUNT(*) FROM claims") == [(0,)]

    result = cli("--annotator", "amal", "claims", "accept", said["key"], "--type", "casualties")
    assert result.exit_code == 0, result.output
    [claim] = as_json(cli("claims", "list", "--doc", doc, "--json"))
    assert (claim["claim_type"], claim["claimant"], claim["annotator"]) \
        == ("casualties", said["claimant"], "amal")
    assert claim["quantities"] == said["quantities"]

    assert cli("claims", "set-status", claim["id"], "corroborated", "--note", "matches NPN",
               env=AS_AMAL).exit_code == 0
    [claim] = as_json(cli("claims", "list", "--json"))
    assert (claim["status"], claim["status_note"]) == ("corroborated", "matches NPN")
    assert rows(db_path, "SELECT action, annotator FROM history WHERE table_name = 'claims' ORDER BY id") \
        == [("insert", "amal"), ("update", "amal")]

    again = as_json(cli("claims", "suggest", "--doc", doc, "--json"))
    assert said["key"] not in [s["key"] for s in again]
    shown = as_json(cli("claims", "suggest", "--doc", doc, "--all", "--json"))
    assert [s["accepted_as"] for s in shown if s["key"] == said["key"]] == [claim["id"]]


def test_add_with_actors_and_figures(cli, db_path):
    doc = sample_doc(cli, db_path, "02_en_opposition_hammadiya_raid.txt")
    seg_id, raw = rows(db_path, "SELECT id, raw FROM segments WHERE document_id = ? AND raw LIKE 'About 20%'",
                       [doc])[0]
    end = raw.index(", local sources")
    result = cli("claims", "add", "--segment", seg_id, "--start", 0, "--end", end, "--type", "casualties",
                 "--cue", "told", "--claimant", "local sources", "--actor", "sdf",
                 "--actor", "village militia",
                 "--place", "al-Hammadiyah al-Sharqiyah", "--place-precision", "locality",
                 "--date", "2025-06-11", "--json", env=AS_AMAL)
    claim = as_json(result)
    assert claim["content"] == raw[:end] and claim["cue"] == "told"
    assert claim["cue_start"] == raw.index("told")
    assert claim["actors"][0]["term_id"] == "sdf"
    assert claim["actors"][1] == {"name": "village militia", "term_id": None}
    outlet = rows(db_path, "SELECT outlet FROM documents WHERE id = ?", [doc])[0][0]
    assert claim["outlet"] == outlet and claim["date_precision"] == "day"
    figure = claim["quantities"][0]
    assert (figure["value"], figure["qualifier"], figure["event"]) == (20, "approximate", "casualties")


def test_bad_input_is_one_line_and_writes_nothing(cli, db_path):
    doc = sample_doc(cli, db_path)
    seg_id, raw = rows(db_path, "SELECT id, raw FROM segments WHERE document_id = ? ORDER BY position DESC",
                       [doc])[0]
    before = rows(db_path, "SELECT (SELECT COUNT(*) FROM claims), (SELECT COUNT(*) FROM history)")
    cases = [
        (("claims", "add", "--segment", seg_id, "--start", 0, "--end", len(raw) + 5, "--type", "attack"),
         "outside segment"),
        (("claims", "add", "--segment", seg_id, "--start", 0, "--end", 5, "--type", "rumour"),
         "claim type 'rumour': unknown"),
        (("claims", "add", "--segment", seg_id, "--start", 0, "--end", 5, "--type", "attack",
          "--status", "likely"), "status 'likely': unknown"),
        (("claims", "add", "--segment", seg_id, "--start", 0, "--end", 5, "--type", "attack",
          "--incident", 42), "incident 42: no such incident"),
        (("claims", "add", "--segment", seg_id, "--start", 0, "--end", 5, "--type", "attack",
          "--cue", "announced"), "cue 'announced': not found"),
        (("claims", "add", "--segment", 99999, "--start", 0, "--end", 5, "--type", "attack"),
         "segment 99999: no such segment"),
        (("claims", "set-status", 1, "false"), "claim 1: no such claim"),
        (("claims", "group", 1, 1), "no such"),
        (("claims", "accept", "oops"), "expected SEGMENT:N"),
        (("incidents", "add", "Raid", "--date", "11/06/2025"), "use YYYY"),
        (("claims", "types", "--add", "Bad Name"), "lowercase"),
    ]
    for args, message in cases:
        result = cli(*args, env=AS_AMAL)
        assert result.exit_code == 1, (args, result.output)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], (args, lines)
    assert rows(db_path, "SELECT (SELECT COUNT(*) FROM claims), (SELECT COUNT(*) FROM history)") == before


def test_writes_need_an_annotator(cli, db_path):
    sample_doc(cli, db_path)
    result = cli("incidents", "add", "Raid")
    assert result.exit_code == 1 and "who is annotating" in result.stderr
    assert rows(db_path, "SELECT COUNT(*) FROM incidents") == [(0,)]


def test_incidents_show_range_and_reporters(cli, db_path):
    ar = sample_doc(cli, db_path)
    en = sample_doc(cli, db_path, "02_en_opposition_hammadiya_raid.txt")
    said = next(s for s in as_json(cli("claims", "suggest", "--doc", ar, "--json")) if s["cue"] == "قال")
    told = next(s for s in as_json(cli("claims", "suggest", "--doc", en, "--json")) if s["cue"] == "told")
    incident = as_json(cli("incidents", "add", "Hammadiya raid", "--date", "2025-06-11",
                           "--place", "al-Hammadiyah", "--json", env=AS_AMAL))["id"]
    ids = as_json(cli("claims", "accept", said["key"], told["key"], "--incident", incident, "--json",
                      env=AS_AMAL))["claims"]
    assert len(ids) == 2
    [summary] = as_json(cli("incidents", "list", "--json"))
    assert summary["title"] == "Hammadiya raid" and len(summary["claims"]) == 2
    casualties = next(k for k in summary["figures"] if k["kind"] == "casualties")
    assert (casualties["low"], casualties["high"]) == (3, 20)   # 4 killed … about 20 (several: 3–9)
    reporters = {(r["value"], r["claimant"], r["outlet"]) for r in casualties["reports"]}
    outlet = rows(db_path, "SELECT outlet FROM documents WHERE id = ?", [ar])[0][0]
    assert (4, "العقيد سليمان العبو", outlet or "") in reporters
    en_outlet = rows(db_path, "SELECT outlet FROM documents WHERE id = ?", [en])[0][0]
    assert (20, "local sources", en_outlet) in reporters
    text = cli("incidents", "list").stdout
    assert "casualties: 3–20" in text and f"per local sources / {en_outlet}" in text

    assert cli("claims", "ungroup", ids[1], env=AS_AMAL).exit_code == 0
    assert as_json(cli("claims", "list", "--incident", incident, "--json"))[0]["id"] == ids[0]
    assert cli("claims", "group", ids[1], incident, env=AS_AMAL).exit_code == 0
    assert len(as_json(cli("claims", "list", "--incident", incident, "--json"))) == 2


def test_edit_and_delete(cli, db_path):
    doc = sample_doc(cli, db_path)
    said = next(s for s in as_json(cli("claims", "suggest", "--doc", doc, "--json")) if s["cue"] == "قال")
    [claim_id] = as_json(cli("claims", "accept", said["key"], "--json", env=AS_AMAL))["claims"]
    end = said["start"] + said["content"].index("،")
    assert cli("claims", "edit", claim_id, "--end", end, "--claimant", "العبو", env=AS_AMAL).exit_code == 0
    [claim] = as_json(cli("claims", "list", "--json"))
    assert claim["content"].endswith("12 مشتبهاً بانتمائهم للخلايا النائمة")
    assert [q["value"] for q in claim["quantities"]] == [12] and claim["claimant"] == "العبو"
    assert cli("claims", "edit", claim_id, env=AS_AMAL).exit_code == 1
    assert cli("claims", "delete", claim_id, env=AS_AMAL).exit_code == 0
    assert as_json(cli("claims", "list", "--json")) == []
    assert [r[0] for r in rows(db_path, "SELECT action FROM history WHERE table_name = 'claims' "
                                        "AND row_id = ? ORDER BY id", [str(claim_id)])] \
        == ["insert", "update", "delete"]


def test_claim_types_command(cli, db_path):
    cli("init")
    names = {t["name"] for t in as_json(cli("claims", "types", "--json"))}
    assert names >= {"attack", "casualties", "arrest"}
    assert cli("claims", "types", "--add", "ceasefire", "--label", "ceasefire or truce",
               env=AS_AMAL).exit_code == 0
    assert {"name": "ceasefire", "label": "ceasefire or truce"} in as_json(cli("claims", "types", "--json"))
    assert rows(db_path, "SELECT annotator FROM history WHERE table_name = 'claim_types'") == [("amal",)]


def test_export_claims_and_corpus_dump(cli, db_path, tmp_path):
    doc = sample_doc(cli, db_path)
    keys = [s["key"] for s in as_json(cli("claims", "suggest", "--doc", doc, "--json"))][:3]
    cli("claims", "accept", *keys, env=AS_AMAL)
    out = tmp_path / "claims.csv"
    result = cli("export", "claims", "--format", "csv", "-o", out)
    assert result.exit_code == 0 and "3 claim(s)" in result.stderr
    with out.open(encoding="utf-8", newline="") as fh:
        exported = list(csv.DictReader(fh))
    assert len(exported) == 3 and {r["document_id"] for r in exported} == {str(doc)}
    out_jsonl = tmp_path / "claims.jsonl"
    assert cli("export", "claims", "--format", "jsonl", "-o", out_jsonl).exit_code == 0
    records = [json.loads(line) for line in out_jsonl.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [int(r["claim_id"]) for r in exported]

    dump = tmp_path / "corpus.jsonl"
    assert cli("export", "corpus", "-o", dump).exit_code == 0
    segments = [json.loads(line) for line in dump.read_text(encoding="utf-8").splitlines()]
    assert sum(len(s["claims"]) for s in segments) == 3


def test_quantities_command(cli):
    found = as_json(cli("quantities", "قتل ١٥٣ شخصاً في 22 أيلول 2024", "--json"))
    assert [(q["raw"], q["value"], q["qualifier"]) for q in found] == [("١٥٣ شخصاً", 153, "exact")]
    text = cli("quantities", "about 20 people").stdout
    assert "about 20 people" in text and "approximate" in text
