"""Shared fixtures: a fresh database on a temp file, the CLI runner, the seeds folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.store.db import open_db

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory, monkeypatch):
    """Tests never read or write the developer's own config file or annotator."""
    monkeypatch.setenv("WORKBENCH_CONFIG", str(tmp_path_factory.mktemp("config") / "config.toml"))
    monkeypatch.delenv("WORKBENCH_ANNOTATOR", raising=False)
    monkeypatch.delenv("WORKBENCH_DB", raising=False)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def fresh_db(db_path):
    """A migrated, empty workbench database (no glossary, no sample corpus)."""
    db = open_db(db_path)
    yield db
    db.close()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(runner, db_path):
    """Run `workbench --db <temp db> ARGS...` and return the click Result."""
    from workbench.cli import main

    def invoke(*args, input=None, env=None):
        return runner.invoke(main, ["--db", str(db_path), *map(str, args)], input=input,
                             env=env, catch_exceptions=False)
    return invoke


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present on this machine")
    return SEEDS
