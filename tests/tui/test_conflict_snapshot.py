"""A snapshot of the conflicts screen after a merge (pytest-textual-snapshot): the list, and
the highlighted conflict's two sides with the Arabic of its segment in visual order.

Update it with `pytest tests/tui/test_conflict_snapshot.py --snapshot-update` after a
deliberate change of the screen, and look at the SVG before committing it.
"""

from __future__ import annotations

import pytest

from tests.tui.conftest import SIZE, make_test_app
from tests.tui.test_conflicts import merged_copy
from tests.tui.test_snapshots import at


@pytest.fixture
def merged_db(sample_template, tmp_path):
    return merged_copy(sample_template, tmp_path)


def test_conflicts_screen(snap_compare, merged_db):
    assert snap_compare(make_test_app(merged_db), terminal_size=SIZE, run_before=at(None, "C"))


def test_conflict_claim_status(snap_compare, merged_db):
    assert snap_compare(make_test_app(merged_db), terminal_size=SIZE,
                        run_before=at(None, "C", "down"))
