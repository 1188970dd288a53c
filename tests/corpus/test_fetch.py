"""`workbench import URL` against a loopback server: the URL is the document's identity, the
HTML is kept, and every failure of the web is one line naming the URL."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.corpus.loopback import Server, fixture_page
from workbench.cli import main
from workbench.corpus import fetch
from workbench.errors import FetchError, InvalidValue
from workbench.store.db import open_db

# short enough for a quick test, long enough for a loaded machine to answer the good pages
ENV = {"WORKBENCH_FETCH_TIMEOUT": "2", "WORKBENCH_FETCH_MAX_BYTES": "100000"}


@pytest.fixture(scope="module")
def server():
    with Server() as s:
        s.page("/ar", fixture_page("ar_article.html"))
        s.page("/en", fixture_page("en_article.html"))
        s.redirect("/moved", "/en", status=301)
        s.redirect("/loop-a", "/loop-b")
        s.redirect("/loop-b", "/loop-a")
        for n in range(12):
            s.redirect(f"/hop{n}", f"/hop{n + 1}")
        s.page("/broken", "<html><body>server error</body></html>", status=500)
        s.page("/slow", fixture_page("en_article.html"), **{"X-Delay": "1.5"})
        s.page("/big", "<html><body>" + "<p>قسد</p>" * 20000 + "</body></html>")
        s.routes["/big-unannounced"] = (200, {"Content-Type": "text/html", "X-No-Length": "1"},
                                        "<html><body>" + "<p>x</p>" * 20000 + "</body></html>")
        s.page("/pdf", b"%PDF-1.7 ...", **{"Content-Type": "application/pdf"})
        s.page("/text", "SDF said the campaign continues.", **{"Content-Type": "text/html"})
        s.page("/empty", b"")
        s.redirect("/to-ftp", "ftp://files.example/statement.pdf")
        # a UTF-8 page the server calls ISO-8859-1, and a Windows-1256 page it labels right
        s.page("/mislabelled", fixture_page("en_article.html").replace("Valley Press", "Valley Press – وادي"),
               **{"Content-Type": "text/html; charset=iso-8859-1"})
        s.page("/cp1256", fixture_page("ar_article.html").replace('<meta charset="utf-8">', "")
               .replace("©", "").translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")).encode("cp1256"),
               **{"Content-Type": "text/html; charset=windows-1256"})
        s.page("/news/%D9%82%D8%B3%D8%AF", fixture_page("ar_article.html"))   # /news/قسد
        yield s


def run(db_path, *args):
    return CliRunner().invoke(main, ["--db", str(db_path), *map(str, args)], env=ENV,
                              catch_exceptions=False)


def documents(db_path):
    db = open_db(db_path)
    try:
        return [dict(r) for r in db.query("SELECT * FROM documents ORDER BY id")]
    finally:
        db.close()


def test_url_is_fetched_and_is_the_documents_identity(server, tmp_path):
    db_path = tmp_path / "u.db"
    result = run(db_path, "import", server.url("/ar"), server.url("/en") + "#comments")
    assert result.exit_code == 0, result.output
    docs = documents(db_path)
    assert [(d["doc_key"], d["url"], d["source_kind"]) for d in docs] == [
        (server.url("/ar"), server.url("/ar"), "url"), (server.url("/en"), server.url("/en"), "url")]
    assert docs[0]["published"] == "2025-10-12" and docs[0]["outlet"] == "شبكة الخابور"
    assert docs[1]["canonical_url"] == "https://valleypress.example/2025/08/30/sdf-asayish-arrest-isis-cell/"
    assert all("workbench/" in agent for path, agent in server.requests if path in ("/ar", "/en"))
    # importing again changes nothing
    again = run(db_path, "import", server.url("/ar"), server.url("/en"))
    assert "0 new document(s)" in again.output and "2 unchanged" in again.output
    assert len(documents(db_path)) == 2


def test_fetched_html_is_kept_and_extracted_again_offline(server, tmp_path):
    db_path = tmp_path / "o.db"
    server.page("/gone-later", fixture_page("ar_article.html"))
    assert run(db_path, "import", server.url("/gone-later")).exit_code == 0
    db = open_db(db_path)
    kept = db.execute("SELECT url, status, html FROM fetched_html").fetchall()
    db.close()
    assert kept[0][:2] == (server.url("/gone-later"), 200) and 'dir="rtl"' in kept[0][2]
    del server.routes["/gone-later"]                     # the site is gone: 404 online
    assert "HTTP 404" in run(db_path, "import", server.url("/gone-later")).output
    offline = run(db_path, "import", "--offline", server.url("/gone-later"))
    assert offline.exit_code == 0 and "1 unchanged" in offline.output
    never = run(db_path, "import", "--offline", server.url("/en"))
    assert never.exit_code == 1 and "no HTML kept for this URL" in never.output


def test_changed_page_becomes_version_two(server, tmp_path):
    db_path = tmp_path / "v.db"
    page = fixture_page("en_article.html")
    server.page("/changing", page)
    assert run(db_path, "import", server.url("/changing")).exit_code == 0
    server.page("/changing", page.replace("arrested four members", "arrested six members"))
    result = run(db_path, "import", server.url("/changing"))
    assert "1 new version(s)" in result.output
    docs = documents(db_path)
    assert [(d["version"], d["is_current"]) for d in docs] == [(1, 0), (2, 1)]
    db = open_db(db_path)
    assert db.execute("SELECT COUNT(*) FROM fetched_html").fetchone() == (2,)
    db.close()


def test_an_arabic_address_keeps_its_arabic_as_the_key(server, tmp_path):
    db_path = tmp_path / "a.db"
    assert run(db_path, "import", server.url("/news/قسد")).exit_code == 0
    [doc] = documents(db_path)
    assert doc["doc_key"] == server.url("/news/قسد") and doc["language"] == "ar"


def test_charsets(server, tmp_path):
    db_path = tmp_path / "c.db"
    assert run(db_path, "import", server.url("/mislabelled"), server.url("/cp1256")).exit_code == 0
    outlets = [d["outlet"] for d in documents(db_path)]
    assert outlets == ["Valley Press – وادي", "شبكة الخابور"]


def test_redirect_followed_to_the_final_page(server, tmp_path):
    db_path = tmp_path / "r.db"
    assert run(db_path, "import", server.url("/moved")).exit_code == 0
    db = open_db(db_path)
    assert db.execute("SELECT url, final_url FROM fetched_html").fetchone() == (
        server.url("/moved"), server.url("/en"))
    db.close()


def test_every_web_failure_is_one_line_naming_the_url_and_the_batch_carries_on(server, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(fixture_page("ar_article.html"), encoding="utf-8")
    bad = {"/missing": "HTTP 404 Not Found", "/broken": "HTTP 500 Internal Server Error",
           "/loop-a": "redirect loop",
           "/hop0": "too many redirects (more than 10)",
           "/big": "too large", "/big-unannounced": "too large (more than the size limit of 100,000 bytes)",
           "/pdf": "not an HTML page (the server sent application/pdf)",
           "/text": "not an HTML page (no HTML tags", "/empty": "empty page",
           "/to-ftp": "redirected to ftp://files.example/statement.pdf, which is not an http(s) URL"}
    urls = [server.url(path) for path in bad]
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "b.db"), "import", *urls, str(page),
                                       "http://[::1", "https://"], env=ENV)
    assert result.exit_code == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == len(bad) + 2
    for line, (path, what) in zip(errors, bad.items()):
        assert line.startswith(f"error: {server.url(path)}: {what}"), line
    assert errors[-2].startswith("error: http://[::1: not a valid URL")
    assert errors[-1].startswith("error: https://: not a valid http(s) URL")
    assert "1 new document(s)" in result.stdout and f"{len(bad) + 2} failed" in result.stdout


def test_timeout(server, tmp_path):
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "t.db"), "import", server.url("/slow")],
                                env={**ENV, "WORKBENCH_FETCH_TIMEOUT": "0.3"})
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"error: {server.url('/slow')}: timed out "
                                     f"(no answer within 0.3 s)")


def test_limits_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("WORKBENCH_FETCH_TIMEOUT", "0.25")
    monkeypatch.setenv("WORKBENCH_FETCH_MAX_BYTES", "5000")
    assert fetch.Limits.from_env() == fetch.Limits(timeout=0.25, max_bytes=5000)
    monkeypatch.setenv("WORKBENCH_FETCH_TIMEOUT", "soon")
    with pytest.raises(InvalidValue, match="WORKBENCH_FETCH_TIMEOUT='soon': expected a positive"):
        fetch.Limits.from_env()


@pytest.mark.parametrize("url, key", [
    ("HTTPS://Example.ORG/a?b=1#top", "https://example.org/a?b=1"),
    ("http://example.org", "http://example.org/"), ("  https://x.example/ي  ", "https://x.example/ي")])
def test_document_key(url, key):
    assert fetch.document_key(url) == key


@pytest.mark.parametrize("url", ["ftp://example.org/", "https:///path", "https://x.example/a b",
                                 "http://x.example:port/", "https://x.example/\x1b[31m"])
def test_document_key_refuses(url):
    with pytest.raises(FetchError):
        fetch.document_key(url)

