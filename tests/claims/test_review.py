"""Accepting and rejecting suggested claims in the core: key by key, stored, audited, and
honoured by `suggest` (so the CLI and the UI both stop offering a rejected one)."""

from __future__ import annotations

import pytest

from workbench.claims import review, store
from workbench.claims.suggest import suggest
from workbench.errors import InvalidValue
from workbench.store.history import entries

from .helpers import doc_id

AR = "01_ar_aanes_hammadiya_raid.txt"


@pytest.fixture
def db(fresh_db):
    """The shipped glossary and the sample corpus, as a first run loads them (suggested
    actors are glossary entries, so accepted suggestions pass the claim checks)."""
    from workbench.bootstrap import load_glossary, load_sample
    load_glossary(fresh_db)
    load_sample(fresh_db)
    return fresh_db


@pytest.fixture
def found(db):
    """The Arabic sample report's suggestions, before anything is decided."""
    return suggest(db, doc_id(db, AR))


def one(found, cue: str):
    [suggestion] = [s for s in found if s.claim.cue == cue][:1]
    return suggestion


def counts(db) -> tuple[int, int, int]:
    return tuple(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                 for t in ("claims", "rejected_suggestions", "history"))


def test_a_rejection_is_stored_audited_and_no_longer_suggested(db, found):
    said = one(found, "قال")
    [decision] = review.reject(db, [said.key], "amal", " says nothing new ")
    assert decision.ok and not decision.already
    [row] = db.query("SELECT * FROM rejected_suggestions")
    raw = db.execute("SELECT raw FROM segments WHERE id = ?", [said.segment_id]).fetchone()[0]
    cue_at = raw.index("وقال") + 1
    assert (row["key"], row["segment_id"], row["cue_start"], row["cue_end"]) \
        == (f"{said.segment_id}:{cue_at}-{cue_at + 3}", said.segment_id, cue_at, cue_at + 3)
    assert (row["content"], row["reason"], row["rejected_by"]) \
        == (said.claim.content, "says nothing new", "amal")
    assert row["rejected_at"]
    [made] = entries(db, "rejected_suggestions", row["key"])
    assert (made["action"], made["annotator"], made["before"]) == ("insert", "amal", None)
    assert made["after"]["rejected_by"] == "amal"
    assert db.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == 0

    document = doc_id(db, AR)
    shown = suggest(db, document, include_accepted=False)
    assert said.key not in [s.key for s in shown]
    assert len(shown) == len(found) - 1
    everything = suggest(db, document)          # `--all`: listed, marked
    assert [s.key for s in everything] == [s.key for s in found]  # nothing renumbered
    assert [(s.key, s.rejected_by) for s in everything if s.rejected_by] == [(said.key, "amal")]
    assert [s.to_dict()["rejected_by"] for s in everything if s.key == said.key] == ["amal"]


def test_rejecting_again_writes_nothing(db, found):
    said = one(found, "قال")
    review.reject(db, [said.key], "amal")
    before = counts(db)
    [again] = review.reject(db, [said.key], "badr", "again")
    assert again.ok and again.already and again.rejection["rejected_by"] == "amal"
    # the UI's path: the suggestion it holds, straight to the store
    assert store.reject_suggestion(db, said.claim, "badr")["rejected_by"] == "amal"
    assert counts(db) == before


def test_the_ui_path_and_the_cli_path_store_the_same_rejection(db, found):
    said = one(found, "قال")
    row = store.reject_suggestion(db, said.claim, "amal")
    [decision] = review.reject(db, [said.key], "badr")
    assert decision.already and decision.rejection == row


def test_rejecting_needs_an_annotator(db, found):
    before = counts(db)
    for nobody in ("", "   ", None):
        with pytest.raises(InvalidValue, match="no annotator"):
            review.reject(db, [found[0].key], nobody)
        with pytest.raises(InvalidValue, match="no annotator"):
            store.reject_suggestion(db, found[0].claim, nobody)
    assert counts(db) == before


def test_an_accepted_suggestion_cannot_be_rejected_but_a_rejected_one_can_be_accepted(db, found):
    said, added = one(found, "قال"), one(found, "أضاف")
    [accepted] = review.accept(db, [said.key], "amal")
    [refused] = review.reject(db, [said.key], "amal")
    assert str(refused.error) == (f"suggestion {said.key}: already accepted as claim "
                                  f"{accepted.claim_id} (delete the claim with "
                                  f"`workbench claims delete {accepted.claim_id}` instead)")
    review.reject(db, [added.key], "amal")
    [taken] = review.accept(db, [added.key], "badr")
    assert taken.ok and store.get_claim(db, taken.claim_id).cue == "أضاف"
    listed = {s.key: s for s in suggest(db, doc_id(db, AR))}
    assert listed[added.key].accepted_as == taken.claim_id


def test_a_batch_carries_on_past_bad_keys(db, found):
    good = [found[0].key, found[1].key]
    segment = found[0].segment_id
    keys = [good[0], "99999:1", f"{segment}:99", "oops", "99999999999999999999999:1", "٣:١",
            f"{segment}:0", good[1], good[0]]
    decisions = review.accept(db, keys, "amal")
    assert [(d.key, d.ok) for d in decisions] == [
        (good[0], True), ("99999:1", False), (f"{segment}:99", False), ("oops", False),
        ("99999999999999999999999:1", False), ("٣:١", False), (f"{segment}:0", False),
        (good[1], True)]                      # the repeated key once
    errors = [str(d.error) for d in decisions if not d.ok]
    assert errors[0] == "suggestion 99999:1: segment 99999: no such segment"
    assert errors[1].startswith(f"suggestion {segment}:99: segment {segment} has ")
    assert "expected SEGMENT:N" in errors[2] and "expected SEGMENT:N" in errors[4]
    assert errors[3] == ("suggestion '99999999999999999999999:1': no such segment "
                         "(ids go up to 9223372036854775807)")
    assert "expected SEGMENT:N" in errors[5]
    assert db.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == 2

    decisions = review.reject(db, [found[2].key, "0:1", good[0]], "amal")
    assert [d.ok for d in decisions] == [True, False, False]
    assert db.execute("SELECT COUNT(*) FROM rejected_suggestions").fetchone()[0] == 1


def test_overrides_that_fail_are_named_per_key(db, found):
    decisions = review.accept(db, [found[0].key], "amal", {"claim_type": "rumour"})
    assert str(decisions[0].error).startswith(f"suggestion {found[0].key}: claim type 'rumour'")
    assert db.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == 0


def test_keys_are_parsed_strictly():
    assert review.parse_key(" 42:1 ") == (42, 1)
    assert review.parse_key(f"{2**63 - 1}:1") == (2**63 - 1, 1)
    for bad in ("42", "42:", ":1", "42:0", "42:-1", "-4:1", "4 2:1", "٤٢:١", "42:1:1", "", None):
        with pytest.raises(InvalidValue, match="expected SEGMENT:N"):
            review.parse_key(bad)
    with pytest.raises(InvalidValue, match="no such segment"):
        review.parse_key(f"{2**63}:1")


def test_rejections_the_ui_kept_only_in_history_are_carried_over(db_path):
    """Before migration 8 the UI wrote a rejection as a history entry alone; those entries
    become stored rejections, except ones a merge imported (they name another database's
    segments)."""
    import json

    from sqlite_utils import Database

    from workbench.store import migrations
    from workbench.store.db import APPLICATION_ID, open_db
    old = Database(db_path)
    old.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.migrate(old, upto=7)
    old.execute("INSERT INTO documents (id, doc_key, content_hash, imported_at) VALUES (1, 'k', 'h', 'now')")
    old.execute("INSERT INTO segments (id, document_id, position, raw, norm, language, hash) "
                "VALUES (7, 1, 0, 'وقال العبو إن 12 اعتقلوا', 'x', 'ar', 'x')")

    def rejected(segment_id, cue_start, by, at):
        before = {"key": f"{segment_id}:1", "segment_id": segment_id, "cue_start": cue_start,
                  "cue_end": cue_start + 3, "content": "إن 12 اعتقلوا", "cue": "قال"}
        return old.execute(
            "INSERT INTO history (at, annotator, table_name, row_id, action, before) "
            "VALUES (?, ?, 'claim_suggestions', ?, 'reject', ?)",
            [at, by, f"{segment_id}:{cue_start}-{cue_start + 3}:11-24", json.dumps(before)]).lastrowid
    rejected(7, 1, "amal", "2025-06-01T10:00:00+00:00")
    rejected(7, 1, "badr", "2025-06-02T10:00:00+00:00")          # the first one stands
    imported = rejected(7, 5, "carol", "2025-06-03T10:00:00+00:00")
    old.execute("INSERT INTO merges (source, merged_by, merged_at, history_from, imported_from, "
                "history_to) VALUES ('b.db', 'amal', 'now', ?, ?, ?)", [imported, imported, imported])
    rejected(99, 1, "amal", "2025-06-04T10:00:00+00:00")         # no such segment here
    old.conn.commit()
    old.close()
    db = open_db(db_path)
    try:
        assert [tuple(r) for r in db.execute(
            "SELECT key, segment_id, cue_start, cue_end, content, rejected_by, rejected_at "
            "FROM rejected_suggestions")] == [
            ("7:1-4", 7, 1, 4, "إن 12 اعتقلوا", "amal", "2025-06-01T10:00:00+00:00")]
    finally:
        db.close()


def test_a_merge_leaves_rejections_where_they_were_made(db, found, tmp_path):
    """Rejections are this database's: a merge neither copies them nor trips over them (their
    history entries come along, as every history entry does)."""
    import shutil

    from workbench.store.db import open_db
    from workbench.team.merge import merge
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    theirs_path = tmp_path / "theirs.db"
    shutil.copy(db.execute("PRAGMA database_list").fetchone()[2], theirs_path)
    theirs = open_db(theirs_path)
    try:
        review.reject(theirs, [found[0].key], "badr", "not a claim")
        review.accept(theirs, [one(found, "قال").key], "badr")
    finally:
        theirs.close()
    result = merge(db, theirs_path, "amal")
    assert result.changed and result.counts["claims added"] == 1
    assert db.execute("SELECT COUNT(*) FROM rejected_suggestions").fetchone()[0] == 0
    assert [r[0] for r in db.execute("SELECT annotator FROM history "
                                     "WHERE table_name = 'rejected_suggestions'")] == ["badr"]
    assert [s.key for s in suggest(db, doc_id(db, AR), include_accepted=False)] \
        == [s.key for s in found if s.claim.cue != "قال"]
    assert not merge(db, theirs_path, "amal").changed        # merging again adds nothing
