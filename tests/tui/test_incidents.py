"""Pilot tests of incidents and claim editing in the UI: a claim put on a new incident, on one
that exists, and taken off (i); the incidents screen comparing two outlets' figures side by
side (I) and opening a claim at its segment; a saved claim's fields corrected (E). Each drives
the keys, then reads the database back."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static

from tests.tui.conftest import SIZE, find_segment, make_test_app, rows, settle
from tests.tui.test_annotate import open_at
from workbench.claims import store
from workbench.claims.model import Claim, Incident
from workbench.claims.suggest import figures_in
from workbench.store.db import open_db
from workbench.tui import render
from workbench.tui.screens.claim_form import ClaimFormScreen
from workbench.tui.screens.incident_choice import IncidentChoiceScreen
from workbench.tui.screens.incident_form import IncidentFormScreen
from workbench.tui.screens.incidents import ClaimCard, IncidentsScreen

pytestmark = pytest.mark.anyio

SPOKESMAN = "وقال الناطق باسم"          # the ISF spokesman: 12 arrested, four killed
HEADLINE = "Residents say SDF raid"     # Euphrates Watch: about 20 dead
KILLED = "ومقتل أربعة من الـ.ـمرتزقة"
ABOUT_20 = "SDF raid on Deir El-Zor village left about 20 dead"
ARRESTS = "اعتقال 12 مشتبهاً بانتمائهم للخلايا النائمة،"   # ends on a comma, not a word


def tag(path: Path, prefix: str, words: str, claim_type: str, claimant: str, **fields) -> int:
    """A claim on the words of the sample segment starting with `prefix`, saved by alice
    with the figures found in it (as `workbench claims add` does)."""
    segment = find_segment(path, prefix)
    start = segment["raw"].index(words)
    end = start + len(words)
    db = open_db(path)
    try:
        return store.add_claim(db, Claim(
            segment_id=segment["id"], start=start, end=end, claim_type=claim_type,
            claimant=claimant, quantities=figures_in(segment["raw"], start, end, claim_type),
            **fields), "alice")
    finally:
        db.close()


def incident(path: Path, title: str, *claim_ids: int, **fields) -> int:
    db = open_db(path)
    try:
        with db.atomic():
            incident_id = store.add_incident(db, Incident(title, **fields), "alice")
            for claim_id in claim_ids:
                store.group(db, claim_id, incident_id, "alice")
        return incident_id
    finally:
        db.close()


def claim_history(path: Path, claim_id: int) -> list[dict]:
    return rows(path, "SELECT * FROM history WHERE table_name = 'claims' AND row_id = ? "
                      "ORDER BY id", [str(claim_id)])


def shown(screen) -> str:
    """The text the incidents screen shows: the figures, then each claim card."""
    parts = [str(screen.query_one("#incident-summary", Static).render())]
    parts += [str(card.render()) for card in screen.query(ClaimCard)]
    empty = screen.query_one("#incident-empty", Static)
    if empty.display:
        parts.append(str(empty.render()))
    return "\n".join(parts)


@pytest.fixture
def killed(sample_db) -> int:
    return tag(sample_db, SPOKESMAN, KILLED, "casualties", "العقيد سليمان العبو",
               date="2025-06-12", place="الحمادية الشرقية")


@pytest.fixture
def two_outlets(sample_db, killed) -> tuple[int, int, int]:
    """The spokesman's four killed (Sada al-Furat) and the residents' about 20 dead
    (Euphrates Watch) on one incident."""
    dead = tag(sample_db, HEADLINE, ABOUT_20, "casualties", "Residents")
    incident_id = incident(sample_db, "Raid on al-Hamadiya al-Sharqiya", killed, dead,
                           date="2025-06-11")
    return incident_id, killed, dead


# --- putting a claim on an incident (i) -------------------------------------------------

async def test_put_a_claim_on_a_new_incident(sample_db, killed):
    segment = find_segment(sample_db, SPOKESMAN)
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(app, pilot, segment)
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, IncidentChoiceScreen)
        assert app.screen.choices == [("new", None)]           # no incident yet, none to leave
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, IncidentFormScreen)
        # the claim's date and place are offered as the incident's
        assert form.query_one("#incident-date", Input).value == "2025-06-12"
        assert form.query_one("#incident-place", Input).value == "الحمادية الشرقية"
        await pilot.press(*"Raid on Hamadiya")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.main
        prompt = app.main.detail.claim_list.get_option_at_index(0).prompt
        assert "◇ Raid on Hamadiya" in str(prompt)
    [made] = rows(sample_db, "SELECT * FROM incidents")
    assert (made["title"], made["date"], made["place"], made["created_by"]) == (
        "Raid on Hamadiya", "2025-06-12", "الحمادية الشرقية", "tester")
    assert rows(sample_db, "SELECT incident_id FROM claims WHERE id = ?", [killed]) == [
        {"incident_id": made["id"]}]
    assert [(h["action"], h["annotator"]) for h in rows(
        sample_db, "SELECT * FROM history WHERE table_name = 'incidents'")] == [("insert", "tester")]
    insert, update = claim_history(sample_db, killed)
    assert (insert["annotator"], update["action"], update["annotator"]) == ("alice", "update",
                                                                          "tester")
    assert json.loads(update["before"])["incident_id"] is None
    assert json.loads(update["after"])["incident_id"] == made["id"]


async def test_a_new_incident_needs_a_title_and_saves_nothing_without(sample_db, killed):
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(app, pilot, find_segment(sample_db, SPOKESMAN))
        await pilot.press("i", "enter")
        await pilot.pause()
        form = app.screen
        form.query_one("#incident-date", Input).value = "June"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "title" in str(form.query_one(".form-error", Static).render())
        form.query_one("#incident-title", Input).value = "Raid"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "date 'June'" in str(form.query_one(".form-error", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main
    assert rows(sample_db, "SELECT * FROM incidents") == []
    assert rows(sample_db, "SELECT incident_id FROM claims") == [{"incident_id": None}]
    assert len(claim_history(sample_db, killed)) == 1


async def test_put_a_claim_on_an_existing_incident(sample_db, killed):
    other = incident(sample_db, "Checkpoint attack", date="2025-06-10")
    raid = incident(sample_db, "Raid on al-Hamadiya al-Sharqiya", date="2025-06-11")
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(app, pilot, find_segment(sample_db, SPOKESMAN))
        await pilot.press("i")
        await pilot.pause()
        dialog = app.screen
        assert dialog.choices == [("group", other), ("group", raid), ("new", None)]
        listed = str(dialog.query_one(OptionList).get_option_at_index(1).prompt)
        assert "Raid on al-Hamadiya al-Sharqiya" in listed and "0 claims · 2025-06-11" in listed
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen is app.main
    assert rows(sample_db, "SELECT incident_id FROM claims WHERE id = ?", [killed]) == [
        {"incident_id": raid}]
    update = claim_history(sample_db, killed)[-1]
    assert (update["action"], update["annotator"]) == ("update", "tester")
    assert json.loads(update["after"])["incident_id"] == raid
    assert len(rows(sample_db, "SELECT * FROM incidents")) == 2       # nothing new made


async def test_take_a_claim_off_its_incident(sample_db, two_outlets):
    incident_id, killed, dead = two_outlets
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(app, pilot, find_segment(sample_db, SPOKESMAN))
        await pilot.press("i")
        await pilot.pause()
        dialog = app.screen
        assert dialog.choices == [("group", incident_id), ("new", None), ("off", None)]
        assert dialog.query_one(OptionList).highlighted == 0        # where it is now
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.screen is app.main
        assert "◇" not in str(app.main.detail.claim_list.get_option_at_index(0).prompt)
    assert rows(sample_db, "SELECT id, incident_id FROM claims ORDER BY id") == [
        {"id": killed, "incident_id": None}, {"id": dead, "incident_id": incident_id}]
    update = claim_history(sample_db, killed)[-1]
    assert (update["action"], update["annotator"]) == ("update", "tester")
    assert (json.loads(update["before"])["incident_id"],
            json.loads(update["after"])["incident_id"]) == (incident_id, None)


async def test_i_without_a_saved_claim_says_so(sample_db):
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(app, pilot, find_segment(sample_db, SPOKESMAN))
        await pilot.press("i")
        await pilot.pause()
        assert app.screen is app.main
        assert any("no saved claim" in str(n.message) for n in app._notifications)
    assert rows(sample_db, "SELECT * FROM history WHERE table_name = 'claims'") == []


# --- the incidents screen (I) -----------------------------------------------------------

async def test_incidents_screen_puts_two_outlets_figures_side_by_side(sample_db, two_outlets):
    incident_id, killed, dead = two_outlets
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("I")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, IncidentsScreen)
        listed = str(screen.query_one("#incident-list", OptionList).get_option_at_index(0).prompt)
        assert "Raid on al-Hamadiya al-Sharqiya" in listed and "2 claims · 2025-06-11" in listed
        text = shown(screen)
        # the range per kind, and who reported each figure (the core's incident_summary)
        assert "casualties: 4–20" in text
        assert "4 per " + render.inline("العقيد سليمان العبو") in text
        assert "20 (approximate) per Residents · EUPHRATES WATCH" in text
        # one card per claim, next to each other, each with its outlet and its figure
        first, second = screen.query(ClaimCard)
        assert first.region.y == second.region.y and first.region.x < second.region.x
        one, two = str(first.render()), str(second.render())
        assert "SADA AL-FURAT NETWORK" in one and "EUPHRATES WATCH" in two
        assert "\n4 casualties" in one and "\n20 (approximate) casualties" in two
        assert render.inline("العقيد سليمان العبو") in one and "Residents" in two
        assert "date: 2025-06-12" in one and "date: ?" in two
        assert render.inline("الحمادية الشرقية") in one
        assert render.wrapped(KILLED, screen._card_width()).strip() in one   # Arabic, reordered
        assert ABOUT_20 in " ".join(two.split())
        assert first.has_class("-selected") and not second.has_class("-selected")


async def test_enter_opens_the_chosen_claim_at_its_segment(sample_db, two_outlets):
    incident_id, killed, dead = two_outlets
    headline = find_segment(sample_db, HEADLINE)
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.main.passage.document_id != headline["document_id"]
        await pilot.press("I")
        await pilot.pause()
        screen = app.screen
        await pilot.press("right")
        await pilot.pause()
        assert [c.has_class("-selected") for c in screen.query(ClaimCard)] == [False, True]
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is app.main
        assert app.main.passage.document_id == headline["document_id"]
        assert app.main.view.current.id == headline["id"]
        kind, claim = app.main.detail.claim_list.selected_entry
        assert (kind, claim["id"]) == ("claim", dead)


async def test_incidents_screen_without_incidents_says_how_to_make_one(sample_db):
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("I")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, IncidentsScreen)
        empty = " ".join(str(screen.query_one("#incident-empty", Static).render()).split())
        assert "No incidents yet" in empty
        assert "press i to put it on a new incident" in empty
        assert "workbench incidents add TITLE" in empty
        assert not screen.query_one("#incident-figures").display
        await pilot.press("right", "enter")           # nothing to choose: a notice, no jump
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("q")
        await pilot.pause()
        assert app.screen is app.main


async def test_the_palette_and_the_help_offer_the_incident_keys(sample_db, two_outlets):
    from rich.console import Console

    from workbench.tui import keys
    from workbench.tui.commands import ActionsProvider
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        main_listed = [hit.text async for hit in ActionsProvider(app.main).discover()]
        for description in ("Put the claim on an incident (i)", "Edit the claim's fields (E)",
                            "Incidents: figures side by side (I)"):
            assert description in main_listed
        await pilot.press("I")
        await pilot.pause()
        screen = app.screen
        listed = [hit.text async for hit in ActionsProvider(screen).discover()]
        assert [t.split(" (")[0] for t in listed] == [b.description for b in keys.INCIDENTS]
        await pilot.press("question_mark")
        await pilot.pause()
        console = Console(width=120, record=True, file=io.StringIO())
        console.print(app.screen.table)
        help_text = console.export_text()
        assert all(b.description in help_text for b in keys.INCIDENTS)


# --- editing a saved claim (E) ----------------------------------------------------------

async def test_edit_a_claims_fields_writes_only_what_changed(sample_db):
    arrests = tag(sample_db, SPOKESMAN, ARRESTS, "arrest", "سليمان العبو", date="2025-06")
    before = rows(sample_db, "SELECT * FROM claims WHERE id = ?", [arrests])[0]
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(app, pilot, find_segment(sample_db, SPOKESMAN))
        await pilot.press("E")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ClaimFormScreen)
        assert str(form.query_one(".dialog-title").render()) == (
            f"Edit claim #{arrests} in segment 3")
        assert form.query_one("#claim-claimant", Input).value == "سليمان العبو"
        assert form.query_one("#claim-date", Input).value == "2025-06"
        form.query_one("#claim-claimant", Input).value = "العقيد سليمان العبو"
        form.query_one("#claim-claimant_role", Input).value = "spokesman"
        form.query_one("#claim-date", Input).value = "2025-06-12"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is app.main
    after = rows(sample_db, "SELECT * FROM claims WHERE id = ?", [arrests])[0]
    assert (after["claimant"], after["claimant_role"], after["date"], after["date_precision"]) == (
        "العقيد سليمان العبو", "spokesman", "2025-06-12", "day")
    # the span stays as saved (it ends on a comma, which the word picker would drop)
    changed = {k for k in after if after[k] != before[k]}
    assert changed == {"claimant", "claimant_role", "date", "date_precision", "updated_at"}
    assert after["content"] == ARRESTS
    insert, update = claim_history(sample_db, arrests)
    assert (update["action"], update["annotator"]) == ("update", "tester")
    assert json.loads(update["before"])["claimant"] == "سليمان العبو"
    assert json.loads(update["after"])["claimant"] == "العقيد سليمان العبو"


async def test_edit_with_nothing_changed_writes_nothing(sample_db, killed):
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(app, pilot, find_segment(sample_db, SPOKESMAN))
        await pilot.press("E")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is app.main
        assert any("nothing changed" in str(n.message) for n in app._notifications)
    assert [h["action"] for h in claim_history(sample_db, killed)] == ["insert"]


async def test_edit_shows_a_bad_date_in_the_form_and_writes_nothing(sample_db, killed):
    before = rows(sample_db, "SELECT * FROM claims WHERE id = ?", [killed])
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(app, pilot, find_segment(sample_db, SPOKESMAN))
        await pilot.press("E")
        await pilot.pause()
        form = app.screen
        form.query_one("#claim-date", Input).value = "13 June"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "date '13 June'" in str(form.query_one(".form-error", Static).render())
        await pilot.press("escape")
        await pilot.pause()
    assert rows(sample_db, "SELECT * FROM claims WHERE id = ?", [killed]) == before
    assert [h["action"] for h in claim_history(sample_db, killed)] == ["insert"]


async def test_edit_a_claims_span_reads_its_figures_again(sample_db):
    both = "اعتقال 12 مشتبهاً بانتمائهم للخلايا النائمة، ومقتل أربعة من الـ.ـمرتزقة"
    claim_id = tag(sample_db, SPOKESMAN, both, "arrest", "سليمان العبو")
    saved = rows(sample_db, "SELECT quantities FROM claims WHERE id = ?", [claim_id])[0]
    assert [q["value"] for q in json.loads(saved["quantities"])] == [12, 4]
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(app, pilot, find_segment(sample_db, SPOKESMAN))
        await pilot.press("E")
        await pilot.pause()
        # Arabic reads right to left: shift+right takes the last three words off the span
        await pilot.press("shift+right", "shift+right", "shift+right", "ctrl+s")
        await pilot.pause()
        assert app.screen is app.main
    after = rows(sample_db, "SELECT content, quantities FROM claims WHERE id = ?", [claim_id])[0]
    assert after["content"] == "اعتقال 12 مشتبهاً بانتمائهم للخلايا النائمة، ومقتل"
    assert [(q["raw"], q["event"]) for q in json.loads(after["quantities"])] == [
        ("12 مشتبهاً", "arrest")]
    update = claim_history(sample_db, claim_id)[-1]
    assert (update["action"], update["annotator"]) == ("update", "tester")
