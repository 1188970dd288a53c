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
    names = [r[0] for r in fresh_db.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = 'workbench' ORDER BY id")]
    assert [name[:5] for name in names] == [f"{v:04d} " for v in range(1, migrations.LATEST + 1)]
    assert "migrations" not in fresh_db.table_names()       # the old runner's record is not made
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
    assert migrations.applied_versions(db) == set(range(1, migrations.LATEST + 1))
    assert migrations.pending(db) == []
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


@pytest.mark.parametrize("name", ["0099 from the future", "a step this workbench never had"])
def test_newer_schema_is_refused(db_path, name):
    db = open_db(db_path)
    db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
               "VALUES ('workbench', ?, 'x')", [name])
    db.conn.commit()
    db.close()
    with pytest.raises(DatabaseError_, match="newer workbench"):
        open_db(db_path)
    with pytest.raises(DatabaseError_, match="newer workbench"):
        open_db(db_path, readonly=True)


def test_another_migration_set_in_the_same_file_is_not_ours(db_path):
    db = open_db(db_path)
    db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
               "VALUES ('someone-elses-plugin', '0099 theirs', 'x')")
    db.conn.commit()
    db.close()
    open_db(db_path).close()


def test_missing_folder(tmp_path):
    with pytest.raises(DatabaseError_, match="does not exist"):
        open_db(tmp_path / "nope" / "x.db")


def test_directory_given_as_database(tmp_path):
    with pytest.raises(DatabaseError_, match="directory"):
        open_db(tmp_path)


def test_failed_migration_leaves_nothing_behind_and_stays_pending(db_path, monkeypatch):
    def broken(db):
        db.execute("CREATE TABLE half_done (x)")
        db.execute("INSERT INTO meta (key, value) VALUES ('half', 'done')")
        raise RuntimeError("boom")
    steps, last = migrations.STEPS, migrations.LATEST
    monkeypatch.setattr(migrations, "STEPS", steps + [(last + 1, "broken", broken)])
    monkeypatch.setattr(migrations, "LATEST", last + 1)
    with pytest.raises(RuntimeError, match="boom"):
        open_db(db_path)
    conn = sqlite3.connect(db_path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in names and "documents" in names   # the others committed, each alone
    assert conn.execute("SELECT COUNT(*) FROM meta WHERE key = 'half'").fetchone()[0] == 0
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert applied[-1][:4] == f"{last:04d}"
    conn.close()
    db = open_db(db_path, migrate=False)
    assert migrations.pending(db) == [last + 1]
    db.close()

    def fixed(db):
        db.execute("CREATE TABLE done_right (x)")
    monkeypatch.setattr(migrations, "STEPS", steps + [(last + 1, "broken", fixed)])
    db = open_db(db_path)
    assert migrations.pending(db) == [] and "done_right" in db.table_names()
    db.close()


# --- databases from before sqlite-utils ran the migrations --------------------------------

# What workbench 0.3's own runner wrote: its table and the names it gave versions 1-7.
OLD_RUNNER_NAMES = [
    (1, "foundation: documents, segments, full-text index, history"),
    (2, "glossary: terms and term hits"),
    (3, "translation memory and post-edits"),
    (4, "claims and incidents"),
    (5, "team: merges, imported history, conflicts"),
    (6, "full-text index without a copy of the text"),
    (7, "post-edits found by content, for 100% matches"),
]
# What came after 0.3: a database it left still needs these.
AFTER_OLD_RUNNER = [v for v, _, _ in migrations.STEPS if v > 7]


def _old_runner_database(path, upto: int = 7) -> None:
    """A database as workbench 0.3 left it: schema up to `upto`, recorded in `migrations`,
    and no `_sqlite_migrations`; with a document, a segment and a post-edit in it."""
    from sqlite_utils import Database
    from workbench.store.db import APPLICATION_ID
    db = Database(sqlite3.connect(path))
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.migrate(db, upto=upto)
    db.execute("DROP TABLE _sqlite_migrations")
    db.execute("CREATE TABLE IF NOT EXISTS migrations "
               "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    db.conn.executemany("INSERT INTO migrations (version, name, applied_at) "
                        "VALUES (?, ?, '2025-05-01T08:00:00+00:00')",
                        [row for row in OLD_RUNNER_NAMES if row[0] <= upto])
    db.execute("INSERT INTO documents (id, doc_key, content_hash, imported_at) VALUES (1, 'k', 'h', 'now')")
    db.execute("INSERT INTO segments (id, document_id, position, raw, norm, language, hash) "
               "VALUES (1, 1, 0, 'قال', 'قال', 'ar', 'x')")
    db.execute("INSERT INTO translations (segment_id, postedit, postedit_by, postedit_at) "
               "VALUES (1, 'He said.', 'amal', 'then')")
    db.conn.commit()
    db.close()


def _schema(path) -> list[tuple]:
    """Every table, index and trigger with its SQL and its first page: a migration run again
    would change one (even one that drops and remakes a table moves its page)."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT type, name, sql, rootpage FROM sqlite_master "
                            "WHERE name NOT LIKE '%sqlite_migrations%' ORDER BY name").fetchall()
    finally:
        conn.close()


def _added_columns_only(old_sql: str, table: str, path) -> bool:
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(old_sql)
        before = conn.execute(f"PRAGMA table_info([{table}])").fetchall()
    finally:
        conn.close()
    conn = sqlite3.connect(path)
    try:
        after = conn.execute(f"PRAGMA table_info([{table}])").fetchall()
    finally:
        conn.close()
    return len(after) > len(before) and after[:len(before)] == before


def test_an_old_runner_database_opens_without_applying_anything_again(db_path, monkeypatch):
    _old_runner_database(db_path)
    schema = _schema(db_path)

    def must_not_run(db):
        raise AssertionError("a migration the old runner applied ran again")
    monkeypatch.setattr(migrations, "STEPS", [(v, t, must_not_run if v <= 7 else apply)
                                              for v, t, apply in migrations.STEPS])
    db = open_db(db_path)
    assert migrations.pending(db) == [] and migrations.migrate(db) == []
    recorded = [r[0] for r in db.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = 'workbench' ORDER BY id")]
    assert recorded == [f"{v:04d} {name}" for v, name in OLD_RUNNER_NAMES] + [
        migrations.migration_name(v, t) for v, t, _ in migrations.STEPS if v > 7]
    assert db.execute("SELECT version, name FROM migrations ORDER BY version").fetchall() == OLD_RUNNER_NAMES
    assert db.execute("SELECT postedit FROM translations").fetchall() == [("He said.",)]
    db.close()
    after = _schema(db_path)          # what 0.3 made is untouched; what came after is added
    kept = [row for row in after if row[1] in {r[1] for r in schema}]
    assert [(t, name, page) for t, name, _, page in kept] == [(t, n, p) for t, n, _, p in schema]
    for (kind, name, sql, _), (_, _, old_sql, _) in zip(kept, schema):
        # a later migration may add columns to a table: the ones it had stay as they were
        assert sql == old_sql or (kind == "table" and _added_columns_only(old_sql, name, db_path))


def test_an_old_runner_database_part_way_gets_only_what_it_lacks(db_path):
    _old_runner_database(db_path, upto=6)
    from sqlite_utils import Database
    db = Database(sqlite3.connect(db_path))
    assert migrations.pending(db) == [7, *AFTER_OLD_RUNNER]
    assert migrations.migrate(db) == [7, *AFTER_OLD_RUNNER]
    assert "source_hash" in db["translations"].columns_dict
    assert db.execute("SELECT source_hash FROM translations").fetchall() == [("x",)]
    assert migrations.pending(db) == [] and migrations.migrate(db) == []
    db.close()


def test_an_old_runner_database_is_read_without_writing(db_path):
    _old_runner_database(db_path)
    before = db_path.read_bytes()
    db = open_db(db_path, readonly=True)
    assert migrations.pending(db) == AFTER_OLD_RUNNER    # 1-7 read from its own record
    assert "_sqlite_migrations" not in db.table_names()
    db.close()
    assert db_path.read_bytes() == before


def test_an_old_runner_database_from_a_newer_workbench_is_refused(db_path):
    _old_runner_database(db_path)
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO migrations (version, name, applied_at) VALUES (99, 'future', 'later')")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError_, match="newer workbench"):
        open_db(db_path)
    assert "_sqlite_migrations" not in {r[0] for r in sqlite3.connect(db_path).execute(
        "SELECT name FROM sqlite_master")}
