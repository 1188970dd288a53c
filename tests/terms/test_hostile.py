"""Hostile glossary files through `workbench glossary import`: each gets one `error:` line
naming the file, a non-zero exit, and leaves the database exactly as it was (issue 11)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import replace

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.errors import InvalidValue
from workbench.terms import exchange
from workbench.terms.model import COLUMNS, Term

PROBE = {"id": "probe", "term_ar": "مسبار", "variants_ar": ["مسابر"], "approved_en": "probe",
         "acceptable_en": ["sensor"], "forbidden_en": ["drone"], "category": "actor",
         "vocabulary": "", "note": "a test term", "related": ["daesh"], "status": "draft",
         "changed_by": "amal", "changed_at": "2025-01-01"}

# Forms that are empty once tatweel, harakat (U+064B–U+065F), the dagger alef (U+0670) and
# spaces are taken away.
NOT_A_TERM = ["ـ", "  ـــ  ", "ـَ", "\u064b\u064c\u064d", "ـٰـ", " \u0651\u0652 ", "\u0670",
              "ـ\u065f"]


@pytest.fixture
def glossary_db(cli, db_path):
    assert cli("init", "--no-sample").exit_code == 0
    return db_path


def db_state(db_path) -> tuple[list, int]:
    """Every term row and the number of history rows: what an import could change."""
    with sqlite3.connect(db_path) as conn:
        terms = conn.execute("SELECT * FROM terms ORDER BY id").fetchall()
        history = conn.execute("SELECT count(*) FROM history").fetchone()[0]
    return terms, history


def one_error_line(result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def refused(cli, db_path, path, *fragments) -> str:
    before = db_state(db_path)
    line = one_error_line(cli("--annotator", "amal", "glossary", "import", path))
    assert line.startswith(f"error: {path}"), line
    for fragment in fragments:
        assert fragment in line, line
    assert db_state(db_path) == before
    return line


def probe_file(tmp_path, fmt: str, placeholder_field: str, bad: str):
    """PROBE in `fmt`, with the Arabic of one field replaced by `bad` in the file's text."""
    term = Term.from_mapping(PROBE)
    text = exchange.dumps([term], fmt)
    original = PROBE[placeholder_field]
    original = original[0] if isinstance(original, list) else original
    assert text.count(original) == 1
    path = tmp_path / f"probe.{fmt}"
    path.write_text(text.replace(original, bad), encoding="utf-8")
    return path


# --- forms that are only tatweel or diacritics -----------------------------------------------

@pytest.mark.parametrize("fmt", exchange.IMPORT_FORMATS)
@pytest.mark.parametrize("field", ["term_ar", "variants_ar"])
@pytest.mark.parametrize("bad", NOT_A_TERM)
def test_form_of_only_tatweel_or_diacritics_is_refused(cli, glossary_db, tmp_path, fmt, field, bad):
    path = probe_file(tmp_path, fmt, field, bad)
    line = refused(cli, glossary_db, path, f"term probe: {field}: ", "has no Arabic letters")
    assert line.split(":")[2].isdigit()  # error: FILE:LINE: ...


@pytest.mark.parametrize("bad", NOT_A_TERM)
def test_core_refuses_such_forms_when_adding_or_editing(fresh_db, bad):
    from workbench.terms.store import list_terms, save_term
    with pytest.raises(InvalidValue, match="term_ar: .* has no Arabic letters"):
        Term.from_mapping({**PROBE, "related": [], "term_ar": bad})
    term = save_term(fresh_db, Term.from_mapping({**PROBE, "related": []}), "amal").term
    with pytest.raises(InvalidValue, match="variants_ar: .* has no Arabic letters"):
        save_term(fresh_db, replace(term, variants_ar=("مسابر", bad)), "amal")
    assert list_terms(fresh_db) == [term]


def test_a_letter_with_tatweel_and_diacritics_is_still_a_term():
    assert Term.from_mapping({**PROBE, "term_ar": "مـُـسـْبار"}).term_ar == "مـُـسـْبار"


# --- hostile files ---------------------------------------------------------------------------

def _json_glossary(**changes) -> str:
    return json.dumps({"format": "workbench-glossary", "terms": [{**PROBE, **changes}]})


HOSTILE = {
    "deep.json": ("[" * 100_000 + "]" * 100_000, "JSON nested too deeply"),
    "deep-field.json": (_json_glossary(note="X").replace('"X"', "[" * 900 + "]" * 900),
                        "term probe: note: expected text"),
    "deep.tbx": ("<martif>" + "<a>" * 100_000 + "</a>" * 100_000 + "</martif>",
                 "elements nested more than 64 deep"),
    "laughs.tbx": ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                   '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                   '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>'
                   "<martif>&lol2;</martif>", "refused: the XML declares entities"),
    "long-number.json": ("[" + "1" * 5000 + "]", "not valid JSON"),
    "newline-id.json": (_json_glossary(id="a\nb"), "term 'a\\nb': id: contains a tab or line break"),
    "newline-id.tbx": ('<martif><text><body><termEntry id="a&#10;b"/></body></text></martif>',
                       "term 'a\\nb': language sets none"),
    "newline-header.csv": ('"a\nb",id\n', "unknown 'a\\nb'"),
    "empty.json": ("", "not valid JSON"),
    "empty.tbx": ("", "not well-formed XML"),
    "empty.tsv": ("", "empty file"),
    "empty.csv": ("", "empty file"),
    "not-a-list.json": ("42", "expected a list of terms"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_file_is_one_line(cli, glossary_db, tmp_path, name):
    text, fragment = HOSTILE[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    refused(cli, glossary_db, path, fragment)


@pytest.mark.parametrize("suffix", exchange.IMPORT_FORMATS)
def test_invalid_utf8_and_binary_files_are_one_line(cli, glossary_db, tmp_path, suffix):
    bad_utf8 = tmp_path / f"latin1.{suffix}"
    bad_utf8.write_bytes(exchange.dumps([Term.from_mapping(PROBE)], suffix).encode("utf-8")
                         .replace("a test term".encode(), "caf\xe9".encode("latin-1")))
    refused(cli, glossary_db, bad_utf8)
    binary = tmp_path / f"binary.{suffix}"
    binary.write_bytes(bytes(range(256)) * 64)
    refused(cli, glossary_db, binary)


def test_folder_is_not_a_glossary(cli, glossary_db, tmp_path):
    folder = tmp_path / "folder.tsv"
    folder.mkdir()
    refused(cli, glossary_db, folder, "not a regular file")


def test_fifo_is_refused_without_blocking(glossary_db, tmp_path):
    """In a subprocess with a timeout: reading a FIFO nobody writes to would block forever."""
    fifo = tmp_path / "pipe.tsv"
    os.mkfifo(fifo)
    before = db_state(glossary_db)
    done = subprocess.run(
        [sys.executable, "-c", "from workbench.cli import run; run()", "--db", str(glossary_db),
         "--annotator", "amal", "glossary", "import", str(fifo)],
        capture_output=True, text=True, timeout=60, env={**os.environ, "NO_COLOR": "1"})
    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"error: {fifo}: not a regular file"]
    assert db_state(glossary_db) == before


# --- any JSON value in any field ------------------------------------------------------------

_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text()
    | st.sampled_from(["", " ", "a\nb", "\ud800", "ـ", " ـَ ", "|", "approved", "daesh",
                       "2025-13-40", "مسبار", "x" * 70]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(field=st.sampled_from(COLUMNS + ("colour",)), value=_JSON_VALUES)
def test_any_json_value_in_any_field_is_imported_or_one_line(glossary_db, tmp_path, field, value):
    from workbench.cli import main
    path = tmp_path / "probe.json"
    path.write_text(json.dumps({"format": "workbench-glossary", "terms": [{**PROBE, field: value}]}),
                    encoding="utf-8")
    before = db_state(glossary_db)
    result = CliRunner().invoke(main, ["--db", str(glossary_db), "--annotator", "amal",
                                       "glossary", "import", str(path)], catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    if result.exit_code != 0:
        one_error_line(result)
        assert db_state(glossary_db) == before


def test_a_stored_term_the_rules_now_refuse_is_named_and_can_be_replaced(cli, db_path, tmp_path):
    """A term written before a rule existed (only tatweel) names itself when read, and a
    corrected import replaces it."""
    from workbench.store.db import open_db
    assert cli("init", "--no-sample").exit_code == 0
    db = open_db(db_path)
    db.execute("UPDATE terms SET term_ar = 'ـــ' WHERE rowid = 1")
    term_id = db.execute("SELECT id FROM terms WHERE rowid = 1").fetchone()[0]
    db.conn.commit()
    db.close()
    result = cli("glossary", "list")
    assert result.exit_code == 1 and f"glossary term '{term_id}'" in result.output
    assert len(result.output.strip().splitlines()) == 1
    fixed = tmp_path / "fix.tsv"
    from workbench.terms.model import COLUMNS
    values = {"id": term_id, "term_ar": "مرتزقة", "approved_en": "mercenaries",
              "category": "loaded_term", "status": "approved"}
    fixed.write_text("\t".join(COLUMNS) + "\n" + "\t".join(values.get(c, "") for c in COLUMNS)
                     + "\n", encoding="utf-8")
    result = cli("--annotator", "amal", "glossary", "import", fixed)
    assert result.exit_code == 0, result.output
    assert cli("glossary", "list").exit_code == 0
