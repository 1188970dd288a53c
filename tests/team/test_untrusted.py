"""The other database is not trusted: a row the workbench would not write, or a file that is
not a database of its own, refuses the merge in one line and leaves this database as it was.

Their copy starts valid (`make_rich`: a row of every kind a merge reads) and one SQL
statement breaks it, as a damaged file, another tool or a hand edit could.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import threading
from pathlib import Path

import pytest

from tests.team.helpers import copy_db, dump
from workbench.store.db import open_db

# name: (the statement that breaks their copy, what the line says). In their copy claim 2 is
# alice's (segment 2, span 0:5 «اعتقل», incident 1), segments 2-4 carry her post-edits (4 on
# machine translation tm 1), conflict 2 is open on segment 2, history 1 is the lead's
# post-edit of segment 1, document 3 is one only their copy holds.
CASES = {
    "claim actors not JSON": (
        """UPDATE claims SET actors = '[{"name": ' WHERE id = 2""",
        "claims row 2: actors is not valid JSON"),
    "claim actors not a list": (
        """UPDATE claims SET actors = '{"name": "SDF"}' WHERE id = 2""",
        "claims row 2: actors is not a JSON list"),
    "actor without a name": (
        """UPDATE claims SET actors = '[{"role": "raider"}]' WHERE id = 2""",
        "claims row 2: actor {'role': 'raider'}: needs a name"),
    "unknown claim type": (
        "UPDATE claims SET claim_type = 'rumour' WHERE id = 2",
        "claims row 2: claim_type 'rumour': no such row in claim_types"),
    "unknown claim status": (
        "UPDATE claims SET status = 'confirmed' WHERE id = 2",
        "claims row 2: status 'confirmed': unknown"),
    "figure that is not a number": (
        """UPDATE claims SET quantities = '[{"raw": "رجلان", "value": "two"}]' WHERE id = 2""",
        "claims row 2: quantity 'رجلان': value 'two' is not a number"),
    "span outside its segment": (
        'UPDATE claims SET "end" = 500 WHERE id = 2',
        "claims row 2: claim span 0:500 is outside segment 2"),
    "span that is not a number": (
        "UPDATE claims SET start = 'zero' WHERE id = 2",
        "claims row 2: start must be a whole number"),
    "content that is not its span": (
        "UPDATE claims SET content = 'made up' WHERE id = 2",
        "claims row 2: content 'made up' is not the text of its span"),
    "claim date": (
        "UPDATE claims SET date = '2025-13' WHERE id = 2",
        "claims row 2: date '2025-13': no such date"),
    "incident of a claim deleted": (
        "DELETE FROM incidents",
        "claims row 2: incident_id 1: no such row in incidents"),
    "claim types dropped": (
        "DROP TABLE claim_types",
        "claims row 1: claim_type 'operation': no such row in claim_types"),
    "post-edit of no segment": (
        "UPDATE translations SET segment_id = 999 WHERE segment_id = 2",
        "translations row 999: segment_id 999: no such row in segments"),
    "segment deleted": (
        "DELETE FROM segments WHERE id = 2",
        "documents row 1: segment_count is not the number of its segments"),
    "term status": (
        "UPDATE terms SET status = 'obsolete' WHERE id = 'isis'",
        "terms row isis: status 'obsolete': use one of approved, draft, deprecated"),
    "term without Arabic": (
        "UPDATE terms SET term_ar = 'ISIS' WHERE id = 'isis'",
        "terms row isis: term_ar: 'ISIS' has no Arabic letters"),
    "term related to no term": (
        """UPDATE terms SET related = '["nowhere"]' WHERE id = 'isis'""",
        "terms row isis: related: no term with id nowhere"),
    "term list not JSON": (
        "UPDATE terms SET variants_ar = 'داعش' WHERE id = 'isis'",
        "terms row isis: variants_ar is not valid JSON"),
    "claim type name": (
        "UPDATE claim_types SET name = 'Siege!' WHERE name = 'siege'",
        "claim_types row Siege!: claim type name 'Siege!'"),
    "incident date": (
        "UPDATE incidents SET date = '2025-02-30' WHERE id = 1",
        "incidents row 1: date '2025-02-30': no such date"),
    "incident without a title": (
        "UPDATE incidents SET title = '  ' WHERE id = 1",
        "incidents row 1: incident title: must not be empty"),
    "post-edit that is not text": (
        "UPDATE translations SET postedit = x'00ff' WHERE segment_id = 2",
        "translations row 2: postedit must be text or NULL"),
    "post-edit without its author": (
        "UPDATE translations SET postedit_by = NULL WHERE segment_id = 2",
        "translations row 2: the post-edit does not say who wrote it"),
    "machine translation settings not JSON": (
        "UPDATE tm SET settings = '{beam: 1}' WHERE id = 1",
        "tm row 1: settings is not valid JSON"),
    "history value not JSON": (
        """UPDATE history SET after = '{"postedit": ' WHERE id = 1""",
        "history row 1: after is not valid JSON"),
    "history value not a row": (
        "UPDATE history SET before = '[1, 2]' WHERE id = 1",
        "history row 1: before is not a JSON object (a row)"),
    "history value of the wrong type": (
        """UPDATE history SET after = '{"tm_id": "abc"}' WHERE id = 1""",
        "history row 1: after: tm_id 'abc' is not a value of translations.tm_id"),
    "history without its author": (
        "UPDATE history SET annotator = ' ' WHERE id = 1",
        "history row 1: annotator is empty"),
    "history time that is not text": (
        "UPDATE history SET at = x'00' WHERE id = 1",
        "history row 1: at must be text"),
    "conflict value not JSON": (
        "UPDATE conflicts SET ours = 'detained' WHERE id = 2",
        "conflicts row 2: ours is not valid JSON"),
    "conflict on no field": (
        "UPDATE conflicts SET field = 'colour' WHERE id = 2",
        "conflicts row 2: field 'colour': translations has no such field"),
    "document's segment count": (
        "UPDATE documents SET segment_count = 9223372036854775807 WHERE id = 3",
        "documents row 3: segment_count is not the number of its segments"),
    "history dropped": (
        "DROP TABLE history",
        "not a workbench database (no documents, segments or history)"),
    "document version": (
        "UPDATE documents SET version = 0 WHERE id = 1",
        "documents row 1: version is below 1"),
    "segment hash": (
        "UPDATE segments SET hash = 'beef' WHERE id = 2",
        "segments row 2: hash is not the hash of its text"),
}


def break_db(path: Path, sql: str) -> None:
    """One statement on their copy, with none of the workbench's checks (foreign keys off)."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(sql)
    conn.close()


def contents(path: Path) -> dict:
    """Every row of every table, after SQLite's own integrity check."""
    db = open_db(path, readonly=True)
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    rows = dump(db)
    db.close()
    return rows


@pytest.fixture
def ours(ours_template, db_path) -> Path:
    """This database, where the `cli` fixture runs (its first run done)."""
    return copy_db(ours_template, db_path)


@pytest.mark.parametrize("case", CASES)
def test_a_row_the_workbench_would_not_write_refuses_the_merge(case, cli, ours, rich_template,
                                                                 tmp_path):
    sql, says = CASES[case]
    theirs = copy_db(rich_template, tmp_path / "theirs.db")
    break_db(theirs, sql)
    before = contents(ours)
    result = cli("--annotator", "carol", "merge", theirs)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {theirs}: {says}"), line
    assert result.stdout == ""
    assert contents(ours) == before


def test_their_copy_unbroken_merges(cli, ours, rich_template):
    """The copy the cases above break is itself fine: each refusal is the broken row's."""
    result = cli("--annotator", "carol", "merge", rich_template)
    assert result.exit_code == 0, result.output
    assert "claims" in result.stdout and result.stderr == ""


def _hard_link(tmp_path, ours):
    os.link(ours, tmp_path / "same.db")
    return tmp_path / "same.db", "is this database itself"


def _symlink(tmp_path, ours):
    (tmp_path / "alias.db").symlink_to(ours)
    return tmp_path / "alias.db", "is this database itself"


def _fifo(tmp_path, ours):
    os.mkfifo(tmp_path / "pipe.db")
    return tmp_path / "pipe.db", "not a regular file"


def _socket(tmp_path, ours):
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(tmp_path / "sock.db"))
    return tmp_path / "sock.db", "not a regular file"


def _device(tmp_path, ours):
    return Path("/dev/null"), "not a regular file"


SPECIAL = {"hard link to this database": _hard_link, "symbolic link to it": _symlink,
           "FIFO": _fifo, "socket": _socket, "device": _device}


@pytest.mark.parametrize("case", SPECIAL)
def test_this_database_or_no_file_at_all_is_refused_without_waiting(case, cli, ours, tmp_path):
    other, says = SPECIAL[case](tmp_path, ours)
    before = contents(ours)
    results = []
    worker = threading.Thread(target=lambda: results.append(
        cli("--annotator", "carol", "merge", other)), daemon=True)
    worker.start()
    worker.join(20)
    if worker.is_alive():  # opened a FIFO and waits for a writer: let it go, then fail
        os.close(os.open(other, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(20)
        pytest.fail(f"merge {case} waited instead of refusing")
    [result] = results
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {other}: {says}"), line
    assert contents(ours) == before
