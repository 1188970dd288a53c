"""Pilot tests of the annotation actions: each drives the keys and then reads the database."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Input, Select, TextArea

from tests.tui.conftest import (ANNOUNCEMENT, ARREST, SIZE, add_mt, find_segment, make_test_app,
                                rows, settle)

pytestmark = pytest.mark.anyio

MT_WITH_PROBLEMS = ("Internal Security Forces arrest 12 suspects and kill four militants in the "
                    "Busayra countryside")


async def open_at(app, pilot, segment: dict) -> None:
    """Open the segment's document and move to it with the keys."""
    await settle(app, pilot)
    while app.main.passage.document_id != segment["document_id"]:
        await pilot.press("right_square_bracket")
    await settle(app, pilot)
    await pilot.press("home")          # the app reopens where it was last time
    for _ in range(segment["position"]):
        await pilot.press("j")
    await pilot.pause()
    assert app.main.view.current.id == segment["id"]


@pytest.fixture
def arrest(sample_db) -> dict:
    return find_segment(sample_db, ARREST)


@pytest.fixture
def announcement(sample_db) -> dict:
    return find_segment(sample_db, ANNOUNCEMENT)


async def test_postedit_is_saved_with_one_key_and_recorded(sample_db, arrest):
    sid = arrest["id"]
    add_mt(sample_db, {sid: MT_WITH_PROBLEMS})
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(app, pilot, arrest)
        await pilot.press("e")
        area = app.screen.query_one(TextArea)
        assert area.text == MT_WITH_PROBLEMS
        area.text = "The Internal Security Forces arrested 12 suspects."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is app.main
        assert app.main.view.current.origin == "postedit"
    saved = rows(sample_db, "SELECT * FROM translations WHERE segment_id = ?", [sid])[0]
    assert saved["postedit"] == "The Internal Security Forces arrested 12 suspects."
    assert saved["postedit_by"] == "tester"
    history = rows(sample_db, "SELECT * FROM history WHERE table_name = 'translations' "
                              "AND row_id = ?", [str(sid)])
    assert [h["annotator"] for h in history] == ["tester"]
    assert json.loads(history[0]["after"])["postedit"].startswith("The Internal")


async def test_escape_leaves_the_translation_alone(sample_db, arrest):
    sid = arrest["id"]
    add_mt(sample_db, {sid: MT_WITH_PROBLEMS})
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(app, pilot, arrest)
        await pilot.press("e")
        app.screen.query_one(TextArea).text = "changed my mind"
        await pilot.press("escape")
        await pilot.pause()
    assert rows(sample_db, "SELECT postedit FROM translations WHERE segment_id = ?",
                [sid])[0]["postedit"] is None
    assert rows(sample_db, "SELECT * FROM history WHERE table_name = 'translations'") == []


async def test_glossary_fix_replaces_the_forbidden_rendering(sample_db, arrest):
    sid = arrest["id"]
    add_mt(sample_db, {sid: MT_WITH_PROBLEMS})
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(app, pilot, arrest)
        info = app.main.view.current
        assert {(p.kind, p.term_id) for p in info.problems} == {("forbidden", "murtazaqa"),
                                                                ("missing", "busayrah")}
        states = {m.term_id: m.state for m in info.marks}
        assert states["murtazaqa"] == "forbidden" and states["busayrah"] == "missing"
        assert states["isf"] == "approved"
        await pilot.press("g")
        await pilot.pause()
        after = app.main.view.current
        assert [p.kind for p in after.problems] == ["missing"]
    saved = rows(sample_db, "SELECT * FROM translations WHERE segment_id = ?", [sid])[0]
    assert saved["postedit"] == MT_WITH_PROBLEMS.replace("militants", "mercenaries")
    assert saved["postedit_by"] == "tester"
    assert len(rows(sample_db, "SELECT * FROM history WHERE table_name = 'translations'")) == 1


async def test_add_term_from_the_segment_rematches_at_once(sample_db, arrest):
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(app, pilot, arrest)
        await pilot.press("t")
        # Arabic reads right to left: "left" goes to the next word
        for _ in range(5):
            await pilot.press("left")
        await pilot.press("shift+left")
        assert app.screen.term_ar == "مشتبهاً بهم"
        app.screen.query_one("#term-en", Input).value = "suspects"
        app.screen.query_one("#term-note", Input).value = "people held on suspicion"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        marks = {m.term_id for m in app.main.view.current.marks}
        assert "suspects" in marks
    term = rows(sample_db, "SELECT * FROM terms WHERE id = 'suspects'")[0]
    assert (term["term_ar"], term["approved_en"], term["status"], term["changed_by"],
            term["category"]) == ("مشتبهاً بهم", "suspects", "draft", "tester", "actor")
    assert term["note"] == "people held on suspicion"
    history = rows(sample_db, "SELECT * FROM history WHERE table_name = 'terms' "
                              "AND row_id = 'suspects'")
    assert [(h["action"], h["annotator"]) for h in history] == [("insert", "tester")]


async def test_add_term_refuses_an_empty_english_and_stays_open(sample_db, arrest):
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(app, pilot, arrest)
        await pilot.press("t")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "TermFormScreen"
        assert "English" in str(app.screen.query_one(".form-error").render())
        await pilot.press("escape")
    assert rows(sample_db, "SELECT COUNT(*) AS n FROM terms")[0]["n"] == 84


async def test_tag_a_claim_on_a_selected_span(sample_db, arrest):
    sid = arrest["id"]
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(app, pilot, arrest)
        await pilot.press("c")
        for _ in range(3):
            await pilot.press("left")
        for _ in range(3):
            await pilot.press("shift+left")
        app.screen.query_one("#claim-type", Select).value = "arrest"
        app.screen.query_one("#claim-claimant", Input).value = "Internal Security Forces"
        app.screen.query_one("#claim-date", Input).value = "2025-06-13"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.main.view.current.claims == 1
        assert app.main.detail.claim_list.entries[0][0] == "claim"
    claim = rows(sample_db, "SELECT * FROM claims")[0]
    assert claim["segment_id"] == sid
    assert claim["content"] == "تعتقل 12 مشتبهاً بهم"
    raw = rows(sample_db, "SELECT raw FROM segments WHERE id = ?", [sid])[0]["raw"]
    assert raw[claim["start"]:claim["end"]] == claim["content"]
    figures = json.loads(claim["quantities"])  # the figures in the span, as `claims add` does
    assert [(q["value"], q["raw"]) for q in figures] == [(12, "12 مشتبهاً")]
    assert (claim["claim_type"], claim["claimant"], claim["date"], claim["date_precision"],
            claim["annotator"]) == ("arrest", "Internal Security Forces", "2025-06-13", "day",
                                    "tester")
    assert rows(sample_db, "SELECT action, annotator FROM history WHERE table_name = 'claims'") \
        == [{"action": "insert", "annotator": "tester"}]


async def test_claim_form_shows_a_bad_date_and_saves_nothing(sample_db, arrest):
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(app, pilot, arrest)
        await pilot.press("c")
        app.screen.query_one("#claim-date", Input).value = "13 June"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "ClaimFormScreen"
        assert "date" in str(app.screen.query_one(".form-error").render())
    assert rows(sample_db, "SELECT * FROM claims") == []


async def test_accept_a_suggested_claim_then_change_its_status(sample_db, announcement):
    sid = announcement["id"]
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(app, pilot, announcement)
        entries = app.main.detail.claim_list.entries
        assert [kind for kind, _ in entries] == ["suggestion"]
        await pilot.press("a")
        await pilot.pause()
        assert [kind for kind, _ in app.main.detail.claim_list.entries] == ["claim"]
        claim = rows(sample_db, "SELECT * FROM claims")[0]
        assert (claim["segment_id"], claim["cue"], claim["claim_type"], claim["annotator"]) \
            == (sid, "أعلنت", "operation", "tester")
        await pilot.press("s")
        await pilot.press("down")          # unverified -> corroborated
        await pilot.press("tab")
        await pilot.press(*"two outlets")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.main
    claim = rows(sample_db, "SELECT * FROM claims")[0]
    assert (claim["status"], claim["status_note"]) == ("corroborated", "two outlets")
    history = rows(sample_db, "SELECT action, annotator FROM history WHERE table_name = 'claims' "
                              "ORDER BY id")
    assert history == [{"action": "insert", "annotator": "tester"},
                       {"action": "update", "annotator": "tester"}]


async def test_rejected_suggestion_is_stored_and_not_offered_again(sample_db, announcement):
    """`x` rejects through the core (`claims.store.reject_suggestion`, as `workbench claims
    reject` does): stored, in history, and `workbench claims suggest` no longer lists it."""
    from click.testing import CliRunner

    from workbench.cli import main

    def suggested(*extra: str) -> list[dict]:
        result = CliRunner().invoke(main, ["--db", str(sample_db), "claims", "suggest", "--doc",
                                           str(announcement["document_id"]), "--json", *extra])
        assert result.exit_code == 0, result.output
        return [s for s in json.loads(result.stdout) if s["segment_id"] == announcement["id"]]

    [offered] = suggested()
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(app, pilot, announcement)
        assert len(app.main.detail.claim_list.entries) == 1
        await pilot.press("x")
        await pilot.pause()
        assert app.main.detail.claim_list.entries == []
    assert rows(sample_db, "SELECT * FROM claims") == []
    [stored] = rows(sample_db, "SELECT * FROM rejected_suggestions")
    assert (stored["segment_id"], stored["rejected_by"], stored["content"]) \
        == (announcement["id"], "tester", offered["content"])
    raw = announcement["raw"]
    assert raw[stored["cue_start"]:stored["cue_end"]] == "أعلنت"
    history = rows(sample_db, "SELECT * FROM history WHERE table_name = 'rejected_suggestions'")
    assert [(h["action"], h["annotator"], h["row_id"]) for h in history] \
        == [("insert", "tester", stored["key"])]
    assert suggested() == []
    assert [(s["key"], s["rejected_by"]) for s in suggested("--all")] \
        == [(offered["key"], "tester")]
    again = make_test_app(sample_db)
    async with again.run_test(size=SIZE) as pilot:
        await open_at(again, pilot, announcement)
        assert again.main.detail.claim_list.entries == []


async def test_nobody_annotating_is_asked_once_and_saved(sample_db, arrest):
    from workbench import config
    sid = arrest["id"]
    add_mt(sample_db, {sid: MT_WITH_PROBLEMS})
    app = make_test_app(sample_db, annotator=None)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(app, pilot, arrest)
        await pilot.press("g")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "AnnotatorScreen"
        await pilot.press(*"maria", "enter")
        await pilot.pause()
        assert app.annotator == "maria"
    assert config.load()["annotator"] == "maria"
    saved = rows(sample_db, "SELECT postedit_by FROM translations WHERE segment_id = ?", [sid])
    assert saved == [{"postedit_by": "maria"}]


async def test_a_postedit_shows_as_a_100_percent_match_elsewhere_and_m_accepts_it(sample_db,
                                                                                   arrest):
    from workbench.mt.memory import save_postedit
    from workbench.store.db import open_db
    from workbench.store.documents import NewDocument, NewSegment, save_document
    db = open_db(sample_db)
    save_postedit(db, arrest["id"], "The ISF arrested 12 suspects.", "amira")
    doc = save_document(db, NewDocument("updated", "updated\n" + arrest["raw"],
                                        [NewSegment(arrest["raw"])], title="Updated report",
                                        language="ar"))
    db.close()
    copy = rows(sample_db, "SELECT id, document_id, position FROM segments WHERE document_id = ?",
                [doc.document_id])[0]
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(app, pilot, copy)
        info = app.main.view.current
        assert (info.origin, info.english, info.match_from) == (
            "match", "The ISF arrested 12 suspects.", arrest["id"])
        assert "100% match: amira's post-edit" in str(app.main.detail.query_one("#detail-top")
                                                      .render())
        assert rows(sample_db, "SELECT * FROM translations WHERE segment_id = ?",
                    [copy["id"]]) == []                   # offered, not written
        await pilot.press("M")
        await pilot.pause()
        assert app.main.view.current.origin == "postedit"
        await pilot.press("M")                            # nothing left to accept
        await pilot.pause()
    saved = rows(sample_db, "SELECT * FROM translations WHERE segment_id = ?", [copy["id"]])[0]
    assert (saved["postedit"], saved["postedit_by"]) == ("The ISF arrested 12 suspects.", "tester")
    assert [h["annotator"] for h in rows(
        sample_db, "SELECT annotator FROM history WHERE table_name = 'translations' AND row_id = ?",
        [str(copy["id"])])] == ["tester"]
