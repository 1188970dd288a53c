"""The figures a claim's span brings are one decision (`claims.spans`), whichever face tags the
span: the UI's `c` and `E`, and `workbench claims add` and `claims edit`, give the same
quantities for the same span."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from textual.widgets import Select

from tests.tui.conftest import SIZE, find_segment, make_test_app, rows
from tests.tui.test_annotate import open_at
from workbench.claims import store
from workbench.claims.model import Claim
from workbench.store.db import open_db
from workbench.tui.screens.claim_choice import ClaimChoiceScreen
from workbench.tui.widgets.span_picker import SpanPicker

pytestmark = pytest.mark.anyio

SPOKESMAN = "وقال الناطق باسم"
ARRESTS = "اعتقال 12 مشتبهاً بانتمائهم للخلايا النائمة،"
BOTH = "اعتقال 12 مشتبهاً بانتمائهم للخلايا النائمة، ومقتل أربعة من الـ.ـمرتزقة"
# read by hand off the sentence: 12 arrested, four (of the mercenaries) killed
EXPECTED = [(12, "arrest"), (4, "casualties")]


def workbench(db_path, *args) -> dict:
    from workbench.cli import main
    result = CliRunner().invoke(main, ["--db", str(db_path), "--annotator", "amal", *map(str, args)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if "--json" in args else {}


def figures(db_path, claim_id: int) -> list[dict]:
    [row] = rows(db_path, "SELECT content, quantities FROM claims WHERE id = ?", [claim_id])
    assert row["content"] == BOTH
    return json.loads(row["quantities"])


async def test_every_face_attaches_the_same_figures_to_the_same_span(sample_db):
    segment = find_segment(sample_db, SPOKESMAN)
    start = segment["raw"].index(BOTH)
    end = start + len(BOTH)
    db = open_db(sample_db)
    try:      # a claim on part of the span, for the UI to move (no figures of its own yet)
        moved_in_ui = store.add_claim(db, Claim(
            segment_id=segment["id"], start=start, end=start + len(ARRESTS), claim_type="arrest"),
            "alice")
    finally:
        db.close()

    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_at(app, pilot, segment)
        await pilot.press("c")                               # the UI's tag
        await pilot.pause()
        app.screen.query_one(SpanPicker).select(start, end)
        app.screen.query_one("#claim-type", Select).value = "arrest"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is app.main
        tagged_in_ui = rows(sample_db, "SELECT MAX(id) AS id FROM claims")[0]["id"]

        app.main.detail.claim_list.select_kind("claim")      # the first: the one to move
        await pilot.press("E")                               # the UI's edit: extend the span
        await pilot.pause()
        assert isinstance(app.screen, ClaimChoiceScreen)     # two claims: which one? the
        await pilot.press("enter")                           # highlighted one comes first
        await pilot.pause()
        # the picker opens on the words the span touches (its closing comma is no word: up to
        # «ومقتل»); Arabic reads right to left, so shift+left takes in the next three words
        await pilot.press("shift+left", "shift+left", "shift+left", "ctrl+s")
        await pilot.pause()
        assert app.screen is app.main

    added = workbench(sample_db, "claims", "add", "--segment", segment["id"], "--start", start,
                      "--end", end, "--type", "arrest", "--json")["id"]
    edited = workbench(sample_db, "claims", "add", "--segment", segment["id"], "--start", start,
                       "--end", start + 6, "--type", "arrest", "--json")["id"]
    workbench(sample_db, "claims", "edit", edited, "--end", end)

    found = {name: figures(sample_db, claim_id) for name, claim_id in (
        ("ui tag", tagged_in_ui), ("ui edit", moved_in_ui), ("cli add", added),
        ("cli edit", edited))}
    assert [(q["value"], q["event"]) for q in found["cli add"]] == EXPECTED
    assert found["ui tag"] == found["ui edit"] == found["cli add"] == found["cli edit"]
