"""A damaged copy either refuses the merge in one line or merges into a database every
reading command still works on (hypothesis: one random change to a valid copy).

The change is what a damaged file or a hand edit could do: a value of any type in any
column of any row (text, numbers, binary, NULL, broken JSON, a huge string), a row deleted,
or a table dropped.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.team.helpers import close, dump
from workbench.errors import WorkbenchError
from workbench.store.db import open_db
from workbench.team.merge import merge

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# The tables a merge reads, and a few it does not.
TABLES = ["documents", "segments", "tm", "translations", "claim_types", "terms", "incidents",
          "claims", "conflicts", "history", "merges", "meta", "term_hits"]
value = st.one_of(
    st.sampled_from(["{", "[{", '{"name": ', "null", "[]", "{}", "[{}]", "[1]", '"x"', "[null]",
                     '[{"name": "x", "term_id": 5}]', '[{"raw": 5}]', '{"postedit": [1]}', "",
                     " ", "2025-13", "translations", "claims", "open", "resolved", "x" * 100_000]),
    st.text(max_size=12), st.integers(min_value=-2**63, max_value=2**63 - 1), st.floats(),
    st.binary(max_size=8), st.none())
change = st.one_of(
    st.tuples(st.just("set"), st.integers(0, 99), st.integers(0, 99), value),
    st.tuples(st.just("delete"), st.integers(0, 99)),
    st.tuples(st.just("drop")))

READERS = [["claims", "list", "--json"], ["export", "corpus", "-o", "{out}/corpus.jsonl"], ["qa"],
           ["stats"], ["conflicts"], ["export", "history", "-o", "{out}/history.jsonl"]]


def apply(path: Path, table: str, how: tuple) -> str:
    """Make the change to their copy (through SQLite, with no checks); returns what it did."""
    conn = sqlite3.connect(path)
    rowids = [r[0] for r in conn.execute(f"SELECT rowid FROM [{table}] ORDER BY rowid")]
    columns = [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")]
    try:
        with conn:
            if how[0] == "drop":
                conn.execute(f"DROP TABLE [{table}]")
                return f"dropped {table}"
            if not rowids:
                return f"nothing in {table}"
            rowid = rowids[how[1] % len(rowids)]
            if how[0] == "delete":
                conn.execute(f"DELETE FROM [{table}] WHERE rowid = ?", [rowid])
                return f"deleted {table} {rowid}"
            column = columns[how[2] % len(columns)]
            conn.execute(f"UPDATE [{table}] SET [{column}] = ? WHERE rowid = ?", [how[3], rowid])
            return f"set {table} {rowid} {column} = {how[3]!r:.60}"
    except sqlite3.DatabaseError as exc:  # a constraint of their schema kept the change out
        return f"refused by SQLite: {exc}"
    finally:
        conn.close()


@SETTINGS
@given(table=st.sampled_from(TABLES), how=change)
def test_a_damaged_copy_is_refused_or_merges_into_a_readable_database(
        ours_template, rich_template, table, how):
    folder = Path(tempfile.mkdtemp(prefix="untrusted-prop-"))
    ours, theirs = folder / "ours.db", folder / "theirs.db"
    shutil.copy(ours_template, ours)
    shutil.copy(rich_template, theirs)
    did = apply(theirs, table, how)
    db = open_db(ours)
    before = dump(db)
    try:
        merge(db, theirs, "carol")
    except WorkbenchError as exc:
        assert "\n" not in str(exc), did
        assert dump(db) == before, did
        merged = False
    else:
        merged = True
    event("merged" if merged else "refused")
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)], did
    assert db.execute("PRAGMA foreign_key_check").fetchall() == [], did
    close(db)
    if merged:
        from workbench.cli import main
        for args in READERS:
            args = [a.format(out=folder) for a in args]
            result = CliRunner().invoke(main, ["--db", str(ours), *args])
            assert result.exit_code == 0, (did, args, result.output, result.exception)
    shutil.rmtree(folder)
