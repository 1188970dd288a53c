"""Pilot tests of the incidents screen's suggested incidents (shown with their evidence and
figures by outlet, accepted with `a`, rejected with `x`) and of the outlets screen (`O`),
on the sample database plus the incident corpus written for the tests."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, Static

from tests.claims.incident_corpus import DHIBAN, add_corpus, add_report
from tests.tui.conftest import SIZE, make_test_app, rows, settle
from tests.tui.test_incidents import shown
from workbench.store.db import open_db
from workbench.tui.screens.incidents import ClaimCard, IncidentsScreen
from workbench.tui.screens.outlets import OutletsScreen

pytestmark = pytest.mark.anyio


@pytest.fixture
def two_events(sample_db):
    """The Dhiban raid (three outlets) and an arrest in Dhiban told by two."""
    db = open_db(sample_db)
    try:
        ids = add_corpus(db)
        ids["arrest2"] = add_report(db, "arrest2", "Hawar", "2025-06-12",
                                    "وقالت قسد إنها اعتقلت 12 شخصاً في ذيبان", "arrest",
                                    {**DHIBAN, "date": "2025-06-12", "date_precision": "day"})
    finally:
        db.close()
    return ids


async def _incidents(app, pilot) -> IncidentsScreen:
    await settle(app, pilot)
    await pilot.press("I")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, IncidentsScreen)
    await app.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def test_suggested_incidents_are_shown_accepted_and_rejected(sample_db, two_events):
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _incidents(app, pilot)
        listing = screen.query_one("#incident-list", OptionList)
        assert listing.option_count == 2 and [s.claim_type for s in screen.suggested] == [
            "casualties", "arrest"]
        assert "suggested" in str(listing.get_option_at_index(0).prompt)
        text = shown(screen)
        assert "Suggested incident" in text and "casualties: 4–20" in text
        assert "per Euphrates Watch" in text and "same actors: Syrian Democratic Forces" in text
        assert len(screen.query(ClaimCard)) == 3
        await pilot.press("a")
        await app.workers.wait_for_complete()
        await pilot.pause()
        [incident] = rows(sample_db, "SELECT * FROM incidents")
        assert incident["created_by"] == "tester"
        on_it = rows(sample_db, "SELECT id FROM claims WHERE incident_id = ? ORDER BY id",
                     [incident["id"]])
        assert [r["id"] for r in on_it] == sorted(two_events[n] for n in ("sada", "dez24", "watch"))
        assert [s.claim_type for s in screen.suggested] == ["arrest"]
        assert listing.option_count == 2            # the new incident, then the arrest
        listing.highlighted = 1
        await pilot.pause()
        await pilot.press("x")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.suggested == [] and listing.option_count == 1
    decisions = rows(sample_db, "SELECT decision, decided_by FROM incident_decisions "
                                "ORDER BY decided_at, decision")
    assert sorted(d["decision"] for d in decisions) == ["accepted", "rejected"]
    assert {d["decided_by"] for d in decisions} == {"tester"}


async def test_outlets_screen_shows_and_compares_loaded_vocabulary(sample_db):
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("O")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OutletsScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        names = [p.outlet for p in screen.profiles]
        assert "EUPHRATES WATCH" in names and len(names) == 6
        first = str(screen.query_one("#outlet-profile", Static).render())
        assert first.startswith("EUPHRATES WATCH") and "militias ×2" in first
        assert "of: Syrian Democratic Forces 2" in first
        await pilot.press("c", "down")
        await pilot.pause()
        assert screen.query_one("#outlet-second").display
        other = str(screen.query_one("#outlet-other", Static).render())
        assert other.startswith("JAZIRA PULSE AGENCY") and "◆" in other
        await pilot.press("q")
        await pilot.pause()
        assert app.screen is app.main
