"""Every change to annotator-owned rows leaves a history entry with who, before and after."""

import pytest

from workbench.errors import InvalidValue, NotFound
from workbench.store import history


def test_insert_update_delete_are_recorded(fresh_db):
    db = fresh_db
    pk = history.audited_insert(db, "incidents", {"title": "Raid", "created_by": "amal",
                                                  "created_at": "2025-01-01"}, "amal")
    history.audited_update(db, "incidents", pk, {"title": "Raid on Hammadiya"}, "badr")
    history.audited_update(db, "incidents", pk, {"title": "Raid on Hammadiya"}, "badr")  # no-op
    history.audited_delete(db, "incidents", pk, "amal")
    rows = list(history.entries(db, "incidents", pk))
    assert [(r["action"], r["annotator"]) for r in rows] == [
        ("insert", "amal"), ("update", "badr"), ("delete", "amal")]
    assert rows[1]["before"]["title"] == "Raid" and rows[1]["after"]["title"] == "Raid on Hammadiya"
    assert rows[2]["after"] is None


def test_missing_row_and_missing_annotator(fresh_db):
    with pytest.raises(NotFound):
        history.audited_update(fresh_db, "incidents", 42, {"title": "x"}, "amal")
    with pytest.raises(InvalidValue):
        history.audited_insert(fresh_db, "incidents", {"title": "x", "created_by": "",
                                                       "created_at": "now"}, "")
    assert fresh_db.execute("SELECT COUNT(*) FROM incidents").fetchone()[0] == 0
