"""The states the UI must survive with a clear message: an empty database, databases that
cannot be used, a read-only one, a segment of several thousand characters."""

from __future__ import annotations

import sqlite3
from types import SimpleNamespace

import pytest
from textual.widgets import TextArea

from tests.tui.conftest import SIZE, make_test_app, rows, settle
from workbench.store.db import open_db

pytestmark = pytest.mark.anyio


def shown(app) -> str:
    return app.main.view.message.plain


async def test_empty_database_says_how_to_import(fresh_db, db_path):
    app = make_test_app(db_path, bootstrap=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "no documents yet" in shown(app)
        assert "import" in shown(app)
        for key in ("j", "e", "g", "t", "c", "a", "s", "p", "u", "T", "right_square_bracket"):
            await pilot.press(key)
            await pilot.pause()
        assert app.screen is app.main
        assert app.main.passage is None


async def test_empty_database_shows_documents_imported_meanwhile(fresh_db, db_path):
    from workbench.corpus.importer import document_from_text
    from workbench.store.documents import save_document
    app = make_test_app(db_path, bootstrap=False, refresh_seconds=0.1)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        save_document(fresh_db, document_from_text("خبر أول.\n\nخبر ثان.", "note.txt"))
        for _ in range(40):
            await pilot.pause(0.05)
            if app.main.passage is not None:
                break
        assert app.main.passage.count == 2


@pytest.mark.parametrize("make, expected", [
    (lambda p: p.write_text("hello, not a database"), "not an SQLite file"),
    (lambda p: sqlite3.connect(p).execute("CREATE TABLE people (name)").connection.commit(),
     "not a workbench database"),
    (lambda p: p.mkdir(), "is a directory"),
])
async def test_unusable_database_is_one_clear_message(tmp_path, make, expected):
    from workbench.config import config_path
    config = config_path()
    path = tmp_path / "bad.db"
    make(path)
    app = make_test_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert expected in app.db_error
        assert expected in shown(app)
        assert "Traceback" not in shown(app)
        await pilot.press("j", "e", "slash")
        await pilot.pause()
        assert app.screen is app.main              # no search over a database that is not there
        mode = app.rtl_mode
        await pilot.press("m", "w", "T", "r", "C", "I")
        await pilot.pause()
        assert app.screen is app.main and app.rtl_mode == mode
        assert not config.exists()                 # the view mode was not saved either
        await pilot.press("question_mark")         # help still opens
        await pilot.pause()
        assert app.screen is not app.main
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("q")


async def test_database_in_a_missing_folder(tmp_path):
    app = make_test_app(tmp_path / "nowhere" / "x.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "does not exist" in shown(app)
    assert not (tmp_path / "nowhere").exists()


async def test_read_only_database_refuses_writes_without_crashing(sample_db, monkeypatch):
    import os
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if str(path) == str(sample_db)
                        else real_access(path, mode))      # tests may run as root
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "read-only" in app.main.status.facts["db"][0]
        app.conns._main = open_db(sample_db, readonly=True)
        app.main.passage._db = lambda: app.conns.main
        await pilot.press("j", "e")
        app.screen.query_one(TextArea).text = "cannot be saved"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is app.main
        assert any("not saved" in str(n.message) for n in app._notifications)
    assert rows(sample_db, "SELECT * FROM translations") == []


async def test_a_segment_of_several_thousand_characters(fresh_db, db_path):
    from workbench.store.documents import NewDocument, NewSegment, save_document
    long = " ".join(["أعلنت قوات سوريا الديمقراطية اعتقال 12 عنصراً من خلايا داعش في ريف دير الزور."]
                    * 80)
    assert len(long) > 6000
    save_document(fresh_db, NewDocument("long.txt", long, [NewSegment("عنوان قصير"),
                                                           NewSegment(long),
                                                           NewSegment("خاتمة.")],
                                        title="long", language="ar"))
    app = make_test_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        view = app.main.view
        await pilot.press("j")
        assert view.cursor == 1
        block = view.block(1)
        assert len(block) > view.size.height
        status = "".join(seg.text for seg in block[-2])
        assert "long segment: 6," in status
        await pilot.press("pagedown")
        assert view.cursor == 1 and view.top == 1 and view.top_skip > 0
        await pilot.press("j")
        assert view.cursor == 2
        await pilot.press("k")
        assert view.cursor == 1 and view.top_skip == 0


def test_run_app_turns_a_bad_config_into_one_line(tmp_path, monkeypatch, capsys):
    from workbench.tui.app import run_app
    config = tmp_path / "config.toml"
    config.write_text("annotator = [unclosed\n")
    monkeypatch.setenv("WORKBENCH_CONFIG", str(config))

    def annotator(required=True):
        from workbench.config import resolve_annotator
        return resolve_annotator(None)
    ctx = SimpleNamespace(db_path=str(tmp_path / "x.db"), annotator=annotator)
    with pytest.raises(SystemExit) as exit_info:
        run_app(ctx, rtl=None)
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "not a valid config file" in err
    assert len(err.strip().splitlines()) == 1
