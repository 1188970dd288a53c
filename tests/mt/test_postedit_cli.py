"""`workbench postedit`: the CLI twin of `e` in the UI, with history and the annotator."""

from __future__ import annotations

import json

from tests.claims.test_cli import rows

AS_AMAL = {"WORKBENCH_ANNOTATOR": "amal"}


def arabic_and_english(cli, db_path) -> tuple[int, int]:
    assert cli("init").exit_code == 0
    [(ar,)] = rows(db_path, "SELECT id FROM segments WHERE language = 'ar' ORDER BY id LIMIT 1")
    [(en,)] = rows(db_path, "SELECT id FROM segments WHERE language = 'en' ORDER BY id LIMIT 1")
    return ar, en


def test_save_replace_and_clear_with_history(cli, db_path, tmp_path):
    ar, _ = arabic_and_english(cli, db_path)
    result = cli("postedit", ar, "The SDF arrested 12 ISIS cell members.", env=AS_AMAL)
    assert result.exit_code == 0, result.output
    assert rows(db_path, "SELECT postedit, postedit_by FROM translations WHERE segment_id = ?",
                [ar]) == [("The SDF arrested 12 ISIS cell members.", "amal")]
    english = tmp_path / "en.txt"
    english.write_text("The SDF detained twelve members of ISIS cells.\n", encoding="utf-8")
    result = cli("--annotator", "omar", "postedit", ar, "--file", english, "--json")
    english = json.loads(result.stdout)["english"]
    assert english["text"].startswith("The SDF detained") and english["origin"] == "postedit"
    assert cli("postedit", ar, "--clear", env=AS_AMAL).exit_code == 0
    again = cli("postedit", ar, "--clear", env=AS_AMAL)
    assert again.exit_code == 0 and "had no post-edit" in again.output
    assert rows(db_path, "SELECT postedit FROM translations WHERE segment_id = ?", [ar]) == [(None,)]
    changes = rows(db_path, "SELECT annotator, action FROM history WHERE table_name = 'translations' "
                            "AND row_id = ? ORDER BY id", [str(ar)])
    assert [who for who, _ in changes] == ["amal", "omar", "amal"]


def test_refusals_are_one_line_and_write_nothing(cli, db_path):
    ar, en = arabic_and_english(cli, db_path)
    cases = [
        (("postedit", ar, "text"), {}, "who is annotating"),
        (("postedit", en, "text"), AS_AMAL, "English source"),
        (("postedit", 10**9, "text"), AS_AMAL, "no such segment"),
        (("postedit", ar), AS_AMAL, "give the English"),
        (("postedit", ar, "x", "--clear"), AS_AMAL, "give the English"),
        (("postedit", ar, "   "), AS_AMAL, "is empty"),
        (("postedit", ar, "--file", "/nonexistent/en.txt"), AS_AMAL, "en.txt"),
    ]
    for args, env, expected in cases:
        result = cli(*args, env=env)
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert result.exit_code != 0 and len(lines) == 1 and expected in lines[0], (args, result.output)
    assert rows(db_path, "SELECT COUNT(*) FROM translations WHERE postedit IS NOT NULL") == [(0,)]
