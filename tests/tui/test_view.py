"""View settings: the right-to-left mode (kept in the config file), the documents list, the
annotator shown and changed from the UI."""

from __future__ import annotations

import pytest

from tests.tui.conftest import SIZE, make_test_app, settle
from workbench import config

pytestmark = pytest.mark.anyio


async def test_rtl_mode_toggles_and_is_kept_in_the_config(sample_db):
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        raw = app.main.passage.get(1).raw
        first_word = raw.split()[0]
        assert first_word not in "".join(s.text for s in app.main.view.block(1)[0])
        await pilot.press("m")
        assert app.rtl_mode == "terminal"
        assert first_word in "".join(s.text for s in app.main.view.block(1)[0])
        assert config.load()["rtl"] == "terminal"
    from workbench.tui.app import make_app
    assert make_app(str(sample_db)).rtl_mode == "terminal"
    assert make_app(str(sample_db), rtl="reorder").rtl_mode == "reorder"


async def test_documents_list_hides_and_shows(sample_db):
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        wide = app.main.view.size.width
        await pilot.press("d")
        await pilot.pause()
        assert not app.main.documents.display
        assert app.main.view.size.width > wide
        await pilot.press("d")
        await pilot.pause()
        assert app.main.documents.display


async def test_change_who_is_annotating(sample_db):
    app = make_test_app(sample_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.main.status.facts["annotator"][0] == "annotator: tester"
        await pilot.press("w")
        await pilot.press(*"omar", "enter")
        await pilot.pause()
        assert app.annotator == "omar"
        assert app.main.status.facts["annotator"][0] == "annotator: omar"
    assert config.load()["annotator"] == "omar"
