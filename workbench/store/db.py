"""Opening the workbench database: checks, pragmas and migrations in one place."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

from sqlite_utils import Database

from workbench import arabic
from workbench.errors import DatabaseError_
from workbench.files import kind_of
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
    """Refuse what SQLite must not be given, from the file's metadata alone.

    The file is never opened here: on POSIX, closing any descriptor of a file drops every lock
    this process holds on it, so a plain open() and close() of a database that a connection
    (or the UI's worker threads) has open lets another process delete the WAL under us.
    Whether the file is SQLite at all is asked of SQLite itself, in `connect`.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise DatabaseError_(f"{path}: cannot be read ({exc.strerror})") from None
    if stat.S_ISDIR(mode):
        raise DatabaseError_(f"{path}: is a directory, not a database file")
    if not stat.S_ISREG(mode):
        raise DatabaseError_(f"{path}: not a regular file ({kind_of(mode)}), not a database")


def _path(path: str | Path) -> Path:
    if not str(path).strip():                   # Path("") would be "." (a folder)
        raise DatabaseError_("--db: the database path is empty")
    return Path(path)


def connect(path: str | Path, readonly: bool = False, immutable: bool = False) -> sqlite3.Connection:
    path = _path(path)
    _check_file(path)
    if not readonly and not path.exists() and not path.parent.exists():
        raise DatabaseError_(f"{path}: folder {path.parent} does not exist")
    try:
        if readonly:
            flags = "mode=ro&immutable=1" if immutable else "mode=ro"
            conn = sqlite3.connect(f"file:{quote(os.fsencode(path.resolve()))}?{flags}", uri=True,
                                   timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        else:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    except sqlite3.Error as exc:
        raise DatabaseError_(f"{path}: cannot be opened ({exc})") from None
    return conn


def open_db(path: str | Path = DEFAULT_PATH, readonly: bool = False, migrate: bool = True,
            create: bool = True) -> Database:
    """Open (creating if needed) a workbench database, migrated to the current schema.

    A database the user may read but not write (a read-only file or folder) is opened
    read-only: reading commands work, and a write is refused by SQLite, which `explain`
    turns into one line. Raises DatabaseError_ with one clear line for a path that cannot be
    opened, a file that is not a workbench database, or one written by a newer workbench.
    """
    path = _path(path)
    if not readonly:
        try:
            return _open(path, readonly=False, migrate=migrate, create=create)
        except _ReadOnly:
            pass
    current = migrate and not readonly  # fell back to reading: the schema must be current
    try:
        return _open(path, readonly=True, migrate=current)
    except _ReadOnly as exc:
        if os.access(path.parent, os.W_OK):
            raise explain(exc.error, path) from None
    # A WAL database in a folder we cannot write: SQLite cannot create its -shm, so it can
    # only be read as an immutable file (nobody can be writing a WAL into that folder either).
    try:
        return _open(path, readonly=True, migrate=current, immutable=True)
    except _ReadOnly as exc:
        raise explain(exc.error, path) from None


def open_existing(path: str | Path) -> Database:
    """Open a database that must already exist (for commands that only read): a missing
    path is one line and nothing is created."""
    path = _path(path)
    if not path.exists():
        broken = " (a broken symbolic link)" if os.path.lexists(path) else ""
        raise DatabaseError_(f"{path}: no such database{broken}; start one with `workbench "
                             "init`, `workbench import FILE`, or by opening the UI")
    _check_file(path)
    if path.stat().st_size == 0:
        raise DatabaseError_(f"{path}: an empty file, not a workbench database")
    return open_db(path, create=False)


class _ReadOnly(Exception):
    """Opening needs to write (create the WAL, migrate) and the file or folder is read-only."""

    def __init__(self, error: sqlite3.Error):
        self.error = error


def _open(path: Path, readonly: bool, migrate: bool, immutable: bool = False,
          create: bool = True) -> Database:
    conn = connect(path, readonly, immutable)
    try:
        conn.execute("PRAGMA schema_version").fetchone()  # SQLite reads the header here
        db = WorkbenchDatabase(conn)
        conn.create_function("search_keys", 1, arabic.search_keys, deterministic=True)
        _check_identity(db, path)
        if not create and not _is_workbench(db):
            raise DatabaseError_(f"{path}: not a workbench database (an empty SQLite file); "
                                 "start one with `workbench init`")
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
        elif migrate and migrations.pending(db):
            raise DatabaseError_(
                f"{path}: read-only, and made by an older workbench (its schema must be "
                "upgraded by someone who can write the file and its folder)")
    except sqlite3.DatabaseError as exc:
        conn.close()
        if "not a database" in str(exc):
            raise DatabaseError_(f"{path}: not a workbench database (not an SQLite file)") from None
        if _is_read_only(exc) and path.exists():
            raise _ReadOnly(exc) from None
        raise explain(exc, path) from None
    except BaseException:
        conn.close()
        raise
    return db


def _is_read_only(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "readonly" in text or "read-only" in text or "unable to open" in text


def explain(exc: sqlite3.Error, path: str | Path) -> DatabaseError_:
    """One line for an SQLite failure: what happened to which file, and what to do about it."""
    text = str(exc)
    lowered = text.lower()
    if "malformed" in lowered or "not a database" in lowered or "corrupt" in lowered:
        advice = (f"the database is damaged ({text}); check it with "
                  f"`sqlite3 {path} 'PRAGMA integrity_check'` and restore a copy")
    elif _is_read_only(exc):
        advice = (f"the database is read-only ({text}); it can be read, but writing needs "
                  "write permission on the file and its folder")
    elif "disk i/o" in lowered:
        advice = (f"disk I/O error; check the disk, that nothing else replaced or deleted the "
                  f"file or its -wal/-shm, then run `sqlite3 {path} 'PRAGMA integrity_check'`")
    elif "full" in lowered:
        advice = f"{text}; free some disk space and try again (nothing was half-written)"
    elif "locked" in lowered or "busy" in lowered:
        advice = (f"{text}: another process held it for more than {BUSY_TIMEOUT_MS // 1000} s; "
                  "try again when it has finished")
    else:
        advice = f"SQLite error ({text})"
    return DatabaseError_(f"{path}: {advice}")


def is_own_file(db: Database, path: str | Path) -> bool:
    """Whether `path` is this database's file, or its -wal or -shm, under any name (a hard
    link, a symlink): reading it with plain file I/O would drop this process's locks."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return False
    for _, name, filename in db.execute("PRAGMA database_list"):
        if name != "main" or not filename:
            continue
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                own = os.stat(filename + suffix)
            except OSError:
                continue
            if (own.st_dev, own.st_ino) == (info.st_dev, info.st_ino):
                return True
    return False


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
    other = db.execute("PRAGMA application_id").fetchone()[0]
    if other:
        raise DatabaseError_(f"{path}: not a workbench database (it belongs to another "
                             f"application, application_id {other})")
