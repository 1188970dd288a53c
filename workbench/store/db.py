"""Opening the workbench database: checks, pragmas and migrations in one place."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Iterator

from sqlite_utils import Database

from workbench import arabic
from workbench.errors import DatabaseError_
from workbench.store import migrations

APPLICATION_ID = 0x57424E43  # "WBNC": marks a file as a workbench database
DEFAULT_PATH = "annotations.db"
BUSY_TIMEOUT_MS = 30_000


class WorkbenchDatabase(Database):
    """sqlite-utils' Database whose transactions take the write lock first (BEGIN IMMEDIATE).

    A deferred transaction reads, then asks for the write lock; if another process (an
    import, a translation run, the UI) committed in between, SQLite refuses at once with
    "database is locked" and the busy timeout never applies. Taking the lock up front makes
    every writer wait its turn instead.
    """

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self.rollback()
                raise


def _check_file(path: Path) -> None:
    if path.is_dir():
        raise DatabaseError_(f"{path}: is a directory, not a database file")
    if path.exists() and path.stat().st_size > 0:
        try:
            with path.open("rb") as fh:
                header = fh.read(16)
        except OSError as exc:
            raise DatabaseError_(f"{path}: cannot be read ({exc.strerror})") from None
        if header != b"SQLite format 3\x00":
            raise DatabaseError_(f"{path}: not a workbench database (not an SQLite file)")


def connect(path: str | Path, readonly: bool = False) -> sqlite3.Connection:
    path = Path(path)
    _check_file(path)
    if not readonly and not path.exists() and not path.parent.exists():
        raise DatabaseError_(f"{path}: folder {path.parent} does not exist")
    try:
        if readonly:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                                   check_same_thread=False)
        else:
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError_(f"{path}: cannot be opened ({exc})") from None
    return conn


def open_db(path: str | Path = DEFAULT_PATH, readonly: bool = False, migrate: bool = True) -> Database:
    """Open (creating if needed) a workbench database, migrated to the current schema.

    Raises DatabaseError_ with one clear line for a path that cannot be opened, a file that
    is not a workbench database, or one written by a newer workbench.
    """
    path = Path(path)
    conn = connect(path, readonly)
    try:
        db = WorkbenchDatabase(conn)
        conn.create_function("search_keys", 1, arabic.search_keys, deterministic=True)
        _check_identity(db, path)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            if migrate:
                if not _is_workbench(db):
                    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                migrations.migrate(db)
        elif not _is_workbench(db):
            raise DatabaseError_(f"{path}: empty or missing database, opened read-only")
    except sqlite3.OperationalError as exc:
        conn.close()
        if "readonly" in str(exc) or "read-only" in str(exc):
            raise DatabaseError_(f"{path}: the database is read-only") from None
        raise DatabaseError_(f"{path}: {exc}") from None
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DatabaseError_(f"{path}: not a usable database ({exc})") from None
    except DatabaseError_:
        conn.close()
        raise
    return db


def _is_workbench(db: Database) -> bool:
    return db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def _check_identity(db: Database, path: Path) -> None:
    """Refuse SQLite files that belong to something else or to a newer workbench."""
    if _is_workbench(db):
        versions = migrations.applied_versions(db)
        if versions and max(versions) > migrations.LATEST:
            raise DatabaseError_(
                f"{path}: written by a newer workbench (schema {max(versions)}, "
                f"this one knows up to {migrations.LATEST}); upgrade the workbench")
        return
    if db.table_names():
        raise DatabaseError_(f"{path}: not a workbench database (it has other tables)")
