"""`workbench mt eval`: BLEU, chrF and term accuracy of raw, enforced and repaired output."""

from __future__ import annotations

import json
import re

import pytest

from tests.mt.conftest import MT_FIXTURES, read_pairs
from workbench.mt.evaluate import ReferenceError_, read_reference, term_counts


def write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def reference(tmp_path):
    """Pairs the fixture reproduces exactly, two that break the glossary on purpose and two
    where the model drops the term (their references use the approved renderings)."""
    pairs = read_pairs()
    chosen = pairs[:3] + [pairs[199], pairs[200]]
    chosen += [(pairs[-2][0], "An IED targeted an SDF patrol in Deir ez-Zor"),
               (pairs[-4][0], "The Autonomous Administration said the crossing will open "
                              "next week")]
    lines = ["id\ten\tar"] + [f"{k}\t{en}\t{ar}" for k, (ar, en) in enumerate(chosen)]
    return write(tmp_path / "reference.tsv", "\n".join(lines) + "\n")


def test_scores_raw_enforced_and_repaired(cli, gdb, argos_env, reference):
    result = cli("mt", "eval", str(reference), "--json")
    assert result.exit_code == 0, result.output
    (evaluation,) = json.loads(result.output)
    assert evaluation["model"] == "translate-ar_en-fixture" and evaluation["segments"] == 7
    raw, enforced, repaired = (evaluation["scores"][s] for s in ("raw", "enforced", "repaired"))
    assert raw["terms"] == enforced["terms"] == repaired["terms"] > 0
    assert raw["term_accuracy"] < enforced["term_accuracy"] < repaired["term_accuracy"] == 1.0
    assert all(0 < s["bleu"] <= 100 and 0 < s["chrf"] <= 100 for s in (raw, enforced, repaired))
    assert raw["bleu"] != repaired["bleu"]
    table = cli("mt", "eval", str(reference), "--model", "translate-ar_en-fixture")
    assert "translate-ar_en-fixture          repaired" in table.output
    assert "100% (" in table.output.splitlines()[-1]


def test_term_accuracy_counts_each_term_once_per_segment(gdb):
    from workbench.terms.glossary import load
    glossary = load(gdb)
    arabic = "هاجم المرتزقة حاجزاً لقسد في ريف الحسكة"
    assert term_counts(glossary, arabic, "The mercenaries attacked an SDF checkpoint") == (3, 2)
    assert term_counts(glossary, arabic, "The fighters attacked a checkpoint") == (3, 0)
    assert term_counts(glossary, "قال المتحدث", "The spokesman said") == (0, 0)


@pytest.mark.parametrize("text, says", [
    ("ar\ten\n", "no pairs under the header"),
    ("arabic\tenglish\nقال\tsaid\n", "must name the columns ar and en"),
    ("ar\ten\nقال\n", "line 2 has 1 column(s)"),
    ("", "empty"),
])
def test_a_reference_with_the_wrong_columns_is_one_line(cli, tmp_path, text, says):
    path = write(tmp_path / "ref.tsv", text)
    with pytest.raises(ReferenceError_, match=re.escape(says)):
        read_reference(path)
    result = cli("mt", "eval", str(path))
    assert result.exit_code != 0
    assert len(result.output.strip().splitlines()) == 1 and says in result.output
    assert str(path) in result.output


def test_a_missing_reference_or_model(cli, tmp_path, argos_env):
    result = cli("mt", "eval", str(tmp_path / "none.tsv"))
    assert result.exit_code != 0 and "no such file" in result.output
    ok = MT_FIXTURES / "parallel.tsv"
    result = cli("mt", "eval", str(ok), "--model", "opus-mt-ar-en")
    assert result.exit_code != 0
    assert result.output.strip().endswith("installed: translate-ar_en-fixture")
