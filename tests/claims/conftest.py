"""Fixtures for the claims tests."""

from __future__ import annotations

import shutil

import pytest

from workbench.bootstrap import load_sample

from .helpers import GLOSSARY, FakeGlossary


@pytest.fixture
def glossary() -> FakeGlossary:
    return FakeGlossary(GLOSSARY)


@pytest.fixture
def sample_db(fresh_db):
    """The bundled sample corpus (six short reports) in a fresh database."""
    assert load_sample(fresh_db) == 6
    return fresh_db


@pytest.fixture(scope="session")
def glossary_template(tmp_path_factory):
    from workbench.bootstrap import load_glossary
    from workbench.store.db import open_db
    path = tmp_path_factory.mktemp("incident-template") / "glossary.db"
    db = open_db(path)
    load_glossary(db)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def glossary_db(glossary_template, db_path):
    """A database with the glossary loaded (copied from one made once per session), at the
    `db_path` the `cli` fixture uses."""
    from workbench.store.db import open_db
    shutil.copy(glossary_template, db_path)
    db = open_db(db_path)
    yield db
    db.close()
