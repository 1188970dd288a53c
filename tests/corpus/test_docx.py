"""Word import: .docx files made here with python-docx, a renamed zip and damaged files."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest

HEADING = "بيان صادر عن قوى الأمن الداخلي في الحسكة"
FIRST = "اعتقلت دورية من الأسايش اثنين من عناصر خلايا داعش في حي غويران بمدينة الحسكة."
LAST = "وتستمر التحقيقات مع الموقوفين لكشف بقية أفراد الخلية."


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    import docx
    folder = tmp_path_factory.mktemp("docx")
    document = docx.Document()
    document.add_paragraph(HEADING)
    document.add_paragraph(FIRST)
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([["التاريخ", "المكان", "المعتقلون"], ["2024-03-05", "غويران", "2"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("")
    document.add_paragraph(LAST)
    made = {"good": folder / "statement.docx"}
    document.save(made["good"])
    made["renamed_zip"] = folder / "archive.docx"
    with zipfile.ZipFile(made["renamed_zip"], "w") as package:
        package.writestr("photos/notes.txt", "not a Word document")
    made["truncated"] = folder / "truncated.docx"
    made["truncated"].write_bytes(made["good"].read_bytes()[:1200])
    made["bad_xml"] = folder / "bad_xml.docx"
    with zipfile.ZipFile(made["good"]) as src, zipfile.ZipFile(made["bad_xml"], "w") as out:
        for name in src.namelist():
            out.writestr(name, b"<w:document><unclosed" if name == "word/document.xml"
                         else src.read(name))
    made["text"] = folder / "notes.docx"
    made["text"].write_text("ملاحظات مكتوبة كنص عادي\n", encoding="utf-8")
    return made


def test_paragraphs_and_table_rows_in_document_order(cli, db_path, files):
    result = cli("import", files["good"])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db_path) as conn:
        doc = conn.execute("SELECT title, source_kind FROM documents").fetchone()
        raws = [r[0] for r in conn.execute("SELECT raw FROM segments WHERE kind = 'body' "
                                           "ORDER BY position")]
    assert doc == (HEADING, "docx")
    assert raws == [FIRST, "التاريخ | المكان | المعتقلون", "2024-03-05 | غويران | 2", LAST]
    again = cli("import", files["good"])
    assert "0 new document(s)" in again.output and "1 unchanged" in again.output


@pytest.mark.parametrize("kind, words", [
    ("renamed_zip", "a zip file but not a Word document"),
    ("truncated", "damaged .docx"),
    ("bad_xml", "damaged .docx"),
    ("text", "not a Word .docx file"),
])
def test_a_bad_docx_is_one_line_and_the_batch_carries_on(cli, files, kind, words):
    result = cli("import", files[kind], files["good"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and files[kind].name in errors[0] and words in errors[0]
    assert "Traceback" not in result.output
    assert "1 new document(s)" in result.output
