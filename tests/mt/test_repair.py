"""Missing-term repair: on hand-made alignments (the rules), and on the fixture model's own
output for the training pairs that drop or paraphrase a glossary term (the whole path)."""

from __future__ import annotations

import json

import pytest

from tests.mt.conftest import add_document
from workbench.mt import align
from workbench.mt.engine import Hypotheses
from workbench.mt.enforce import choose
from workbench.mt.repair import repair
from workbench.mt.translate import select_segments, translate_segments
from workbench.terms import qa
from workbench.terms.glossary import load

BOMB = "استهدفت عبوة ناسفة دورية لقسد في دير الزور"           # fixture: "A bomb targeted …"
OFFICIALS = "قالت الإدارة الذاتية إن المعبر سيفتح الأسبوع المقبل"  # fixture: "Officials said …"


@pytest.fixture
def glossary(gdb):
    return load(gdb)


def one_to_one(pairs: list[tuple[int, int]], n_target: int) -> list[list[int]]:
    """An alignment where target word t attends only to source word s, for each (t, s)."""
    out: list[list[int]] = [[] for _ in range(n_target)]
    for t, s in pairs:
        out[t] = [s, 100]
    return out


# --- the rules, on alignments we write ------------------------------------------------------

def test_replaces_the_aligned_words_fixing_the_article(glossary):
    english = "A bomb targeted an SDF patrol in Deir ez-Zor"
    # ar: استهدفت(0) عبوة(1) ناسفة(2) دورية(3) لقسد(4) في(5) دير(6) الزور(7)
    alignment = one_to_one([(0, 1), (1, 2), (2, 0), (3, 3), (4, 4), (5, 3), (6, 5), (7, 6),
                            (8, 7)], 9)
    text, repairs = repair(glossary, BOMB, english, alignment, ["ied"])
    assert text == "An IED targeted an SDF patrol in Deir ez-Zor"
    (r,) = repairs
    assert (r.action, r.found, r.replacement, r.term_id) == ("replaced", "A bomb", "An IED", "ied")
    assert r.surface_ar == "عبوة ناسفة" and "attention" in r.why


def test_number_and_the_are_kept(glossary):
    arabic = "هاجم المرتزقة قرية في ريف الحسكة الشمالي"
    english = "The fighters attacked a village in the northern Hasakah countryside"
    alignment = one_to_one([(1, 1), (2, 0), (4, 2), (5, 3), (7, 6), (8, 5), (9, 4)], 10)
    text, _ = repair(glossary, arabic, english, alignment, ["murtazaqa"])
    assert text == "The mercenaries attacked a village in the northern Hasakah countryside"
    singular = "A fighter attacked a village in the northern Hasakah countryside"
    text, _ = repair(glossary, arabic, singular, alignment, ["murtazaqa"])
    assert text == "A mercenary attacked a village in the northern Hasakah countryside"


def test_inserts_after_the_neighbour_when_no_word_is_aligned(glossary):
    arabic = "نفذ التحالف الدولي غارة جوية قرب الباغوز"
    english = "carried out an air strike near Baghouz"
    # nothing attends to التحالف الدولي (1, 2): the model dropped it
    alignment = one_to_one([(0, 0), (1, 0), (3, 4), (4, 3), (5, 5), (6, 6)], 7)
    text, (r,) = repair(glossary, arabic, english, alignment, ["international-coalition"])
    assert text == "carried out International Coalition an air strike near Baghouz"
    assert (r.action, r.found, r.start, r.end) == ("inserted", "", 11, 11)


def test_never_replaces_another_terms_rendering_or_without_alignment(glossary):
    english = "The SDF said the crossing will open next week"
    # the only word aligned with الإدارة الذاتية is SDF, which renders قسد: nothing to replace
    arabic = "قالت الإدارة الذاتية وقسد إن المعبر سيفتح الأسبوع المقبل"
    alignment = one_to_one([(0, 0), (1, 1), (2, 0), (4, 5), (5, 6), (6, 6), (7, 7), (8, 8)], 9)
    text, repairs = repair(glossary, arabic, english, alignment, ["aanes"])
    assert "SDF" in text and all(r.found != "SDF" for r in repairs)
    assert repair(glossary, arabic, english, None, ["aanes"]) == (english, [])
    assert repair(glossary, arabic, english, alignment[:-1], ["aanes"]) == (english, [])


def test_alignment_is_word_level_and_refuses_a_mismatch():
    pieces_ar, pieces_en = ["▁عبوة", "▁ناس", "فة"], ["▁An", "▁I", "ED"]
    attention = [[0.9, 0.05, 0.05], [0.1, 0.6, 0.3], [0.0, 0.5, 0.5]]
    assert align.from_attention(pieces_ar, pieces_en, attention, 2, 2) == [[0, 90, 1, 10],
                                                                         [1, 95, 0, 5]]
    assert align.from_attention(pieces_ar, pieces_en, attention, 3, 2) is None


# --- the fixture model: raw output misses the term, n-best cannot fix it, repair does -------

@pytest.fixture
def translated(gdb, engine):
    doc = add_document(gdb, "repair", [BOMB, OFFICIALS])
    report = translate_segments(gdb, select_segments(gdb, [doc]), engine)
    return gdb, doc, report


def test_the_model_drops_the_term_and_repair_puts_it_back(translated, engine, glossary):
    db, doc, report = translated
    (hyps,) = engine.translate_batch([BOMB], engine.hypotheses)
    assert len(hyps) == 4 and not any("IED" in h or "improvised" in h for h in hyps)
    assert hyps[0] == "A bomb targeted an SDF patrol in Deir ez-Zor"
    assert not choose(glossary, BOMB, list(hyps)).clean       # n-best and fixes cannot help
    row = db.execute("SELECT mt_raw, mt_text, repairs, nbest FROM tm WHERE mt_raw = ?",
                     [hyps[0]]).fetchone()
    assert row[1] == "An IED targeted an SDF patrol in Deir ez-Zor"
    assert qa.check(glossary, BOMB, row[1]) == []
    (stored,) = json.loads(row[2])
    assert (stored["found"], stored["replacement"], stored["term_id"]) == ("A bomb", "An IED", "ied")
    nbest = json.loads(row[3])
    assert nbest["texts"] == list(hyps) and len(nbest["align"]) == 4
    assert (report.with_hits, report.enforced_clean, report.clean, report.repaired) == (2, 0, 2, 2)
    assert report.documents[doc] == [2, 0, 0, 2, 2]


def test_the_translation_says_it_was_repaired(translated):
    from workbench.mt.english import english_of
    from workbench.tui.passage import build_info
    from workbench.tui.render import origin_label
    db, doc, _ = translated
    first = select_segments(db, [doc])[0]
    english = english_of(db, [first])[first]
    assert english.mt.repairs and english.label.endswith("repaired: 1 term(s)")
    row = {"id": first, "document_id": doc, "position": 0, "raw": BOMB, "language": "ar"}
    label = origin_label(build_info(row, english, 0, None)).plain
    assert "repaired: An IED" in label


def test_translate_prints_compliance_before_and_after_repair(cli, db_path, argos_env):
    from workbench.bootstrap import load_glossary
    from workbench.store.db import open_db
    db = open_db(db_path)
    load_glossary(db)
    add_document(db, "one", [BOMB])
    add_document(db, "two", [OFFICIALS, "اعتقلت قسد اثنين من المرتزقة في الحسكة"])
    db.close()
    result = cli("translate", "--all")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert ("terminology compliance (QA-clean segments with glossary terms): raw MT 0% (0/3) → "
            "enforced 33% (1/3) → repaired 100% (3/3); 2 segment(s) with missing terms "
            "repaired") in lines
    assert "  document 1: raw 0% (0/1) → enforced 0% (0/1) → repaired 100% (1/1)" in lines
    assert "  document 2: raw 0% (0/2) → enforced 50% (1/2) → repaired 100% (2/2)" in lines
    report = json.loads(cli("translate", "--all", "--json").output.splitlines()[-1])
    assert report["compliance_enforced"] is None      # all done already: nothing new


def test_hypotheses_carry_alignments_that_fit_their_words(engine):
    (hyps,) = engine.translate_batch([OFFICIALS], 2)
    assert isinstance(hyps, Hypotheses)
    for text, alignment in zip(hyps, hyps.alignments):
        assert len(alignment) == len(text.split())
        assert all(0 <= cell[k] < len(OFFICIALS.split()) for cell in alignment
                   for k in range(0, len(cell), 2))


# --- hostile input ----------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

WORDS = st.sampled_from(["the", "a", "An", "fighters", "bomb", "police", "Officials", "said",
                         "(the", "cells.", "«", "IED", "SDF", "Raqqa,", "—", "near", "ار"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(WORDS, min_size=0, max_size=12), data=st.data())
def test_repair_of_any_text_and_alignment_keeps_its_promises(glossary, words, data):
    english = " ".join(words)
    n = len(english.split())
    cell = st.lists(st.tuples(st.integers(0, 9), st.integers(0, 120)), max_size=3).map(
        lambda pairs: [v for pair in pairs for v in pair])
    alignment = data.draw(st.lists(cell, min_size=n, max_size=n))
    terms = ["ied", "sdf-acronym", "deir-ez-zor"]
    text, repairs = repair(glossary, BOMB, english, alignment, terms)
    if not repairs:
        assert text == english
    for r in repairs:
        assert glossary.terms[r.term_id].approved_en.lower() in text.lower()
        assert english[r.start:r.end] == r.found
    chosen = choose(glossary, BOMB, Hypotheses([english], alignments=[alignment]))
    unrepaired = choose(glossary, BOMB, [english])

    def broken(t):
        return sum(not p.advisory for p in qa.check(glossary, BOMB, t))
    assert broken(chosen.text) <= broken(unrepaired.text)        # repair never makes it worse
    assert bool(chosen.repairs) == (chosen.text != unrepaired.text)
