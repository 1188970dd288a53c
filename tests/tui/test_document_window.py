"""A corpus of many documents: the list lays out a window of them, yet every one is reached."""

from __future__ import annotations

import pytest

from tests.tui.conftest import SIZE, make_test_app, settle
from workbench.store.db import open_db
from workbench.store.documents import NewDocument, NewSegment, save_documents
from workbench.tui.widgets.documents import WINDOW

pytestmark = pytest.mark.anyio
EXTRA = 450


@pytest.fixture
def many_db(sample_db):
    db = open_db(sample_db)
    text = "قالت قوى الأمن الداخلي إنها اعتقلت {n} مشتبهاً بهم في ريف دير الزور."
    save_documents(db, [NewDocument(f"many:{n}", text.format(n=n), [NewSegment(text.format(n=n))],
                                    title=f"تقرير رقم {n}", outlet="Outlet", language="ar")
                        for n in range(EXTRA)])
    total = db.execute("SELECT COUNT(*) FROM documents WHERE is_current = 1").fetchone()[0]
    last = db.execute("SELECT MAX(id) FROM documents").fetchone()[0]
    db.close()
    return sample_db, total, last


async def test_the_list_lays_out_a_window_and_reaches_every_document(many_db):
    path, total, last = many_db
    app = make_test_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        documents = app.main.documents
        assert documents.option_count == WINDOW < total
        assert documents.border_subtitle == f"{total:,} document(s)"
        app.main.open_document_id(last)                     # beyond the window
        await pilot.pause()
        assert app.main.passage.document_id == last
        assert documents.highlighted_document["id"] == last
        assert documents.get_option_at_index(documents.highlighted).prompt.plain.startswith("●")
        await pilot.press("right_square_bracket")
        assert app.main.passage.document_id == last         # no more documents
        documents.focus()
        documents.highlighted = 3                           # near the top: the window moves up
        await pilot.pause()
        before = documents.highlighted_document
        assert documents.start < total - WINDOW
        assert documents.highlighted_document == before
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.passage.document_id == before["id"]
