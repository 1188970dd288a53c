"""Accepting a suggestion that duplicates a tagged claim (same span and type) warns instead of
adding a copy: in the core (`review.accept`) and through `workbench claims accept`."""

from __future__ import annotations

from workbench.claims import review
from workbench.store.db import open_db

from .test_cli import AS_AMAL, as_json, rows, sample_doc


def _tag_like(cli, suggestion: dict, claim_type: str) -> int:
    result = cli("claims", "add", "--segment", suggestion["segment_id"], "--start",
                 suggestion["start"], "--end", suggestion["end"], "--type", claim_type,
                 "--json", env=AS_AMAL)
    assert result.exit_code == 0, result.output
    return as_json(result)["id"]


def test_cli_accept_warns_on_a_duplicate_and_adds_nothing(cli, db_path):
    doc = sample_doc(cli, db_path)
    suggestion = as_json(cli("claims", "suggest", "--doc", doc, "--json"))[0]
    tagged = _tag_like(cli, suggestion, suggestion["claim_type"])
    before = rows(db_path, "SELECT COUNT(*) FROM claims")[0][0]
    result = cli("claims", "accept", suggestion["key"], env=AS_AMAL)
    assert result.exit_code == 0
    assert result.stderr.strip() == (f"warning: suggestion {suggestion['key']} duplicates "
                                     f"claim {tagged} (same span and type): not added")
    assert rows(db_path, "SELECT COUNT(*) FROM claims")[0][0] == before
    listed = as_json(cli("claims", "accept", suggestion["key"], "--json", env=AS_AMAL))
    assert listed["claims"] == [] and listed["results"][0]["duplicate_of"] == tagged


def test_another_type_on_the_same_span_is_not_a_duplicate(cli, db_path):
    doc = sample_doc(cli, db_path)
    suggestion = as_json(cli("claims", "suggest", "--doc", doc, "--json"))[0]
    other = "other" if suggestion["claim_type"] != "other" else "attack"
    _tag_like(cli, suggestion, other)
    db = open_db(db_path)
    try:
        [decision] = review.accept(db, [suggestion["key"]], "amal")
    finally:
        db.close()
    assert decision.ok and decision.duplicate_of is None and decision.claim_id is not None
