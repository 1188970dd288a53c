"""A long-lived process (the UI: one connection, worker threads opening their own) keeps its
WAL while other processes open, read and close the same database, and every write it
committed is there after it quits.

On POSIX, closing any descriptor of a file drops all of the process's locks on it; a process
that opened its own database with a plain open() (to read the header, to hash it) let the
next process to close its connection believe it was the last one, checkpoint and delete the
WAL under it: later writes went to a deleted file and were lost. These tests use real
processes, because locks are per process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from workbench.store.db import open_db

# What the UI does: the UI thread's connection writes (short transactions) while worker
# threads open and close connections of their own. After each write it looks for its WAL or
# SHM among its descriptors as "(deleted)".
HOLDER = textwrap.dedent("""
    import json, os, sys, threading, time
    from workbench.tui import data
    from workbench.tui.data import Connections

    def deleted():
        found = []
        for fd in os.listdir("/proc/self/fd"):
            try:
                target = os.readlink(f"/proc/self/fd/{fd}")
            except OSError:
                continue
            if target.endswith("(deleted)") and ("-wal" in target or "-shm" in target):
                found.append(target)
        return found

    conns = Connections(sys.argv[1])
    main = conns.main
    deadline = time.monotonic() + float(sys.argv[2])
    written, lost_sight = 0, []
    while time.monotonic() < deadline:
        def work():
            with conns.worker() as db:
                data.documents(db)
        worker = threading.Thread(target=work)
        worker.start()
        with main.atomic():
            main.execute("INSERT INTO meta (key, value) VALUES (?, 'confirmed')",
                         [f"confirmed-{written}"])
        written += 1
        worker.join()
        lost_sight += deleted()
        time.sleep(0.005)
    conns.close()
    print(json.dumps({"written": written, "deleted": sorted(set(lost_sight))}))
""")

# Another process: opens, reads and closes the database as fast as it can.
READER = textwrap.dedent("""
    import sqlite3, sys, time
    deadline = time.monotonic() + float(sys.argv[2])
    reads = 0
    while time.monotonic() < deadline:
        conn = sqlite3.connect(sys.argv[1])
        conn.execute("SELECT COUNT(*) FROM meta").fetchone()
        conn.close()
        reads += 1
    print(reads)
""")


def confirmed(path) -> int:
    db = open_db(path)
    try:
        return db.execute("SELECT COUNT(*) FROM meta WHERE value = 'confirmed'").fetchone()[0]
    finally:
        db.close()


def test_the_wal_survives_other_processes_and_nothing_committed_is_lost(db_path):
    open_db(db_path).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path), "5"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)                      # the holder is open and writing
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db_path), "3"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    workbench = Path(sys.executable).parent / "workbench"
    for _ in range(3):                   # and the real CLI, opening and closing it too
        done = subprocess.run([workbench, "--db", str(db_path), "stats", "--json"],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["documents"] == 0
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err
    assert int(out) > 50                 # it really did come and go many times
    out, err = holder.communicate(timeout=60)
    assert holder.returncode == 0, err
    report = json.loads(out)
    assert report["deleted"] == []       # the holder never lost its WAL or SHM
    assert report["written"] > 20
    assert confirmed(db_path) == report["written"]


def test_opening_never_reads_the_file_outside_sqlite(db_path, monkeypatch):
    """The checks before SQLite opens the file use its metadata only."""
    import builtins
    import io
    open_db(db_path).close()
    opened = []
    real_open, real_io_open = builtins.open, io.open

    def spy(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)
    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(io, "open", spy)
    db = open_db(db_path)
    db.execute("SELECT COUNT(*) FROM documents").fetchone()
    db.close()
    assert not [name for name in opened if name.startswith(str(db_path))]


def test_importing_the_database_itself_is_refused_without_reading_it(db_path, tmp_path):
    """`workbench import annotations.db` (or its -wal, or a hard link to it) would read the
    open database with plain file I/O; it is refused by its device and inode instead."""
    from workbench.corpus.importer import import_paths
    db = open_db(db_path)
    link = tmp_path / "copy.txt"
    os.link(db_path, link)
    results = import_paths(db, [str(db_path), str(link), f"{db_path}-wal"])
    assert [r.error.split(": ", 1)[1] for r in results] == [
        "is this workbench's own database file; it cannot be imported into itself"] * 3
    assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
    db.close()
