"""Fixtures for the terminal UI: a database with the sample corpus and glossary (built once,
copied per test), a fake translation engine, and a helper that waits until the app has
opened the database and loaded the glossary and the suggestions."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from workbench.store.db import open_db

SIZE = (160, 45)


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory) -> Path:
    from workbench.bootstrap import first_run
    path = tmp_path_factory.mktemp("template") / "sample.db"
    db = open_db(path)
    first_run(db)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def sample_db(sample_template, tmp_path) -> Path:
    """A private copy of the sample database (sample corpus and glossary loaded)."""
    path = tmp_path / "work.db"
    shutil.copy(sample_template, path)
    return path


class FakeEngine:
    """A translation engine that writes what it is told to (or a marked copy of the input)."""

    name = "fake"
    model = "fake-ar-en"
    model_version = "1"
    settings: dict = {}
    batch_size = 2

    def __init__(self, outputs: dict[str, str] | None = None, gate: threading.Event | None = None,
                 batches: list | None = None):
        self.outputs = outputs or {}
        self.gate = gate
        self.batches = batches if batches is not None else []

    def translate_batch(self, texts, num_hypotheses=1):
        from workbench.mt.engine import Hypotheses
        self.batches.append(texts)
        if self.gate is not None:
            self.gate.wait(10)
        return [Hypotheses([self.outputs.get(t, f"EN[{len(t)}]")]) for t in texts]


def add_mt(db_path: Path, outputs: dict[int, str]) -> None:
    """Give segments machine translations (segment id -> English), as a translation run would."""
    from workbench.mt import memory
    db = open_db(db_path)
    engine = FakeEngine()
    with db.atomic():
        for segment_id, text in outputs.items():
            seg = db.execute("SELECT hash, norm FROM segments WHERE id = ?", [segment_id]).fetchone()
            ids = memory.store(db, engine, [(seg[0], seg[1], text, text, {})])
            memory.link(db, [(segment_id, next(iter(ids.values())))])
    db.close()


def segment_id(db_path: Path, document_id: int, position: int) -> int:
    db = open_db(db_path)
    try:
        return db.execute("SELECT id FROM segments WHERE document_id = ? AND position = ?",
                          [document_id, position]).fetchone()[0]
    finally:
        db.close()


def rows(db_path: Path, sql: str, params=()) -> list[dict]:
    db = open_db(db_path)
    try:
        return [dict(r) for r in db.query(sql, list(params))]
    finally:
        db.close()


def make_test_app(db_path, annotator: str | None = "tester", **kwargs):
    from workbench.tui.app import make_app
    kwargs.setdefault("ask_annotator", False)
    kwargs.setdefault("refresh_seconds", None)
    return make_app(str(db_path), annotator=annotator, rtl="reorder", **kwargs)


async def settle(app, pilot, timeout: float = 15.0) -> None:
    """Wait until the database is open and the glossary and suggestions are loaded."""
    import time
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await app.workers.wait_for_complete()
        await pilot.pause()
        main = app.main
        if (app.db_error or (app.db_ready and not app.glossary_loading
                             and (main.passage is None or main.suggestions_ready))):
            if not any(w.is_running for w in app.workers):
                await pilot.pause()
                return
        await pilot.pause(0.02)
    raise AssertionError("the app did not settle")


@pytest.fixture
def anyio_backend():
    return "asyncio"


def find_segment(db_path: Path, prefix: str) -> dict:
    """The sample segment whose text starts with `prefix` (tests find segments by their
    words, not by positions that change when the importer's segmentation improves)."""
    found = rows(db_path, "SELECT id, document_id, position, raw FROM segments "
                          "WHERE raw LIKE ? ORDER BY id", [prefix + "%"])
    assert found, f"no sample segment starts with {prefix!r}"
    return found[0]


ARREST = "قـ.ـوى الأمـ.ـن الداخلي تعتقل"      # ISF arrest 12 ... mercenaries ... Busayrah
ANNOUNCEMENT = "أعلنت قوى الأمن الداخلي"      # a suggested claim: the ISF announced ...
