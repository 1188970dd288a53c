"""`workbench export history`: the audit trail parsed back."""

from __future__ import annotations

import json

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
