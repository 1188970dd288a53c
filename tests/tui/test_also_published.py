"""The detail pane says where else a document's text was published (corpus.neardup)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.conftest import SIZE, make_test_app, settle

pytestmark = pytest.mark.anyio

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sources" / "neardup"


async def test_the_detail_of_a_reprint_names_the_other_outlets(cli, db_path):
    assert cli("import", FIXTURES).exit_code == 0
    app = make_test_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.main.open_document_id(2)
        await settle(app, pilot)
        top = str(app.main.detail.query_one("#detail-top").render())
        assert "also published by" in top and "#1, first" in top and "#3" in top
        app.main.open_document_id(4)
        await settle(app, pilot)
        assert "also published by" not in str(app.main.detail.query_one("#detail-top").render())


def test_the_incident_view_names_a_reprint(cli, db_path):
    from workbench.claims.store import incident_summary
    from workbench.store.db import open_db
    from workbench.tui.incident_text import figures_text
    assert cli("import", FIXTURES).exit_code == 0
    assert cli("--annotator", "amira", "incidents", "add", "Shuhayl arrests").exit_code == 0
    for document_id in (1, 2):
        assert cli("--annotator", "amira", "claims", "add", "--segment", document_id * 5 - 2,
                   "--start", 0, "--end", 20, "--type", "arrest", "--incident", 1).exit_code == 0
    db = open_db(db_path)
    try:
        text = figures_text(incident_summary(db, 1), mode="terminal").plain
    finally:
        db.close()
    assert "2 outlets, 1 independent" in text
    assert "reprint: شبكة أخبار الفرات of المركز الإعلامي لقوات سوريا الديمقراطية" in text
