"""Another process writing to the same database (an import, post-edits) while the UI reads,
refreshes and saves: neither side may meet "database is locked"."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from textual.widgets import TextArea

from tests.tui.conftest import SIZE, make_test_app, rows, settle

pytestmark = pytest.mark.anyio

# What `workbench import` and a colleague's post-edits do, through the same store functions,
# as fast as they can; it counts the writes refused as "database is locked" and goes on.
WRITER = textwrap.dedent("""
    import sqlite3, sys, time
    from workbench.corpus.importer import document_from_text
    from workbench.mt import memory
    from workbench.store.db import open_db
    from workbench.store.documents import save_document
    db = open_db(sys.argv[1])
    ids = [r[0] for r in db.execute(
        "SELECT id FROM segments WHERE language = 'ar' AND document_id > 1")]
    deadline = time.monotonic() + float(sys.argv[2])
    n = locked = 0
    while time.monotonic() < deadline:
        try:
            save_document(db, document_from_text(f"خبر رقم {n}.\\n\\nتفاصيل {n}.", f"news-{n}.txt"))
            memory.save_postedit(db, ids[n % len(ids)], f"edited elsewhere {n}", "other-process")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc):
                raise
            locked += 1
        n += 1
    print(n, locked)
""")


async def run_ui_while_writing(sample_db) -> tuple[int, int, int]:
    """Six post-edits saved from the UI while the writer runs; (segment id, writes, locked)."""
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(sample_db), "4"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    app = make_test_app(sample_db, refresh_seconds=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        sid = app.main.view.current.id
        for n in range(6):
            await pilot.press("j", "k", "e")
            app.screen.query_one(TextArea).text = f"saved from the UI {n}"
            await pilot.press("ctrl+s")
            await pilot.pause(0.3)
            assert app.screen is app.main
        out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
        await pilot.pause(0.5)
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert errors == []
        assert len(app.main.documents.documents) > 6     # the imports were seen by refresh
    writes, locked = map(int, out.split())
    return sid, writes, locked


async def test_ui_saves_while_another_process_writes(sample_db):
    sid, writes, _ = await run_ui_while_writing(sample_db)
    assert writes > 5
    saved = rows(sample_db, "SELECT postedit, postedit_by FROM translations WHERE segment_id = ?",
                 [sid])
    assert saved == [{"postedit": "saved from the UI 5", "postedit_by": "tester"}]
    assert len(rows(sample_db, "SELECT * FROM history WHERE annotator = 'tester'")) == 6


async def test_another_process_is_never_refused_while_the_ui_saves(sample_db):
    _, writes, locked = await run_ui_while_writing(sample_db)
    assert writes > 5
    assert locked == 0
