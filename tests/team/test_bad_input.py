"""Files that cannot be merged: one clear line, and this database unchanged."""

from __future__ import annotations

import sqlite3

import pytest

from tests.team.helpers import add_document, close, dump
from workbench.errors import WorkbenchError
from workbench.store.db import open_db
from workbench.team.merge import merge


def _not_sqlite(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n")
    return path, "not a workbench database"


def _other_app(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    return path, "not a workbench database"


def _newer(tmp_path, base_template):
    path = tmp_path / "newer.db"
    path.write_bytes(base_template.read_bytes())
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('workbench', '0099 future', 'later')")
    conn.commit()
    conn.close()
    return path, "newer workbench"


def _other_corpus(tmp_path):
    path = tmp_path / "elsewhere.db"
    db = open_db(path)
    add_document(db, "report:else", ["Nothing in common with the base corpus."])
    close(db)
    return path, "shares no document"


def _missing(tmp_path):
    return tmp_path / "nowhere.db", "no such file"


def _folder(tmp_path):
    return tmp_path, "folder"


def _empty_file(tmp_path):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    return path, "empty or missing database"


CASES = {"not sqlite": _not_sqlite, "another application": _other_app, "newer schema": _newer,
         "different corpus": _other_corpus, "missing": _missing, "folder": _folder,
         "empty file": _empty_file}


@pytest.mark.parametrize("case", CASES)
def test_refused_with_one_line_and_nothing_changed(case, tmp_path, bob, base_template):
    make = CASES[case]
    path, message = make(tmp_path, base_template) if case == "newer schema" else make(tmp_path)
    before = dump(bob)
    with pytest.raises(WorkbenchError) as info:
        merge(bob, path, "carol")
    assert message in str(info.value) and "\n" not in str(info.value)
    assert dump(bob) == before


def test_merging_a_database_into_itself_is_refused(bob, copies):
    before = dump(bob)
    with pytest.raises(WorkbenchError, match="this database itself"):
        merge(bob, copies[1], "carol")
    assert dump(bob) == before


def test_the_cli_prints_one_line_and_fails(tmp_path, runner, copies):
    from workbench.cli import main
    path, _ = _not_sqlite(tmp_path)
    assert runner.invoke(main, ["--db", str(copies[1]), "stats"]).exit_code == 0  # first run done
    before = open_db(copies[1])
    rows = dump(before)
    before.close()
    result = runner.invoke(main, ["--db", str(copies[1]), "--annotator", "carol", "merge", str(path)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"error: {path}: not a workbench database (not an SQLite file)"]
    after = open_db(copies[1])
    assert dump(after) == rows
    after.close()


def test_the_cli_asks_who_is_merging(runner, copies):
    from workbench.cli import main
    result = runner.invoke(main, ["--db", str(copies[1]), "merge", str(copies[0])])
    assert result.exit_code == 1
    assert "who is annotating?" in result.output and "workbench whoami NAME" in result.output


def test_sharing_only_the_bundled_sample_is_a_different_corpus(tmp_path, bob):
    from workbench.bootstrap import load_sample
    other_path = tmp_path / "sample-and-more.db"
    other = open_db(other_path)
    load_sample(other)
    add_document(other, "report:else", ["Nothing in common with the base corpus."])
    close(other)
    ours = open_db(tmp_path / "ours.db")
    load_sample(ours)
    add_document(ours, "report:mine", ["Only in our corpus."])
    before = dump(ours)
    with pytest.raises(WorkbenchError, match="shares no document"):
        merge(ours, other_path, "carol")
    assert dump(ours) == before
    ours.close()
