"""Pilot tests of moving around: segments, documents, QA problems, untranslated segments,
search, the command palette, the help screen, translation runs and refresh."""

from __future__ import annotations

import threading

import pytest

from tests.tui.conftest import (ARREST, SIZE, FakeEngine, add_mt, find_segment,
                                make_test_app, rows, segment_id, settle)
from workbench.tui import keys

pytestmark = pytest.mark.anyio

OK_MT = "Internal Security Forces arrest 12 suspects and kill four mercenaries in Busayrah"
BAD_MT = "Interior Security Forces arrest 12 suspects"


async def test_next_and_previous_segment_update_the_detail(sample_db):
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        view = app.main.view
        await pilot.press("j", "down", "j")
        assert view.cursor == 3
        assert app.main.detail.detail.info.position == 3
        await pilot.press("k", "up")
        assert view.cursor == 1
        await pilot.press("up", "up")
        assert view.cursor == 0
        await pilot.press("end")
        assert view.cursor == app.main.passage.count - 1
        assert view.border_subtitle == f"segment {view.cursor + 1:,} of {app.main.passage.count:,}"


async def test_next_and_previous_document(sample_db):
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        docs = [d["id"] for d in app.main.documents.documents]
        await pilot.press("right_square_bracket")
        assert app.main.passage.document_id == docs[1]
        assert app.main.documents.opened == docs[1]
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert app.main.passage.document_id == docs[3]
        await pilot.press("left_square_bracket")
        assert app.main.passage.document_id == docs[2]
        assert app.main.view.cursor == 0


async def test_next_qa_problem_skips_clean_segments_and_wraps(sample_db):
    clean = find_segment(sample_db, ARREST)
    bad = [find_segment(sample_db, "وقال الناطق"), find_segment(sample_db, "وأضاف العبو")]
    assert clean["document_id"] == bad[0]["document_id"] == bad[1]["document_id"] == 1
    add_mt(sample_db, {clean["id"]: OK_MT, bad[0]["id"]: BAD_MT, bad[1]["id"]: BAD_MT})
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.main.passage.get(clean["position"]).problems == []
        assert app.main.view.cursor < bad[0]["position"]
        for expected in (bad[0], bad[1], bad[0]):
            await pilot.press("p")
            await settle(app, pilot)
            assert app.main.view.current.id == expected["id"]
        assert "forbidden" in [p.kind for p in app.main.view.current.problems]


async def test_next_untranslated_segment(sample_db):
    done = [find_segment(sample_db, ARREST), find_segment(sample_db, "وقال الناطق")]
    add_mt(sample_db, {s["id"]: OK_MT for s in done})
    todo = [r["position"] for r in rows(
        sample_db, "SELECT position FROM segments WHERE document_id = 1 AND language = 'ar' "
                   "AND id NOT IN (?, ?) ORDER BY position", [s["id"] for s in done])]
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.main.view.cursor == 0 and 0 not in todo
        for position in todo:
            await pilot.press("u")
            assert app.main.view.cursor == position
        await pilot.press("u")                   # none left: the cursor stays
        assert app.main.view.cursor == todo[-1]


async def test_search_opens_the_chosen_result(sample_db):
    from workbench.store.db import open_db
    from workbench.store.search import search
    db = open_db(sample_db)
    expected = search(db, "الحسكة")
    db.close()
    assert expected
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        await pilot.press(*"الحسكة")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.screen.rows) == len(expected)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is app.main
        assert app.main.passage.document_id == expected[0]["document_id"]
        assert app.main.view.cursor == expected[0]["position"]


async def test_search_matches_arabic_written_differently(sample_db):
    """The query is normalized like the text: tatweel-dot obfuscation and clitics match."""
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"مرتزقة", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        found = [r["raw"] for r in app.screen.rows]
        assert any("الـ.ـمرتزقة" in raw for raw in found)


async def test_command_palette_lists_and_runs_every_action(sample_db):
    from workbench.tui.commands import ActionsProvider
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        provider = ActionsProvider(app.main)
        listed = [hit.text async for hit in provider.discover()]
        expected = [b for _, bindings in keys.SECTIONS for b in bindings
                    if b.action != "cancel_job"]
        assert len(listed) == len(expected)
        for binding in expected:
            assert any(text.startswith(binding.description) for text in listed)
        await pilot.press("ctrl+p")
        await pilot.press(*"next untranslated")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.main.view.cursor == 1


async def test_help_lists_every_key(sample_db):
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "HelpScreen"
        from rich.console import Console
        console = Console(width=120, record=True)
        console.print(app.screen.table)
        shown = console.export_text()
        for binding in keys.MAIN:
            assert binding.description in shown
        await pilot.press("escape")
        assert app.screen is app.main


def _translated(db_path, document_id=None) -> int:
    sql = ("SELECT COUNT(*) AS n FROM translations t JOIN segments s ON s.id = t.segment_id "
           "WHERE t.tm_id IS NOT NULL")
    if document_id is not None:
        return rows(db_path, sql + " AND s.document_id = ?", [document_id])[0]["n"]
    return rows(db_path, sql)[0]["n"]


def _arabic(db_path, document_id=None) -> int:
    sql = "SELECT COUNT(*) AS n FROM segments WHERE language = 'ar'"
    if document_id is not None:
        return rows(db_path, sql + " AND document_id = ?", [document_id])[0]["n"]
    return rows(db_path, sql)[0]["n"]


async def test_translate_the_document_from_the_ui(sample_db, monkeypatch):
    from workbench.tui.screens import translate
    monkeypatch.setattr(translate, "load_engine", lambda: FakeEngine())
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("T")
        await settle(app, pilot)
        assert not app.main.status.busy
        assert app.main.passage.get(1).origin == "mt"
    assert _translated(sample_db, 1) == _arabic(sample_db, 1)
    assert _translated(sample_db) == _arabic(sample_db, 1)


async def test_translate_the_corpus_from_the_ui(sample_db, monkeypatch):
    from workbench.tui.screens import translate
    monkeypatch.setattr(translate, "load_engine", lambda: FakeEngine())
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("A")
        await settle(app, pilot)
    assert _translated(sample_db) == _arabic(sample_db)


async def test_cancel_a_translation_run_keeps_what_is_done(sample_db, monkeypatch):
    from workbench.tui.screens import translate
    gate, batches = threading.Event(), []
    monkeypatch.setattr(translate, "load_engine", lambda: FakeEngine(gate=gate, batches=batches))
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("T")
        for _ in range(100):
            await pilot.pause(0.02)
            if batches:
                break
        assert app.main.status.busy
        await pilot.press("escape")
        assert "cancelling" in str(app.main.query_one("#job-label").render())
        gate.set()
        await settle(app, pilot)
        assert not app.main.status.busy
    done = _translated(sample_db, 1)
    assert 0 < done < _arabic(sample_db, 1)


async def test_no_model_shows_how_to_install_one(sample_db, monkeypatch, tmp_path):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "no-packages"))
    monkeypatch.delenv("WORKBENCH_ALLOW_TEST_MODEL", raising=False)
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "no translation model" in app.main.status.facts["model"][0]
        await pilot.press("T")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "MessageScreen"
        message = str(app.screen.query_one("#message-text").render())
        assert "install" in message
        await pilot.press("escape")
        assert app.screen is app.main
    assert _translated(sample_db) == 0


async def test_refresh_shows_what_another_process_wrote(sample_db):
    from workbench.mt import memory
    from workbench.store.db import open_db
    sid = segment_id(sample_db, 1, 1)
    app = make_test_app(sample_db, refresh_seconds=0.1)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("j")
        assert app.main.view.current.origin == "gloss"
        other = open_db(sample_db)
        memory.save_postedit(other, sid, "Written elsewhere.", "someone-else")
        other.close()
        for _ in range(100):   # the passage and the detail pane refresh on their own
            await pilot.pause(0.05)
            detail = app.main.detail.detail
            if (app.main.view.current.english == "Written elsewhere." and detail is not None
                    and detail.history):
                break
        info = app.main.view.current
        assert (info.english, info.origin, info.postedit_by) == (
            "Written elsewhere.", "postedit", "someone-else")
        assert app.main.detail.detail.history[0]["annotator"] == "someone-else"


async def test_refresh_key(sample_db):
    from workbench.mt import memory
    from workbench.store.db import open_db
    sid = segment_id(sample_db, 1, 1)
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("j")
        other = open_db(sample_db)
        memory.save_postedit(other, sid, "Written elsewhere.", "someone-else")
        other.close()
        await pilot.press("r")
        assert app.main.view.current.english == "Written elsewhere."


async def test_click_selects_a_segment(sample_db):
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        view = app.main.view
        y = next(y for y in range(view.size.height) if view.position_at(y) == 2)
        await pilot.click("#passage", offset=(10, y + 1))
        await pilot.pause()
        assert view.cursor == 2
