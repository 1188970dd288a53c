"""Pilot tests of adjudicating merge conflicts in the UI: two annotators' copies of the sample
database disagree on a post-edit and on a claim's status, one is merged into the other, and
the keys of the conflicts screen settle them; then the database is read back."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static, TextArea

from tests.team.helpers import claim, close
from tests.tui.conftest import ANNOUNCEMENT, ARREST, SIZE, make_test_app, rows, settle
from workbench.mt.memory import save_postedit
from workbench.store.db import open_db
from workbench.team.merge import merge
from workbench.tui.screens.conflicts import ConflictsScreen
from workbench.tui.screens.conflict_value import ConflictValueScreen

pytestmark = pytest.mark.anyio

ALICE_EN = "The Internal Security Forces arrested 12 suspects."
BOB_EN = "Internal Security Forces detain 12 suspects."


def merged_copy(template: Path, tmp_path: Path) -> Path:
    """Bob's copy of the sample database after merging Alice's: the two post-edited the arrest
    headline differently and gave the announcement claim different statuses."""
    alice_path, bob_path = tmp_path / "alice.db", tmp_path / "bob.db"
    shutil.copy(template, alice_path)
    shutil.copy(template, bob_path)
    alice, bob = open_db(alice_path), open_db(bob_path)
    for db, who, english, status in ((alice, "alice", ALICE_EN, "corroborated"),
                                     (bob, "bob", BOB_EN, "disputed")):
        arrest = db.execute("SELECT id FROM segments WHERE raw LIKE ?", [ARREST + "%"]).fetchone()[0]
        announcement = db.execute("SELECT id FROM segments WHERE raw LIKE ?",
                                  [ANNOUNCEMENT + "%"]).fetchone()[0]
        save_postedit(db, arrest, english, who)
        claim(db, announcement, 0, len(ANNOUNCEMENT), "operation", who, status=status)
    close(alice)
    merge(bob, alice_path, "bob")
    close(bob)
    return bob_path


@pytest.fixture
def merged_db(sample_template, tmp_path) -> Path:
    return merged_copy(sample_template, tmp_path)


def conflict_rows(path: Path) -> list[dict]:
    return rows(path, "SELECT * FROM conflicts ORDER BY id")


async def open_conflicts(app, pilot) -> ConflictsScreen:
    await settle(app, pilot)
    await pilot.press("C")
    await pilot.pause()
    assert isinstance(app.screen, ConflictsScreen)
    return app.screen


async def test_pick_theirs_and_write_a_new_value(merged_db):
    app = make_test_app(merged_db, annotator="dana")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.main.status.facts["conflicts"][0] == "2 open conflicts (C)"
        screen = await open_conflicts(app, pilot)
        assert [(c.table, c.field) for c in screen.conflicts] == [
            ("translations", "postedit"), ("claims", "status")]
        assert screen.query_one(OptionList).highlighted == 0
        ours = screen.query_one("#conflict-ours", Static)
        assert ours.border_title == "ours · bob"
        assert screen.query_one("#conflict-theirs", Static).border_title == "theirs · alice"

        await pilot.press("t")                      # the post-edit: keep Alice's
        await pilot.pause()
        assert [c.table for c in screen.conflicts] == ["claims"]
        assert app.main.status.facts["conflicts"][0] == "1 open conflict (C)"

        await pilot.press("v")                      # the claim status: neither side
        assert isinstance(app.screen, ConflictValueScreen)
        area = app.screen.query_one(TextArea)
        assert area.text == "disputed"
        area.text = "unverified"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert screen.conflicts == []
        assert "no open conflicts" in str(screen.query_one("#conflict-count", Static).render())
        assert "conflicts" not in app.main.status.facts

        await pilot.press("a")                      # the resolved ones are still there
        await pilot.pause()
        assert [c.status for c in screen.conflicts] == ["resolved", "resolved"]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main

    postedit, status = conflict_rows(merged_db)
    assert (postedit["status"], postedit["resolved_how"], postedit["resolved_by"]) == (
        "resolved", "theirs", "dana")
    assert (status["status"], status["resolved_how"], status["resolved_by"]) == (
        "resolved", "value", "dana")
    assert json.loads(status["resolution"]) == "unverified"

    [translation] = rows(merged_db, "SELECT * FROM translations WHERE segment_id = ?",
                         [int(postedit["row_id"])])
    assert (translation["postedit"], translation["postedit_by"]) == (ALICE_EN, "alice")
    claims = rows(merged_db, "SELECT annotator, status FROM claims WHERE id IN (?, ?) "
                             "ORDER BY annotator", [int(status["row_id"]), int(status["other_row_id"])])
    assert claims == [{"annotator": "alice", "status": "unverified"},
                      {"annotator": "bob", "status": "unverified"}]

    resolves = rows(merged_db, "SELECT * FROM history WHERE table_name = 'conflicts' "
                               "AND action = 'resolve' ORDER BY id")
    assert [(r["row_id"], r["annotator"]) for r in resolves] == [
        (str(postedit["id"]), "dana"), (str(status["id"]), "dana")]
    for entry, ours, theirs in ((resolves[0], BOB_EN, ALICE_EN),
                                (resolves[1], "disputed", "corroborated")):
        for side in (json.loads(entry["before"]), json.loads(entry["after"])):
            assert (json.loads(side["ours"]), json.loads(side["theirs"])) == (ours, theirs)
    changed = rows(merged_db, "SELECT before, after FROM history WHERE table_name = 'translations' "
                              "AND row_id = ? AND annotator = 'dana'", [postedit["row_id"]])
    assert [(json.loads(h["before"])["postedit"], json.loads(h["after"])["postedit"])
            for h in changed] == [(BOB_EN, ALICE_EN)]


async def test_a_value_the_field_cannot_take_keeps_the_dialog_open(merged_db):
    app = make_test_app(merged_db, annotator="dana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_conflicts(app, pilot)
        await pilot.press("down", "v")
        dialog = app.screen
        assert isinstance(dialog, ConflictValueScreen)
        dialog.query_one(TextArea).text = "probably"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert "probably" in str(dialog.query_one(".form-error", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("up", "o")                # keep ours for the post-edit
        await pilot.pause()
    assert [(c["status"], c["resolved_how"]) for c in conflict_rows(merged_db)] == [
        ("resolved", "ours"), ("open", None)]
    assert rows(merged_db, "SELECT status FROM claims WHERE annotator = 'bob'") == [
        {"status": "disputed"}]
    assert rows(merged_db, "SELECT postedit FROM translations WHERE postedit_by = 'bob'") == [
        {"postedit": BOB_EN}]


async def test_nobody_annotating_is_asked_first(merged_db):
    app = make_test_app(merged_db, annotator=None)
    async with app.run_test(size=SIZE) as pilot:
        await open_conflicts(app, pilot)
        await pilot.press("t")
        await pilot.pause()
        await pilot.press(*"erin", "enter")
        await pilot.pause()
    assert [(c["status"], c["resolved_by"]) for c in conflict_rows(merged_db)] == [
        ("resolved", "erin"), ("open", None)]


async def test_a_database_without_conflicts(sample_db):
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "conflicts" not in app.main.status.facts
        screen = await open_conflicts(app, pilot)
        assert screen.conflicts == []
        assert "no open conflicts" in str(screen.query_one("#conflict-count", Static).render())
        await pilot.press("o", "v", "a")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("q")
        await pilot.pause()
        assert app.screen is app.main
    assert rows(sample_db, "SELECT * FROM history WHERE table_name = 'conflicts'") == []


async def test_a_merge_by_another_process_shows_in_the_status_bar(sample_db, tmp_path):
    alice_path = tmp_path / "alice.db"
    shutil.copy(sample_db, alice_path)
    alice = open_db(alice_path)
    arrest = alice.execute("SELECT id FROM segments WHERE raw LIKE ?", [ARREST + "%"]).fetchone()[0]
    save_postedit(alice, arrest, ALICE_EN, "alice")
    close(alice)
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "conflicts" not in app.main.status.facts
        db = open_db(sample_db)          # another process: a post-edit, then a merge
        save_postedit(db, arrest, BOB_EN, "bob")
        merge(db, alice_path, "bob")
        db.close()
        app.refresh_data()
        await pilot.pause()
        assert app.main.status.facts["conflicts"][0] == "1 open conflict (C)"


async def test_the_palette_and_the_help_offer_the_screens_own_keys(merged_db):
    from rich.console import Console

    from workbench.tui import keys
    from workbench.tui.commands import ActionsProvider
    app = make_test_app(merged_db, annotator="dana")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_conflicts(app, pilot)
        listed = [hit.text async for hit in ActionsProvider(screen).discover()]
        assert [t.split(" (")[0] for t in listed] == [b.description for b in keys.CONFLICTS]
        await pilot.press("ctrl+p")
        await pilot.press(*"keep theirs")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("question_mark")
        await pilot.pause()
        console = Console(width=120, record=True)
        console.print(app.screen.table)
        shown = console.export_text()
        assert all(b.description in shown for b in keys.CONFLICTS)
    assert [(c["status"], c["resolved_how"]) for c in conflict_rows(merged_db)] == [
        ("resolved", "theirs"), ("open", None)]
