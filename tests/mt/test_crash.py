"""A `workbench translate` process killed midway: with SIGKILL nothing reported is lost and the
database is intact; with SIGINT (Ctrl-C) it finishes the batch in flight and says so."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from tests.mt.conftest import Counting, add_document
from workbench.mt.english import english_of
from workbench.mt.translate import select_segments, translate_segments
from workbench.store.db import open_db

SEGMENTS = 3000


@pytest.fixture
def big_db(db_path, argos_env, pairs):
    """A database with a document of SEGMENTS distinct segments (training sentences, numbered)."""
    from workbench.bootstrap import first_run
    db = open_db(db_path)
    first_run(db, sample=False)
    segments = [f"{pairs[i % len(pairs)][0]} {i}" for i in range(SEGMENTS)]
    doc = add_document(db, "big", segments)
    db.close()
    return doc


def _start(db_path, monkeypatch) -> subprocess.Popen:
    monkeypatch.setenv("ARGOS_BATCH_SIZE", "1")
    code = "from workbench.cli import run; run()"
    return subprocess.Popen([sys.executable, "-c", code, "--db", str(db_path), "translate",
                             "--all", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=dict(os.environ))


def _read_progress(proc, until: int) -> list[int]:
    reported: list[int] = []
    for line in proc.stdout:
        event = json.loads(line)
        assert event["event"] == "progress", event
        reported.extend(event["segments"])
        if len(reported) >= until:
            break
    return reported


def test_kill_9_midway_keeps_every_reported_segment(db_path, big_db, engine, monkeypatch):
    proc = _start(db_path, monkeypatch)
    try:
        reported = _read_progress(proc, until=25)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert len(reported) >= 25

    db = open_db(db_path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    found = english_of(db, reported)
    assert sorted(found) == sorted(reported)
    assert all(e.text and e.origin == "mt" for e in found.values())
    saved = db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
    assert len(reported) <= saved < SEGMENTS  # at most the batches in flight went unreported
    orphans = db.execute("SELECT COUNT(*) FROM translations t LEFT JOIN tm ON tm.id = t.tm_id "
                         "WHERE tm.id IS NULL").fetchone()[0]
    assert orphans == 0

    # A re-run continues where the killed one stopped: the model sees only the rest.
    ids = select_segments(db, [big_db])[:saved + 40]
    rest = Counting(engine)
    report = translate_segments(db, ids, rest)
    assert (report.already, report.translated, len(rest.inputs)) == (saved, 40, 40)
    db.close()


def test_ctrl_c_finishes_the_batch_and_reports(db_path, big_db, monkeypatch):
    proc = _start(db_path, monkeypatch)
    try:
        reported = _read_progress(proc, until=10)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    lines = [json.loads(line) for line in out.splitlines()]
    for event in lines[:-1]:
        reported.extend(event["segments"])
    final = lines[-1]
    assert final["event"] == "report" and final["interrupted"] is True
    assert final["translated"] == len(reported) and final["remaining"] == SEGMENTS - len(reported)
    assert "stopping after the current batch" in err and "Traceback" not in err
    db = open_db(db_path)
    assert db.execute("SELECT COUNT(*) FROM translations").fetchone()[0] == len(reported)
    db.close()
