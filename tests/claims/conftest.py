"""Fixtures for the claims tests."""

from __future__ import annotations

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
