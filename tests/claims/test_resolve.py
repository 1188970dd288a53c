"""Every claim gets its date and place: new claims, suggestions, and `claims resolve`."""

from __future__ import annotations

import json

from workbench.claims import store
from workbench.claims.model import Claim
from workbench.claims.suggest import suggest

from .helpers import add_text

AS_AMAL = {"WORKBENCH_ANNOTATOR": "amal"}
TEXT = ("أعلنت قوى الأمن الداخلي مساء الثلاثاء اعتقال 5 أشخاص في بلدة ذيبان بريف دير الزور الشرقي\n"
        "وقال المصدر إن الحملة انتهت")


def report(db, segs, published="2025-09-22"):
    db.execute("UPDATE documents SET published = ? WHERE id = ?", [published, segs[0]["document_id"]])


def test_a_new_claim_gets_its_date_and_place_from_its_text(fresh_db):
    segs = add_text(fresh_db, TEXT)
    report(fresh_db, segs)
    claim = store.get_claim(fresh_db, store.add_claim(
        fresh_db, Claim(segs[0]["id"], 0, len(segs[0]["raw"]), "arrest"), "amal"))
    assert (claim.date, claim.date_end, claim.date_precision) == ("2025-09-16", "", "day")
    assert (claim.place, claim.place_id, claim.place_precision) == ("Dhiban", "dhiban", "place")
    assert (claim.admin1, claim.admin2, claim.admin3) == ("Deir ez-Zor", "Mayadin", "Dhiban")
    assert claim.latitude is not None and claim.longitude is not None


def test_what_the_user_gave_is_kept(fresh_db):
    segs = add_text(fresh_db, TEXT)
    report(fresh_db, segs)
    claim = store.get_claim(fresh_db, store.add_claim(fresh_db, Claim(
        segs[0]["id"], 0, 20, "arrest", date="2025-09-01", place="Thiban",
        place_precision="subdistrict"), "amal"))
    assert (claim.date, claim.date_precision) == ("2025-09-01", "day")
    assert (claim.place, claim.place_id, claim.place_precision) == ("Thiban", "dhiban", "subdistrict")
    # a place that is not in the gazetteer keeps its text
    other = store.get_claim(fresh_db, store.add_claim(fresh_db, Claim(
        segs[0]["id"], 0, 20, "arrest", place="دير الراهبات"), "amal"))
    assert (other.place, other.place_precision, other.place_id) == ("دير الراهبات", "unknown", "")
    # changing the place looks the new one up; the old coordinates go
    changed = store.update_claim(fresh_db, claim.id, {"place": "al-Busaira"}, "amal")
    assert (changed.place_id, changed.admin3) == ("busayrah", "Busayrah")
    changed = store.update_claim(fresh_db, claim.id, {"place": "Nowhere"}, "amal")
    assert (changed.place, changed.place_id, changed.latitude, changed.place_precision) == (
        "Nowhere", "", None, "unknown")


def test_suggestions_carry_dates_and_places(fresh_db, glossary):
    segs = add_text(fresh_db, TEXT)
    report(fresh_db, segs)
    [first] = [s for s in suggest(fresh_db, glossary=glossary) if s.segment_id == segs[0]["id"]]
    assert (first.claim.date, first.claim.date_precision) == ("2025-09-16", "day")
    assert first.claim.place_id == "dhiban"
    assert first.to_dict()["latitude"] == first.claim.latitude


def test_cli_resolve_fills_old_claims_and_lists_them(fresh_db, cli, glossary):
    segs = add_text(fresh_db, TEXT)
    report(fresh_db, segs)
    claim_id = store.add_claim(fresh_db, Claim(segs[0]["id"], 0, len(segs[0]["raw"]), "arrest"),
                               "amal")
    # a claim from before resolution: no date, no place
    fresh_db.execute("UPDATE claims SET date = '', date_precision = '', place = '', place_id = '' "
                     "WHERE id = ?", [claim_id])
    fresh_db.conn.commit()
    result = cli("claims", "resolve", "--json", env=AS_AMAL)
    assert result.exit_code == 0, result.output
    [changed] = json.loads(result.stdout)
    assert (changed["id"], changed["date"], changed["place_id"]) == (claim_id, "2025-09-16", "dhiban")
    again = cli("claims", "resolve", env=AS_AMAL)
    assert again.exit_code == 0 and "0 claim(s) changed" in again.output
    listed = cli("claims", "list").output
    assert "date: 2025-09-16 (day)" in listed and "place: Dhiban (place;" in listed
    assert cli("claims", "resolve", "--doc", "99", env=AS_AMAL).exit_code == 1


def test_cli_refuses_an_impossible_date_in_one_line(fresh_db, cli):
    segs = add_text(fresh_db, TEXT)
    for value in ("31/2/2025", "2025-02-31"):
        result = cli("claims", "add", "--segment", segs[0]["id"], "--start", 0, "--end", 10,
                     "--type", "arrest", "--date", value, env=AS_AMAL)
        assert result.exit_code == 1
        assert result.output.strip() == (f"error: date '{value}': no such date "
                                         "(February 2025 has 28 days)")
    assert fresh_db.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == 0
