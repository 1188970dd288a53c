"""PDF import: PDFs made here from our own text with reportlab and a Noto Arabic font, one in
reading order, one drawn the way many producers draw Arabic (shaped presentation forms, each
line left to right as seen), one image-only, one encrypted, one damaged."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.corpus import pdf, pdf_arabic
from workbench.errors import ImportError_
from workbench.store.db import open_db
from workbench.terms import glossary

NOTO = Path("/usr/share/fonts/truetype/noto")
FONTS = [NOTO / "NotoSansArabic-Regular.ttf", NOTO / "NotoNaskhArabic-Regular.ttf"]

# Our own statement, in the order an analyst types it (the oracle: no code computes it).
LINES = ["أعلنت قوات سوريا الديمقراطية (قسد) مقتل 12 عنصرا من خلايا داعش",
         "في ريف دير الزور الشرقي بتاريخ 22/8/2023 وفق بيان SDF Press."]
SECOND = "وقالت قوى الأمن الداخلي إن العملية استمرت لساعات."
EXPECTED = [" ".join(LINES), SECOND]
PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
_ARABIC_RUN = re.compile("([\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]+"
                         "(?: +[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]+)*)")
_MIRROR = str.maketrans("()", ")(")


def _font() -> Path:
    for font in FONTS:
        if font.exists():
            return font
    pytest.skip("no Arabic font: install Debian's fonts-noto-core for the PDF tests")


def _visual(line: str) -> str:
    """The line as a renderer draws it: shaped glyphs, left to right as seen. python-bidi
    reorders but does not mirror brackets, which a renderer draws mirrored."""
    import arabic_reshaper
    from bidi import get_display
    return get_display(arabic_reshaper.reshape(line)).translate(_MIRROR)


def _write_pdf(path: Path, paragraphs: list[list[str]]) -> Path:
    """Arabic runs in the Noto font, digits and Latin in Helvetica (which Noto Arabic lacks),
    one text line per string, a gap between paragraphs."""
    from reportlab.pdfgen import canvas
    c = canvas.Canvas(str(path))
    y = 760
    for lines in paragraphs:
        for line in lines:
            text = c.beginText(40, y)
            for n, piece in enumerate(_ARABIC_RUN.split(line)):
                if piece:
                    text.setFont("NotoAr" if n % 2 else "Helvetica", 12)
                    text.textOut(piece)
            c.drawText(text)
            y -= 18
        y -= 30
    c.save()
    return path


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    pdfmetrics.registerFont(TTFont("NotoAr", str(_font())))
    folder = tmp_path_factory.mktemp("pdfs")
    made = {
        "logical": _write_pdf(folder / "logical.pdf", [LINES, [SECOND]]),
        "visual": _write_pdf(folder / "visual.pdf", [[_visual(x) for x in LINES], [_visual(SECOND)]]),
    }
    # the same, visual order but base letters (a producer that reverses without shaping)
    from bidi import get_display
    made["visual_base"] = _write_pdf(folder / "visual_base.pdf",
                                     [[get_display(x).translate(_MIRROR) for x in LINES],
                                      [get_display(SECOND).translate(_MIRROR)]])
    import pypdf
    from PIL import Image
    from reportlab.pdfgen import canvas
    writer = pypdf.PdfWriter(clone_from=str(made["logical"]))
    writer.encrypt("secret-password")
    writer.write(folder / "encrypted.pdf")
    made["encrypted"] = folder / "encrypted.pdf"
    Image.new("RGB", (300, 120), "white").save(folder / "scan.png")
    c = canvas.Canvas(str(folder / "scan.pdf"))
    c.drawImage(str(folder / "scan.png"), 40, 600, 300, 120)
    c.save()
    made["scan"] = folder / "scan.pdf"
    made["corrupt"] = folder / "corrupt.pdf"
    made["corrupt"].write_bytes(made["logical"].read_bytes()[:600])
    made["not_pdf"] = folder / "statement.pdf"
    made["not_pdf"].write_text("بيان: هذا ملف نصي سمي باسم ملف PDF\n", encoding="utf-8")
    return made


def _segments(db_path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT d.source_kind, s.raw FROM segments s JOIN documents d "
                            "ON d.id = s.document_id ORDER BY s.id").fetchall()


@pytest.mark.parametrize("kind", ["logical", "visual", "visual_base"])
def test_arabic_comes_out_in_reading_order_with_base_letters(cli, db_path, pdfs, kind):
    result = cli("import", pdfs[kind])
    assert result.exit_code == 0, result.output
    rows = _segments(db_path)
    assert [raw for _, raw in rows] == EXPECTED
    assert {k for k, _ in rows} == {"pdf"}
    assert not any(PRESENTATION.search(raw) for _, raw in rows)


def test_the_glossary_and_search_find_terms_in_a_visual_order_pdf(cli, db_path, pdfs):
    assert cli("import", pdfs["visual"]).exit_code == 0
    db = open_db(db_path)
    try:
        loaded = glossary.load(db)
        found = {hit.term_id for _, raw in _segments(db_path) for hit in loaded.find(raw)}
    finally:
        db.close()
    assert {"sdf", "daesh", "deir-ez-zor", "isf"} <= found
    searched = cli("search", "الديمقراطية")
    assert "قوات سوريا الديمقراطية" in searched.output


@pytest.mark.parametrize("kind, words", [
    ("encrypted", "encrypted PDF (it needs a password)"),
    ("scan", "no text layer (a scan or images only)"),
    ("corrupt", "damaged or unreadable PDF"),
    ("not_pdf", "not a PDF file"),
])
def test_a_bad_pdf_is_one_line_and_the_batch_carries_on(cli, db_path, pdfs, kind, words):
    result = cli("import", pdfs[kind], pdfs["logical"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert errors == [errors[0]] and pdfs[kind].name in errors[0] and words in errors[0]
    assert "Traceback" not in result.output
    assert "1 new document(s)" in result.output and "1 failed" in result.output


def test_visual_order_is_told_from_the_words_themselves():
    reading = "أعلنت الإدارة الذاتية حظر التجوال في مدينة الرقة"
    backwards = reading[::-1]
    assert not pdf_arabic.is_visual([reading])
    assert pdf_arabic.is_visual([backwards])
    assert pdf_arabic.to_logical(backwards) == reading
    # a number and a Latin name keep their own order inside a reversed line
    assert pdf_arabic.to_logical("2023 ماع SDF تلاق") == "قالت SDF عام 2023"
    assert pdf_arabic.fold_presentation_forms("ﻻ ﺗﻮﺟﺪ") == "لا توجد"


def test_a_reversed_lam_alef_ligature_folds_after_it_is_turned():
    # «خلايا» shaped and drawn right to left: the ligature is one glyph, folded once in order
    assert pdf_arabic.repair_lines(["ﺎﻳﻼﺧ ﻦﻣ ﺔﻴﻠﺧ"]) == ["خلية من خلايا"]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=8)), max_size=6),
       cut=st.floats(0.3, 1))
def test_a_mangled_pdf_gives_text_or_one_line(pdfs, edits, cut):
    data = bytearray(pdfs["logical"].read_bytes())
    for where, junk in edits:
        at = int(where * (len(data) - 1))
        data[at:at + len(junk)] = junk
    data = bytes(data[:max(16, int(len(data) * cut))])
    try:
        text = pdf.extract_text(Path("mangled.pdf"), data)
    except ImportError_ as exc:
        assert "\n" not in str(exc) and str(exc).startswith("mangled.pdf: ")
    else:
        assert text.strip()
