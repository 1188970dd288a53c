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


# --- a segment of each origin ----------------------------------------------------------------

POSTEDITED = "قالت قسد إن 13 شخصاً اعتقلوا في الحسكة."
POSTEDIT_EN = "The SDF said 13 people were arrested in Hasakah."
MT_EN = {
    POSTEDITED: "Qasad said 13 people arrested in Hasaka.",
    "وأضاف أن 3 من عناصر داعش قتلوا.": "He added that 3 ISIL members were killed.",
    "وقال المتحدث إن الهجوم انتهى.": "The spokesman said the attack was over.",
}


class StubEngine:
    """What memory.store reads of an engine: its name, model, version and settings."""

    name, model, model_version = "argos", "translate-ar_en-stub", "1.9"
    settings = {"beam_size": 4}


def one_of_each_origin(db) -> dict[str, int]:
    """Segments whose English comes from each origin, {name: segment id}; the English each
    should have is in `EXPECTED`:
    postedit  post-edited by amal over its MT;
    match     the same content in a second document, its MT under a 100% match;
    mt        MT only (it renders داعش as ISIL, which the glossary forbids);
    blank     a blank post-edit (as a merge may bring one) over MT: the MT;
    none      no English (a glossary term in it: the UI shows a gloss);
    english   an English source segment."""
    from workbench.mt import memory
    from workbench.store.documents import NewDocument, NewSegment, save_document
    lines = [POSTEDITED, "وأضاف أن 3 من عناصر داعش قتلوا.", "وقال المتحدث إن الهجوم انتهى.",
             "هاجم المرتزقة حاجزاً في ريف دير الزور.", "The SDF said so."]
    first = save_document(db, NewDocument("origins:1", "\n".join(lines),
                                          [NewSegment(x) for x in lines], title="Raid",
                                          outlet="Sada", language="ar")).document_id
    second = add_document(db, "origins:2", ["مقدمة الخبر.", POSTEDITED])
    rows = {raw: (sid, h, norm) for sid, raw, h, norm in db.execute(
        "SELECT id, raw, hash, norm FROM segments WHERE document_id = ? ORDER BY position",
        [first])}
    [(_, copy)] = db.execute("SELECT position, id FROM segments WHERE document_id = ? "
                             "AND position = 1", [second]).fetchall()
    engine = StubEngine()
    tm = memory.store(db, engine, [(rows[ar][1], rows[ar][2], en, en, {})
                                   for ar, en in MT_EN.items()])
    memory.link(db, [(rows[ar][0], tm[rows[ar][1]]) for ar in MT_EN] +
                [(copy, tm[rows[POSTEDITED][1]])])
    ids = {"postedit": rows[POSTEDITED][0], "match": copy, "mt": rows[lines[1]][0],
           "blank": rows[lines[2]][0], "none": rows[lines[3]][0], "english": rows[lines[4]][0]}
    memory.save_postedit(db, ids["postedit"], POSTEDIT_EN, "amal")
    db.execute("UPDATE translations SET postedit = '', postedit_by = 'omar' WHERE segment_id = ?",
               [ids["blank"]])
    db.conn.commit()
    return ids


EXPECTED = {     # name: (English, origin) as every face must show it
    "postedit": (POSTEDIT_EN, "postedit"),
    "match": (POSTEDIT_EN, "match"),
    "mt": ("He added that 3 ISIL members were killed.", "mt"),
    "blank": ("The spokesman said the attack was over.", "mt"),
    "none": (None, None),
    "english": (None, None),
}
