"""Snapshots of the main screens at a fixed terminal size (pytest-textual-snapshot).

Update them with `pytest tests/tui/test_snapshots.py --snapshot-update` after a deliberate
change of the UI, and look at the SVGs before committing them.
"""

from __future__ import annotations

import pytest

from tests.tui.conftest import (ANNOUNCEMENT, ARREST, SIZE, add_mt, find_segment,
                                make_test_app, settle)

MT = {ARREST: "Internal Security Forces arrest 12 suspects and kill four militants in the "
              "Busayra countryside",
      ANNOUNCEMENT: "The Internal Security Forces in the Deir ez-Zor canton announced on Thursday the end "
         "of a two-day security campaign in the village of al-Hamadiya al-Sharqiya in the "
         "Busayrah countryside, in response to an attack by ISIS mercenary cells on a "
         "checkpoint at the entrance of the village on Tuesday evening."}


@pytest.fixture
def translated_db(sample_db):
    add_mt(sample_db, {find_segment(sample_db, prefix)["id"]: text for prefix, text in MT.items()})
    return sample_db


def at(prefix: str | None, *keys: str):
    """Open the sample segment starting with `prefix` (None: stay on the first), then press keys."""
    async def run_before(pilot) -> None:
        await settle(pilot.app, pilot)
        if prefix is not None:
            from pathlib import Path
            segment = find_segment(Path(pilot.app.conns.path), prefix)
            pilot.app.main.open_document_id(segment["document_id"], segment["position"])
        await settle(pilot.app, pilot)
        if keys:
            await pilot.press(*keys)
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
    return run_before


def test_passage_view(snap_compare, translated_db):
    assert snap_compare(make_test_app(translated_db), terminal_size=SIZE,
                        run_before=at(ANNOUNCEMENT))


def test_passage_view_qa_problems(snap_compare, translated_db):
    assert snap_compare(make_test_app(translated_db), terminal_size=SIZE, run_before=at(ARREST))


def test_passage_view_small_terminal(snap_compare, translated_db):
    assert snap_compare(make_test_app(translated_db), terminal_size=(100, 30),
                        run_before=at(ARREST, "d"))


def test_search_screen(snap_compare, translated_db):
    assert snap_compare(make_test_app(translated_db), terminal_size=SIZE,
                        run_before=at(None, "slash", *"الحسكة", "enter"))


def test_help_screen(snap_compare, translated_db):
    assert snap_compare(make_test_app(translated_db), terminal_size=SIZE,
                        run_before=at(None, "question_mark"))


def test_postedit_dialog(snap_compare, translated_db):
    assert snap_compare(make_test_app(translated_db), terminal_size=SIZE,
                        run_before=at(ARREST, "e"))


def test_term_form(snap_compare, translated_db):
    assert snap_compare(make_test_app(translated_db), terminal_size=SIZE,
                        run_before=at(ARREST, "t", "left", "left", "left", "left", "left",
                                      "shift+left"))


def test_claim_form(snap_compare, translated_db):
    assert snap_compare(make_test_app(translated_db), terminal_size=SIZE,
                        run_before=at(ARREST, "c", "left", "left", "left", "shift+left",
                                      "shift+left", "shift+left"))


def test_empty_database(snap_compare, tmp_path, monkeypatch):
    from workbench.store.db import open_db
    monkeypatch.chdir(tmp_path)
    open_db("empty.db").close()
    assert snap_compare(make_test_app("empty.db", bootstrap=False), terminal_size=SIZE,
                        run_before=at(None))


def test_unusable_database(snap_compare, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.db").write_text("not a database")
    assert snap_compare(make_test_app("notes.db"), terminal_size=SIZE, run_before=at(None))
