"""The one CSV policy (workbench.csvfile) on every CSV the workbench writes, each read back
by Python's csv module and by pandas: formula cells guarded by default and exact with --raw,
a byte-order mark with --bom, and Arabic, line breaks and quotes intact."""

from __future__ import annotations

import csv
import io

import pandas
import pytest

from workbench.cli import EXPORTS, main
from workbench.csvfile import BOM, FORMULA_STARTS, RAW, Policy, Writer, guarded, unguard

TITLE = 'قالت "قسد"\nفي بيان: «اعتقلنا خلية»'             # Arabic, a line break, quotes
FORMULA = '=HYPERLINK("http://x.example","قال المصدر")'
NEGATIVE = '-13 قتيلاً في "الشحيل"'
CLAIMANT = "=cmd|' /C calc'!A0"
NOTE = 'سطر أول\r\nسطر "ثان", وثالث'
TERM_NOTE = '+SUM(A1) "مقتبس", ملاحظة'

# the CSVs, by name: the command and values (as stored) some cell must hold
EXPORTED = {
    "corpus": (["export", "corpus", "--format", "csv"], [TITLE, FORMULA, NEGATIVE]),
    "claims": (["export", "claims", "--format", "csv"], [CLAIMANT, NOTE, FORMULA[:10]]),
    "glossary": (["export", "glossary", "--format", "csv"], [TERM_NOTE, "@AANES media"]),
    "events": (["export", "events", "--format", "csv"], []),
    "history": (["export", "history", "--format", "csv"], ["amal"]),
}


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    from workbench.claims import store
    from workbench.claims.model import Claim, Incident
    from workbench.store.db import open_db
    from workbench.store.documents import NewDocument, NewSegment, save_document
    from workbench.terms.model import Term
    from workbench.terms.store import save_term
    path = tmp_path_factory.mktemp("csv") / "csv.db"
    db = open_db(path)
    lines = [FORMULA, NEGATIVE, "وقال شاهد إن 4 أشخاص قتلوا في هجين."]
    doc = save_document(db, NewDocument("csv:1", "\n".join(lines), [NewSegment(x) for x in lines],
                                        title=TITLE, outlet="@Outlet", language="ar"))
    ids = [r[0] for r in db.execute("SELECT id FROM segments WHERE document_id = ? "
                                    "ORDER BY position", [doc.document_id])]
    incident = store.add_incident(db, Incident("+ هجوم على حاجز", "2025-06-11", "هجين"), "amal")
    store.add_claim(db, Claim(ids[0], 0, 10, "other", claimant=CLAIMANT, incident_id=incident,
                              status_note=NOTE), "amal")
    store.add_claim(db, Claim(ids[2], 0, 8, "casualties", claimant="شاهد",
                              incident_id=incident), "amal")
    save_term(db, Term("hajin", "هجين", "Hajin", "place", note=TERM_NOTE,
                       vocabulary="@AANES media"), "amal")
    db.conn.commit()
    db.close()
    return path


@pytest.fixture(scope="module")
def files(db_path, tmp_path_factory):
    """{(name, switch): bytes} for every CSV export with no switch, --raw and --bom."""
    from click.testing import CliRunner
    out = tmp_path_factory.mktemp("csv-out")
    found = {}
    for name, (command, _) in EXPORTED.items():
        if command[1] not in EXPORTS:
            continue
        for switch in ("", "--raw", "--bom"):
            path = out / f"{name}{switch}.csv"
            result = CliRunner().invoke(main, ["--db", str(db_path), *command, "-o", str(path),
                                               *filter(None, [switch])])
            assert result.exit_code == 0, (name, switch, result.output)
            found[name, switch] = path.read_bytes()
    return found


def _rows(data: bytes) -> list[list[str]]:
    """The cells as Python's csv module reads them (utf-8-sig: with or without a BOM)."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _pandas(data: bytes) -> list[list[str]]:
    frame = pandas.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str,
                            keep_default_na=False)
    return [list(frame.columns)] + frame.values.tolist()


@pytest.mark.parametrize("name", list(EXPORTED))
def test_every_csv_follows_the_policy(files, name):
    if (name, "") not in files:
        pytest.fail(f"`workbench export {name} --format csv` is missing")
    plain, raw, bom = files[name, ""], files[name, "--raw"], files[name, "--bom"]
    for data in (plain, raw, bom):
        assert _pandas(data) == _rows(data)             # the two readers agree, cell for cell
        assert len(_rows(data)) > 1
    assert bom.startswith(BOM.encode("utf-8")) and not plain.startswith(BOM.encode("utf-8"))
    assert bom[len(BOM.encode("utf-8")):] == plain
    cells = [c for row in _rows(plain) for c in row]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]    # nothing a sheet runs
    raw_cells = {c for row in _rows(raw) for c in row}
    guarded_cells = set(cells)
    for value in EXPORTED[name][1]:
        found = [c for c in raw_cells if value in c]
        assert found, (name, value)                                  # exact with --raw
        if value.startswith(FORMULA_STARTS):
            assert value in raw_cells and "'" + value in guarded_cells
            assert value not in guarded_cells
        else:
            assert any(value in c for c in guarded_cells)
    assert [[unguard(c) for c in row] for row in _rows(plain)] == _rows(raw)   # only the guard


def test_history_csv_holds_the_json_of_each_change(files):
    import json
    header, *rows = _rows(files["history", "--raw"])
    after = [json.loads(row[header.index("after")]) for row in rows
             if row[header.index("table")] == "terms"]
    assert after[0]["note"] == TERM_NOTE and after[0]["vocabulary"] == "@AANES media"


def test_raw_and_bom_are_refused_with_another_format(db_path, runner, tmp_path):
    result = runner.invoke(main, ["--db", str(db_path), "export", "corpus", "--format", "jsonl",
                                  "--bom", "-o", str(tmp_path / "x")])
    assert result.exit_code == 1 and "--raw and --bom apply to CSV" in result.output
    assert list(tmp_path.iterdir()) == []


def test_the_guard_and_its_reverse():
    values = ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "plain", "", "'=kept", 13, None)
    assert [guarded(v) for v in values] == [
        "'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "plain", "", "''=kept", 13, None]
    assert [unguard(guarded(v)) for v in values if isinstance(v, str)] == [
        v for v in values if isinstance(v, str)]


@pytest.mark.parametrize("policy", [Policy(), RAW, Policy(bom=True), Policy(raw=True, bom=True)])
def test_writer(policy):
    out = io.StringIO()
    Writer(out, policy).writerows([["a", "b"], ["=x", "مرحبا\n\"بكم\""], [None, 3]])
    text = out.getvalue()
    assert text.startswith(BOM) == policy.bom
    rows = list(csv.reader(io.StringIO(text.removeprefix(BOM), newline="")))
    assert rows == [["a", "b"], ["=x" if policy.raw else "'=x", "مرحبا\n\"بكم\""], ["", "3"]]
