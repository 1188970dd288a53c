"""The English of a segment, decided in one place (workbench.mt.english): precedence, blank
post-edits, glosses only given a glossary, terminology QA, and the --origin filter."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.mt.conftest import EXPECTED, MT_EN, POSTEDIT_EN, POSTEDITED, one_of_each_origin
from workbench.mt import english as core
from workbench.mt.english import english_of
from workbench.mt.memory import save_postedit
from workbench.terms.glossary import load


@pytest.fixture
def origins(gdb):
    return gdb, one_of_each_origin(gdb)


def test_each_origin_and_its_provenance(origins):
    db, ids = origins
    found = english_of(db, ids.values())
    assert {name: (found[sid].text, found[sid].origin) for name, sid in ids.items()} == EXPECTED
    edited, match, mt = found[ids["postedit"]], found[ids["match"]], found[ids["mt"]]
    assert (edited.by, edited.match_from, edited.mt.text) == ("amal", None, MT_EN[POSTEDITED])
    assert edited.at and edited.label == "post-edit by amal"
    assert (match.by, match.at, match.match_from) == ("amal", edited.at, ids["postedit"])
    assert match.mt.text == MT_EN[POSTEDITED]             # the MT it overrides is kept
    assert match.label == f"100% match: amal's post-edit of segment {ids['postedit']}"
    assert (mt.by, mt.mt.name, mt.label) == (None, "argos translate-ar_en-stub 1.9",
                                             "machine translation (argos translate-ar_en-stub 1.9)")
    assert mt.at == mt.mt.at and mt.mt.settings == {"beam_size": 4}
    assert [e.translated for e in found.values()] == [True, True, True, True, False, False]
    assert all(e.problems is None and e.passes_qa is None for e in found.values())  # unchecked


def test_a_blank_postedit_is_no_postedit_here_and_elsewhere(origins):
    db, ids = origins
    db.execute("UPDATE translations SET postedit = ' \n' WHERE segment_id = ?", [ids["postedit"]])
    found = english_of(db, [ids["postedit"], ids["match"]])
    assert [(e.text, e.origin) for e in found.values()] == [(MT_EN[POSTEDITED], "mt")] * 2
    db.execute("UPDATE translations SET postedit = '' WHERE segment_id = ?", [ids["match"]])
    db.execute("UPDATE translations SET postedit = 'Fixed.' WHERE segment_id = ?",
               [ids["postedit"]])
    assert english_of(db, [ids["match"]])[ids["match"]].text == "Fixed."   # '' hides no match


def test_an_own_postedit_beats_the_match_and_only_arabic_is_translated(origins):
    db, ids = origins
    save_postedit(db, ids["match"], "My own.", "basel")
    assert english_of(db, [ids["match"]])[ids["match"]].origin == "postedit"
    db.execute("INSERT INTO translations (segment_id, postedit) VALUES (?, 'x')", [ids["english"]])
    assert english_of(db, [ids["english"]])[ids["english"]].origin is None
    assert english_of(db, [987654]) == {}                    # no such segment: no answer


def test_with_a_glossary_translations_are_checked_and_the_rest_glossed(origins):
    db, ids = origins
    found = english_of(db, ids.values(), load(db))
    mt, none = found[ids["mt"]], found[ids["none"]]
    assert [(p.kind, p.term_id, p.found) for p in mt.problems] == [("forbidden", "daesh", "ISIL")]
    assert mt.passes_qa is False and found[ids["postedit"]].passes_qa is True
    assert (none.text, none.origin, none.label) == ("mercenaries; Deir ez-Zor", "gloss",
                                                    "glossary gloss, not a translation")
    assert not none.translated and none.to_record() is None and none.problems is None
    assert found[ids["english"]].origin is None
    advisory = core.English(1, "x", "mt", problems=(replace(mt.problems[0], advisory=True),))
    assert advisory.passes_qa is True                        # draft terms only warn


def test_qa_of_the_corpus_goes_through_the_same_english(origins):
    db, ids = origins
    missing = "The Kurdish-led forces said 13 people were arrested in Hasakah."
    save_postedit(db, ids["postedit"], missing, "amal")
    checked, reports = core.check_corpus(db)
    assert checked == 4                       # postedit, match, mt, blank (the MT under it)
    assert {r.segment_id: r.english for r in reports} == {
        ids["postedit"]: missing, ids["match"]: missing,
        ids["mt"]: MT_EN["وأضاف أن 3 من عناصر داعش قتلوا."]}
    assert {r.segment_id: [p.kind for p in r.problems] for r in reports} == {
        ids["postedit"]: ["missing"], ids["match"]: ["missing"], ids["mt"]: ["forbidden"]}
    document = db.execute("SELECT document_id FROM segments WHERE id = ?",
                          [ids["mt"]]).fetchone()[0]
    assert core.check_corpus(db, document)[0] == 3


def test_records_and_the_origin_filter(origins):
    db, ids = origins
    found = english_of(db, ids.values())
    assert found[ids["match"]].to_record() == {
        "text": POSTEDIT_EN, "origin": "match", "by": "amal", "at": found[ids["postedit"]].at,
        "postedit": None, "mt": found[ids["match"]].mt.to_record(),
        "match": {"text": POSTEDIT_EN, "by": "amal", "at": found[ids["postedit"]].at,
                  "segment_id": ids["postedit"]}}
    assert found[ids["none"]].to_record() is None
    assert core.wanted("mt", None) and core.wanted(None, ()) and core.wanted(None, ["any"])
    assert core.wanted("match", ["postedit", "match"]) and not core.wanted("mt", ["postedit"])
    assert not core.wanted(None, ["mt"])
