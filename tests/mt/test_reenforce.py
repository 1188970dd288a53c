"""Re-enforcement: a glossary change reaches the stored MT without the model; post-edits are
flagged, never changed."""

from __future__ import annotations

import json

import pytest

from tests.mt.conftest import add_document
from workbench.mt import reenforce
from workbench.mt.memory import save_postedit, translation_for
from workbench.mt.translate import select_segments, translate_segments
from workbench.terms import store

BOMB = "استهدفت عبوة ناسفة دورية لقسد في دير الزور"       # fixture: "A bomb targeted …"
BLAST = "انفجرت عبوة ناسفة قرب سوق شعبي في الرقة"         # fixture: "A blast went off …"
PLAIN = "اعتقلت قسد 5 عناصر من خلايا داعش في الحسكة"


class NoModel:
    """Re-enforcement must not translate: an engine that fails if asked."""

    def __getattr__(self, name):
        raise AssertionError(f"the model was used ({name})")


@pytest.fixture
def without_ied(gdb, engine):
    """The fixture's translations made while the IED term was deprecated (not matched);
    BLAST post-edited."""
    ied = store.get_term(gdb, "ied")
    store.set_status(gdb, "ied", "deprecated", "lina")
    doc = add_document(gdb, "reenforce", [BOMB, BLAST, PLAIN])
    translate_segments(gdb, select_segments(gdb, [doc]), engine)
    bomb, blast, plain = select_segments(gdb, [doc])
    save_postedit(gdb, blast, "A blast went off near a market in Raqqa.", "lina")
    return gdb, ied, bomb, blast, plain


def test_adding_a_term_re_enforces_stored_mt_and_flags_postedits(without_ied):
    db, ied, bomb, blast, plain = without_ied
    before = translation_for(db, bomb)
    assert before["mt_text"] == "A bomb targeted an SDF patrol in Deir ez-Zor"
    untouched = translation_for(db, plain)["mt_text"]
    terms_before = reenforce.terms_state(db)
    with db.atomic():
        store.save_term(db, ied, "lina")        # approved again, as the glossary editor saves
    changed = reenforce.changed_since(db, terms_before)
    assert changed == {"ied"}
    report = reenforce.after_glossary_change(db, changed)
    assert (report.checked, report.changed, report.repaired) == (2, 2, 2)
    after = translation_for(db, bomb)
    assert after["mt_text"] == "An IED targeted an SDF patrol in Deir ez-Zor"
    assert after["mt_raw"] == before["mt_raw"] and after["repairs"][0]["term_id"] == "ied"
    assert translation_for(db, plain)["mt_text"] == untouched
    edited = translation_for(db, blast)
    assert edited["postedit"] == "A blast went off near a market in Raqqa."
    assert reenforce.flagged_postedits(db) == {blast: ["ied"]}
    assert report.flagged_segments == [blast]
    assert (report.problems_before, report.problems_after) == (1, 0)
    english = db.execute("SELECT english FROM segment_english WHERE segment_id = ?",
                         [bomb]).fetchone()[0]
    assert english == after["mt_text"]          # the search index follows


def test_deprecating_the_term_undoes_its_repairs(without_ied):
    db, ied, bomb, blast, _ = without_ied
    with db.atomic():
        store.save_term(db, ied, "lina")
    reenforce.after_glossary_change(db, ["ied"])
    store.set_status(db, "ied", "deprecated", "lina")
    report = reenforce.after_glossary_change(db, ["ied"])
    assert report.changed == 2
    assert translation_for(db, bomb)["mt_text"] == "A bomb targeted an SDF patrol in Deir ez-Zor"
    assert translation_for(db, bomb)["repairs"] == []
    assert reenforce.flagged_postedits(db) == {}


def test_translate_reenforce_prints_qa_before_and_after(cli, db_path, argos_env, engine):
    from workbench.bootstrap import load_glossary
    from workbench.store.db import open_db
    db = open_db(db_path)
    load_glossary(db)
    store.set_status(db, "ied", "deprecated", "lina")
    doc = add_document(db, "cli", [BOMB, PLAIN])
    translate_segments(db, select_segments(db, [doc]), engine)
    store.set_status(db, "ied", "approved", "lina")     # no re-enforcement on this path
    db.close()
    result = cli("translate", "--reenforce")
    assert result.exit_code == 0, result.output
    assert "segments whose MT fails terminology QA: 1 before → 0 after" in result.output
    assert "1 changed, 1 with missing terms repaired" in result.output
    again = json.loads(cli("translate", "--reenforce", "--json").output)
    assert (again["changed"], again["problems_before"], again["problems_after"]) == (0, 0, 0)
    assert cli("translate", "--reenforce", "--doc", str(doc)).exit_code != 0


def test_glossary_import_re_enforces(cli, db_path, argos_env, engine, tmp_path):
    from workbench.bootstrap import load_glossary
    from workbench.store.db import open_db
    db = open_db(db_path)
    load_glossary(db)
    doc = add_document(db, "import", [BOMB])
    translate_segments(db, select_segments(db, [doc]), engine)
    (sid,) = select_segments(db, [doc])
    assert translation_for(db, sid)["mt_text"].startswith("An IED")
    db.close()
    tsv = tmp_path / "ied.tsv"
    tsv.write_text("id\tterm_ar\tapproved_en\tcategory\tstatus\n"
                   "ied\tعبوة ناسفة\tbomb\tevent\tapproved\n", encoding="utf-8")
    result = cli("--annotator", "lina", "glossary", "import", str(tsv))
    assert result.exit_code == 0, result.output
    db = open_db(db_path)
    assert translation_for(db, sid)["mt_text"] == "A bomb targeted an SDF patrol in Deir ez-Zor"
    db.close()


def test_a_merge_that_changes_a_term_re_enforces(without_ied, db_path, tmp_path):
    import sqlite3
    from dataclasses import replace

    from workbench.store.db import open_db
    from workbench.team.merge import merge
    db, ied, bomb, _, _ = without_ied
    db.conn.commit()
    theirs = tmp_path / "theirs.db"
    with sqlite3.connect(theirs) as copy:     # a colleague's copy of this database
        db.conn.backup(copy)
    other = open_db(theirs)
    with other.atomic():           # they added a term for the same Arabic
        store.save_term(other, replace(ied, id="explosive-device", related=()), "omar")
    other.close()
    result = merge(db, theirs, "lina")
    assert result.changed
    assert store.get_term(db, "explosive-device").status == "approved"
    assert translation_for(db, bomb)["mt_text"] == "An IED targeted an SDF patrol in Deir ez-Zor"
