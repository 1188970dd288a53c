"""Feeds against a loopback server: RSS and Atom items in as full articles, each item once
(by guid, URL and content), and a broken feed never stopping the others."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.corpus.loopback import WEB, Server, fixture_page
from workbench.cli import main
from workbench.corpus import feeds
from workbench.errors import InvalidValue
from workbench.store.db import open_db

ENV = {"WORKBENCH_FETCH_TIMEOUT": "5"}
RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}
ATOM = {"Content-Type": "application/atom+xml"}


def rss(*items: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Reprints</title><link>/</link>{''.join(items)}</channel></rss>")


def item(guid: str, link: str, title: str = "خبر") -> str:
    return (f"<item><title>{title}</title><link>{link}</link><guid isPermaLink='false'>{guid}</guid>"
            "<description>ملخص قصير.</description></item>")


@pytest.fixture(scope="module")
def server():
    with Server() as s:
        s.page("/news/asayish-cell", fixture_page("ar_article.html"))
        s.page("/news/sdf-arrests", fixture_page("en_article.html"))
        s.page("/feed.rss", (WEB / "summary_feed.rss").read_bytes(), **RSS)
        s.page("/feed.atom", (WEB / "full_feed.atom").read_bytes(), **ATOM)
        s.page("/atom-as-html", (WEB / "full_feed.atom").read_bytes())     # a misconfigured server
        s.page("/not-xml", "<html><body><p>Subscribe to our feed!</p></body></html>")
        s.page("/not-xml-text", "feed coming soon", **RSS)
        s.page("/empty", rss(), **RSS)
        # the same articles under other guids (another feed of the same site): known by URL
        s.page("/same-links.rss", rss(item("other-1", "/news/asayish-cell"),
                                      item("other-2", "/news/sdf-arrests")), **RSS)
        # a reprint: another URL with the same article, known by its content
        s.page("/reprint/asayish", fixture_page("ar_article.html"))
        s.page("/reprints.rss", rss(item("reprint-1", "/reprint/asayish")), **RSS)
        yield s


def run(db_path, *args):
    return CliRunner().invoke(main, ["--db", str(db_path), *map(str, args)], env=ENV)


def test_pull_imports_full_articles_once(server, tmp_path):
    db_path = tmp_path / "f.db"
    assert run(db_path, "feeds", "add", server.url("/feed.rss"), "--name", "khabour").exit_code == 0
    added = run(db_path, "feeds", "add", server.url("/feed.atom"))
    assert added.exit_code == 0 and "added feed 127.0.0.1" in added.output
    result = run(db_path, "feeds", "pull")
    assert result.exit_code == 0, result.output
    assert "khabour: 2 new, 0 already seen" in result.output
    assert "127.0.0.1: 2 new, 0 already seen" in result.output
    db = open_db(db_path)
    docs = {d["source_ref"]: d for d in db.query("SELECT * FROM documents")}
    assert set(docs) == {"khabour-2025-1012-01", "khabour-2025-0830-07",
                         "urn:example:euphrates-monitor:2025-09-22-hajin",
                         "urn:example:euphrates-monitor:2025-09-21-checkpoint"}
    assert {d["source_kind"] for d in docs.values()} == {"feed"}

    # an RSS item with a one-line summary: the article was fetched from its link
    fetched = docs["khabour-2025-1012-01"]
    assert fetched["doc_key"] == fetched["url"] == server.url("/news/asayish-cell")
    assert (fetched["outlet"], fetched["published"]) == ("شبكة الخابور", "2025-10-12")
    body = [r[0] for r in db.execute("SELECT raw FROM segments WHERE document_id = ? AND kind = 'body'",
                                     [fetched["id"]])]
    assert len(body) == 5 and "اعتقال خمسة من أفرادها" in body[0]
    assert not any("الأكثر قراءة" in s or "اشترك" in s for s in body)
    assert db.execute("SELECT url FROM fetched_html WHERE document_id = ?",
                      [fetched["id"]]).fetchone() == (server.url("/news/asayish-cell"),)

    # an Atom item with its full text: taken from the feed, dated on the feed's own day
    # (01:10 +03:00 is still the 21st in UTC), the «اقرأ أيضاً» line left out
    hajin = docs["urn:example:euphrates-monitor:2025-09-22-hajin"]
    assert (hajin["title"], hajin["outlet"], hajin["published"]) == (
        "Tribal elders in Hajin call for an end to night raids", "Euphrates Monitor", "2025-09-22")
    checkpoint = docs["urn:example:euphrates-monitor:2025-09-21-checkpoint"]
    raws = [r[0] for r in db.execute("SELECT raw FROM segments WHERE document_id = ? ORDER BY position",
                                     [checkpoint["id"]])]
    assert raws[0] == "مقتل عنصرين من قسد بهجوم على حاجز في ريف دير الزور"
    assert not any("اقرأ أيضاً" in r or "حملة دهم" in r for r in raws)
    assert checkpoint["language"] == "ar"
    assert not any(path.startswith("/monitor/") for path, _ in server.requests)  # nothing fetched
    counts = db.execute("SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM segments)").fetchone()
    db.close()

    again = run(db_path, "feeds", "pull")
    assert again.exit_code == 0
    assert "khabour: 0 new, 2 already seen" in again.output
    db = open_db(db_path)
    assert db.execute("SELECT (SELECT COUNT(*) FROM documents), "
                      "(SELECT COUNT(*) FROM segments)").fetchone() == counts
    db.close()

    listed = json.loads(run(db_path, "feeds", "list", "--json").output)
    assert [(f["name"], f["last_new"], f["last_error"], f["items"]) for f in listed] == [
        ("127.0.0.1", 0, None, 2), ("khabour", 0, None, 2)]
    assert all(f["last_pull_at"] for f in listed)
    table = run(db_path, "feeds", "list").output
    assert "khabour" in table and "last error" in table


def test_items_known_by_url_or_content_add_nothing(server, tmp_path):
    db_path = tmp_path / "d.db"
    run(db_path, "feeds", "add", server.url("/feed.rss"), "--name", "khabour")
    assert run(db_path, "feeds", "pull").exit_code == 0
    run(db_path, "feeds", "add", server.url("/same-links.rss"), "--name", "same")
    run(db_path, "feeds", "add", server.url("/reprints.rss"), "--name", "reprints")
    result = run(db_path, "feeds", "pull")
    assert result.exit_code == 0, result.output
    assert "same: 0 new, 2 already seen" in result.output
    assert "reprints: 0 new, 1 already seen" in result.output
    db = open_db(db_path)
    assert db.execute("SELECT COUNT(*) FROM documents").fetchone() == (2,)
    statuses = dict(db.execute("SELECT guid, status FROM feed_items"))
    assert statuses["other-1"] == "known" and statuses["reprint-1"] == "duplicate"
    db.close()


def test_a_broken_feed_never_stops_the_others(server, tmp_path):
    db_path = tmp_path / "b.db"
    for path, name in (("/not-xml", "html"), ("/not-xml-text", "text"), ("/empty", "empty"),
                       ("/gone.rss", "gone"), ("/feed.atom", "monitor")):
        assert run(db_path, "feeds", "add", server.url(path), "--name", name).exit_code == 0
    result = run(db_path, "feeds", "pull")
    assert result.exit_code == 1
    errors = result.stderr.strip().splitlines()
    assert errors == [
        f"error: {server.url('/empty')}: empty feed (no items)",
        f"error: {server.url('/gone.rss')}: HTTP 404 Not Found",
        f"error: {server.url('/not-xml')}: not an RSS or Atom feed (an HTML page; give the "
        f"address of the site's feed)",
        f"error: {server.url('/not-xml-text')}: not an RSS or Atom feed (not XML: syntax error)"]
    assert "monitor: 2 new, 0 already seen" in result.stdout
    listed = {f["name"]: f for f in json.loads(run(db_path, "feeds", "list", "--json").output)}
    assert listed["empty"]["last_error"] == f"{server.url('/empty')}: empty feed (no items)"
    assert listed["monitor"]["last_error"] is None and listed["monitor"]["last_new"] == 2
    one = run(db_path, "feeds", "pull", "--name", "monitor")
    assert one.exit_code == 0 and one.stdout.strip() == "monitor: 0 new, 2 already seen"


def test_a_feed_served_as_html_is_still_a_feed(server, tmp_path):
    db_path = tmp_path / "h.db"
    run(db_path, "feeds", "add", server.url("/atom-as-html"), "--name", "monitor")
    result = run(db_path, "feeds", "pull")
    assert result.exit_code == 0 and "monitor: 2 new" in result.stdout


def test_adding_feeds(fresh_db):
    first = feeds.add_feed(fresh_db, "https://www.khabour.example/feed/")
    assert (first["name"], first["url"]) == ("khabour.example", "https://www.khabour.example/feed/")
    assert feeds.add_feed(fresh_db, "https://khabour.example/ar/feed/")["name"] == "khabour.example-2"
    with pytest.raises(InvalidValue, match="already subscribed, as 'khabour.example'"):
        feeds.add_feed(fresh_db, "HTTPS://WWW.khabour.example/feed/#x")
    with pytest.raises(InvalidValue, match="another feed has this name"):
        feeds.add_feed(fresh_db, "https://valley.example/rss", name="khabour.example")
    with pytest.raises(InvalidValue, match="cannot be empty"):
        feeds.add_feed(fresh_db, "https://valley.example/rss", name="  ")
    assert [f["name"] for f in feeds.list_feeds(fresh_db)] == ["khabour.example", "khabour.example-2"]


def test_feed_commands_refuse_in_one_line(tmp_path):
    db_path = tmp_path / "c.db"
    bad = run(db_path, "feeds", "add", "ftp://example.org/feed")
    assert bad.exit_code == 1
    assert bad.stderr.strip() == "error: ftp://example.org/feed: not a valid http(s) URL"
    missing = run(db_path, "feeds", "pull", "--name", "nope")
    assert missing.exit_code == 1 and "feed 'nope': no such feed" in missing.stderr
    assert "no feeds" in run(db_path, "feeds", "list").output


@pytest.mark.parametrize("fragment, paragraphs", [
    ("<p>one</p><p>two <b>bold</b></p>", ["one", "two bold"]),
    ("line one<br>line two", ["line one", "line two"]),
    ("plain text only", ["plain text only"]),
    ("<p>قالت قسد</p><p><strong>اقرأ أيضاً:</strong> <a href='/x'>خبر</a></p>", ["قالت قسد"]),
    ("<script>var x = 1;</script><p>text</p>", ["text"]), ("", [])])
def test_fragment_paragraphs(fragment, paragraphs):
    from workbench.corpus.html import fragment_paragraphs
    assert fragment_paragraphs(fragment) == paragraphs


def test_a_merge_leaves_feeds_and_kept_html_behind(tmp_path):
    """Subscriptions and fetched HTML are this machine's: a colleague's database brings its
    documents, never its feeds."""
    import shutil

    from workbench.team.merge import merge
    page = tmp_path / "page.html"
    page.write_text(fixture_page("en_article.html"), encoding="utf-8")
    ours_path, theirs_path = tmp_path / "ours.db", tmp_path / "theirs.db"
    assert run(ours_path, "import", page).exit_code == 0
    shutil.copy(ours_path, theirs_path)
    theirs = open_db(theirs_path)
    feeds.add_feed(theirs, "https://khabour.example/feed/", "khabour")
    theirs.close()
    ours = open_db(ours_path)
    merge(ours, theirs_path, "amal")
    assert ours.execute("SELECT COUNT(*) FROM feeds").fetchone() == (0,)
    ours.close()
