"""`workbench export history`: the audit trail parsed back."""

from __future__ import annotations

import hashlib
import json

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.team.helpers import close, segment_ids
from workbench.mt.memory import save_postedit
from workbench.team.merge import merge


def test_export_history_lists_who_changed_what_and_where_it_came_from(alice, bob, copies, runner, tmp_path):
    from workbench.cli import main
    seg = segment_ids(alice)[2]
    save_postedit(alice, seg, "first", "alice")
    save_postedit(alice, seg, "second", "alice")
    close(alice)
    merge(bob, copies[0], "carol")
    bob.close()
    out = tmp_path / "history.jsonl"

    result = runner.invoke(main, ["--db", str(copies[1]), "export", "history", "--format", "jsonl",
                                  "-o", str(out)])

    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert f"{len(records)} history entries written" in result.output
    assert [r["at"] for r in records] == sorted(r["at"] for r in records)
    edits = [r for r in records if r["annotator"] == "alice" and r["table"] == "translations"]
    assert [(e["action"], e["before"] and e["before"]["postedit"], e["after"]["postedit"]) for e in edits] == [
        ("insert", None, "first"), ("update", "first", "second")]
    assert all(e["merge"]["kind"] == "imported" and e["merge"]["source"] == str(copies[0]) for e in edits)
    applied = [r for r in records if r["merge"] and r["merge"]["kind"] == "applied"]
    assert applied and {r["annotator"] for r in applied} == {"carol"}
    assert {r["merge"]["merged_by"] for r in applied} == {"carol"}
    lead = [r for r in records if r["annotator"] == "lead"]
    assert lead and all(r["merge"] is None for r in lead)
    assert not (tmp_path / ".history.jsonl.part").exists()


def _exported(db_path, runner, tmp_path) -> list[dict]:
    from workbench.cli import main
    out = tmp_path / "history.jsonl"
    result = runner.invoke(main, ["--db", str(db_path), "export", "history", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_json_columns_come_out_as_json_values_not_strings_of_json(fresh_db, db_path, runner, tmp_path):
    from tests.team.helpers import add_document, claim
    from workbench.terms.model import Term
    from workbench.terms.store import save_term
    save_term(fresh_db, Term(id="isis", term_ar="داعش", approved_en="ISIS", category="actor",
                             variants_ar=("الدولة الإسلامية",),
                             acceptable_en=("Islamic State", "IS"), forbidden_en=("ISIL",)), "amal")
    add_document(fresh_db, "report:raid", ["قتل ثلاثة مقاتلين في هجوم لداعش."])
    seg = segment_ids(fresh_db)[0]
    claim(fresh_db, seg, 0, 3, "casualties", "amal", actors=[{"name": "داعش", "term_id": "isis"}],
          quantities=[{"raw": "ثلاثة", "value": 3}])
    close(fresh_db)

    records = _exported(db_path, runner, tmp_path)

    term = next(r for r in records if r["table"] == "terms")["after"]
    assert term["acceptable_en"] == ["Islamic State", "IS"]
    assert term["variants_ar"] == ["الدولة الإسلامية"]
    assert term["forbidden_en"] == ["ISIL"] and term["related"] == []
    added = next(r for r in records if r["table"] == "claims")["after"]
    assert added["actors"] == [{"name": "داعش", "term_id": "isis"}]
    assert added["quantities"][0]["value"] == 3 and added["quantities"][0]["raw"] == "ثلاثة"
    assert added["content"] == "قتل" and added["status"] == "unverified"   # plain text stays text
    text = (tmp_path / "history.jsonl").read_text(encoding="utf-8")
    assert '\\"' not in text          # no JSON inside a JSON string anywhere


def test_export_round_trips_to_the_stored_rows(rich_template, runner, tmp_path):
    """Every before/after, its JSON columns encoded again, is the row the history holds:
    merges (imported entries, conflicts) included."""
    from tests.team.helpers import copy_db
    from workbench.store.db import open_db
    path = copy_db(rich_template, tmp_path / "rich.db")
    records = _exported(path, runner, tmp_path)
    db = open_db(path)
    stored = {r["id"]: r for r in db.query("SELECT id, before, after FROM history")}
    json_cols = {t: {row[1] for row in db.execute(f"PRAGMA table_info([{t}])")
                     if row[4] in ("'[]'", "'{}'")} for t in {r["table"] for r in records}}
    db.close()
    assert len(records) == len(stored)
    assert any(r["table"] == "claims" and r["after"] and r["after"]["actors"] for r in records)
    for r in records:
        for side in ("before", "after"):
            row = r[side]
            if row is not None:
                row = {k: json.dumps(v, ensure_ascii=False) if k in json_cols[r["table"]] else v
                       for k, v in row.items()}
            expected = stored[r["id"]][side]
            assert row == (json.loads(expected) if expected else None), (r["id"], side)


def test_a_json_column_holding_text_that_is_not_json_stays_text(fresh_db, db_path, runner, tmp_path):
    """History merged from elsewhere may hold anything; the export keeps what it cannot read."""
    from workbench.store.history import record
    with fresh_db.atomic():
        record(fresh_db, "amal", "terms", "odd", "insert", None,
               {"id": "odd", "acceptable_en": "not json [", "related": '"a string"'})
    close(fresh_db)

    after = _exported(db_path, runner, tmp_path)[0]["after"]

    assert after == {"id": "odd", "acceptable_en": "not json [", "related": '"a string"'}


_RENDERINGS = st.lists(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
                               min_size=1, max_size=12), max_size=4)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(acceptable=_RENDERINGS, variants=_RENDERINGS, figures=st.lists(
    st.fixed_dictionaries({"raw": st.text(max_size=8), "value": st.integers(-10**6, 10**6)}),
    max_size=3))
def test_any_json_value_comes_out_as_the_value_it_is(fresh_db, acceptable, variants, figures):
    """Quotes, backslashes, Arabic, brackets: whatever a list holds, the export holds the list."""
    from tests.team.helpers import add_document, claim
    from workbench.errors import InvalidValue
    from workbench.team.history_export import history_records
    from workbench.terms.model import Term
    from workbench.terms.store import save_term
    try:
        term = Term(id="t-" + hashlib.sha1(repr((acceptable, variants)).encode()).hexdigest()[:12],
                    term_ar="داعش", approved_en="ISIS", category="actor",
                    acceptable_en=tuple(acceptable), variants_ar=tuple(variants))
    except InvalidValue:
        assume(False)
    save_term(fresh_db, term, "amal")
    if not segment_ids(fresh_db):
        add_document(fresh_db, "report:raid", ["قتل ثلاثة مقاتلين في هجوم لداعش."])
    cid = claim(fresh_db, segment_ids(fresh_db)[0], 0, 3, "casualties", "amal", quantities=figures)

    records = {(r["table"], r["row_id"]): r for r in history_records(fresh_db)}

    after = records["terms", term.id]["after"]
    assert after["acceptable_en"] == list(term.acceptable_en)
    assert after["variants_ar"] == list(term.variants_ar)
    stored = json.loads(fresh_db.execute("SELECT quantities FROM claims WHERE id = ?",
                                         [cid]).fetchone()[0])
    assert records["claims", str(cid)]["after"]["quantities"] == stored
    assert json.loads(json.dumps(after, ensure_ascii=False)) == after


def test_a_history_row_naming_any_table_exports(fresh_db):
    """A merge brings in history rows as the other database wrote them: a table name that is
    not a table (or is SQL) is exported as it is, with no JSON columns, never run."""
    from workbench.team.history_export import history_records
    for name in ("[]", "x]; DROP TABLE terms; --", "no_such_table"):
        fresh_db.execute("INSERT INTO history (at, annotator, table_name, row_id, action, after) "
                         "VALUES ('now', 'amal', ?, '1', 'set', '{\"a\": \"[1]\"}')", [name])
    records = [r for r in history_records(fresh_db) if r["annotator"] == "amal"]
    assert [(r["table"], r["after"]) for r in records] == [
        ("[]", {"a": "[1]"}), ("x]; DROP TABLE terms; --", {"a": "[1]"}),
        ("no_such_table", {"a": "[1]"})]
    assert fresh_db["terms"].exists()
