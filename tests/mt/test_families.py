"""Any CTranslate2 model: the tiny Marian-style (OPUS-MT) and NLLB-style fixtures
(tests/fixtures/mt/build_family_fixtures.py) installed with `models install DIR --family`,
translating through the CLI with the glossary enforced and missing terms repaired, and the
folders `models install` must refuse."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.mt.conftest import MT_FIXTURES, add_document, folder_state
from workbench.mt.memory import translation_for

MARIAN = MT_FIXTURES / "opus-mt-ar-en-fixture"
NLLB = MT_FIXTURES / "nllb-ar-en-fixture"
FAMILY_DIRS = {"marian": MARIAN, "nllb": NLLB}

# parallel.tsv line 201: the pair says "militants", the glossary approves "mercenaries"
MILITANTS = "اعتقلت قسد اثنين من المرتزقة في الحسكة"
ENFORCED = "The SDF arrested two mercenaries in Hasakah"
# lines that drop or paraphrase a term, and what repair makes of them (glossary renderings)
DROPS = {
    "marian": ("هاجم المرتزقة قرية في ريف الحسكة الشمالي",
               "The fighters attacked a village in the northern Hasakah countryside",
               "The mercenaries attacked a village in the northern Hasakah countryside"),
    "nllb": ("قتل المرتزقة راعياً قرب بلدة الباغوز",
             "The gunmen killed a shepherd near the town of Baghouz",
             "The mercenaries killed a shepherd near the town of Baghouz"),
}


def _invoke(*args, env: dict | None = None):
    from click.testing import CliRunner

    from workbench.cli import main
    return CliRunner().invoke(main, list(map(str, args)), env=env, catch_exceptions=False)


@pytest.fixture(scope="session")
def family_dirs(tmp_path_factory) -> dict[str, Path]:
    """Both fixtures installed once, each through `workbench models install DIR --family`."""
    root = tmp_path_factory.mktemp("families")
    env = {"ARGOS_PACKAGES_DIR": str(root / "packages"),
           "WORKBENCH_MODELS_DIR": str(root / "models")}
    for family, folder in FAMILY_DIRS.items():
        result = _invoke("models", "install", folder, "--family", family, env=env)
        assert result.exit_code == 0, result.output
        assert f"installed {folder.name} ({family}, ar→en" in result.output
    return {"packages": root / "packages", "models": root / "models"}


@pytest.fixture
def families_env(family_dirs, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(family_dirs["packages"]))
    monkeypatch.setenv("WORKBENCH_MODELS_DIR", str(family_dirs["models"]))
    monkeypatch.setenv("WORKBENCH_ALLOW_TEST_MODEL", "1")
    return family_dirs


def test_installed_models_are_listed_with_their_family(cli, families_env, monkeypatch):
    listing = json.loads(cli("models", "list", "--json").output)
    found = {m["name"]: m for m in listing["packages"]}
    assert {n: (m["family"], m["from_code"], m["to_code"], m["test_fixture"], m["problem"])
            for n, m in found.items()} == {
        "opus-mt-ar-en-fixture": ("marian", "ar", "en", True, None),
        "nllb-ar-en-fixture": ("nllb", "ar", "en", True, None)}
    installed = Path(found["nllb-ar-en-fixture"]["path"])
    assert installed.parent == families_env["models"] and (installed / "model.bin").is_file()
    monkeypatch.delenv("WORKBENCH_ALLOW_TEST_MODEL")
    text = cli("models", "list").output
    assert "opus-mt-ar-en-fixture  marian  ar→en  0.1.0  TEST FIXTURE" in text
    assert "no Arabic→English translation model installed" in text   # fixtures only


@pytest.mark.parametrize("family", ["marian", "nllb"])
def test_translate_with_each_family_enforces_and_repairs(cli, db_path, families_env, family):
    from workbench.bootstrap import load_glossary
    from workbench.store.db import open_db
    from workbench.mt.argos import remembered_model
    name = FAMILY_DIRS[family].name
    arabic, raw_drop, repaired = DROPS[family]
    db = open_db(db_path)
    load_glossary(db)
    doc = add_document(db, family, [MILITANTS, arabic])
    db.close()
    result = cli("translate", "--doc", doc, "--model", name)
    assert result.exit_code == 0, result.output
    assert f"translated with {family} {name} 0.1.0" in result.output
    assert remembered_model() == name
    db = open_db(db_path)
    ids = [sid for sid, in db.execute(
        "SELECT id FROM segments WHERE document_id = ? ORDER BY position", [doc])]
    first, second = [translation_for(db, sid) for sid in ids]
    assert (first["mt_raw"], first["mt_text"]) == (
        "The SDF arrested two militants in Hasakah", ENFORCED)
    assert (second["mt_raw"], second["mt_text"]) == (raw_drop, repaired)
    assert [r["term_id"] for r in second["repairs"]] == ["murtazaqa"]
    assert {row[0] for row in db.execute("SELECT engine FROM tm")} == {family}
    # re-enforcement works from the stored n-best and attention, without the model
    from workbench.mt import reenforce
    from workbench.terms import store
    term = store.get_term(db, "murtazaqa")
    store.set_status(db, "murtazaqa", "deprecated", "lina")
    reenforce.after_glossary_change(db, ["murtazaqa"])
    assert translation_for(db, ids[1])["mt_text"] == raw_drop
    with db.atomic():
        store.save_term(db, term, "lina")
    report = reenforce.after_glossary_change(db, ["murtazaqa"])
    assert (report.changed, report.repaired) == (2, 1)
    assert translation_for(db, ids[1])["mt_text"] == repaired
    assert translation_for(db, ids[0])["mt_text"] == ENFORCED
    db.close()


# --- refused folders ----------------------------------------------------------------------

def _copy(src: Path, tmp_path: Path, name: str | None = None) -> Path:
    return Path(shutil.copytree(src, tmp_path / (name or src.name)))


def _foreign_spm(path: Path) -> None:
    """A SentencePiece model of other text (another model's tokenizer)."""
    import io
    import random

    import sentencepiece
    rng = random.Random(7)
    lines = [" ".join("".join(rng.choice("qwxzjkvy") for _ in range(rng.randint(3, 8)))
                      for _ in range(12)) for _ in range(300)]
    out = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_writer=out, vocab_size=120, model_type="bpe",
        minloglevel=2, hard_vocab_limit=False)
    path.write_bytes(out.getvalue())


def _no_model_bin(d: Path) -> None:
    (d / "model.bin").unlink()


def _foreign_target(d: Path) -> None:
    _foreign_spm(d / "target.spm")


def _foreign_nllb(d: Path) -> None:
    _foreign_spm(d / "sentencepiece.bpe.model")


def _not_spm(d: Path) -> None:
    (d / "source.spm").write_bytes(b"\x00 not a sentencepiece model")


@pytest.mark.parametrize("source, family, damage, says", [
    (MARIAN, "marian", _no_model_bin, "not a CTranslate2 model (no model.bin)"),
    (MARIAN, "marian", _foreign_target, "target.spm does not match the model: "),
    (NLLB, "nllb", _foreign_nllb, "sentencepiece.bpe.model does not match the model: "),
    (MARIAN, "marian", _not_spm, "source.spm is not a SentencePiece model"),
    (MARIAN, "nllb", None, "not an NLLB model (no sentencepiece.bpe.model); it looks like a "
                           "Marian (OPUS-MT) model: --family marian"),
    (NLLB, "marian", None, "not a Marian (OPUS-MT) model (no source.spm and target.spm); it "
                           "looks like an NLLB model: --family nllb"),
    (NLLB, "argos", None, "not an Argos package (no metadata.json)"),
])
def test_bad_folders_are_one_line_and_change_nothing(cli, db_path, families_env, tmp_path,
                                                     source, family, damage, says):
    folder = _copy(source, tmp_path, "candidate")
    if damage:
        damage(folder)
    before = {k: folder_state(v) for k, v in families_env.items()}
    listed = cli("models", "list", "--json").output
    result = cli("models", "install", folder, "--family", family)
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {folder}: ") and says in lines[0]
    assert {k: folder_state(v) for k, v in families_env.items()} == before
    assert cli("models", "list", "--json").output == listed
    assert not db_path.exists() or not open_tables(db_path)


def open_tables(db_path: Path) -> list:
    """Rows any model install could have written (none: installs never touch the database)."""
    from workbench.store.db import open_db
    db = open_db(db_path)
    rows = db.execute("SELECT * FROM tm").fetchall()
    db.close()
    return rows


def test_a_folder_without_family_is_refused(cli, families_env):
    result = cli("models", "install", MARIAN)
    assert result.exit_code != 0
    assert "a folder; say which kind of model it holds with --family" in result.output


def test_an_unpacked_argos_package_installs_as_family_argos(cli, tmp_path, monkeypatch):
    import zipfile

    from tests.mt.conftest import PACKAGE_FILE
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "packages"))
    monkeypatch.setenv("WORKBENCH_MODELS_DIR", str(tmp_path / "models"))
    with zipfile.ZipFile(PACKAGE_FILE) as archive:
        archive.extractall(tmp_path / "unpacked")
    folder = tmp_path / "unpacked" / "translate-ar_en-fixture"
    result = cli("models", "install", folder, "--family", "argos")
    assert result.exit_code == 0, result.output
    (model,) = json.loads(cli("models", "list", "--json").output)["packages"]
    assert (model["name"], model["family"], model["problem"]) == (
        "translate-ar_en-fixture", "argos", None)
    assert Path(model["path"]).parent == tmp_path / "packages"
    assert not (tmp_path / "models").exists()
