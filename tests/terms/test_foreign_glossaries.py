"""Glossaries made by other tools, imported through `workbench glossary import`: TBX-Basic
without a subject field and with ids not ours, TBX v3, translate-toolkit's csv2tbx output,
OmegaT's glossary, TSV/CSV with some of our columns; their bad forms refused in one line
with nothing written; our own exports still round-trip byte for byte."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from translate.storage import tbx as tt_tbx

from workbench.errors import GlossaryFormatError
from workbench.store.db import open_db
from workbench.terms import exchange, omegat_glossary
from workbench.terms.foreign import Filled, id_from_arabic, slug
from workbench.terms.model import ID_RE
from workbench.terms.store import list_terms

from .test_exchange import FAST, _AR, glossaries

OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")


def imported(cli, path: Path, *extra) -> tuple[str, dict]:
    result = cli("--annotator", "amal", "glossary", "import", str(path), *extra)
    assert result.exit_code == 0, result.output
    return result.output, {t.id: t for t in list_terms(open_db(cli.db_path))}


ROOT_GLOSSARY = Path(__file__).resolve().parents[2] / "glossary" / "glossary.tsv"


@pytest.fixture
def gcli(cli, db_path, tmp_path, monkeypatch):
    """The CLI on a database without the controlled glossary (every new database made by a
    command gets an empty one), so that what an import writes is all there is."""
    empty = tmp_path / "no-glossary"
    empty.mkdir()
    monkeypatch.setenv("WORKBENCH_GLOSSARY", str(empty))
    assert cli("init", "--no-sample").exit_code == 0
    cli.db_path = db_path
    return cli


def refused(cli, path: Path, *fragments) -> str:
    result = cli("--annotator", "amal", "glossary", "import", str(path))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}:"), result.output
    assert lines[0].split(":")[2].isdigit()                 # error: FILE:LINE: ...
    for fragment in fragments:
        assert fragment in lines[0]
    assert list_terms(open_db(cli.db_path)) == []           # nothing written
    return lines[0]


# --- TBX ---------------------------------------------------------------------------------------

TBX_BASIC = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en-US">
  <martifHeader><fileDesc><sourceDesc><p>memoQ termbase</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="C-1">
      <langSet xml:lang="ar-SY"><tig><term>الأسايش</term></tig></langSet>
      <langSet xml:lang="en-US">
        <tig><term>Asayish</term></tig>
        <tig><term>Kurdish police</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
      </langSet>
    </termEntry>
    <termEntry id="C-2">
      <descrip type="subjectField">place</descrip>
      <langSet xml:lang="ar"><tig><term>الشحيل</term></tig></langSet>
      <langSet xml:lang="en"><tig><term>Shuhayl</term></tig></langSet>
    </termEntry>
    <termEntry id="C-3">
      <descrip type="subjectField">Security</descrip>
      <langSet xml:lang="ar"><tig><term>خلايا نائمة</term></tig></langSet>
      <langSet xml:lang="en"><tig><term>sleeper cells</term></tig></langSet>
    </termEntry>
  </body></text>
</martif>
"""


def test_tbx_basic_without_subject_field_and_ids_not_ours(gcli, tmp_path):
    path = tmp_path / "memoq.tbx"
    path.write_text(TBX_BASIC, encoding="utf-8")
    output, terms = imported(gcli, path)
    assert "3 term(s)" in output and "3 added" in output
    assert "2 term(s) without a category of ours: set to actor" in output
    assert "3 id(s)" in output
    asayish, shuhayl, cells = terms["c-1"], terms["c-2"], terms["c-3"]
    assert (asayish.term_ar, asayish.approved_en, asayish.forbidden_en) == (
        "الأسايش", "Asayish", ("Kurdish police",))
    assert asayish.category == "actor" and shuhayl.category == "place"
    assert cells.category == "actor"                           # "Security" is not ours
    assert asayish.note == "source id: C-1" and asayish.status == "draft"
    output, terms = imported(gcli, path, "--category", "event")  # the same ids: updates
    assert "2 updated, 1 unchanged" in output and set(terms) == {"c-1", "c-2", "c-3"}
    assert terms["c-1"].category == "event" and terms["c-2"].category == "place"


TBX_V3 = """<?xml version="1.0" encoding="UTF-8"?>
<?xml-model href="TBXcoreStructV03_TBX-Basic_integrated.rng" type="application/xml"?>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">
  <tbxHeader><fileDesc><sourceDesc><p>TBX v3 export</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="sdf">
      <descrip type="subjectField">actor</descrip>
      <langSec xml:lang="ar">
        <termSec><term>قوات سوريا الديمقراطية</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>قسد</term>
          <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
      </langSec>
      <langSec xml:lang="en">
        <termSec><term>Syrian Democratic Forces</term></termSec>
        <termSec><term>SDF</term>
          <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
        <termSec><term>Kurdish forces</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""


@pytest.mark.parametrize("prefixed", [False, True])
def test_tbx_v3(gcli, tmp_path, prefixed):
    text = TBX_V3
    if prefixed:                                        # the same namespace under a prefix
        text = (text.replace('xmlns="', 'xmlns:t="').replace("<", "<t:").replace("<t:/", "</t:")
                .replace("<t:?", "<?").replace("<t:!", "<!"))
    path = tmp_path / "v3.tbx"
    path.write_text(text, encoding="utf-8")
    output, terms = imported(gcli, path)
    assert "without a category" not in output and "id(s)" not in output
    sdf = terms["sdf"]
    assert (sdf.term_ar, sdf.variants_ar) == ("قوات سوريا الديمقراطية", ("قسد",))
    assert (sdf.approved_en, sdf.acceptable_en, sdf.forbidden_en) == (
        "Syrian Democratic Forces", ("SDF",), ("Kurdish forces",))


def test_translate_toolkits_csv2tbx_output(gcli, tmp_path):
    """csv2tbx marks its source `en` and its target `xx` and uses the source as the id."""
    from translate.convert import csv2tbx
    source = tmp_path / "terms.csv"
    source.write_text('source,target\n"داعش","ISIS"\n"مخيم الهول","al-Hol camp"\n',
                      encoding="utf-8")
    out = io.BytesIO()
    with source.open("rb") as fh:
        assert csv2tbx.convertcsv(fh, out, None) == 1
    path = tmp_path / "csv2tbx.tbx"
    path.write_bytes(out.getvalue())
    assert b'xml:lang="xx"' in out.getvalue()          # what makes it a case of its own
    output, terms = imported(gcli, path)
    assert "2 term(s) without a category of ours" in output
    daesh = terms[id_from_arabic("داعش")]
    assert (daesh.term_ar, daesh.approved_en, daesh.note) == ("داعش", "ISIS", "source id: داعش")
    assert terms[id_from_arabic("مخيم الهول")].approved_en == "al-Hol camp"


def test_ids_derived_from_the_arabic_are_stable_and_distinct():
    assert id_from_arabic("داعش") == id_from_arabic("داعـــش")     # the same normalised term
    assert id_from_arabic("داعش").startswith("daash-")
    assert id_from_arabic("ـ").startswith("term-")
    assert id_from_arabic("صالح") != id_from_arabic("سالح")        # romanised alike


@pytest.mark.parametrize("name, text, fragments", [
    ("fr-de.tbx", TBX_BASIC.replace('"ar-SY"', '"fr"').replace('"en-US">\n', '"de">\n'),
     (":6:", "term C-1", "language sets fr, de", "expected Arabic (ar) and English (en)")),
    ("empty.tbx", '<?xml version="1.0"?>\n<martif type="TBX-Basic">\n<text><body/></text>'
                  "</martif>\n", (":2:", "no terms")),
    ("empty-v3.tbx", '<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body>\n'
                     "</body></text></tbx>", (":1:", "no terms")),
])
def test_bad_tbx_is_one_line(gcli, tmp_path, name, text, fragments):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    refused(gcli, path, *fragments)


# --- OmegaT's glossary -------------------------------------------------------------------------

OMEGAT = ("# a glossary kept in OmegaT\n"
          "داعش\tISIS\talso: Islamic State; not: ISIL, Da'ish; House acronym\n"
          "دواعش\tISIS\talso: Islamic State; not: ISIL, Da'ish; House acronym\n"
          "دير الزور\tDeir ez-Zor\n"
          "دير الزور\tDeir Ezzor\r\n"
          "\n"
          "الأسايش\tAsayish\t[draft]; vocabulary of AANES-aligned media\n")


@pytest.mark.parametrize("suffix", [".txt", ".utf8", ".tab"])
def test_omegat_glossary(gcli, tmp_path, suffix):
    path = tmp_path / f"glossary{suffix}"
    path.write_bytes(b"\xef\xbb\xbf" + OMEGAT.encode("utf-8"))    # OmegaT may write a BOM
    output, terms = imported(gcli, path)
    assert "3 term(s)" in output and "3 term(s) without a category of ours" in output
    daesh = terms[id_from_arabic("داعش")]
    assert (daesh.variants_ar, daesh.approved_en, daesh.acceptable_en, daesh.forbidden_en,
            daesh.note) == (("دواعش",), "ISIS", ("Islamic State",), ("ISIL", "Da'ish"),
                            "House acronym")
    deir = terms[id_from_arabic("دير الزور")]
    assert (deir.approved_en, deir.acceptable_en) == ("Deir ez-Zor", ("Deir Ezzor",))
    asayish = terms[id_from_arabic("الأسايش")]
    assert (asayish.status, asayish.vocabulary) == ("draft", "AANES-aligned media")


def test_omegat_glossary_line_with_one_column(gcli, tmp_path):
    path = tmp_path / "glossary.txt"
    path.write_text("داعش\tISIS\nقسد\n", encoding="utf-8")
    refused(gcli, path, ":2:", "one column")


# --- TSV and CSV with some of our columns --------------------------------------------------------

def test_tsv_and_csv_with_a_subset_of_our_columns(gcli, tmp_path):
    tsv = tmp_path / "few.tsv"
    tsv.write_text("term_ar\tapproved_en\tnote\nالباغوز\tBaghouz\tlast ISIS pocket\n"
                   "هجين\tHajin\t\n", encoding="utf-8")
    output, terms = imported(gcli, tsv)
    assert "2 added" in output and "2 term(s) without a category of ours" in output
    baghouz = terms[id_from_arabic("الباغوز")]
    assert (baghouz.approved_en, baghouz.note, baghouz.category) == (
        "Baghouz", "last ISIS pocket", "actor")
    csv_path = tmp_path / "few.csv"
    csv_path.write_text('id,term_ar,approved_en,category\n"T 7","البصيرة","Busayrah","place"\n'
                        'baghouz,"الباغوز","Baghouz",place\n', encoding="utf-8")
    output, terms = imported(gcli, csv_path)
    assert "without a category" not in output and "1 id(s)" in output
    assert terms["t-7"].note == "source id: T 7" and terms["baghouz"].category == "place"
    missing = tmp_path / "missing.tsv"
    missing.write_text("id\tterm_ar\nx\tهجين\n", encoding="utf-8")
    result = gcli("--annotator", "amal", "glossary", "import", str(missing))
    assert result.exit_code == 1 and f"{missing}:1:" in result.output
    assert "missing approved_en" in result.output


# --- our exports: round trips and validation -----------------------------------------------------

@pytest.fixture
def loaded(gcli):
    """The controlled glossary, imported."""
    imported(gcli, ROOT_GLOSSARY)
    return gcli


@pytest.mark.parametrize("fmt, extra", [("tsv", ()), ("csv", ()), ("csv", ("--bom",)),
                                        ("csv", ("--raw",)), ("json", ()), ("tbx", ()),
                                        ("tbx", ("--approved-only",)), ("omegat", ())])
def test_our_exports_round_trip_byte_for_byte(loaded, tmp_path, fmt, extra):
    first = tmp_path / f"first.{fmt}"
    assert loaded("export", "glossary", "--format", fmt, "-o", str(first), *extra).exit_code == 0
    again = tmp_path / "again.db"
    result = loaded("--db", str(again), "--annotator", "amal", "glossary", "import",
                    str(first), "--format", fmt)
    assert result.exit_code == 0, result.output
    second = tmp_path / f"second.{fmt}"
    assert loaded("--db", str(again), "export", "glossary", "--format", fmt, "-o", str(second),
                  *extra).exit_code == 0
    assert second.read_bytes() == first.read_bytes()


def test_tbx_variants_validate_and_read_in_translate_toolkit(loaded, tmp_path):
    if not OMEGAT_JAR.is_file():
        pytest.skip("OmegaT is not installed: its TBX schema is read from its jar")
    with zipfile.ZipFile(OMEGAT_JAR) as jar:
        folder = tmp_path / "schemas"
        for member in ("schemas/tbx.xsd", "schemas/xml.xsd"):
            jar.extract(member, tmp_path)
    schema = etree.XMLSchema(etree.parse(str(folder / "tbx.xsd")))
    for extra in ((), ("--approved-only",)):
        path = tmp_path / f"g{len(extra)}.tbx"
        assert loaded("export", "glossary", "-o", str(path), *extra).exit_code == 0
        assert schema.validate(etree.parse(str(path))), schema.error_log.filter_from_errors()
        store = tt_tbx.tbxfile.parsefile(str(path))
        pairs = {(u.source, u.target) for u in store.units}
        assert ("داعش", "ISIS") in pairs
        targets = {t for u in store.units for t in u.gettarget().split("\n") if t}
        if extra:
            assert "ISIL" not in targets and not any("ISIL" == t.text for t in etree.parse(
                str(path)).iter("term"))
            notes = [n.text for n in etree.parse(str(path)).iter("note")]
            assert "not: ISIL" in notes


# --- properties ----------------------------------------------------------------------------------

FAST = settings(FAST, max_examples=25)


@FAST
@given(glossaries())
def test_approved_only_tbx_reads_back_with_its_forbidden_renderings(found):
    text = exchange.dumps(found, "tbx", approved_only=True)
    kept = [t for t in found if t.status != "deprecated"]
    known = {t.id for t in kept}
    expected = [replace(t, related=tuple(r for r in t.related if r in known)) for t in kept]
    if not kept:
        return
    back = [t for _, t in exchange.parse_bytes(text.encode("utf-8"), "tbx", "x.tbx")]
    assert back == expected
    terms = {e.text for e in etree.fromstring(text.encode("utf-8")).iter("term")}
    assert not terms & {f for t in kept for f in t.forbidden_en}


@FAST
@given(glossaries())
def test_omegat_glossary_targets_are_approved_renderings_only(found):
    text = omegat_glossary.dump(found)
    targets = {line.split("\t")[1] for line in text.splitlines()}
    assert targets == {t.approved_en for t in found if t.status != "deprecated"}
    if text:
        back = omegat_glossary.parse(text, "g.txt", Filled())
        assert {t.term_ar for _, t in back} <= {f for t in found for f in t.arabic_forms}


@FAST
@given(st.text(max_size=200))
def test_any_omegat_glossary_text_is_terms_or_one_line(text):
    try:
        parsed = exchange.parse_bytes(text.encode("utf-8"), "omegat", "g.txt")
    except GlossaryFormatError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("g.txt:")
    else:
        assert all(ID_RE.fullmatch(t.id) for _, t in parsed)


@FAST
@given(_AR.filter(lambda a: any(c != " " for c in a)), st.text(max_size=30))
def test_made_ids_are_ours(term_ar, original):
    from workbench.terms.model import has_arabic_letter
    if has_arabic_letter(term_ar):
        assert ID_RE.fullmatch(id_from_arabic(term_ar))
    assert slug(original) == "" or ID_RE.fullmatch(slug(original))
