"""A layout for any terminal: every resize re-wraps at once, small terminals give the passage
room for a whole segment pair, the app reopens where it was, fast typing is saved whole, and
`m` redraws titles and QA lines too."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual import events
from textual.widgets import TextArea

from tests.tui.conftest import (ANNOUNCEMENT, ARREST, SIZE, add_mt, find_segment, make_test_app,
                                rows, settle)
from workbench import config
from workbench.tui import render, rtl

pytestmark = pytest.mark.anyio

MT_WITH_PROBLEMS = ("Internal Security Forces arrest 12 suspects and kill four militants in the "
                    "Busayra countryside")


def painted(view) -> list[str]:
    """The passage view's lines as the screen shows them now (what the compositor would send
    to the terminal, cropped to the view: a line drawn for an old size shows here)."""
    region = view.content_region
    screen = view.app.screen._compositor.render_strips()
    return ["".join(s.text for s in strip.crop(region.x, region.right))
            for strip in screen[region.y:region.bottom]]


def separator_columns(view) -> set[int]:
    """The columns where the Arabic/English separator is drawn on the painted lines (cells,
    not characters: a haraka takes none)."""
    return {cell_len(line[:line.index(render.SEPARATOR)]) for line in painted(view)
            if render.SEPARATOR in line}


async def test_every_resize_rewraps_at_once_to_the_new_width(sample_db):
    segment = find_segment(sample_db, ANNOUNCEMENT)
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.main.open_document_id(segment["document_id"], segment["position"])
        await pilot.pause()
        sizes = [(160, 45), (100, 30), (160, 45), (80, 24), (130, 40), (100, 30), (90, 28),
                 (160, 45), (120, 35), (80, 24), (100, 30), (150, 40)]
        for width, height in sizes:
            await pilot.resize_terminal(width, height)
            for _ in range(20):                  # a busy machine lays out a moment later
                if app.main.size == (width, height):
                    break
                await pilot.pause(0.02)
            await pilot.pause()
            view = app.main.view
            docs = app.main.documents
            room = width - (docs.outer_size.width if docs.display else 0)
            assert view.outer_size.width == room, (width, height)
            # the Arabic column is exactly as wide as the new width gives it, on every line
            left, _ = render.columns(view.size.width)
            assert separator_columns(view) == {render.GUTTER + left}, (width, height)
            assert all(cell_len(line) == view.size.width for line in painted(view))
            # the title is cut to the border it has, at a word
            assert cell_len(view.border_title) <= view.outer_size.width - 6


async def test_small_terminals_fit_a_whole_segment_pair(sample_db):
    segment = find_segment(sample_db, ANNOUNCEMENT)     # the longest sample segment
    add_mt(sample_db, {segment["id"]: "The Internal Security Forces in the Deir ez-Zor canton "
                       "announced on Thursday the end of a two-day security campaign in the "
                       "village of al-Hamadiya al-Sharqiya in the Busayrah countryside, in "
                       "response to an attack by ISIS cells on a checkpoint at the entrance of "
                       "the village on Tuesday evening."})
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.main.open_document_id(segment["document_id"], segment["position"])
        wide_docs = app.main.documents.outer_size.width
        for width, height in ((100, 30), (80, 24)):
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            view, docs = app.main.view, app.main.documents
            assert not docs.display or docs.outer_size.width < wide_docs
            block = view.block(segment["position"])
            assert len(block) <= view.size.height, (width, height, len(block))
            # all of its lines are on screen, one after the other
            lines = ["".join(s.text for s in strip).rstrip() for strip in block]
            shown = [line.rstrip() for line in painted(view)]
            top = shown.index(lines[0])
            assert shown[top:top + len(lines)] == lines, (width, height)
            # the footer's last key reaches the right edge: nothing shows through after it
            footer = app.screen.query_one("Footer")
            assert footer.query_one(".-command-palette").region.right == footer.region.right
        assert not app.main.documents.display            # 80 columns: the documents go
        await pilot.press("d")                           # and come back on `d`
        await pilot.pause()
        assert app.main.documents.display
        await pilot.resize_terminal(*SIZE)
        assert app.main.documents.display


async def test_the_app_reopens_at_the_last_document_and_segment(sample_db, tmp_path):
    other = tmp_path / "other.db"
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("right_square_bracket", "right_square_bracket", "j", "j", "j")
        await pilot.pause()
        document_id, position = app.main.passage.document_id, app.main.view.cursor
        assert position == 3
    assert config.last_position(str(sample_db)) == (document_id, position)
    again = make_test_app(sample_db)
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        assert (again.main.passage.document_id, again.main.view.cursor) == (document_id, 3)
        assert again.main.view.border_subtitle.startswith("segment 4 of")
    assert config.last_position(str(other)) is None     # kept per database


async def test_fast_typing_then_save_keeps_every_keystroke(sample_db):
    """100 keys and ctrl+s straight after, sent through the Pilot app's driver as a terminal
    delivers a burst (without waiting between keys): the save waits for the keys queued."""
    segment = find_segment(sample_db, ARREST)
    typed = ("The SDF and the Asayish arrested an ISIS cell in Diban, Deir ez-Zor, on Sunday "
             "evening after an attack.")[:100]
    assert len(typed) == 100
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.main.open_document_id(segment["document_id"], segment["position"])
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one(TextArea).text == ""
        driver = app._driver
        for key in [*typed, "ctrl+s"]:             # no pause between the keys
            name = {" ": "space", ",": "comma", ".": "full_stop"}.get(key, key)
            event = events.Key(name, key if len(key) == 1 else None)
            event.set_sender(app)
            driver.send_message(event)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is app.main
    saved = rows(sample_db, "SELECT postedit FROM translations WHERE segment_id = ?",
                 [segment["id"]])
    assert saved == [{"postedit": typed}]


async def test_post_edit_finds_and_replaces_and_says_how(sample_db):
    segment = find_segment(sample_db, ARREST)
    add_mt(sample_db, {segment["id"]: MT_WITH_PROBLEMS})
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.main.open_document_id(segment["document_id"], segment["position"])
        await pilot.press("e")
        await pilot.pause()
        keys = str(app.screen.query_one(".dialog-keys").render())
        assert "F7 select all" in keys and "ctrl+f find" in keys and "ctrl+r replace" in keys
        area = app.screen.query_one(TextArea)
        await pilot.press("ctrl+f", *"militants", "enter")
        assert area.selected_text == "militants"
        await pilot.press("ctrl+r", *"ISIS members", "enter")
        assert area.text == MT_WITH_PROBLEMS.replace("militants", "ISIS members")
        await pilot.press("escape")                   # closes the find bar, not the dialog
        assert app.screen is not app.main
        await pilot.press("f7", "backspace", *"SDF", "ctrl+s")   # select all, as the keys say
        await pilot.pause()
    saved = rows(sample_db, "SELECT postedit FROM translations WHERE segment_id = ?",
                 [segment["id"]])
    assert saved == [{"postedit": "SDF"}]


async def test_m_redraws_titles_and_qa_lines_in_the_new_mode(sample_db):
    segment = find_segment(sample_db, ARREST)
    add_mt(sample_db, {segment["id"]: MT_WITH_PROBLEMS})
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.main.open_document_id(segment["document_id"], segment["position"])
        await settle(app, pilot)
        title = app.main.passage.title
        first_word = title.split()[0]
        detail = str(app.main.detail.query_one("#detail-top").render())
        problems = [p for p in app.main.view.current.problems if p.kind == "missing"]
        assert problems, "the sample segment has a QA problem with its Arabic term"
        surface = problems[0].surface_ar
        assert surface not in detail                          # reordered and shaped
        assert first_word not in app.main.view.border_title
        await pilot.press("m")
        await pilot.pause()
        assert app.main.view.border_title.startswith(first_word)   # logical order now
        detail = str(app.main.detail.query_one("#detail-top").render())
        assert surface in detail
        label = str(app.main.documents.get_option_at_index(
            app.main.documents.index_of(segment["document_id"])).prompt)
        assert first_word in label


@pytest.fixture
def harakat_restored():
    """The harakat setting is the process's (one app per process): put it back after."""
    yield
    render.set_harakat(True)


async def test_harakat_are_kept_by_default_and_can_be_dropped(sample_db, harakat_restored):
    """Kept by default (test_headline's views show them); `harakat = false` drops them."""
    haraka = "\u064b"                 # tanween fath, as in مشتبهاً
    segment = find_segment(sample_db, ARREST)
    assert make_test_app(sample_db, harakat=None).harakat is True
    config.save({"harakat": False})
    bare = make_test_app(sample_db, harakat=None)
    assert bare.harakat is False
    async with bare.run_test(size=SIZE) as pilot:
        await settle(bare, pilot)
        bare.main.open_document_id(segment["document_id"], segment["position"])
        await pilot.pause()
        text = "".join(painted(bare.main.view))
        assert haraka not in text
        assert rtl.visual_lines("مشتبهاً", 20)[0].text.strip() in text


def test_harakat_switch_on_the_command_line(tmp_path, monkeypatch, harakat_restored):
    """`workbench --no-harakat` keeps the choice in the config file (the UI itself is not
    run here: run_app is replaced by a stand-in that records what it was given)."""
    from click.testing import CliRunner

    from workbench.cli import main
    from workbench.tui import app as app_module
    given = []

    def fake_run(app):
        given.append(app.harakat)
    monkeypatch.setattr(app_module.WorkbenchApp, "run", fake_run)
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "a.db"), "--no-harakat"])
    assert result.exit_code == 0, result.output
    assert given == [False] and config.load()["harakat"] is False
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "a.db")])
    assert result.exit_code == 0 and given == [False, False]     # kept from the config
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "a.db"), "--harakat"])
    assert result.exit_code == 0
    assert given == [False, False, True] and config.load()["harakat"] is True
