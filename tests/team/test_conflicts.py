"""Adjudicating conflicts through the store and the CLI: the chosen value is written, both
sides stay on record, and history says who settled what."""

from __future__ import annotations

import json

import pytest

from tests.team.helpers import claim, close, dump, segment_ids, term
from workbench.errors import InvalidValue, NotFound
from workbench.mt.memory import save_postedit
from workbench.store.history import entries
from workbench.team import conflicts
from workbench.team.merge import merge


@pytest.fixture
def disputed(alice, bob, copies):
    """Bob's database after merging Alice's, with one conflict of each kind."""
    segs = segment_ids(alice)
    save_postedit(alice, segs[1], "Two men were arrested.", "alice")
    save_postedit(bob, segs[1], "Two men were detained.", "bob")
    claim(alice, segs[3], 0, 9, "attack", "alice")
    claim(bob, segs[3], 0, 9, "other", "bob")
    term(alice, "sdf", "Syrian Democratic Forces", "alice", term_ar="قسد")
    term(bob, "sdf", "the SDF", "bob", term_ar="قسد")
    close(alice)
    merge(bob, copies[0], "carol")
    return bob


def by_table(db, table):
    return next(c for c in conflicts.list_conflicts(db) if c.table == table)


def test_picking_theirs_writes_it_and_keeps_both_sides(disputed):
    c = by_table(disputed, "translations")
    resolved = conflicts.resolve(disputed, c.id, "dana", pick="theirs")

    assert (resolved.status, resolved.resolution, resolved.resolved_how, resolved.resolved_by) == (
        "resolved", "Two men were arrested.", "theirs", "dana")
    assert (resolved.ours, resolved.theirs) == ("Two men were detained.", "Two men were arrested.")
    row = disputed.execute("SELECT postedit, postedit_by FROM translations WHERE segment_id = ?",
                           [int(c.row_id)]).fetchone()
    assert row == ("Two men were arrested.", "alice")
    change = list(entries(disputed, "translations", c.row_id))[-1]
    assert (change["annotator"], change["before"]["postedit"], change["after"]["postedit"]) == (
        "dana", "Two men were detained.", "Two men were arrested.")
    [record] = [e for e in entries(disputed, "conflicts", c.id) if e["action"] == "resolve"]
    assert record["annotator"] == "dana"
    for side in (record["before"], record["after"]):
        assert json.loads(side["ours"]) == "Two men were detained."
        assert json.loads(side["theirs"]) == "Two men were arrested."
    assert json.loads(record["after"]["resolution"]) == "Two men were arrested."
    assert conflicts.open_count(disputed) == 2


def test_picking_ours_keeps_the_row_and_settles_the_conflict(disputed):
    c = by_table(disputed, "terms")
    conflicts.resolve(disputed, c.id, "dana", pick="ours")
    assert disputed.execute("SELECT approved_en FROM terms WHERE id = 'sdf'").fetchone() == ("the SDF",)
    assert conflicts.get_conflict(disputed, c.id).status == "resolved"


def test_a_new_value_for_two_annotators_claims_sets_both(disputed):
    c = by_table(disputed, "claims")
    conflicts.resolve(disputed, c.id, "dana", value="attack")
    types = disputed.execute("SELECT annotator, claim_type FROM claims WHERE id IN (?, ?) ORDER BY annotator",
                             [int(c.row_id), int(c.other_row_id)]).fetchall()
    assert types == [("alice", "attack"), ("bob", "attack")]
    assert conflicts.get_conflict(disputed, c.id).resolved_how == "value"


def test_a_list_field_takes_a_new_value_as_separated_text(alice, bob, copies):
    from workbench.terms.model import Term
    from workbench.terms.store import save_term
    for db, who, also in ((alice, "alice", ("QSD",)), (bob, "bob", ("Qasad",))):
        save_term(db, Term(id="sdf", term_ar="قسد", approved_en="SDF", category="actor",
                           acceptable_en=also), who)
    close(alice)
    merge(bob, copies[0], "carol")
    [c] = conflicts.list_conflicts(bob)
    assert (c.field, json.loads(c.ours), json.loads(c.theirs)) == ("acceptable_en", ["Qasad"], ["QSD"])
    conflicts.resolve(bob, c.id, "dana", value="QSD | Qasad")
    assert json.loads(bob.execute("SELECT acceptable_en FROM terms WHERE id = 'sdf'").fetchone()[0]) == [
        "QSD", "Qasad"]


@pytest.mark.parametrize("kwargs, error, message", [
    ({}, InvalidValue, "either a pick"),
    ({"pick": "ours", "value": "x"}, InvalidValue, "either a pick"),
    ({"pick": "mine"}, InvalidValue, "use ours or theirs"),
])
def test_bad_resolutions_are_refused(disputed, kwargs, error, message):
    c = by_table(disputed, "translations")
    before = dump(disputed)
    with pytest.raises(error, match=message):
        conflicts.resolve(disputed, c.id, "dana", **kwargs)
    assert dump(disputed) == before


def test_an_unknown_claim_type_is_refused_and_nothing_changes(disputed):
    c = by_table(disputed, "claims")
    before = dump(disputed)
    with pytest.raises(InvalidValue, match="claim type 'riot': unknown"):
        conflicts.resolve(disputed, c.id, "dana", value="riot")
    assert dump(disputed) == before


def test_unknown_and_already_resolved_conflicts(disputed):
    with pytest.raises(NotFound, match="conflict 999"):
        conflicts.resolve(disputed, 999, "dana", pick="ours")
    c = by_table(disputed, "terms")
    conflicts.resolve(disputed, c.id, "dana", pick="ours")
    with pytest.raises(InvalidValue, match="already resolved by dana"):
        conflicts.resolve(disputed, c.id, "erin", pick="theirs")


def test_a_settled_disagreement_does_not_come_back_on_the_next_merge(disputed, copies):
    for c in conflicts.list_conflicts(disputed):
        conflicts.resolve(disputed, c.id, "dana", pick="ours")
    before = dump(disputed)
    assert not merge(disputed, copies[0], "carol").changed
    assert dump(disputed) == before


def test_cli_lists_and_resolves(disputed, copies, runner):
    from workbench.cli import main
    base = ["--db", str(copies[1])]
    listed = runner.invoke(main, [*base, "conflicts", "--json"])
    assert listed.exit_code == 0, listed.output
    data = json.loads(listed.output)
    assert {(c["table"], c["field"]) for c in data} == {
        ("translations", "postedit"), ("claims", "claim_type"), ("terms", "approved_en")}
    text = runner.invoke(main, [*base, "conflicts"]).output
    assert "ours   (bob): Two men were detained." in text and "theirs (alice): Two men were arrested." in text
    target = next(c for c in data if c["table"] == "translations")
    done = runner.invoke(main, [*base, "--annotator", "dana", "conflicts", "resolve", str(target["id"]),
                                "--pick", "theirs"])
    assert done.exit_code == 0, done.output
    assert "resolved: translations.postedit = Two men were arrested. (theirs)" in done.output
    again = runner.invoke(main, [*base, "--annotator", "dana", "conflicts", "resolve", str(target["id"]),
                                 "--value", "x"])
    assert again.exit_code == 1 and again.output.startswith(f"error: conflict {target['id']}: already resolved")
    neither = runner.invoke(main, [*base, "--annotator", "dana", "conflicts", "resolve", "1"])
    assert neither.exit_code == 1 and "--pick ours|theirs or --value" in neither.output
    remaining = json.loads(runner.invoke(main, [*base, "conflicts", "--json"]).output)
    assert len(remaining) == 2
    everything = json.loads(runner.invoke(main, [*base, "conflicts", "--all", "--json"]).output)
    assert [c["status"] for c in everything].count("resolved") == 1
    assert disputed.execute("SELECT postedit FROM translations WHERE segment_id = ?",
                            [int(target["row_id"])]).fetchone() == ("Two men were arrested.",)
