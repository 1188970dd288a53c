"""The other database of a merge: checked like our own, then attached read-only as `theirs`.

Reading it through SQL (ATTACH) lets the merge match and copy rows with joins instead of
moving every row through Python; `mode=ro` guarantees the merge never writes to it.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

from sqlite_utils import Database

from workbench.errors import MergeError
from workbench.store.db import is_own_file, open_db

THEIRS = "theirs"   # the schema name the other database is attached under


@dataclass
class OtherDatabase:
    """What the merge needs to know about the attached database."""

    path: Path
    tables: set[str]

    @property
    def label(self) -> str:
        return self.path.name

    def has(self, table: str) -> bool:
        return table in self.tables


def check_file(path: Path) -> None:
    """One clear line for a file that is not a workbench database we can read.

    Only the file's metadata is read before SQLite opens it: open_db refuses a FIFO (which
    would wait for a writer forever), a socket or a device from os.stat alone."""
    if not path.exists():
        broken = " (a broken or looping symbolic link)" if path.is_symlink() else ""
        raise MergeError(f"{path}: no such file{broken}")
    if path.is_dir():
        raise MergeError(f"{path}: is a folder, not a workbench database")
    other = open_db(path, readonly=True)  # refuses non-SQLite, foreign, newer and special files
    other.close()


def check_other(db: Database, path: Path) -> None:
    """check_file, and not this database itself under any name (a hard or symbolic link, or
    its -wal): compared by device and inode, never by opening the file, since closing any
    descriptor of it would drop this process's locks on it. Nothing is written anywhere."""
    if is_own_file(db, path):
        raise MergeError(f"{path}: is this database itself; merge another annotator's copy")
    check_file(path)


def columns(db: Database, table: str, schema: str = "main") -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA {schema}.table_info([{table}])")]


def json_columns(db: Database, table: str) -> frozenset[str]:
    """Columns holding JSON lists or objects (declared with a '[]' or '{}' default). The name
    is bound, not spliced: it may come from a history row a merge brought in (any text), and a
    table that does not exist has none."""
    return frozenset(row[0] for row in db.execute(
        "SELECT name, dflt_value FROM pragma_table_info(?, 'main')", [table])
        if row[1] in ("'[]'", "'{}'"))


def common_columns(db: Database, table: str) -> list[str]:
    """Our columns of `table` that the other database also has, in our order."""
    theirs = set(columns(db, table, THEIRS))
    return [c for c in columns(db, table) if c in theirs]


@contextmanager
def attached(db: Database, path: str | Path) -> Iterator[OtherDatabase]:
    """Check the other database, attach it read-only for the duration, then detach it."""
    path = Path(path)
    check_other(db, path)
    if db.conn.in_transaction:
        raise MergeError("cannot merge inside another transaction")
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        db.execute(f"ATTACH DATABASE ? AS {THEIRS}", [uri])
    except sqlite3.DatabaseError as exc:
        raise MergeError(f"{path}: cannot be opened for merging ({exc})") from None
    try:
        tables = {r[0] for r in db.execute(
            f"SELECT name FROM {THEIRS}.sqlite_master WHERE type = 'table'")}
        if not {"documents", "segments", "history"} <= tables:
            raise MergeError(f"{path}: not a workbench database (no documents, segments or history)")
        yield OtherDatabase(path, tables)
    finally:
        if db.conn.in_transaction:
            db.conn.rollback()
        db.execute(f"DETACH DATABASE {THEIRS}")
