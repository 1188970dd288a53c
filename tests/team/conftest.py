"""Fixtures for the team tests: a base corpus and two annotators' copies of it."""

from __future__ import annotations

import pytest

from tests.team.helpers import copy_db, make_base, make_rich
from workbench.store.db import open_db


@pytest.fixture(scope="session")
def base_template(tmp_path_factory):
    return make_base(tmp_path_factory.mktemp("team") / "base.db")


@pytest.fixture
def copies(base_template, tmp_path):
    """(path of alice's copy, path of bob's copy), both from the same base."""
    return copy_db(base_template, tmp_path / "alice.db"), copy_db(base_template, tmp_path / "bob.db")


@pytest.fixture
def alice(copies):
    db = open_db(copies[0])
    yield db
    db.close()


@pytest.fixture
def bob(copies):
    db = open_db(copies[1])
    yield db
    db.close()


@pytest.fixture(scope="session")
def rich_template(base_template, tmp_path_factory):
    return make_rich(base_template, tmp_path_factory.mktemp("rich"))


@pytest.fixture(scope="session")
def ours_template(base_template, tmp_path_factory):
    """A copy of the base as the CLI leaves it after its first run (the glossary loaded)."""
    from tests.team.helpers import close
    from workbench.bootstrap import first_run
    path = copy_db(base_template, tmp_path_factory.mktemp("ours") / "ours.db")
    db = open_db(path)
    first_run(db)
    close(db)
    return path
