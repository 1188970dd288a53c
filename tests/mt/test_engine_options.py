"""`workbench translate --model/--device/--compute-type/--inter-threads/--intra-threads`."""

from __future__ import annotations

import json

import pytest

from tests.mt.conftest import add_document

LINE = "اعتقلت قسد اثنين من المرتزقة في الحسكة"


@pytest.fixture
def doc(db_path, argos_env):
    from workbench.bootstrap import load_glossary
    from workbench.store.db import open_db
    db = open_db(db_path)
    load_glossary(db)
    doc = add_document(db, "options", [LINE])
    db.close()
    return doc


def tm_rows(db_path) -> list[dict]:
    from workbench.store.db import open_db
    db = open_db(db_path)
    rows = [dict(r) for r in db.query("SELECT model, settings FROM tm")]
    db.close()
    return rows


@pytest.mark.parametrize("args, says", [
    (["--device", "cuda"], "CTranslate2 sees no CUDA device; use --device cpu"),
    (["--compute-type", "float16"], "compute type float16 (--compute-type or "
                                    "ARGOS_COMPUTE_TYPE): not supported on cpu"),
    (["--model", "opus-mt-ar-en"], "--model opus-mt-ar-en: no such usable ar→en model"),
])
def test_bad_engine_options_are_one_line_and_change_nothing(cli, db_path, doc, args, says):
    from workbench.mt.argos import remembered_model
    result = cli("translate", "--doc", doc, *args)
    assert result.exit_code != 0
    assert len(result.output.strip().splitlines()) == 1 and says in result.output
    assert tm_rows(db_path) == [] and remembered_model() is None


def test_options_shape_the_run_and_the_model_is_remembered(cli, db_path, doc):
    from workbench.mt.argos import remembered_model
    result = cli("translate", "--doc", doc, "--model", "translate-ar_en-fixture", "--device",
                 "cpu", "--compute-type", "int8", "--inter-threads", "1", "--intra-threads", "1")
    assert result.exit_code == 0, result.output
    (row,) = tm_rows(db_path)
    settings = json.loads(row["settings"])
    assert (row["model"], settings["device"], settings["compute_type"]) == (
        "translate-ar_en-fixture", "cpu", "int8")
    assert remembered_model() == "translate-ar_en-fixture"
