"""Incident suggestions on a small corpus written for the tests (tests/claims/incident_corpus):
one SDF raid on Dhiban told by three outlets in Arabic and English with different death
tolls is suggested as one incident, with its evidence and the figures by outlet; reports of
other events stay apart. Accepting (twice) and rejecting go through the CLI and are read
back from the database."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.claims import store
from workbench.claims.actors import ActorIndex
from workbench.claims.incident_suggest import (Item, _groups, _links, compare, date_span,
                                               suggest_incidents)
from workbench.claims.model import Incident
from workbench.terms.glossary import load

from .incident_corpus import APART, EVENT, add_corpus, add_report, DHIBAN

AS_AMAL = {"WORKBENCH_ANNOTATOR": "amal"}


@pytest.fixture
def corpus(glossary_db) -> dict[str, int]:
    return add_corpus(glossary_db)


def test_one_event_told_by_three_outlets_in_two_languages(glossary_db, corpus):
    [found] = suggest_incidents(glossary_db)
    assert sorted(found.claim_ids) == sorted(corpus[n] for n in EVENT)
    assert found.incident_id is None and found.claim_type == "casualties"
    assert found.outlets == ["Deir ez-Zor 24", "Euphrates Watch", "Sada al-Furat"]
    assert found.languages == ["ar", "en"]
    assert found.date == "2025-06-12" and found.place == "Dhiban"
    # the figures by source: 4 (Sada al-Furat), 7 (Deir ez-Zor 24), about 20 (Euphrates Watch)
    [deaths] = found.figures
    assert (deaths["kind"], deaths["low"], deaths["high"]) == ("casualties", 4, 20)
    by_source = {outlet: [r["low"] for r in reports]
                 for outlet, reports in deaths["by_source"].items()}
    assert by_source == {"Sada al-Furat": [4], "Deir ez-Zor 24": [7], "Euphrates Watch": [20]}
    # evidence for every claim grouped: قسد, قوات سوريا الديمقراطية and SDF are one actor
    linked = {e["claim_id"] for e in found.evidence} | {e["with"] for e in found.evidence}
    assert linked == set(found.claim_ids)
    for link in found.evidence:
        assert "same type: casualties" in link["reasons"]
        assert "same actors: Syrian Democratic Forces" in link["reasons"]
        assert any(r.startswith("same place") for r in link["reasons"])
    english = next(e for e in found.evidence if corpus["watch"] in (e["claim_id"], e["with"]))
    assert any("reported 2025-06-14" in r for r in english["reasons"])


def test_reports_of_other_events_stay_apart(glossary_db, corpus):
    grouped = {c for s in suggest_incidents(glossary_db) for c in s.all_claim_ids}
    for name in APART:            # another type, place, date, actors; a six-month period
        assert corpus[name] not in grouped, name


def test_the_key_is_stable_and_follows_the_claims(glossary_db, corpus):
    first = [s.key for s in suggest_incidents(glossary_db)]
    assert first == [s.key for s in suggest_incidents(glossary_db)]
    add_report(glossary_db, "late", "Hawar", "2025-06-13", "وقالت قسد إن 5 قتلوا في ذيبان",
               "casualties", {**DHIBAN, "date": "2025-06-12", "date_precision": "day"})
    [again] = suggest_incidents(glossary_db)
    assert len(again.claim_ids) == 4 and again.key not in first


def test_one_actor_through_the_glossary(glossary_db):
    actors = ActorIndex(load(glossary_db))
    sdf = actors.actor("sdf")
    assert sdf is not None and actors.actor("sdf-acronym") == sdf
    assert [a.id for a in actors.in_text("وقالت قسد")] == [sdf.id]
    assert [a.id for a in actors.in_text("the SDF's raid", "en")] == [sdf.id]
    assert actors.actor("daesh") == actors.actor("tanzim-dawla") != sdf
    assert actors.of_claim([{"name": "Syrian Democratic Forces", "term_id": None}]) == [sdf]
    assert actors.actor("deir-ez-zor") is None            # a place is no actor


@pytest.mark.parametrize("date, end, precision, published, expected", [
    ("2025-06-12", "", "day", None, ("2025-06-12", "2025-06-12")),
    ("2025-06-09", "", "week", None, ("2025-06-09", "2025-06-15")),
    ("2025-06", "", "month", None, ("2025-06-01", "2025-06-30")),
    ("2025-01-01", "2025-06-12", "range", None, ("2025-01-01", "2025-06-12")),
    ("", "", "", "2025-06-14", ("2025-06-07", "2025-06-14")),
    ("", "", "unknown", None, None),
])
def test_dates_are_read_with_their_precision(date, end, precision, published, expected):
    from datetime import date as Date
    span = date_span(date, end, precision, published)
    got = None if span is None else (Date.fromordinal(span[0]).isoformat(),
                                     Date.fromordinal(span[1]).isoformat())
    assert got == expected


def test_a_district_report_joins_but_two_villages_stay_apart(glossary_db):
    ids = add_corpus(glossary_db, ["sada"])
    district = {"place": "ريف الميادين", "admin1": DHIBAN["admin1"], "admin2": DHIBAN["admin2"],
                "place_precision": "district", "date": "2025-06-12", "date_precision": "day"}
    ids["district"] = add_report(glossary_db, "district", "Hawar", "2025-06-12",
                                 "قالت قسد إن 6 قتلوا في ريف الميادين", "casualties", district)
    other_village = {**district, "place": "الشحيل", "place_id": "shuhayl",
                     "place_precision": "place"}
    ids["village"] = add_report(glossary_db, "village", "Hawar", "2025-06-12",
                                "قالت قسد إن 3 قتلوا في الشحيل", "casualties", other_village)
    found = suggest_incidents(glossary_db)
    groups = [set(s.claim_ids) for s in found]
    assert {ids["sada"], ids["district"]} in groups or \
        {ids["village"], ids["district"]} in groups
    assert not any({ids["sada"], ids["village"]} <= g for g in groups)
    link = found[0].evidence[0]["reasons"]
    assert "same district: Al-Mayadin" in link


def test_claims_already_on_an_incident_join_it(glossary_db, corpus):
    incident_id = store.add_incident(glossary_db, Incident("Dhiban raid"), "alice")
    store.group(glossary_db, corpus["sada"], incident_id, "alice")
    [found] = suggest_incidents(glossary_db)
    assert found.incident_id == incident_id
    assert sorted(found.claim_ids) == sorted([corpus["dez24"], corpus["watch"]])
    assert corpus["sada"] in found.all_claim_ids


def test_two_incidents_never_merge(glossary_db, corpus):
    for name in ("sada", "dez24"):
        incident_id = store.add_incident(glossary_db, Incident(f"report {name}"), "alice")
        store.group(glossary_db, corpus[name], incident_id, "alice")
    for s in suggest_incidents(glossary_db):
        assert not {corpus["sada"], corpus["dez24"]} <= set(s.all_claim_ids)


# --- the CLI ------------------------------------------------------------------------------

def _suggested(cli) -> list[dict]:
    result = cli("incidents", "suggest", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cli_suggest_shows_evidence_and_figures_by_source(cli, glossary_db, corpus):
    result = cli("incidents", "suggest")
    assert result.exit_code == 0, result.output
    [key] = [s["key"] for s in _suggested(cli)]
    text = result.stdout
    assert text.startswith(f"{key}  casualties  new incident")
    assert "casualties: 4–20" in text
    assert "Sada al-Furat: 4 من عناصر" in text and "Euphrates Watch: about 20 dead" in text
    assert "same actors: Syrian Democratic Forces" in text


def test_cli_accept_creates_the_incident_once(cli, glossary_db, db_path, corpus):
    [suggestion] = _suggested(cli)
    result = cli("incidents", "accept", suggestion["key"], env=AS_AMAL)
    assert result.exit_code == 0, result.output
    [incident] = list(glossary_db.query("SELECT * FROM incidents"))
    assert incident["title"] == "casualties in Dhiban, 2025-06-12"
    assert incident["created_by"] == "amal" and incident["date"] == "2025-06-12"
    on_it = [r["id"] for r in glossary_db.query(
        "SELECT id FROM claims WHERE incident_id = ? ORDER BY id", [incident["id"]])]
    assert on_it == sorted(corpus[n] for n in EVENT)
    history = glossary_db.execute("SELECT COUNT(*) FROM history").fetchone()[0]
    assert glossary_db.execute("SELECT COUNT(*) FROM history WHERE table_name = 'claims' "
                            "AND annotator = 'amal'").fetchone()[0] == 3
    assert _suggested(cli) == []
    again = cli("incidents", "accept", suggestion["key"], env=AS_AMAL)
    assert again.exit_code == 0
    assert "already accepted" in again.stdout and "nothing changed" in again.stdout
    assert glossary_db.execute("SELECT COUNT(*) FROM history").fetchone()[0] == history
    assert glossary_db.execute("SELECT COUNT(*) FROM incidents").fetchone()[0] == 1


def test_cli_reject_is_remembered(cli, glossary_db, corpus):
    [suggestion] = _suggested(cli)
    result = cli("incidents", "reject", suggestion["key"], env=AS_AMAL)
    assert result.exit_code == 0, result.output
    assert _suggested(cli) == []
    [row] = list(glossary_db.query("SELECT * FROM incident_decisions"))
    assert (row["decision"], row["decided_by"]) == ("rejected", "amal")
    again = cli("incidents", "reject", suggestion["key"], env=AS_AMAL)
    assert again.exit_code == 0 and "already rejected" in again.stdout
    accept = cli("incidents", "accept", suggestion["key"], env=AS_AMAL)
    assert accept.exit_code == 1 and "was rejected by amal" in accept.stderr


@pytest.mark.parametrize("key, message", [
    ("zz", "expected a KEY of 10 hex digits"),
    ("0123456789", "no such suggestion"),
])
def test_cli_bad_keys_are_one_line(cli, corpus, key, message):
    for command in ("accept", "reject"):
        result = cli("incidents", command, key, env=AS_AMAL)
        assert result.exit_code == 1
        assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.output


def test_cli_accept_needs_an_annotator(cli, corpus):
    [suggestion] = _suggested(cli)
    result = cli("incidents", "accept", suggestion["key"], env={"WORKBENCH_ANNOTATOR": ""})
    assert result.exit_code == 1 and "who is annotating" in result.stderr


# --- hostile input: whatever the claims, the groups hold together --------------------------

_PLACES = [("dhiban", "Al-Mayadin", "place"), ("shuhayl", "Al-Mayadin", "place"),
           ("", "Al-Mayadin", "district"), ("hajin", "Al-Bukamal", "place"),
           ("", "", "governorate")]


@st.composite
def _items(draw):
    out = []
    for n in range(draw(st.integers(0, 14))):
        place_id, admin2, precision = draw(st.sampled_from(_PLACES))
        first = 739_000 + draw(st.integers(0, 12))
        low = draw(st.none() | st.integers(0, 60))
        out.append(Item(
            id=n + 1, claim_type=draw(st.sampled_from(["attack", "casualties"])),
            outlet=draw(st.sampled_from(["A", "B", "C"])), language="ar",
            incident_id=draw(st.sampled_from([None, None, None, 1, 2])),
            first=first, last=first + draw(st.sampled_from([0, 0, 6])), when="",
            place=place_id or admin2, place_id=place_id, admin1="Deir ez-Zor",
            admin2=admin2, admin3="", place_precision=precision, place_block="a1:Deir ez-Zor",
            actors=[], figures={} if low is None else {"casualties": (low, low)},
            quantities=[], date="", date_end="", date_precision="", claimant="",
            content=""))
    return out


@settings(max_examples=60, deadline=None)
@given(_items())
def test_every_group_is_whole_and_apart_from_the_others(items):
    links = _links(items, set())
    by_id = {x.id: x for x in items}
    seen: set[int] = set()
    for ids, edges in _groups(links):
        assert not seen & set(ids)                     # a claim is in one group at most
        seen |= set(ids)
        assert len(ids) >= 2 and len(edges) == len(ids) - 1
        assert len({by_id[i].claim_type for i in ids}) == 1
        assert len({by_id[i].incident_id for i in ids} - {None}) <= 1
        for i, a in enumerate(ids):                    # complete linkage: every pair fits
            for b in ids[i + 1:]:
                assert compare(by_id[a], by_id[b], set()) is not None


def _item(n: int, precision: str, place_id: str = "", admin2: str = "Al-Mayadin",
          admin3: str = "Dhiban", actors=()) -> Item:
    return Item(id=n, claim_type="attack", outlet="", language="ar", incident_id=None,
                first=739_000, last=739_000, when="", place=place_id or admin3,
                place_id=place_id, admin1="Deir ez-Zor", admin2=admin2, admin3=admin3,
                place_precision=precision, place_block="a1:Deir ez-Zor", actors=list(actors),
                figures={}, quantities=[], date="", date_end="", date_precision="",
                claimant="", content="")


def test_places_compare_at_the_coarser_level():
    from workbench.claims.actors import Actor
    from workbench.claims.incident_suggest import _place_reason
    sdf = Actor("sdf", "Syrian Democratic Forces")
    village = _item(1, "place", "dhiban")
    assert _place_reason(village, _item(2, "subdistrict", "dhiban-sub")) == \
        "same sub-district: Dhiban"
    assert _place_reason(village, _item(3, "district", "mayadin")) == "same district: Al-Mayadin"
    assert _place_reason(village, _item(4, "place", "shuhayl", admin3="Shuhayl")) is None
    assert _place_reason(village, _item(5, "subdistrict", "shuhayl-sub", admin3="Shuhayl")) \
        is None
    governorate = _item(6, "governorate", "gov-deir-ez-zor", admin2="", admin3="")
    assert _place_reason(village, governorate) is None              # no shared actor to go on
    assert _place_reason(_item(7, "place", "dhiban", actors=[sdf]),
                         _item(8, "governorate", "gov", admin2="", admin3="", actors=[sdf])) \
        == "within the governorate: Deir ez-Zor"
