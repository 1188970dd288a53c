"""Claims exports parsed back: one row or object per claim; formula-like cells escaped."""

from __future__ import annotations

import csv
import io
import json

import pytest

from workbench.claims import export, store
from workbench.claims.model import Claim, Incident
from workbench.csvfile import guarded as safe_cell

from .helpers import add_text


@pytest.fixture
def claims_db(fresh_db):
    db = fresh_db
    segs = add_text(db, "=HYPERLINK(\"http://x\") said the statement about 13 people.\n"
                        "-13 killed, said +the source.\n"
                        "وقال المتحدث إن 13 شخصاً اعتقلوا.", outlet="@Outlet")
    incident = store.add_incident(db, Incident("Raid", "2025-06-11", "Busayrah"), "amal")
    first = store.add_claim(db, Claim(
        segs[0]["id"], 0, 24, "other", claimant="\tTabbed", incident_id=incident,
        status_note="\rreturn", actors=[{"name": "SDF", "term_id": None}],
        quantities=[{"raw": "13 people", "value": 13, "min": None, "max": None,
                     "qualifier": "exact", "noun": "people"}]), "amal")
    second = store.add_claim(db, Claim(segs[1]["id"], 0, 10, "casualties", claimant="+the source",
                                       status="disputed"), "amal")
    third = store.add_claim(db, Claim(segs[2]["id"], 16, 24, "arrest", claimant="المتحدث"), "amal")
    return db, segs, incident, (first, second, third)


def test_safe_cell():
    assert [safe_cell(v) for v in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "plain", "", 13, None)] \
        == ["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "plain", "", 13, None]


def test_csv_rows_parse_back_with_formulas_escaped(claims_db):
    db, segs, incident, ids = claims_db
    out = io.StringIO()
    assert export.write_csv(db, out) == 3
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [int(r["claim_id"]) for r in rows] == list(ids)
    first, second, third = rows
    assert first["content"] == "'=HYPERLINK(\"http://x\") s"
    assert first["claimant"] == "'\tTabbed" and first["status_note"] == "'\rreturn"
    assert first["outlet"] == "'@Outlet"
    assert (first["incident_id"], first["incident_title"]) == (str(incident), "Raid")
    assert first["figures"] == "13 people" and json.loads(first["quantities"])[0]["value"] == 13
    assert first["actors"] == "SDF"
    assert second["content"] == "'-13 killed" and second["claimant"] == "'+the source"
    assert second["status"] == "disputed" and second["incident_id"] == ""
    assert third["content"] == "13 شخصاً" and third["language"] == "ar"
    assert third["document_id"] == str(segs[2]["document_id"])
    assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for v in r.values())


def test_jsonl_keeps_values_as_they_are(claims_db):
    db, segs, incident, ids = claims_db
    out = io.StringIO()
    assert export.write_jsonl(db, out, incident_id=incident) == 1
    [record] = [json.loads(line) for line in out.getvalue().splitlines()]
    assert record["id"] == ids[0] and record["content"].startswith("=HYPERLINK")
    assert record["incident"] == {"id": incident, "title": "Raid", "date": "2025-06-11",
                                  "place": "Busayrah"}
    assert record["document"]["outlet"] == "@Outlet"
    assert record["quantities"][0]["raw"] == "13 people"
    assert (record["start"], record["end"], record["segment_id"]) == (0, 24, segs[0]["id"])


def test_export_by_document(claims_db, fresh_db):
    db, segs, _, _ = claims_db
    other = add_text(db, "The SDF said 4 were killed.", key="test:other")
    store.add_claim(db, Claim(other[0]["id"], 0, 7, "casualties"), "amal")
    out = io.StringIO()
    assert export.write_jsonl(db, out, document_id=other[0]["document_id"]) == 1
    assert json.loads(out.getvalue())["segment_id"] == other[0]["id"]


def test_a_claim_carries_its_segments_english_now_beside_its_own(claims_db):
    from workbench.mt.memory import save_postedit
    db, segs, _, ids = claims_db
    arabic = segs[2]["id"]
    assert store.get_claim(db, ids[2]).translation is None          # tagged before any English
    save_postedit(db, arabic, "The spokesman said 13 people were arrested.", "amal")
    later = store.add_claim(db, Claim(arabic, 0, 4, "other"), "amal")
    assert store.get_claim(db, later).translation == "The spokesman said 13 people were arrested."
    out = io.StringIO()
    export.write_jsonl(db, out)
    records = {r["id"]: r for r in map(json.loads, out.getvalue().splitlines())}
    for claim_id in (ids[2], later):
        english = records[claim_id]["segment_translation"]
        assert (english["text"], english["origin"], english["by"]) == (
            "The spokesman said 13 people were arrested.", "postedit", "amal")
    assert records[ids[2]]["translation"] is None                    # the claim's own, kept
    assert records[ids[0]]["segment_translation"] is None            # English source
    out = io.StringIO()
    export.write_csv(db, out)
    rows = {int(r["claim_id"]): r for r in csv.DictReader(io.StringIO(out.getvalue()))}
    assert (rows[later]["segment_translation"], rows[later]["segment_translation_origin"]) == (
        "The spokesman said 13 people were arrested.", "postedit")
    assert rows[ids[1]]["segment_translation"] == "" == rows[ids[1]]["segment_translation_origin"]
