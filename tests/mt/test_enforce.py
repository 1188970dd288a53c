"""Glossary enforcement: the n-best choice and the fixes, on hand-made hypotheses and on the
fixture model's own output for the training pairs that deliberately break the glossary."""

from __future__ import annotations

import pytest

from tests.mt.conftest import add_document
from workbench.mt.enforce import choose
from workbench.mt.memory import translation_for
from workbench.mt.translate import select_segments, translate_segments
from workbench.terms import qa
from workbench.terms.glossary import load

ATTACK = "هاجم المرتزقة حاجزاً لقسد في ريف الحسكة الجنوبي"
GOOD = "The mercenaries attacked an SDF checkpoint in the southern Hasakah countryside"
BAD = "The militants attacked an SDF checkpoint in the southern Hasakah countryside"


@pytest.fixture
def glossary(gdb):
    return load(gdb)


def test_prefers_a_hypothesis_that_follows_the_glossary(glossary):
    c = choose(glossary, ATTACK, [BAD, GOOD])
    assert (c.text, c.raw, c.chosen) == (GOOD, BAD, 1)
    assert (c.has_hits, c.raw_clean, c.clean) == (True, False, True)


def test_fixes_a_forbidden_rendering_when_no_hypothesis_is_clean(glossary):
    c = choose(glossary, ATTACK, [BAD, BAD.replace("southern", "south")])
    assert (c.text, c.chosen, c.clean, c.raw_clean) == (GOOD, 0, True, False)
    assert qa.check(glossary, ATTACK, c.raw) and not qa.check(glossary, ATTACK, c.text)


def test_swaps_an_acceptable_rendering_for_the_approved_one(glossary):
    arabic = "قال مصدر أمني إن الخلايا النائمة تستهدف المدنيين في دير الزور"
    english = ("A security source said that dormant cells are targeting civilians in "
               "Deir ez-Zor")
    c = choose(glossary, arabic, [english])
    assert c.text == english.replace("dormant cells", "sleeper cells")
    assert c.raw_clean and c.clean


def test_what_cannot_be_fixed_stays_flagged(glossary):
    c = choose(glossary, ATTACK, ["Someone attacked a checkpoint"])
    assert (c.text, c.clean, c.raw_clean) == ("Someone attacked a checkpoint", False, False)
    assert [p.kind for p in qa.check(glossary, ATTACK, c.text)] == ["missing"] * 3


def test_no_glossary_terms_no_change(glossary):
    c = choose(glossary, "الطقس جميل اليوم", ["The weather is nice today", "Nice weather"])
    assert (c.text, c.chosen, c.has_hits, c.clean) == ("The weather is nice today", 0, False, True)


def _breaking(glossary, pairs):
    """Training pairs whose reference English the glossary would change (see the fixture's
    README: some pairs deliberately use forbidden or merely acceptable renderings)."""
    return [(ar, en) for ar, en in pairs
            if any(p.kind == "forbidden" for p in qa.check(glossary, ar, en))
            or qa.enforce(glossary, ar, en) != en]


def test_model_output_that_breaks_the_glossary_comes_out_enforced(gdb, glossary, engine, pairs):
    breaking = _breaking(glossary, pairs)
    forbidden = [ar for ar, en in breaking
                 if any(p.kind == "forbidden" for p in qa.check(glossary, ar, en))]
    assert len(breaking) >= 5 and len(forbidden) >= 3
    doc = add_document(gdb, "breaking", [ar for ar, _ in breaking])
    ids = select_segments(gdb, [doc])
    report = translate_segments(gdb, ids, engine)
    out = {ar: translation_for(gdb, sid) for sid, (ar, _) in zip(ids, breaking)}
    reproduced = sum(out[ar]["mt_raw"] == en for ar, en in breaking)
    assert reproduced >= len(breaking) - 1  # the model says what it was taught...
    for ar, _ in breaking:
        assert qa.check(glossary, ar, out[ar]["mt_text"]) == []  # ...the workbench fixes it
    broken_raw = [ar for ar in forbidden if qa.check(glossary, ar, out[ar]["mt_raw"])]
    assert len(broken_raw) >= len(forbidden) - 1
    for ar in broken_raw:
        assert "militants" not in out[ar]["mt_text"] and "El-Zor" not in out[ar]["mt_text"]
    assert report.with_hits == len(breaking)
    assert report.raw_clean == len(breaking) - len(broken_raw)
    assert report.clean == len(breaking) and report.compliance == 1.0
    assert report.compliance_raw < report.compliance


def test_translate_reports_compliance_of_raw_and_enforced(cli, db_path, argos_env, pairs):
    from workbench.bootstrap import load_glossary
    from workbench.store.db import open_db
    db = open_db(db_path)
    load_glossary(db)
    breaking = _breaking(load(db), pairs)
    add_document(db, "breaking", [ar for ar, _ in breaking[:5]] + [ar for ar, _ in pairs[:5]])
    db.close()
    result = cli("translate", "--all")
    assert result.exit_code == 0, result.output
    (line,) = [l for l in result.output.splitlines() if l.startswith("terminology compliance")]
    raw, rest = line.split(": raw MT ")[1].split(" → enforced ")
    enforced, repaired = rest.split(" → repaired ")
    assert enforced == "100% (10/10)"
    assert repaired.startswith("100% (10/10); 0 segment(s)")
    assert raw.endswith("/10)") and int(raw.split("(")[1].split("/")[0]) < 10


def test_draft_terms_are_advisory_not_rules(glossary):
    arabic = "نفذ التحالف غارة جوية"
    english = "The alliance carried out an air strike"
    problems = qa.check(glossary, arabic, english)
    assert problems and all(p.advisory for p in problems)  # «coalition» is a draft term
    c = choose(glossary, arabic, [english])
    assert (c.text, c.has_hits, c.raw_clean, c.clean) == (english, True, True, True)
