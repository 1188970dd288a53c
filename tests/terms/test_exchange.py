"""Glossary exchange: lossless round trips in every format, other tools reading our TBX,
and bad input refused with one clear error and nothing applied."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from workbench.errors import GlossaryFormatError, InvalidValue
from workbench.store.history import entries
from workbench.terms import exchange
from workbench.terms.model import CATEGORIES, COLUMNS, STATUSES, Term
from workbench.terms.store import list_terms

from .conftest import GLOSSARY_TSV

# --- strategies --------------------------------------------------------------------------

_AR = st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآؤئةى ", min_size=1, max_size=20)
_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\u2028\u2029"),
                max_size=40)
_EN = st.text(st.characters(whitelist_categories=("L", "N", "Zs"), whitelist_characters="-'’.,()"),
              min_size=1, max_size=25)
_ID = st.from_regex(r"[a-z][a-z0-9_-]{0,15}", fullmatch=True)


@st.composite
def terms(draw) -> Term:
    values = dict(
        id=draw(_ID), term_ar=draw(_AR), variants_ar=draw(st.lists(_AR, max_size=3)),
        approved_en=draw(_EN), acceptable_en=draw(st.lists(_EN, max_size=3)),
        forbidden_en=draw(st.lists(_EN, max_size=3)), category=draw(st.sampled_from(CATEGORIES)),
        vocabulary=draw(_TEXT), note=draw(_TEXT), related=draw(st.lists(_ID, max_size=3)),
        status=draw(st.sampled_from(STATUSES)), changed_by=draw(_TEXT),
        changed_at=draw(st.one_of(st.just(""), st.dates().map(str))))
    values = {k: [x for x in v if "|" not in x] if isinstance(v, list) else v
              for k, v in values.items()}
    try:
        return Term(**values)
    except InvalidValue:
        assume(False)


@st.composite
def glossaries(draw) -> list[Term]:
    found = draw(st.lists(terms(), min_size=1, max_size=5, unique_by=lambda t: t.id))
    return found


def roundtrip(found: list[Term], fmt: str) -> list[Term]:
    text = exchange.dumps(found, fmt)
    return [t for _, t in exchange.parse_bytes(text.encode("utf-8"), fmt, f"x.{fmt}")]


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.filter_too_much])


@FAST
@given(glossaries())
def test_tsv_roundtrip(found):
    assert roundtrip(found, "tsv") == found


@FAST
@given(glossaries())
def test_json_roundtrip(found):
    assert roundtrip(found, "json") == found


@FAST
@given(glossaries())
def test_csv_roundtrip(found):
    assert roundtrip(found, "csv") == found


@FAST
@given(glossaries())
def test_tbx_roundtrip(found):
    assert roundtrip(found, "tbx") == found


# --- the real glossary through the database ----------------------------------------------

def test_real_glossary_tsv_roundtrips_byte_for_byte(fresh_db, tmp_path):
    result = exchange.import_file(fresh_db, GLOSSARY_TSV, "tester")
    rows = GLOSSARY_TSV.read_text(encoding="utf-8").strip().count("\n")
    assert (result.count, result.added) == (rows, rows)
    text, count = exchange.export_text(fresh_db, "tsv")
    assert count == rows
    assert text == GLOSSARY_TSV.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["tsv", "csv", "json", "tbx"])
def test_every_format_roundtrips_through_a_database(fresh_db, tmp_path, fmt):
    from workbench.store.db import open_db
    exchange.import_file(fresh_db, GLOSSARY_TSV, "tester")
    original = list_terms(fresh_db)
    path = tmp_path / f"out.{fmt}"
    path.write_text(exchange.export_text(fresh_db, fmt)[0], encoding="utf-8")
    other = open_db(tmp_path / "other.db")
    result = exchange.import_file(other, path, "tester")
    assert result.added == len(original)
    assert list_terms(other) == original
    # importing the same file again changes nothing and records no history
    before = len(list(entries(other, "terms")))
    again = exchange.import_file(other, path, "tester")
    assert (again.unchanged, again.added, again.updated) == (len(original), 0, 0)
    assert len(list(entries(other, "terms"))) == before
    other.close()


def test_import_updates_changed_rows_with_history(fresh_db, tmp_path):
    exchange.import_file(fresh_db, GLOSSARY_TSV, "tester")
    lines = GLOSSARY_TSV.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1].replace("\tISIS\t", "\tIS\t", 1)
    path = tmp_path / "edited.tsv"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = exchange.import_file(fresh_db, path, "alice")
    assert (result.updated, result.added) == (1, 0)
    [last] = [e for e in entries(fresh_db, "terms", "daesh")][-1:]
    assert last["annotator"] == "alice" and last["action"] == "update"
    assert (last["before"]["approved_en"], last["after"]["approved_en"]) == ("ISIS", "IS")


def test_translate_toolkit_reads_our_tbx(fresh_db):
    from translate.storage import tbx
    exchange.import_file(fresh_db, GLOSSARY_TSV, "tester")
    text, count = exchange.export_text(fresh_db, "tbx")
    store = tbx.tbxfile.parsestring(text.encode("utf-8"))
    units = [u for u in store.units if u.source]
    assert len(units) == count
    by_source = {u.source: u for u in units}
    assert by_source["داعش"].target == "ISIS"
    assert by_source["خلايا نائمة"].target == "sleeper cells"
    daesh = by_source["داعش"]
    english = [(t.text, t.deprecated) for t in daesh.get_target_terms()]
    assert ("ISIL", True) in english and ("ISIS", False) in english


def test_omegat_export_is_three_column_tsv(fresh_db):
    exchange.import_file(fresh_db, GLOSSARY_TSV, "tester")
    text, _ = exchange.export_text(fresh_db, "omegat")
    rows = [line.split("\t") for line in text.splitlines()]
    assert rows and all(len(r) == 3 for r in rows)
    assert ["خلايا نائمة", "sleeper cells"] == rows[[r[0] for r in rows].index("خلايا نائمة")][:2]
    assert ["خلية نائمة", "sleeper cells"] == rows[[r[0] for r in rows].index("خلية نائمة")][:2]
    coalition = next(r for r in rows if r[0] == "التحالف")
    assert coalition[2].startswith("[draft]")
    deprecated = {t.term_ar for t in list_terms(fresh_db, "deprecated")}
    assert deprecated and not deprecated & {r[0] for r in rows}


def test_csv_export_is_readable_by_the_csv_module(fresh_db):
    exchange.import_file(fresh_db, GLOSSARY_TSV, "tester")
    text, count = exchange.export_text(fresh_db, "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == count and list(rows[0]) == list(COLUMNS)
    assert rows[0]["forbidden_en"] == "ISIL | Da'ish | Daash"


# --- bad input ---------------------------------------------------------------------------

HEADER = "\t".join(COLUMNS)
GOOD = "\t".join(["daesh", "داعش", "", "ISIS", "", "ISIL", "actor", "", "", "", "approved", "", ""])
GOOD2 = GOOD.replace("daesh", "daesh2", 1)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def assert_refused(fresh_db, path, *fragments):
    with pytest.raises(GlossaryFormatError) as info:
        exchange.import_file(fresh_db, path, "tester")
    message = str(info.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message
    assert list_terms(fresh_db) == []                   # nothing partially applied
    assert list(entries(fresh_db, "terms")) == []
    return message


@pytest.mark.parametrize("bad_row,fragment", [
    ("daesh3\tداعش\tISIS", "expected 13 tab-separated fields, found 3"),
    (GOOD.replace("actor", "militia").replace("daesh", "x1", 1), "category 'militia'"),
    (GOOD.replace("approved", "final").replace("daesh", "x2", 1), "status 'final'"),
    (GOOD.replace("داعش", " ", 1).replace("daesh", "x6", 1), "term_ar is empty"),
    (GOOD.replace("داعش", "daesh", 1).replace("daesh", "x3", 1), "no Arabic letters"),
    (GOOD.replace("\tISIL\t", "\tisis\t").replace("daesh", "x4", 1), "matches the allowed rendering"),
    (GOOD.replace("\t\tapproved", "\tnowhere\tapproved").replace("daesh", "x5", 1),
     "related id nowhere"),
    (GOOD, "already used on line 2"),
])
def test_malformed_row_names_its_line_and_applies_nothing(fresh_db, tmp_path, bad_row, fragment):
    path = write(tmp_path, "g.tsv", "\n".join([HEADER, GOOD, GOOD2, bad_row]) + "\n")
    message = assert_refused(fresh_db, path, fragment)
    assert message.startswith(f"{path}:4:")


def test_bad_header(fresh_db, tmp_path):
    path = write(tmp_path, "g.tsv", HEADER.replace("category", "kind") + "\n" + GOOD + "\n")
    assert_refused(fresh_db, path, ":1:", "unknown kind")
    path = write(tmp_path, "g2.tsv", HEADER.replace("approved_en", "english") + "\n" + GOOD + "\n")
    assert_refused(fresh_db, path, ":1:", "missing approved_en", "unknown english")


def test_not_utf8(fresh_db, tmp_path):
    path = tmp_path / "g.tsv"
    path.write_bytes((HEADER + "\n" + GOOD + "\n").encode("utf-8") + "ب\n".encode("cp1256"))
    assert_refused(fresh_db, path, ":3:", "not UTF-8")


def test_bad_json_syntax_and_bad_json_term(fresh_db, tmp_path):
    path = write(tmp_path, "g.json", '{"terms": [\n  {"id": "a",\n}\n')
    assert_refused(fresh_db, path, ":3:", "not valid JSON")
    good = {"id": "daesh", "term_ar": "داعش", "approved_en": "ISIS", "category": "actor"}
    bad = {"id": "x", "term_ar": "داعش", "approved_en": "ISIS", "category": "nope"}
    text = json.dumps({"format": "workbench-glossary", "terms": [good, bad]}, indent=2,
                      ensure_ascii=False)
    path = write(tmp_path, "g2.json", text)
    line = text.split("\n").index("    {", 4) + 1
    assert_refused(fresh_db, path, f":{line}:", "term x", "category 'nope'")
    path = write(tmp_path, "g3.json", json.dumps([dict(good, colour="red")]))
    assert_refused(fresh_db, path, "unknown field(s): colour")


def test_bad_csv_row(fresh_db, tmp_path):
    rows = [list(COLUMNS), GOOD.split("\t"), GOOD2.split("\t")[:5]]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path = write(tmp_path, "g.csv", out.getvalue())
    assert_refused(fresh_db, path, ":3:", "expected 13 fields, found 5")


TBX_ENTRY = ('<termEntry id="daesh"><descrip type="subjectField">actor</descrip>'
             '<langSet xml:lang="ar"><tig><term>داعش</term></tig></langSet>'
             '<langSet xml:lang="en"><tig><term>ISIS</term></tig></langSet></termEntry>')


def tbx(doctype: str = "", body: str = TBX_ENTRY) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n<martif type="TBX-Basic">'
            f"<text><body>\n{body}\n</body></text></martif>\n")


def test_tbx_external_entity_is_refused(fresh_db, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret", encoding="utf-8")
    doctype = f'<!DOCTYPE martif [<!ENTITY leak SYSTEM "file://{secret}">]>'
    path = write(tmp_path, "g.tbx", tbx(doctype, TBX_ENTRY.replace("ISIS", "&leak;")))
    message = assert_refused(fresh_db, path, "refused")
    assert "top secret" not in message


def test_tbx_entity_expansion_is_refused(fresh_db, tmp_path):
    doctype = ('<!DOCTYPE martif [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>')
    path = write(tmp_path, "g.tbx", tbx(doctype, TBX_ENTRY.replace("ISIS", "&b;")))
    assert_refused(fresh_db, path, "refused")


def test_tbx_with_a_dtd_reference_is_read_without_fetching_it(fresh_db, tmp_path):
    path = write(tmp_path, "g.tbx", tbx('<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">'))
    result = exchange.import_file(fresh_db, path, "tester")
    assert result.added == 1
    [term] = list_terms(fresh_db)
    assert (term.term_ar, term.approved_en, term.status) == ("داعش", "ISIS", "draft")


def test_tbx_malformed_and_incomplete(fresh_db, tmp_path):
    path = write(tmp_path, "g.tbx", tbx(body=TBX_ENTRY.replace("</tig></langSet></termEntry>", "")))
    assert_refused(fresh_db, path, ":5:", "not well-formed XML")   # where </body> closes <tig>
    no_english = TBX_ENTRY.replace('<langSet xml:lang="en"><tig><term>ISIS</term></tig></langSet>', "")
    path = write(tmp_path, "g2.tbx", tbx(body=no_english))
    assert_refused(fresh_db, path, ":4:", "term daesh", "language sets ar;", "English (en)")


def test_unknown_extension(fresh_db, tmp_path):
    assert_refused(fresh_db, write(tmp_path, "g.docx", "x"), "unknown glossary file type")
