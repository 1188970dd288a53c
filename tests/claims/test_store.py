"""Claims and incidents through the store: every write leaves a history row, bad input none."""

from __future__ import annotations

import json

import pytest

from workbench.claims import store
from workbench.claims.model import Claim, Incident, date_precision_of
from workbench.exports import corpus_records
from workbench.errors import InvalidValue, NotFound
from workbench.store.history import entries

from .helpers import add_text

TEXT = ("وقال المتحدث باسم قوى الأمن الداخلي إن الحملة أسفرت عن اعتقال 13 شخصاً.\n"
        "The SDF said it arrested 13 people in Busayrah.")


@pytest.fixture
def segs(fresh_db):
    return add_text(fresh_db, TEXT)


def counts(db) -> tuple[int, int, int]:
    return tuple(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                 for t in ("claims", "incidents", "history"))


def test_claim_crud_with_history(fresh_db, segs):
    db, ar = fresh_db, segs[0]
    start = ar["raw"].index("الحملة")
    cue = ar["raw"].index("قال")
    claim_id = store.add_claim(db, Claim(
        segment_id=ar["id"], start=start, end=len(ar["raw"]) - 1, claim_type="arrest",
        claimant="المتحدث", cue_start=cue, cue_end=cue + 3,
        actors=[{"name": "Internal Security Forces", "term_id": None}],
        quantities=[{"raw": "13 شخصاً", "value": 13, "min": None, "max": None,
                     "qualifier": "exact", "noun": "شخصاً"}]), "amal")
    claim = store.get_claim(db, claim_id)
    assert claim.content == ar["raw"][start:-1] and claim.content.startswith("الحملة")
    assert claim.cue == "قال" and claim.annotator == "amal" and claim.outlet == "Test Outlet"
    assert claim.status == "unverified" and claim.quantities[0]["value"] == 13
    assert claim.translation is None

    store.set_status(db, claim_id, "disputed", "residents say 30", "badr")
    incident_id = store.add_incident(db, Incident("Raid", "2025-06-11", "Busayrah"), "badr")
    store.group(db, claim_id, incident_id, "badr")
    assert store.get_claim(db, claim_id).incident_id == incident_id
    store.delete_claim(db, claim_id, "amal")
    with pytest.raises(NotFound):
        store.get_claim(db, claim_id)

    history = list(entries(db, "claims", claim_id))
    assert [(h["action"], h["annotator"]) for h in history] == [
        ("insert", "amal"), ("update", "badr"), ("update", "badr"), ("delete", "amal")]
    assert history[1]["before"]["status"] == "unverified"
    assert history[1]["after"]["status"] == "disputed"
    assert history[1]["after"]["status_note"] == "residents say 30"
    assert history[2]["after"]["incident_id"] == incident_id
    assert json.loads(history[0]["after"]["quantities"])[0]["raw"] == "13 شخصاً"
    [made] = entries(db, "incidents", incident_id)
    assert made["action"] == "insert" and made["after"]["created_by"] == "badr"


def test_unchanged_update_records_nothing(fresh_db, segs):
    db = fresh_db
    claim_id = store.add_claim(db, Claim(segs[1]["id"], 0, 7, "arrest"), "amal")
    before = len(list(entries(db, "claims")))
    store.set_status(db, claim_id, "unverified", "", "badr")
    assert len(list(entries(db, "claims"))) == before


def test_translation_is_copied_from_the_segment(fresh_db, segs):
    db, ar = fresh_db, segs[0]
    db.execute("INSERT INTO tm (engine, model, model_version, source_hash, source_norm, mt_raw, "
               "mt_text, created_at) VALUES ('argos', 'ar-en', '1', 'h', 'n', 'raw', 'MT text', 'now')")
    db.execute("INSERT INTO translations (segment_id, tm_id) VALUES (?, 1)", [ar["id"]])
    first = store.add_claim(db, Claim(ar["id"], 0, 5, "other"), "amal")
    assert store.get_claim(db, first).translation == "MT text"
    db.execute("UPDATE translations SET postedit = 'Reviewed text' WHERE segment_id = ?", [ar["id"]])
    second = store.add_claim(db, Claim(ar["id"], 0, 5, "other"), "amal")
    assert store.get_claim(db, second).translation == "Reviewed text"


@pytest.mark.parametrize("change, message", [
    ({"start": 0, "end": 10_000}, "outside segment"),
    ({"start": -1, "end": 4}, "outside segment"),
    ({"start": 5, "end": 5}, r"claim span 5:5 is empty"),
    ({"start": 5, "end": 3}, r"claim span 5:3 ends before it starts"),
    ({"cue_start": 4, "cue_end": 2}, r"cue span 4:2 ends before it starts"),
    ({"cue_start": 3, "cue_end": 900}, "cue span"),
    ({"claim_type": "massacre"}, "claim type 'massacre': unknown"),
    ({"status": "probable"}, "status 'probable': unknown"),
    ({"incident_id": 99}, "incident 99: no such incident"),
    ({"segment_id": 999}, "segment 999: no such segment"),
    ({"date": "2025-13-01"}, "no such date"),
    ({"date": "June 2025"}, "use YYYY"),
    ({"date": "2025", "date_precision": "day"}, "too coarse"),
    ({"place_precision": "village"}, "place precision 'village'"),
    ({"place_precision": "district"}, "without a place"),
    ({"actors": [{"name": "X", "term_id": "no-such-term"}]}, "does not exist"),
    ({"actors": [{"term_id": None}]}, "needs a name"),
    ({"quantities": [{"raw": "13", "value": "thirteen"}]}, "not a number"),
])
def test_bad_claims_are_refused_and_nothing_is_written(fresh_db, segs, change, message):
    values = {"segment_id": segs[1]["id"], "start": 0, "end": 7, "claim_type": "arrest", **change}
    before = counts(fresh_db)
    with pytest.raises((InvalidValue, NotFound), match=message) as info:
        store.add_claim(fresh_db, Claim(**values), "amal")
    assert "\n" not in str(info.value)
    assert counts(fresh_db) == before


def test_bad_updates_write_nothing(fresh_db, segs):
    db = fresh_db
    claim_id = store.add_claim(db, Claim(segs[1]["id"], 0, 7, "arrest"), "amal")
    before = counts(db)
    with pytest.raises(InvalidValue, match="status 'maybe'"):
        store.set_status(db, claim_id, "maybe", "", "badr")
    with pytest.raises(NotFound, match="incident 5"):
        store.group(db, claim_id, 5, "badr")
    with pytest.raises(InvalidValue, match="cannot be changed"):
        store.update_claim(db, claim_id, {"annotator": "mallory"}, "badr")
    with pytest.raises(NotFound, match="claim 77"):
        store.set_status(db, 77, "false", "", "badr")
    with pytest.raises(InvalidValue, match="no annotator"):
        store.set_status(db, claim_id, "false", "", "")
    assert counts(db) == before
    assert store.get_claim(db, claim_id).status == "unverified"


def test_incident_validation(fresh_db):
    with pytest.raises(InvalidValue, match="title"):
        store.add_incident(fresh_db, Incident("  "), "amal")
    with pytest.raises(InvalidValue, match="no such date"):
        store.add_incident(fresh_db, Incident("Raid", "2025-02-30"), "amal")
    assert counts(fresh_db) == (0, 0, 0)
    incident_id = store.add_incident(fresh_db, Incident(" Raid ", place=""), "amal")
    incident = store.get_incident(fresh_db, incident_id)
    assert (incident.title, incident.date, incident.place) == ("Raid", None, None)


@pytest.mark.parametrize("incident, message", [
    (Incident("Raid\non Busayrah"), r"incident title: must be one line .*U\+000A"),
    (Incident("Raid\ton Busayrah"), r"incident title: must be one line .*U\+0009"),
    (Incident("Raid\u2028on Busayrah"), r"incident title: .*U\+2028"),
    (Incident("Raid", place="Busayrah\r\nDeir ez-Zor"), r"incident place: must be one line"),
    (Incident("Raid", place="al-\x1b[31mBusayrah"), r"incident place: .*U\+001B"),
])
def test_incident_title_and_place_are_one_line(fresh_db, incident, message):
    with pytest.raises(InvalidValue, match=message) as info:
        store.add_incident(fresh_db, incident, "amal")
    assert "\n" not in str(info.value)
    assert counts(fresh_db) == (0, 0, 0)
    # a note may run to several lines; right-to-left marks are text, not control characters
    incident_id = store.add_incident(fresh_db, Incident("\u200fغارة البصيرة", note="one\ntwo"),
                                     "amal")
    assert store.get_incident(fresh_db, incident_id).note == "one\ntwo"


def test_dates_in_arabic_indic_digits_are_stored_in_ascii(fresh_db, segs):
    incident_id = store.add_incident(fresh_db, Incident("Raid", " ٢٠٢٤-٠٦-١١ "), "amal")
    assert store.get_incident(fresh_db, incident_id).date == "2024-06-11"
    claim_id = store.add_claim(fresh_db, Claim(segs[1]["id"], 0, 7, "arrest", date="٢٠٢٤"), "amal")
    claim = store.get_claim(fresh_db, claim_id)
    assert (claim.date, claim.date_precision) == ("2024", "year")
    store.update_claim(fresh_db, claim_id, {"date": "۲۰۲۴-۰۶", "date_precision": ""}, "amal")
    claim = store.get_claim(fresh_db, claim_id)   # Persian (extended Arabic-Indic) digits too
    assert (claim.date, claim.date_precision) == ("2024-06", "month")
    with pytest.raises(InvalidValue, match="no such date"):
        store.add_incident(fresh_db, Incident("Raid", "٢٠٢٤-١٣"), "amal")
    with pytest.raises(InvalidValue, match="use YYYY"):
        date_precision_of("2024\n")      # a date as stored is exactly YYYY[-MM[-DD]]


def test_date_precision_is_derived_or_checked(fresh_db, segs):
    assert [date_precision_of(d) for d in ("2025", "2025-06", "2025-06-13")] == ["year", "month", "day"]
    claim_id = store.add_claim(fresh_db, Claim(segs[1]["id"], 0, 7, "arrest", date="2025-06"), "amal")
    assert store.get_claim(fresh_db, claim_id).date_precision == "month"
    claim_id = store.add_claim(fresh_db, Claim(segs[1]["id"], 0, 7, "arrest", date="2025",
                                               date_precision="approximate"), "amal")
    assert store.get_claim(fresh_db, claim_id).date_precision == "year"   # 0.3's approximate


def test_incident_summary_shows_range_and_who_reported_each(fresh_db, segs):
    db = fresh_db
    incident_id = store.add_incident(db, Incident("Hammadiya raid"), "amal")

    def figure(raw, value=None, low=None, high=None, qualifier="exact", event=None):
        return {"raw": raw, "value": value, "min": low, "max": high, "qualifier": qualifier,
                "noun": None, **({"event": event} if event else {})}

    store.add_claim(db, Claim(segs[0]["id"], 0, 10, "casualties", claimant="ISF", outlet="Sada",
                              incident_id=incident_id,
                              quantities=[figure("4", 4), figure("12", 12, event="arrest")]), "amal")
    store.add_claim(db, Claim(segs[1]["id"], 0, 10, "casualties", claimant="residents",
                              outlet="Euphrates Watch", incident_id=incident_id,
                              quantities=[figure("about 20", 20, qualifier="approximate"),
                                          figure("more than 30", low=31, qualifier="at_least",
                                                 event="arrest")]), "amal")
    store.add_claim(db, Claim(segs[1]["id"], 0, 10, "casualties", claimant="elsewhere",
                              quantities=[figure("99", 99)]), "amal")
    summary = store.incident_summary(db, incident_id)
    assert [c["claimant"] for c in summary["claims"]] == ["ISF", "residents"]
    kinds = {k["kind"]: k for k in summary["figures"]}
    assert (kinds["casualties"]["low"], kinds["casualties"]["high"]) == (4, 20)
    assert [(r["value"], r["claimant"], r["outlet"]) for r in kinds["casualties"]["reports"]] == [
        (4, "ISF", "Sada"), (20, "residents", "Euphrates Watch")]
    assert (kinds["arrest"]["low"], kinds["arrest"]["high"]) == (12, 31)


def test_claim_types_come_in_the_order_they_were_added(fresh_db):
    """One order for the CLI, the UI and messages: built-in types as migration 4 lists them
    (not alphabetical), then those added, in the order they were."""
    from workbench.claims.model import check_claim_type, claim_type_names
    builtin = ["attack", "casualties", "arrest", "operation", "control", "accusation",
               "agreement", "demand", "other"]
    assert claim_type_names(fresh_db) == builtin
    store.add_claim_type(fresh_db, "siege", "siege", "amal")
    store.add_claim_type(fresh_db, "ceasefire", "ceasefire or truce", "amal")
    assert claim_type_names(fresh_db) == [*builtin, "siege", "ceasefire"]
    assert [t["name"] for t in store.claim_types(fresh_db)] == [*builtin, "siege", "ceasefire"]
    with pytest.raises(InvalidValue, match="known: attack, casualties, arrest, .* siege, ceasefire;"):
        check_claim_type(fresh_db, "massacre")


def test_claim_types_grow_as_data(fresh_db, segs):
    assert "arrest" in {t["name"] for t in store.claim_types(fresh_db)}
    store.add_claim_type(fresh_db, "ceasefire", "ceasefire or truce", "amal")
    assert {"name": "ceasefire", "label": "ceasefire or truce"} in store.claim_types(fresh_db)
    [made] = entries(fresh_db, "claim_types", "ceasefire")
    assert made["annotator"] == "amal" and made["after"]["label"] == "ceasefire or truce"
    claim_id = store.add_claim(fresh_db, Claim(segs[1]["id"], 0, 7, "ceasefire"), "amal")
    assert store.get_claim(fresh_db, claim_id).claim_type == "ceasefire"
    with pytest.raises(InvalidValue, match="already exists"):
        store.add_claim_type(fresh_db, "ceasefire", "again", "amal")
    with pytest.raises(InvalidValue, match="lowercase"):
        store.add_claim_type(fresh_db, "Cease Fire", "x", "amal")


def test_corpus_dump_carries_each_segments_claims(fresh_db, segs):
    claim_id = store.add_claim(fresh_db, Claim(segs[1]["id"], 4, 7, "arrest", claimant="SDF"),
                               "amal")
    records = {r["segment_id"]: r for r in corpus_records(fresh_db)}
    assert records[segs[0]["id"]]["claims"] == []
    [claim] = records[segs[1]["id"]]["claims"]
    assert claim["id"] == claim_id and claim["content"] == "SDF" and claim["claimant"] == "SDF"
