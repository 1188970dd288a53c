"""Feeds: this machine's RSS and Atom subscriptions, pulled into the corpus as documents.

A pull reads each feed with feedparser and imports its new items. An item is new when
neither its guid (in this feed) nor its URL has been seen; its document is keyed by its
URL, as `workbench import URL` keys a page, and the store's content hash catches the same
text under another URL. An item carrying its full text in the feed (a content:encoded or
Atom content longer than its summary, or a long description) is taken from there; one
carrying only a summary is fetched from its link and extracted like any page. Each item is
one transaction, and a failed item is not recorded, so the next pull tries it again. A feed
that cannot be read is that feed's one-line error; the other feeds are pulled all the same.

Feeds and their items are this machine's state, not the team's: a merge reads neither.
"""

from __future__ import annotations

import email.utils
import hashlib
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable
from urllib.parse import urljoin, urlsplit

from sqlite_utils import Database

from workbench.corpus import fetch, html, importer
from workbench.errors import ImportError_, InvalidValue, NotFound, WorkbenchError
from workbench.store.documents import NewDocument
from workbench.store.history import now

FULL_TEXT_CHARS = 600    # a description (RSS) this short is a summary of its article
MAX_NAME = 100
ACCEPT_FEED = ("application/rss+xml, application/atom+xml, application/xml;q=0.9, "
               "text/xml;q=0.9, */*;q=0.5")


@dataclass
class PullResult:
    """What one feed's pull did: documents added, items already known, failures."""

    name: str
    url: str
    items: int = 0
    new: int = 0
    known: int = 0
    failed: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and not self.failed

    def summary(self) -> str | None:
        """The feed's last error as `feeds list` shows it; None after a clean pull."""
        if self.error:
            return self.error
        if self.failed:
            more = f" (and {len(self.failed) - 1} more)" if len(self.failed) > 1 else ""
            return f"{len(self.failed)} item(s) failed: {self.failed[0]}{more}"
        return None


def _check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidValue("--name: a feed's name cannot be empty")
    if len(name) > MAX_NAME or any(not c.isprintable() for c in name):
        raise InvalidValue(f"--name {fetch.shown(name)!r}: a name is at most {MAX_NAME} "
                           f"printable characters")
    return name


def add_feed(db: Database, url: str, name: str | None = None) -> dict:
    """Subscribe to a feed (nothing is fetched until a pull); its name is the site's host
    unless given. The same URL or name twice is refused in one line."""
    key = fetch.document_key(url)
    existing = db.execute("SELECT name FROM feeds WHERE url = ?", [key]).fetchone()
    if existing:
        raise InvalidValue(f"{fetch.shown(url)}: already subscribed, as {existing[0]!r}")
    if name is not None:
        name = _check_name(name)
        if db.execute("SELECT 1 FROM feeds WHERE name = ?", [name]).fetchone():
            raise InvalidValue(f"--name {name!r}: another feed has this name")
    else:
        host = urlsplit(key).hostname or "feed"
        base = host[4:] if host.startswith("www.") else host
        name, n = base, 1
        while db.execute("SELECT 1 FROM feeds WHERE name = ?", [name]).fetchone():
            n += 1
            name = f"{base}-{n}"
    with db.atomic():
        db.conn.execute("INSERT INTO feeds (url, name, added_at) VALUES (?, ?, ?)",
                        [key, name, now()])
    return get_feed(db, name)


def get_feed(db: Database, name: str) -> dict:
    rows = list(db.query("SELECT * FROM feeds WHERE name = ?", [name]))
    if not rows:
        raise NotFound(f"feed {name!r}: no such feed (see `workbench feeds list`)")
    return rows[0]


def list_feeds(db: Database) -> list[dict]:
    if not db["feeds"].exists():
        return []
    return list(db.query("SELECT f.*, (SELECT COUNT(*) FROM feed_items i WHERE i.feed_id = f.id) "
                         "AS items FROM feeds f ORDER BY f.name"))


def pull(db: Database, name: str | None = None, limits: fetch.Limits | None = None,
         on_feed: Callable[[dict, int], None] | None = None,
         on_item: Callable[[], None] | None = None) -> list[PullResult]:
    """Pull every feed (or the one named): see the module docstring."""
    feeds = [get_feed(db, name)] if name is not None else list_feeds(db)
    limits = limits or fetch.Limits.from_env()
    session = fetch.client(limits)
    try:
        return [pull_feed(db, feed, limits, session, on_feed, on_item) for feed in feeds]
    finally:
        session.close()


def pull_feed(db: Database, feed: dict, limits: fetch.Limits, session,
              on_feed: Callable[[dict, int], None] | None = None,
              on_item: Callable[[], None] | None = None) -> PullResult:
    result = PullResult(feed["name"], feed["url"])
    title = feed["title"]
    try:
        response = fetch.fetch(feed["url"], limits, session, accept=ACCEPT_FEED)
        parsed = _parse(response)
        title = _text(parsed.feed.get("title")) or title
        result.items = len(parsed.entries)
        if on_feed:
            on_feed(feed, result.items)
        context = {**feed, "title": title, "final_url": response.final_url}
        for entry in parsed.entries:
            try:
                if _pull_item(db, context, entry, limits, session):
                    result.new += 1
                else:
                    result.known += 1
            except WorkbenchError as exc:
                result.failed.append(str(exc))
            except (UnicodeError, RecursionError, sqlite3.DataError) as exc:
                # what the checks let through and the store could not keep (rolled back)
                where = fetch.shown(entry.get("link") or feed["url"])
                result.failed.append(f"{where}: cannot be stored ({type(exc).__name__}: {exc})")
            if on_item:
                on_item()
    except WorkbenchError as exc:
        result.error = str(exc)
    with db.atomic():
        db.conn.execute("UPDATE feeds SET title = ?, last_pull_at = ?, last_new = ?, "
                        "last_error = ? WHERE id = ?",
                        [title, now(), result.new, result.summary(), feed["id"]])
    return result


def _parse(response: fetch.Response):
    """The feed in a response; ImportError_ for what is not RSS or Atom, or has no items."""
    import feedparser
    where = fetch.shown(response.url)
    headers = {"content-location": response.final_url}
    if response.media_type:
        headers["content-type"] = response.media_type + (
            f"; charset={response.charset}" if response.charset else "")
    parsed = feedparser.parse(response.body, response_headers=headers)
    if not parsed.get("version"):
        problem = parsed.get("bozo_exception")
        if hasattr(problem, "getMessage"):           # a SAX error: its message, not its place
            why = f"not XML: {' '.join(problem.getMessage().split())}"
        elif response.media_type in ("text/html", "application/xhtml+xml"):
            why = "an HTML page; give the address of the site's feed"
        else:
            why = f"no <rss> or <feed> in it ({response.media_type or 'no content type'})"
        raise ImportError_(f"{where}: not an RSS or Atom feed ({why})")
    if not parsed.entries:
        raise ImportError_(f"{where}: empty feed (no items)")
    return parsed


def _text(value) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None


def _known_url(db: Database, url: str | None) -> tuple[bool, int | None]:
    """Whether a document (or another feed's item) already has this URL, and its id."""
    if url is None:
        return False, None
    row = db.execute("SELECT id FROM documents WHERE (doc_key = ? OR url = ?) AND is_current = 1 "
                     "LIMIT 1", [url, url]).fetchone()
    if row is None:
        row = db.execute("SELECT document_id FROM feed_items WHERE url = ? LIMIT 1", [url]).fetchone()
    return (row is not None), (row[0] if row else None)


def _record(db: Database, feed_id: int, guid: str, url: str | None, document_id: int | None,
            status: str) -> None:
    db.conn.execute("INSERT OR IGNORE INTO feed_items (feed_id, guid, url, document_id, status, "
                    "seen_at) VALUES (?, ?, ?, ?, ?, ?)",
                    [feed_id, guid, url, document_id, status, now()])


def _pull_item(db: Database, feed: dict, entry, limits: fetch.Limits, session) -> bool:
    """Import one item in one transaction; True when it added a document (or a version)."""
    link = entry.get("link")
    where = fetch.shown(link or feed["url"])
    url = fetch.document_key(urljoin(feed["final_url"], link)) if link else None
    guid = _text(entry.get("id")) or url or _digest(entry)
    if db.execute("SELECT 1 FROM feed_items WHERE feed_id = ? AND guid = ?",
                  [feed["id"], guid]).fetchone():
        return False
    known, document_id = _known_url(db, url)
    if known:
        with db.atomic():
            _record(db, feed["id"], guid, url, document_id, "known")
        return False
    doc, response, page = _item_document(feed, entry, url, guid, where, limits, session)
    with db.atomic():
        saved = importer.save_with_links(db, [doc])[0][0]
        if response is not None:
            fetch.keep(db, saved, response, page)
        _record(db, feed["id"], guid, url, saved.document_id, saved.status)
    return saved.status in ("new", "version")


def _digest(entry) -> str:
    text = f"{entry.get('title', '')}\n{entry.get('summary', '')}"
    return "sha1:" + hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()


def _item_document(feed: dict, entry, url: str | None, guid: str, where: str,
                   limits: fetch.Limits, session) -> tuple[NewDocument, fetch.Response | None, str]:
    """The item's article: from the feed when it carries the full text, else fetched."""
    fallback = {"title": _text(entry.get("title")), "published": _date(entry),
                "outlet": feed["title"] or feed["name"]}
    summary = html.fragment_paragraphs(entry.get("summary", ""))
    content = html.fragment_paragraphs(max((c.get("value", "") for c in entry.get("content") or []),
                                           key=len, default=""))
    # feedparser copies an Atom content into a missing summary: a content of several
    # paragraphs is the full text even when it equals the summary
    full = content if (sum(map(len, content)) > sum(map(len, summary))
                       or len(content) > 1) else []
    paragraphs = full or summary
    if url and not full and sum(map(len, summary)) < FULL_TEXT_CHARS:
        response = fetch.fetch(url, limits, session)
        page = fetch.page_html(response)
        return (fetch.page_document(response, page, source_kind="feed", source_ref=guid,
                                    fallback=fallback), response, page)
    if not paragraphs:
        raise ImportError_(f"{where}: feed item with no text and no link")
    article = html.Article(paragraphs, title=fallback["title"], published=fallback["published"],
                           outlet=fallback["outlet"])
    key = url or f"{feed['url']}#{guid}"
    return html.document(article, key, source_kind="feed", url=url, source_ref=guid), None, ""


def _date(entry) -> str | None:
    """The item's date as the feed wrote it (its own day, not UTC's)."""
    for name in ("published", "updated", "created"):
        raw = entry.get(name)
        if not raw:
            continue
        try:
            return email.utils.parsedate_to_datetime(raw).date().isoformat()
        except (TypeError, ValueError, IndexError):
            pass
        try:
            return datetime.fromisoformat(raw.strip().replace("Z", "+00:00")).date().isoformat()
        except ValueError:
            pass
        parsed = entry.get(f"{name}_parsed")
        if parsed:
            return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return None
