"""`workbench export events`: incidents as ACLED-shaped rows, parsed back with the csv module
and checked against the corpus written for the tests (tests/claims/incident_corpus), the
JSONL read back with json, and an empty database giving the header only."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.claims import incident_review, store
from workbench.claims.incident_suggest import suggest_incidents
from workbench.claims.model import Incident
from workbench.csvfile import unguard
from workbench.exports import events
from workbench.mt import memory

from .incident_corpus import DHIBAN, EVENT, add_corpus, add_report

AS_AMAL = {"WORKBENCH_ANNOTATOR": "amal"}
SADA_ENGLISH = "The SDF announced that 4 ISIS members were killed in the town of Dhiban"


@pytest.fixture
def accepted(glossary_db) -> dict[str, int]:
    """The Dhiban raid accepted as incident 1; Sada al-Furat's report post-edited."""
    ids = add_corpus(glossary_db)
    [suggestion] = suggest_incidents(glossary_db)
    incident_review.accept(glossary_db, suggestion.key, "amal")
    segment = glossary_db.execute("SELECT segment_id FROM claims WHERE id = ?",
                               [ids["sada"]]).fetchone()[0]
    memory.save_postedit(glossary_db, segment, SADA_ENGLISH, "amal")
    return ids


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("fmt", ["acled", "csv"])
def test_an_empty_database_writes_the_header_only(cli, glossary_db, tmp_path, fmt):
    out = tmp_path / f"events.{fmt}"
    result = cli("export", "events", "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    assert next(csv.reader(lines)) == events.COLUMNS
    assert "0 event(s)" in result.stderr


def test_jsonl_of_an_empty_database_is_empty(cli, glossary_db, tmp_path):
    out = tmp_path / "events.jsonl"
    assert cli("export", "events", "--format", "jsonl", "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8") == ""


def test_acled_row_parsed_back(cli, accepted, tmp_path):
    out = tmp_path / "events.csv"
    result = cli("export", "events", "--format", "acled", "-o", out)
    assert result.exit_code == 0, result.output
    [row] = _rows(out.read_text(encoding="utf-8"))
    assert list(row) == events.COLUMNS
    expected = {
        "event_id_cnty": "SYR-WB-1", "event_date": "2025-06-12", "year": "2025",
        "time_precision": "1", "disorder_type": "Political violence", "event_type": "Battles",
        "sub_event_type": "Armed clash", "actor1": "Syrian Democratic Forces",
        "actor2": "ISIS", "assoc_actor_1": "", "country": "Syria", "admin1": "Deir ez-Zor",
        "admin2": "Al-Mayadin", "admin3": "Dhiban", "location": "Dhiban",
        "latitude": "35.0", "longitude": "40.5", "geo_precision": "1",
        "source": "Deir ez-Zor 24; Euphrates Watch; Sada al-Furat", "source_scale": "Other",
        "fatalities": "4"}
    assert {k: row[k] for k in expected} == expected
    notes = row["notes"]
    # English: the post-edit, the English report's own words, and what is not translated
    assert f"Sada al-Furat: {SADA_ENGLISH}" in notes
    assert "Euphrates Watch: Residents said the SDF raid on Dhiban left about 20 dead." in notes
    assert "Deir ez-Zor 24: (claim" in notes and "not translated yet" in notes
    # the rule and every outlet's figure: never averaged
    assert "lowest figure any source gives" in notes
    for figure in ("Sada al-Furat: 4", "Deir ez-Zor 24: 7", "Euphrates Watch: 20"):
        assert figure in notes


def test_csv_follows_the_csv_policy(cli, glossary_db, tmp_path):
    incident_id = store.add_incident(glossary_db, Incident("=HYPERLINK(1)"), "amal")
    acled, guarded = tmp_path / "a.csv", tmp_path / "b.csv"
    assert cli("export", "events", "--format", "acled", "-o", acled).exit_code == 0
    assert cli("export", "events", "--format", "csv", "--bom", "-o", guarded).exit_code == 0
    [plain] = _rows(acled.read_text(encoding="utf-8"))
    [safe] = _rows(guarded.read_text(encoding="utf-8-sig"))
    assert plain["event_id_cnty"] == safe["event_id_cnty"] == f"SYR-WB-{incident_id}"
    assert plain["notes"].startswith("=HYPERLINK(1).")
    assert safe["notes"].startswith("'=HYPERLINK(1).")
    assert guarded.read_bytes().startswith(b"\xef\xbb\xbf")
    assert plain["fatalities"] == "0" and plain["source"] == ""


def test_jsonl_carries_every_claim_and_figure_by_source(cli, accepted, tmp_path):
    out = tmp_path / "events.jsonl"
    assert cli("export", "events", "--format", "jsonl", "-o", out).exit_code == 0
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["event"]["event_id_cnty"] == "SYR-WB-1"
    assert sorted(c["id"] for c in record["claims"]) == sorted(accepted[n] for n in EVENT)
    figures = {outlet: [f["raw"] for f in found]
               for outlet, found in record["figures_by_source"].items()}
    assert figures == {"Sada al-Furat": ["4 من عناصر"], "Deir ez-Zor 24": ["7 أشخاص"],
                       "Euphrates Watch": ["about 20 dead"]}
    english = {c["outlet"]: c["english"] for c in record["claims"]}
    assert english["Sada al-Furat"] == SADA_ENGLISH


def test_fatalities_take_the_lowest_outlet_figure_and_leave_the_wounded_out():
    by_source = {
        "A": [{"kind": "casualties", "low": 4, "raw": "مقتل 4", "wounded": False},
              {"kind": "casualties", "low": 10, "raw": "10 جرحى", "wounded": True}],
        "B": [{"kind": "casualties", "low": 7, "raw": "7 killed", "wounded": False},
              {"kind": "casualties", "low": 9, "raw": "9 dead", "wounded": False}],
        "C": [{"kind": "arrest", "low": 2, "raw": "2 arrested", "wounded": False}]}
    value, note = events.fatalities(by_source)
    assert value == 4
    assert "A: 4 («مقتل 4»)" in note and "B: 9 («9 dead»)" in note and "C:" not in note
    assert events._is_wounded({"raw": "10 جرحى", "noun": "جرحى"})
    assert not events._is_wounded({"raw": "3 قتلى", "noun": "قتلى"})


@pytest.mark.parametrize("date, end, precision, expected", [
    ("2025-06-12", "", "day", ("2025-06-12", 1)),
    ("2025-06-09", "", "week", ("2025-06-12", 2)),
    ("2025-06", "", "month", ("2025-06-15", 3)),
    ("2025-06-01", "2025-06-04", "range", ("2025-06-02", 2)),
])
def test_time_precision_follows_acled(date, end, precision, expected):
    claims = [{"id": 1, "date": date, "date_end": end, "date_precision": precision}]
    assert events.event_date(claims, {})[:2] == expected


def test_an_ied_is_remote_violence(glossary_db):
    claim_id = add_report(glossary_db, "ied", "Hawar", "2025-06-12",
                          "قالت قسد إن عبوة ناسفة قتلت 2 في ذيبان", "attack",
                          {**DHIBAN, "date": "2025-06-12", "date_precision": "day"})
    incident_id = store.add_incident(glossary_db, Incident("IED"), "amal")
    store.group(glossary_db, claim_id, incident_id, "amal")
    [record] = events.event_records(glossary_db)
    assert (record["event"]["event_type"], record["event"]["sub_event_type"]) == (
        "Explosions/Remote violence", "Remote explosive/landmine/IED")


def test_a_place_outside_the_gazetteer_keeps_its_text(glossary_db):
    claim_id = add_report(glossary_db, "text", "Hawar", "2025-06-12",
                          "قالت قسد إن 2 قتلوا في قرية الطيانة الصغرى", "casualties",
                          {"place": "الطيانة الصغرى", "place_precision": "unknown"})
    incident_id = store.add_incident(glossary_db, Incident("unknown place"), "amal")
    store.group(glossary_db, claim_id, incident_id, "amal")
    [record] = events.event_records(glossary_db)
    event = record["event"]
    assert event["location"] == "الطيانة الصغرى"
    assert event["geo_precision"] == "" and event["latitude"] is None
    assert event["event_date"] == "2025-06-12" and event["time_precision"] == 2  # its report


# --- hostile titles round trip through both CSV forms -----------------------------------

_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1,
                max_size=40).filter(lambda t: t.strip() and t == t.strip())


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.one_of(_TEXT, st.sampled_from(["=1+1", "-13 قتيلاً", '"a, b"', "@x", "قسد, \"SDF\""])))
def test_titles_survive_both_csv_forms(glossary_db, title):
    incident_id = store.add_incident(glossary_db, Incident(title), "amal")
    for writer, read in ((events.write_acled, lambda c: c),
                         (events.write_csv, unguard)):
        out = io.StringIO(newline="")
        writer(glossary_db, out)
        found = {r["event_id_cnty"]: r for r in _rows(out.getvalue())}
        notes = read(found[f"SYR-WB-{incident_id}"]["notes"])
        assert notes.startswith(f"{title}.")
