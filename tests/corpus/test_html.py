"""Saved web pages: the article in, the page's furniture out, metadata from the page, and
every bad page named in one line while the batch carries on."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES
from workbench.cli import main
from workbench.corpus import html
from workbench.errors import ImportError_
from workbench.store.db import open_db

WEB = FIXTURES / "sources" / "web"

AR_PARAGRAPHS = [
    "أعلنت قوى الأمن الداخلي (الأسايش) في شمال وشرق سوريا، يوم الأحد، تفكيك خلية تابعة لتنظيم "
    "داعش في بلدة الشحيل بريف دير الزور الشرقي، واعتقال خمسة من أفرادها.",
    "وضبطت القوة المداهمة أسلحة خفيفة وذخائر وأجهزة اتصال",
    "ويأتي ذلك ضمن حملة أمنية أطلقتها قوات سوريا الديمقراطية مطلع الشهر الجاري",
]
# A phrase from each piece of furniture around the Arabic article
AR_BOILERPLATE = ["أخبار محلية", "تقارير وتحقيقات", "انقطاع الكهرباء", "مخيم الهول", "عاجل",
                  "شارك على فيسبوك", "واتساب", "الوسوم", "اقرأ أيضاً", "مدرسة جديدة",
                  "الأكثر قراءة", "أسعار الخبز", "التعليقات", "أبو محمد", "نتمنى أن تستمر",
                  "النشرة البريدية", "اشترك", "جميع الحقوق محفوظة", "سياسة الخصوصية",
                  "trackingCode", "dataLayer", "كتبه"]
EN_PARAGRAPHS = [
    "The Syrian Democratic Forces (SDF) and the Internal Security Forces (Asayish) said on "
    "Saturday they had arrested four members of an ISIS cell in the town of Diban, in the "
    "eastern countryside of Deir ez-Zor.",
    "Local sources told Valley Press that those arrested included a man from al-Busayrah who "
    "had been wanted since 2023.",
]
EN_BOILERPLATE = ["Home", "Contact us", "Breaking", "Power cut", "Aid convoy", "Share on",
                  "Email this story", "Tags:", "Related articles", "New school", "Most read",
                  "Bread prices", "football", "comments", "Great reporting", "Leave a comment",
                  "newsletter", "morning briefing", "Sign up", "All rights reserved",
                  "Privacy policy", "adSlots", "analytics", "Staff Reporter"]


def run(db_path, *args):
    return CliRunner().invoke(main, ["--db", str(db_path), *map(str, args)],
                              catch_exceptions=False)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Both fixture pages imported through the CLI, once for the module."""
    folder = tmp_path_factory.mktemp("pages")
    shutil.copy(WEB / "ar_article.html", folder / "ar_article.html")
    shutil.copy(WEB / "en_article.html", folder / "en_article.htm")
    db_path = folder / "pages.db"
    result = run(db_path, "import", folder)
    assert result.exit_code == 0, result.output
    db = open_db(db_path)
    yield db, folder, db_path
    db.close()


def _document(db, name):
    doc = next(db.query("SELECT * FROM documents WHERE doc_key LIKE ?", [f"%/{name}"]))
    segments = [dict(r) for r in db.query("SELECT * FROM segments WHERE document_id = ? "
                                          "ORDER BY position", [doc["id"]])]
    return doc, segments


def test_arabic_page_metadata(imported):
    doc, segments = _document(imported[0], "ar_article.html")
    assert doc["title"] == "قوى الأمن الداخلي تفكك خلية لتنظيم داعش في ريف دير الزور الشرقي"
    # the day is the page's Arabic date line (Arabic-Indic digits, a Levantine month), not the
    # month guessed from the URL's /2025/10/
    assert doc["published"] == "2025-10-12"
    assert doc["outlet"] == "شبكة الخابور"
    assert doc["canonical_url"] == "https://khabour.example/news/2025/10/asayish-cell-shuhayl"
    assert (doc["source_kind"], doc["language"]) == ("html", "ar")
    assert segments[0]["kind"] == "title" and segments[0]["raw"] == doc["title"]


def test_english_page_metadata(imported):
    doc, segments = _document(imported[0], "en_article.htm")
    assert doc["title"] == "SDF and Asayish arrest ISIS cell members in Deir ez-Zor countryside"
    assert doc["published"] == "2025-08-30"
    assert doc["outlet"] == "Valley Press"
    assert doc["canonical_url"] == "https://valleypress.example/2025/08/30/sdf-asayish-arrest-isis-cell/"
    assert (doc["source_kind"], doc["language"]) == ("html", "en")


@pytest.mark.parametrize("name, paragraphs, boilerplate", [
    ("ar_article.html", AR_PARAGRAPHS, AR_BOILERPLATE),
    ("en_article.htm", EN_PARAGRAPHS, EN_BOILERPLATE)])
def test_article_in_boilerplate_out(imported, name, paragraphs, boilerplate):
    doc, segments = _document(imported[0], name)
    body = [s["raw"] for s in segments if s["kind"] == "body"]
    text = "\n".join(body)
    for paragraph in paragraphs:
        assert paragraph in text
    for phrase in boilerplate:
        assert not any(phrase in s["raw"] for s in segments), phrase
    assert not any(s["raw"] in ("Syria", "الرئيسية") for s in segments)     # kicker, breadcrumb
    # the headline is the title segment, not repeated as a body segment
    assert doc["title"] not in body
    # each paragraph is segmented as the importer segments text: no segment spans two of them
    assert len(body) >= 5 and all("\n" not in s for s in body)


def test_second_import_adds_nothing(imported):
    db, folder, db_path = imported
    before = db.execute("SELECT COUNT(*), (SELECT COUNT(*) FROM segments) FROM documents").fetchone()
    result = run(db_path, "import", folder)
    assert result.exit_code == 0
    assert "0 new document(s)" in result.output and "2 unchanged" in result.output
    assert db.execute("SELECT COUNT(*), (SELECT COUNT(*) FROM segments) FROM documents").fetchone() == before


def test_changed_page_is_a_new_version(tmp_path):
    page = tmp_path / "page.html"
    original = (WEB / "en_article.html").read_text(encoding="utf-8")
    page.write_text(original, encoding="utf-8")
    assert run(tmp_path / "v.db", "import", page).exit_code == 0
    # a new comment count and ticker are no new version; a corrected figure is
    page.write_text(original.replace("Aid convoy", "Second aid convoy").replace("3 comments", "4 comments"),
                    encoding="utf-8")
    assert "1 unchanged" in run(tmp_path / "v.db", "import", page).output
    page.write_text(original.replace("arrested four members", "arrested five members"), encoding="utf-8")
    assert "1 new version(s)" in run(tmp_path / "v.db", "import", page).output
    db = open_db(tmp_path / "v.db")
    rows = db.execute("SELECT version, is_current FROM documents WHERE doc_key = ? ORDER BY version",
                      [str(page.resolve())]).fetchall()
    assert rows == [(1, 0), (2, 1)]
    db.close()


NO_ARTICLE = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><title>شبكة الخابور</title></head>
<body><nav><a href="/">الرئيسية</a> <a href="/local">أخبار محلية</a> <a href="/contact">اتصل بنا</a></nav>
<ul class="latest"><li><a href="/n/1">الأسايش تعتقل مطلوبين</a></li>
<li><a href="/n/2">اجتماع للوجهاء</a></li></ul>
<footer>جميع الحقوق محفوظة</footer></body></html>"""


@pytest.mark.parametrize("content, expected", [
    (b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nendobj\n", "not an HTML page (a PDF document)"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not an HTML page (a PNG image)"),
    (b"PK\x03\x04\x14\x00\x06\x00", "not an HTML page (a zip archive"),
    ("قالت قسد إن الحملة مستمرة في ريف دير الزور.\n".encode(), "not an HTML page (no HTML tags"),
    (NO_ARTICLE.encode(), "no article found in the page"),
])
def test_bad_pages_are_one_line_each_and_the_batch_carries_on(tmp_path, content, expected):
    bad = tmp_path / "bad.html"
    bad.write_bytes(content)
    good = tmp_path / "good.html"
    shutil.copy(WEB / "en_article.html", good)
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "b.db"), "import",
                                                       str(bad), str(good)])
    assert result.exit_code == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith(f"error: {bad}: {expected}")
    assert "1 new document(s)" in result.stdout and "1 failed" in result.stdout


def test_windows_1256_page_declared_in_meta(tmp_path):
    page = (WEB / "ar_article.html").read_text(encoding="utf-8").replace(
        '<meta charset="utf-8">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">')
    path = tmp_path / "old.html"
    # Windows-1256 has neither © nor Arabic-Indic digits
    page = page.replace("©", "(c)").translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
    path.write_bytes(page.encode("cp1256"))
    [doc] = html.documents(path)
    assert doc.title == "قوى الأمن الداخلي تفكك خلية لتنظيم داعش في ريف دير الزور الشرقي"
    assert doc.outlet == "شبكة الخابور" and doc.published == "2025-10-12"


def test_date_from_a_marked_element_when_the_page_has_no_date_metadata():
    page = ("<html dir='rtl'><body><article><h1>اجتماع لوجهاء العشائر في بلدة ذيبان</h1>"
            "<div class='date'>الخميس، ٢٢ أيلول ٢٠٢٥</div>"
            + "<p>عقد وجهاء العشائر في بلدة ذيبان اجتماعاً موسعاً لبحث الوضع الأمني في المنطقة، "
              "بحضور ممثلين عن قوات سوريا الديمقراطية والإدارة المدنية.</p>" * 3
            + "</article></body></html>")
    article = html.extract(page, "page")
    assert article.published == "2025-09-22"
    assert article.title == "اجتماع لوجهاء العشائر في بلدة ذيبان"
    assert article.outlet is None and article.canonical_url is None


def test_empty_and_unreadable_markup_is_refused():
    with pytest.raises(ImportError_, match="page: no article found"):
        html.extract("<html><body><p>short</p></body></html>", "page")


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=600)
       | st.text(max_size=300).map(lambda t: f"<html><body><p>{t}</p></body></html>".encode()))
def test_any_bytes_are_a_page_or_one_line(data):
    """Whatever a file named .html holds: an article, or an ImportError_ of one line."""
    try:
        text = html.decode(data, "page.html")
        html.check_markup(text, "page.html")
        article = html.extract(text, "page.html")
    except ImportError_ as exc:
        assert "\n" not in str(exc) and str(exc).startswith("page.html: ")
        return
    assert article.paragraphs and all(p.strip() == p and p for p in article.paragraphs)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_feed_fragment_gives_clean_paragraphs(fragment):
    paragraphs = html.fragment_paragraphs(fragment)
    assert all(p and "\n" not in p and p == " ".join(p.split()) for p in paragraphs)
