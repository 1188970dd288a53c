"""Pilot tests of the claim keys: choosing which of a segment's claims `s` acts on, the
warning when an accepted suggestion duplicates a tagged claim, and the claim form's cue,
figures and status fields starting from the segment's suggestion. Each reads the database
back."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Input, OptionList, Select, Static

from tests.tui.conftest import ANNOUNCEMENT, SIZE, find_segment, make_test_app, rows
from tests.tui.test_annotate import open_at
from tests.tui.test_incidents import ARRESTS, KILLED, SPOKESMAN, tag
from workbench.claims import store
from workbench.claims.model import Claim
from workbench.store.db import open_db
from workbench.tui.screens.claim_choice import ClaimChoiceScreen
from workbench.tui.screens.claim_form import ClaimFormScreen
from workbench.tui.screens.claim_status import ClaimStatusScreen

pytestmark = pytest.mark.anyio


async def test_s_asks_which_claim_and_acts_on_the_one_chosen(sample_db):
    arrests = tag(sample_db, SPOKESMAN, ARRESTS, "arrest", "سليمان العبو")
    killed = tag(sample_db, SPOKESMAN, KILLED, "casualties", "سليمان العبو")
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(app, pilot, find_segment(sample_db, SPOKESMAN))
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ClaimChoiceScreen)
        assert [c["id"] for c in dialog.claims] == [arrests, killed]
        assert dialog.query_one(OptionList).option_count == 2
        await pilot.press("down", "enter")                  # the second claim
        await pilot.pause()
        assert isinstance(app.screen, ClaimStatusScreen)
        await pilot.press("down", "enter")                  # unverified -> corroborated
        await pilot.pause()
        assert app.screen is app.main
        kind, chosen = app.main.detail.claim_list.selected_entry
        assert (kind, chosen["id"]) == ("claim", killed)
    assert rows(sample_db, "SELECT id, status FROM claims ORDER BY id") == [
        {"id": arrests, "status": "unverified"}, {"id": killed, "status": "corroborated"}]


async def test_accepting_a_duplicate_suggestion_warns_and_adds_nothing(sample_db):
    segment = find_segment(sample_db, ANNOUNCEMENT)
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(app, pilot, segment)
        [(kind, suggestion)] = app.main.detail.claim_list.entries
        claim = suggestion.claim
        db = open_db(sample_db)
        try:      # the same span and type, tagged by hand in another process
            tagged = store.add_claim(db, Claim(segment_id=segment["id"], start=claim.start,
                                               end=claim.end, claim_type=claim.claim_type),
                                     "alice")
        finally:
            db.close()
        app.main.detail.claim_list.select_kind("suggestion")
        await pilot.press("a")
        await pilot.pause()
        warned = [str(n.message) for n in app._notifications]
        assert any(f"duplicates claim {tagged} (same span and type): not added" in m
                   for m in warned), warned
    assert [r["id"] for r in rows(sample_db, "SELECT id FROM claims")] == [tagged]


async def test_the_claim_form_starts_from_the_suggestion_with_cue_figures_and_status(sample_db):
    segment = find_segment(sample_db, SPOKESMAN)
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(app, pilot, segment)
        suggestion = next(item for kind, item in app.main.detail.claim_list.entries
                          if kind == "suggestion")
        await pilot.press("c")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ClaimFormScreen)
        assert form.query_one("#claim-type", Select).value == suggestion.claim.claim_type \
            == "arrest"                                    # not the first type, "attack"
        assert form.query_one("#claim-cue", Input).value == "قال"
        figures = str(form.query_one("#claim-figures", Static).render())
        assert "12" in figures
        assert form.query_one("#claim-status", Select).value == "unverified"
        form.query_one("#claim-status", Select).value = "disputed"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is app.main
    [saved] = rows(sample_db, "SELECT * FROM claims")
    assert (saved["claim_type"], saved["cue"], saved["status"]) == ("arrest", "قال", "disputed")
    assert segment["raw"][saved["cue_start"]:saved["cue_end"]] == "قال"
    assert 12 in [q["value"] for q in json.loads(saved["quantities"])]


async def test_a_cue_not_in_the_segment_is_refused_in_the_form(sample_db):
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(app, pilot, find_segment(sample_db, SPOKESMAN))
        await pilot.press("c")
        await pilot.pause()
        app.screen.query_one("#claim-cue", Input).value = "صرّح"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ClaimFormScreen)
        assert "not in this segment" in str(app.screen.query_one(".form-error").render())
    assert rows(sample_db, "SELECT * FROM claims") == []
