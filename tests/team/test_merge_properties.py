"""Merge properties over random annotation sessions (hypothesis): merging twice equals
merging once, the direction of a merge does not change the annotations, nothing is lost."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.team.helpers import (EXTRA_DOC, add_document, claim, close, dump, incident,
                                replaced_values, segment_ids, snapshot, term)
from workbench.claims import store as claims
from workbench.mt.memory import save_postedit
from workbench.store.db import open_db
from workbench.team.merge import merge

SPANS = [(0, 3), (4, 7), (0, 9)]
TYPES = ["attack", "arrest", "other"]
STATUSES = ["unverified", "corroborated", "disputed"]

operation = st.one_of(
    st.tuples(st.just("postedit"), st.integers(0, 9), st.sampled_from(["p", "q", "r"])),
    st.tuples(st.just("claim"), st.integers(0, 9), st.sampled_from(SPANS), st.sampled_from(TYPES),
              st.sampled_from(STATUSES)),
    st.tuples(st.just("edit claim"), st.integers(0, 9), st.sampled_from(TYPES), st.sampled_from(STATUSES)),
    st.tuples(st.just("term"), st.sampled_from(["sdf", "isis"]), st.sampled_from(["x", "y", "z"])),
    st.tuples(st.just("incident"), st.sampled_from(["raid", "ambush"]), st.integers(0, 9)),
    st.tuples(st.just("extra document")),
)
session = st.lists(operation, max_size=8)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                           HealthCheck.function_scoped_fixture])


def annotate(path: Path, who: str, ops) -> None:
    db = open_db(path)
    for op in ops:
        kind = op[0]
        segs = segment_ids(db)
        if kind == "postedit":
            save_postedit(db, segs[op[1] % len(segs)], f"{op[2]} by {who}" if op[2] != "p" else "p", who)
        elif kind == "claim":
            claim(db, segs[op[1] % len(segs)], *op[2], op[3], who, status=op[4])
        elif kind == "edit claim":
            ids = [r[0] for r in db.execute("SELECT id FROM claims ORDER BY id")]
            claims.update_claim(db, ids[op[1] % len(ids)], {"claim_type": op[2], "status": op[3]}, who)
        elif kind == "term":
            term(db, op[1], op[2], who, term_ar="قسد" if op[1] == "sdf" else "داعش")
        elif kind == "incident":
            ids = [r[0] for r in db.execute("SELECT id FROM claims ORDER BY id")]
            claims.group(db, ids[op[2] % len(ids)], incident(db, op[1], who), who)
        elif kind == "extra document" and not db.execute(
                "SELECT 1 FROM documents WHERE doc_key = ?", [EXTRA_DOC[0]]).fetchone():
            add_document(db, *EXTRA_DOC)
    close(db)


def sessions(base: Path, ops_a, ops_b) -> tuple[Path, Path, Path]:
    folder = Path(tempfile.mkdtemp(prefix="merge-prop-"))
    a, b = folder / "a.db", folder / "b.db"
    shutil.copy(base, a)
    shutil.copy(base, b)
    annotate(a, "alice", ops_a)
    annotate(b, "bob", ops_b)
    return folder, a, b


def merged(target: Path, source: Path, who: str = "carol") -> Path:
    out = target.with_name(f"{target.stem}+{source.stem}.db")
    shutil.copy(target, out)
    db = open_db(out)
    merge(db, source, who)
    close(db)
    return out


@SETTINGS
@given(ops_a=session, ops_b=session)
def test_merging_twice_changes_nothing(base_template, ops_a, ops_b):
    folder, a, b = sessions(base_template, ops_a, ops_b)
    once = merged(b, a)
    db = open_db(once)
    before = dump(db)
    assert merge(db, a, "carol").merge_id is None
    assert dump(db) == before
    db.close()
    shutil.rmtree(folder)


@SETTINGS
@given(ops_a=session, ops_b=session)
def test_direction_does_not_change_the_annotations(base_template, ops_a, ops_b):
    folder, a, b = sessions(base_template, ops_a, ops_b)
    a_into_b, b_into_a = open_db(merged(b, a)), open_db(merged(a, b, "dave"))
    assert snapshot(a_into_b) == snapshot(b_into_a)
    a_into_b.close(), b_into_a.close()
    shutil.rmtree(folder)


@SETTINGS
@given(ops_a=session, ops_b=session)
def test_nothing_is_lost(base_template, ops_a, ops_b):
    folder, a, b = sessions(base_template, ops_a, ops_b)
    result = open_db(merged(b, a))
    after, replaced = snapshot(result), replaced_values(result)

    def kept(table, key, field, cell, value) -> bool:
        tag, shown = cell
        return (repr(value) == shown if tag == "=" else repr(value) in shown) or \
            (table, key, field, value) in replaced

    for path in (a, b):
        db = open_db(path, readonly=True)
        before = snapshot(db)
        db.close()
        for key, (_, shown) in before["translations"].items():
            value = eval(shown)  # noqa: S307 - our own repr of a str
            assert key in after["translations"]
            assert kept("translations", key, "postedit", after["translations"][key], value)
        merged_claims: dict = {}
        for key, fields in after["claims"]:
            merged_claims.setdefault(key, []).append(dict(fields))
        for key, fields in before["claims"]:  # one annotator may hold two claims of one key
            assert any(all(kept("claims", key, field, now[field], eval(shown))  # noqa: S307
                           for field, (_, shown) in fields if field != "incident_id")
                       for now in merged_claims.get(key, [])), key
        assert {k for k, _ in before["incidents"]} <= {k for k, _ in after["incidents"]}
        for term_id, fields in before["terms"].items():
            now = dict(after["terms"][term_id])
            for field, (_, shown) in fields:
                assert kept("terms", term_id, field, now[field], eval(shown)), (term_id, field)  # noqa: S307
        assert before["claim_types"] <= after["claim_types"]
    result.close()
    shutil.rmtree(folder)
