"""Opening databases: migrations, pragmas, and refusing what is not ours."""

import sqlite3

import pytest

from workbench.errors import DatabaseError_
from workbench.store import migrations
from workbench.store.db import open_db


def test_fresh_database_is_migrated_with_wal_and_foreign_keys(fresh_db):
    assert fresh_db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert fresh_db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert fresh_db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    versions = [r[0] for r in fresh_db.execute("SELECT version FROM migrations ORDER BY version")]
    assert versions == [m[0] for m in migrations.MIGRATIONS]
    for table in ("documents", "segments", "history", "segments_fts"):
        assert table in fresh_db.table_names()


def test_migrates_an_older_schema_without_losing_rows(db_path):
    conn = sqlite3.connect(db_path)
    conn.close()
    from sqlite_utils import Database
    from workbench.store.db import APPLICATION_ID
    old = Database(db_path)
    old.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.migrate(old, upto=1)
    old.execute("INSERT INTO documents (doc_key, content_hash, imported_at) VALUES ('k', 'h', 'now')")
    old.conn.commit()
    old.close()
    db = open_db(db_path)
    assert [r[0] for r in db.execute("SELECT version FROM migrations ORDER BY version")][-1] == migrations.LATEST
    assert db.execute("SELECT doc_key FROM documents").fetchall() == [("k",)]


def test_full_text_index_rebuilt_without_its_copy_of_the_text(db_path):
    from sqlite_utils import Database
    from workbench.store.db import APPLICATION_ID
    from workbench.store.search import search
    old = Database(db_path)
    old.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.migrate(old, upto=5)
    old.execute("INSERT INTO documents (id, doc_key, content_hash, imported_at) VALUES (1, 'k', 'h', 'now')")
    old.execute("INSERT INTO segments (id, document_id, position, raw, norm, language, hash) "
                "VALUES (7, 1, 0, 'وبالمرتزقة', 'وبالمرتزقه', 'ar', 'x')")
    old.execute("INSERT INTO segments_fts (rowid, keys) VALUES (7, 'مرتزقه')")
    old.conn.commit()
    old.close()
    db = open_db(db_path)
    assert [r["segment_id"] for r in search(db, "المرتزقة")] == [7]
    assert db.execute("SELECT keys FROM segments_fts").fetchall() == [(None,)]  # no copy kept


def test_reopening_applies_nothing_twice(db_path):
    open_db(db_path).close()
    db = open_db(db_path)
    assert migrations.migrate(db) == []


def test_not_a_sqlite_file(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("hello, not a database")
    with pytest.raises(DatabaseError_, match="not a workbench database"):
        open_db(path)


def test_someone_elses_sqlite_database(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError_, match="not a workbench database"):
        open_db(path)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT name FROM sqlite_master").fetchall() == [("people",)]


def test_newer_schema_is_refused(db_path):
    db = open_db(db_path)
    db.execute("INSERT INTO migrations (version, name, applied_at) VALUES (999, 'future', 'x')")
    db.conn.commit()
    db.close()
    with pytest.raises(DatabaseError_, match="newer workbench"):
        open_db(db_path)


def test_missing_folder(tmp_path):
    with pytest.raises(DatabaseError_, match="does not exist"):
        open_db(tmp_path / "nope" / "x.db")


def test_directory_given_as_database(tmp_path):
    with pytest.raises(DatabaseError_, match="directory"):
        open_db(tmp_path)


def test_failed_migration_leaves_nothing_behind(db_path, monkeypatch):
    def broken(db):
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("boom")
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS + [(99, "broken", broken)])
    monkeypatch.setattr(migrations, "LATEST", 99)
    with pytest.raises(RuntimeError):
        open_db(db_path)
    conn = sqlite3.connect(db_path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in names
    assert conn.execute("SELECT COUNT(*) FROM migrations WHERE version = 99").fetchone()[0] == 0
