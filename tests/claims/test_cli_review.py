"""`claims reject`, batches of `claims accept`, and the red team's bad input, through the CLI:
the exit status, exactly one `error:` line per bad item, and what the database holds after."""

from __future__ import annotations

import pytest

from .test_cli import AS_AMAL, as_json, rows, sample_doc


def errors(result) -> list[str]:
    lines = result.stderr.strip().splitlines()
    assert all(line.startswith("error: ") for line in lines), lines
    assert "Traceback" not in result.output
    return lines


def counts(db_path) -> tuple:
    return rows(db_path, "SELECT (SELECT COUNT(*) FROM claims), (SELECT COUNT(*) FROM incidents), "
                         "(SELECT COUNT(*) FROM rejected_suggestions), (SELECT COUNT(*) FROM history)")[0]


@pytest.fixture
def keys(cli, db_path) -> list[str]:
    """The keys of the Arabic sample report's suggestions (the database set up by `init`)."""
    doc = sample_doc(cli, db_path)
    return [s["key"] for s in as_json(cli("claims", "suggest", "--doc", doc, "--json"))]


def test_reject_is_stored_and_suggest_no_longer_lists_it(cli, db_path, keys):
    doc = sample_doc(cli, db_path)
    result = cli("claims", "reject", keys[0], "--reason", "a threat, not a claim", env=AS_AMAL)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"suggestion {keys[0]} rejected\n"
    [(key, reason, by)] = rows(db_path, "SELECT key, reason, rejected_by FROM rejected_suggestions")
    assert (reason, by) == ("a threat, not a claim", "amal")
    assert rows(db_path, "SELECT table_name, row_id, action, annotator FROM history "
                         "WHERE table_name = 'rejected_suggestions'") \
        == [("rejected_suggestions", key, "insert", "amal")]

    listed = [s["key"] for s in as_json(cli("claims", "suggest", "--doc", doc, "--json"))]
    assert listed == keys[1:]
    text = cli("claims", "suggest", "--doc", doc)
    assert not text.stdout.startswith(f"{keys[0]} ") and f"\n{keys[0]} " not in text.stdout
    everything = as_json(cli("claims", "suggest", "--doc", doc, "--all", "--json"))
    assert [(s["key"], s["rejected_by"]) for s in everything] \
        == [(keys[0], "amal")] + [(k, None) for k in keys[1:]]
    shown = cli("claims", "suggest", "--doc", doc, "--all").stdout.splitlines()
    assert shown[0].startswith(f"{keys[0]} ") and shown[0].endswith("  [rejected by amal]")

    again = cli("claims", "reject", keys[0], env={"WORKBENCH_ANNOTATOR": "badr"})
    assert again.exit_code == 0 and again.stdout == \
        f"suggestion {keys[0]} was already rejected (by amal)\n"
    assert rows(db_path, "SELECT COUNT(*) FROM history WHERE table_name = 'rejected_suggestions'") \
        == [(1,)]


def test_reject_needs_an_annotator(cli, db_path, keys):
    before = counts(db_path)
    result = cli("claims", "reject", keys[0], env={"WORKBENCH_ANNOTATOR": ""})
    assert result.exit_code == 1
    [line] = errors(result)
    assert "who is annotating" in line
    assert counts(db_path) == before


def test_reject_batch_names_each_bad_key_and_stores_the_rest(cli, db_path, keys):
    segment = keys[0].split(":")[0]
    accepted = as_json(cli("claims", "accept", keys[2], "--json", env=AS_AMAL))["claims"][0]
    result = cli("claims", "reject", keys[0], "99999:1", f"{segment}:77", "x:1", keys[2], keys[1],
                 env=AS_AMAL)
    assert result.exit_code == 1
    assert errors(result) == [
        "error: suggestion 99999:1: segment 99999: no such segment",
        f"error: suggestion {segment}:77: segment {segment} has 1 suggestion(s)",
        "error: suggestion 'x:1': expected SEGMENT:N, e.g. 42:1 (as listed by `workbench claims "
        "suggest`)",
        f"error: suggestion {keys[2]}: already accepted as claim {accepted} (delete the claim "
        f"with `workbench claims delete {accepted}` instead)"]
    assert result.stdout == f"suggestion {keys[0]} rejected\nsuggestion {keys[1]} rejected\n"
    assert rows(db_path, "SELECT rejected_by FROM rejected_suggestions") == [("amal",), ("amal",)]


def test_accept_batch_carries_on_past_a_bad_key(cli, db_path, keys):
    """`claims accept 3:1 99:1 4:1`: the good keys are saved, the bad one named, exit 1."""
    result = cli("claims", "accept", keys[0], "99999:1", keys[1], env=AS_AMAL)
    assert result.exit_code == 1
    assert errors(result) == ["error: suggestion 99999:1: segment 99999: no such segment"]
    saved = rows(db_path, "SELECT id FROM claims ORDER BY id")
    assert result.stdout == (f"suggestion {keys[0]} saved as claim {saved[0][0]}\n"
                             f"suggestion {keys[1]} saved as claim {saved[1][0]}\n")
    assert rows(db_path, "SELECT COUNT(*) FROM history WHERE table_name = 'claims'") == [(2,)]

    again = cli("claims", "accept", keys[0], keys[2], "--json", env=AS_AMAL)
    assert again.exit_code == 1
    assert errors(again) == [f"error: suggestion {keys[0]}: already accepted as claim {saved[0][0]}"]
    import json
    report = json.loads(again.stdout)
    assert len(report["claims"]) == 1 and report["results"][0]["key"] == keys[0]
    assert rows(db_path, "SELECT COUNT(*) FROM claims") == [(3,)]


@pytest.mark.parametrize("command", ["accept", "reject"])
def test_a_key_past_sqlite_integers_is_one_line(cli, db_path, keys, command):
    before = counts(db_path)
    result = cli("claims", command, "99999999999999999999999:1", env=AS_AMAL)
    assert result.exit_code == 1
    assert errors(result) == ["error: suggestion '99999999999999999999999:1': no such segment "
                              "(ids go up to 9223372036854775807)"]
    assert counts(db_path) == before


def test_empty_and_reversed_spans_say_so(cli, db_path):
    doc = sample_doc(cli, db_path)
    [(segment,)] = rows(db_path, "SELECT id FROM segments WHERE document_id = ? AND position = 1",
                        [doc])
    before = counts(db_path)
    for start, end, message in ((5, 5, "claim span 5:5 is empty"),
                                (5, 3, "claim span 5:3 ends before it starts")):
        result = cli("claims", "add", "--segment", segment, "--start", start, "--end", end,
                     "--type", "attack", env=AS_AMAL)
        assert result.exit_code == 1
        [line] = errors(result)
        assert line.startswith(f"error: {message}") and "outside" not in line
    assert counts(db_path) == before
    claim = as_json(cli("claims", "add", "--segment", segment, "--start", 0, "--end", 10,
                        "--type", "attack", "--json", env=AS_AMAL))
    result = cli("claims", "edit", claim["id"], "--start", 12, env=AS_AMAL)
    assert result.exit_code == 1
    assert errors(result) == ["error: claim span 12:10 ends before it starts"]
    assert as_json(cli("claims", "list", "--json"))[0]["end"] == 10


@pytest.mark.parametrize("args, message", [
    (("a\nb",), "incident title: must be one line without control characters (it holds U+000A)"),
    (("Raid\ton Busayrah",), "incident title: must be one line"),
    (("Raid", "--place", "Busayrah\nDeir ez-Zor"), "incident place: must be one line"),
])
def test_incident_titles_and_places_are_one_line(cli, db_path, args, message):
    sample_doc(cli, db_path)
    before = counts(db_path)
    result = cli("incidents", "add", *args, env=AS_AMAL)
    assert result.exit_code == 1
    [line] = errors(result)
    assert line.startswith(f"error: {message}")
    assert counts(db_path) == before
    assert cli("incidents", "list").stdout == "no incidents\n"


def test_dates_in_arabic_indic_digits_are_stored_in_ascii(cli, db_path):
    doc = sample_doc(cli, db_path)
    incident = as_json(cli("incidents", "add", "Raid", "--date", "٢٠٢٤-٠٦", "--json",
                           env=AS_AMAL))["id"]
    [(segment,)] = rows(db_path, "SELECT id FROM segments WHERE document_id = ? AND position = 1",
                        [doc])
    claim = as_json(cli("claims", "add", "--segment", segment, "--start", 0, "--end", 10,
                        "--type", "attack", "--date", "٢٠٢٤", "--json", env=AS_AMAL))
    assert rows(db_path, "SELECT date FROM incidents WHERE id = ?", [incident]) == [("2024-06",)]
    assert rows(db_path, "SELECT date, date_precision FROM claims WHERE id = ?", [claim["id"]]) \
        == [("2024", "year")]


def test_a_filter_naming_no_document_is_an_error(cli, db_path):
    sample_doc(cli, db_path)
    result = cli("claims", "list", "--doc", 999)
    assert result.exit_code == 1
    assert errors(result) == ["error: document 999: no such document"]


def test_claim_types_are_listed_in_the_cores_order(cli, db_path):
    cli("init")
    assert cli("claims", "types", "--add", "siege", env=AS_AMAL).exit_code == 0
    names = [t["name"] for t in as_json(cli("claims", "types", "--json"))]
    assert names == ["attack", "casualties", "arrest", "operation", "control", "accusation",
                     "agreement", "demand", "other", "siege"]
    assert [line.split()[0] for line in cli("claims", "types").stdout.splitlines()] == names


def test_actors_are_linked_to_the_glossary_entry_they_name(cli, db_path):
    """--actor by id, by approved English name in any case, by the Arabic term, or by an
    Arabic spelling with the same match key (here the obfuscated «قـ.ـسد»); else a free name."""
    doc = sample_doc(cli, db_path)
    [(segment,)] = rows(db_path, "SELECT id FROM segments WHERE document_id = ? AND position = 1",
                        [doc])
    claim = as_json(cli("claims", "add", "--segment", segment, "--start", 0, "--end", 10,
                        "--type", "attack", "--actor", "daesh", "--actor", "syrian democratic forces",
                        "--actor", "قسد", "--actor", "قـ.ـسد", "--actor", "village militia", "--json",
                        env=AS_AMAL))
    assert [(a["name"], a["term_id"]) for a in claim["actors"]] == [
        ("ISIS", "daesh"), ("Syrian Democratic Forces", "sdf"), ("SDF", "sdf-acronym"),
        ("SDF", "sdf-acronym"), ("village militia", None)]
