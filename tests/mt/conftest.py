"""Fixtures for machine translation: the project's tiny Argos model installed the way a user
installs a package, engines on it, databases with the glossary and Arabic documents."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

MT_FIXTURES = FIXTURES / "mt"
PACKAGE_FILE = MT_FIXTURES / "translate-ar_en-fixture.argosmodel"


def read_pairs() -> list[tuple[str, str]]:
    with (MT_FIXTURES / "parallel.tsv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(ar.strip(), en.strip()) for ar, en in rows[1:] if ar]


def add_document(db, key: str, segments: list[str]) -> int:
    """A document whose segments are exactly `segments` (no re-segmentation)."""
    from workbench.store.documents import NewDocument, NewSegment, save_document
    text = "\n".join(segments)
    return save_document(db, NewDocument(key, text, [NewSegment(s) for s in segments],
                                         title=key, language="ar")).document_id


def make_package(path: Path, metadata: dict, top: str = "translate-x_y-1_0",
                 extra: dict[str, bytes] | None = None, files: dict[str, bytes] | None = None) -> Path:
    """A structurally complete (not loadable) Argos package zip, for install checks."""
    entries = files if files is not None else {
        f"{top}/metadata.json": json.dumps(metadata).encode(),
        f"{top}/model/model.bin": b"not a model",
        f"{top}/sentencepiece.model": b"not a tokenizer",
    }
    entries.update(extra or {})
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def folder_state(folder: Path) -> dict[str, int]:
    """Every file under `folder` with its size: to show an install left it as it was."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.stat().st_size for p in sorted(folder.rglob("*"))}


@pytest.fixture(scope="session")
def pairs() -> list[tuple[str, str]]:
    return read_pairs()


@pytest.fixture(scope="session")
def session_packages(tmp_path_factory) -> Path:
    """The fixture package installed once through `workbench models install FILE`."""
    import os

    from click.testing import CliRunner

    from workbench.cli import main
    folder = tmp_path_factory.mktemp("argos") / "packages"
    env = {"ARGOS_PACKAGES_DIR": str(folder)}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        result = CliRunner().invoke(main, ["models", "install", str(PACKAGE_FILE)],
                                    catch_exceptions=False)
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def argos_env(session_packages, monkeypatch) -> Path:
    """ARGOS_PACKAGES_DIR pointing at the installed fixture, and permission to use it."""
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(session_packages))
    monkeypatch.setenv("WORKBENCH_ALLOW_TEST_MODEL", "1")
    for key in ("ARGOS_BATCH_SIZE", "ARGOS_BEAM_SIZE", "ARGOS_DEVICE_TYPE", "WORKBENCH_MT_MAX_TOKENS",
                "WORKBENCH_MT_HYPOTHESES"):
        monkeypatch.delenv(key, raising=False)
    return session_packages


@pytest.fixture(scope="session")
def _session_engine(session_packages):
    from workbench.mt.argos import ArgosEngine, EngineSettings
    from workbench.mt.models import installed
    (package,) = installed(session_packages)
    return ArgosEngine(package, EngineSettings(batch_size=8))


@pytest.fixture
def engine(argos_env, _session_engine):
    return _session_engine


class Counting:
    """Wraps an engine and records every text it is asked to translate."""

    def __init__(self, inner, fail_on_call: int | None = None):
        self.inner = inner
        self.inputs: list[str] = []
        self.calls = 0
        self.fail_on_call = fail_on_call

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def submit(self, texts, num_hypotheses=1):
        self.calls += 1
        if self.fail_on_call is not None and self.calls == self.fail_on_call:
            raise KeyboardInterrupt
        self.inputs.extend(texts)
        return self.inner.submit(texts, num_hypotheses)

    def translate_batch(self, texts, num_hypotheses=1):
        return self.submit(texts, num_hypotheses)()


@pytest.fixture
def counting(engine):
    return Counting(engine)


@pytest.fixture
def gdb(fresh_db):
    """A fresh database with the controlled glossary loaded (as on first run)."""
    from workbench.bootstrap import load_glossary
    assert load_glossary(fresh_db) > 0
    return fresh_db
