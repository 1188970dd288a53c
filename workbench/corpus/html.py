"""A web page as a document: the article's text through trafilatura, and what the page says
of itself (headline, publication date, outlet, canonical URL).

trafilatura finds the main text and leaves out the page's furniture (menus, breaking-news
tickers, share bars, tags, related and most-read lists, comments, newsletter boxes,
footers, scripts). Its precision mode is used: a line of boilerplate in the corpus costs an
analyst more than a lost caption. The few lines it keeps that the importer already knows as
page residue («اقرأ أيضاً: …», "Related articles") are dropped by the importer's own rule.

The date is the page's metadata as htmldate reads it (meta tags, JSON-LD, <time>), without
its guesses from URLs and free text (a URL's /2025/10/ is not a day); failing that, a short
element of the page marked as a date is read by the importer's date-line parser, which knows
Arabic-Indic digits and the Levantine month names Syrian outlets use.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from workbench import arabic
from workbench.corpus import importer, readers
from workbench.corpus.page import is_residue, parse_date_line
from workbench.errors import ImportError_
from workbench.store.documents import NewDocument, NewSegment

MIN_ARTICLE_CHARS = 80       # less is a menu or a caption, not an article (a brief has more)
MAX_DATE_CANDIDATES = 12     # elements marked as dates looked at, in page order
_DATE_XPATH = ("//time | //*[contains(@class, 'date') or contains(@id, 'date') "
               "or contains(@class, 'publish') or contains(@class, 'time')]")
_TAG_RE = re.compile(r"<\s*(!doctype\s+html|html|head|body|meta|title|div|p|article|main|h1)[\s>/]",
                     re.IGNORECASE)
_BLOCK_END_RE = re.compile(r"(?i)<\s*(br|/p|/div|/li|/h[1-6]|/blockquote|/tr)\b[^>]*>")
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# What a file named .html can turn out to be: the start of its bytes, and what to call it.
_MAGIC = ((b"%PDF-", "a PDF document"), (b"PK\x03\x04", "a zip archive (a Word file?)"),
          (b"\x89PNG", "a PNG image"), (b"GIF8", "a GIF image"), (b"\xff\xd8\xff", "a JPEG image"),
          (b"\x1f\x8b", "gzip-compressed data"), (b"{\\rtf", "an RTF document"),
          (b"\xd0\xcf\x11\xe0", "an old Office document"))


@dataclass
class Article:
    """What a page yields: the headline and the article's paragraphs, and its metadata."""

    paragraphs: list[str]
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    canonical_url: str | None = None


def decode(data: bytes, where: str, declared: str | None = None) -> str:
    """A page's bytes as text: a byte-order mark; else UTF-8 when the bytes are valid UTF-8
    (servers that say ISO-8859-1 of a UTF-8 page are common; valid UTF-8 by accident is not);
    else the charset declared by the server, else by the page's <meta>; else Windows-1256
    when that reads as Arabic (older Arabic sites)."""
    kind = next((name for magic, name in _MAGIC if data.startswith(magic)), None)
    if kind:
        raise ImportError_(f"{where}: not an HTML page ({kind})")
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:4096]:
        raise ImportError_(f"{where}: not an HTML page (binary data)")
    found = _META_CHARSET_RE.search(data[:4096])
    labels = ["utf-8", declared, found.group(1).decode("ascii") if found else None]
    for label in labels:
        # a UTF-16 or UTF-32 label on bytes without their mark is a mistake (as browsers hold)
        if label and not label.lower().startswith(("utf-16", "utf-32")):
            try:
                return data.decode(_python_codec(label))
            except (LookupError, UnicodeDecodeError):
                continue
    text = data.decode("cp1256", errors="replace")
    arabic_letters = sum("\u0600" <= c <= "\u06ff" for c in text)
    if arabic_letters and arabic_letters >= sum(ord(c) > 0x7F for c in text) * 0.8:
        return text
    return data.decode("utf-8", errors="replace")


def _python_codec(name: str) -> str:
    """A web charset label as Python's codec: browsers read "iso-8859-1" as Windows-1252."""
    name = name.strip().lower()
    return {"iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252",
            "windows-1256": "cp1256", "utf8": "utf-8"}.get(name, name)


def check_markup(text: str, where: str) -> None:
    """Refuse a file or response that is not HTML at all before trafilatura guesses at it."""
    if not _TAG_RE.search(text[:65536]):
        raise ImportError_(f"{where}: not an HTML page (no HTML tags; a plain text file "
                           f"should be named .txt)")


def read_page(path: Path) -> str:
    """A saved page's HTML, from a regular file (readers.read_bytes's checks and limit)."""
    data = readers.read_bytes(path)
    where = readers.shown(path)
    text = decode(data, where)
    check_markup(text, where)
    return text


def extract(html: str, where: str, url: str | None = None) -> Article:
    """The article of a page; ImportError_ when the page holds none (an index, a login wall)."""
    import trafilatura
    from lxml.etree import LxmlError
    try:
        tree = trafilatura.load_html(html)
        if tree is None:
            raise ImportError_(f"{where}: not an HTML page (cannot be parsed)")
        meta = _metadata(tree, url)
        paragraphs: list[str] = []
        # trafilatura's own extractor first; its fallbacks (readability, jusText) only for
        # a page where that finds no article: they double the time of every page
        for fast in (True, False):
            found = trafilatura.bare_extraction(copy.deepcopy(tree), options=_options(fast))
            paragraphs = _paragraphs(found.text if found is not None else "", meta.title)
            if sum(len(p) for p in paragraphs) >= MIN_ARTICLE_CHARS:
                break
    except (LxmlError, ValueError, RecursionError) as exc:
        raise ImportError_(f"{where}: not an HTML page that can be read "
                           f"({type(exc).__name__}: {' '.join(str(exc).split())[:120]})") from None
    if sum(len(p) for p in paragraphs) < MIN_ARTICLE_CHARS:
        raise ImportError_(f"{where}: no article found in the page (only menus, links or "
                           f"boilerplate)")
    meta.paragraphs = paragraphs
    return meta


@lru_cache(maxsize=2)
def _options(fast: bool):
    """trafilatura's settings for an article: precision, no comments, no tables, no metadata
    (read here). Built once: building them parses its config, a seventh of a fast run."""
    from trafilatura.settings import Extractor
    return Extractor(output_format="python", fast=fast, precision=True, comments=False,
                     tables=False, with_metadata=False)


def _paragraphs(text: str, title: str | None) -> list[str]:
    """The article's lines, without the headline repeated at its top and without lines the
    importer knows as page residue."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line and not is_residue(line)]
    if title and lines and arabic.match_key(lines[0]) == arabic.match_key(title):
        lines = lines[1:]
    return lines


def fragment_paragraphs(fragment: str) -> list[str]:
    """The paragraphs of a piece of HTML (a feed item's content) or plain text: one per
    block element or line, page residue left out."""
    if not fragment or not fragment.strip():
        return []
    from lxml import html as lxml_html
    from lxml.etree import LxmlError
    marked = _BLOCK_END_RE.sub(lambda m: m.group(0) + "\n", fragment)
    try:
        root = lxml_html.fragment_fromstring(marked, create_parent="div")
        for bad in root.xpath("//script | //style"):
            bad.drop_tree()
        text = root.text_content()
    except (LxmlError, ValueError):
        text = re.sub(r"<[^>]+>", " ", fragment)
    return _paragraphs(text, None)


def _first(tree, xpath: str) -> str | None:
    for value in tree.xpath(xpath):
        text = " ".join((value if isinstance(value, str) else value.text_content()).split())
        if text:
            return text
    return None


def _metadata(tree, url: str | None) -> Article:
    base = url
    canonical = _first(tree, "//link[@rel='canonical']/@href | //meta[@property='og:url']/@content")
    if canonical:
        canonical = urljoin(base or "", canonical)
        if urlsplit(canonical).scheme not in ("http", "https"):
            canonical = None
    site = canonical or url
    host = urlsplit(site).hostname if site else None
    outlet = (_first(tree, "//meta[@property='og:site_name']/@content")
              or (host[4:] if host and host.startswith("www.") else host))
    return Article([], title=_headline(tree, outlet), published=_published(tree),
                   outlet=outlet, canonical_url=canonical)


def _headline(tree, outlet: str | None) -> str | None:
    """The article's <h1> (not one that only names the site), else og:title, else <title>
    without the " | Outlet" that sites append."""
    for h1 in tree.xpath("//h1"):
        text = " ".join(h1.text_content().split())
        if text and text != outlet:
            return text
    title = _first(tree, "//meta[@property='og:title']/@content | //head/title")
    if title and outlet:
        title = re.sub(rf"\s*[|\-–—:]\s*{re.escape(outlet)}\s*$", "", title) or title
    return title


def _published(tree) -> str | None:
    import htmldate
    found = htmldate.find_date(copy.deepcopy(tree), extensive_search=False, original_date=True,
                               outputformat="%Y-%m-%d")
    if found:
        return found
    for n, element in enumerate(tree.xpath(_DATE_XPATH)):
        if n >= MAX_DATE_CANDIDATES:
            break
        text = " ".join(element.text_content().split())
        if text and len(text) <= 80:
            found = _date_line(text)
            if found:
                return found
    return None


@lru_cache(maxsize=1024)
def _date_line(text: str) -> str | None:
    """parse_date_line, remembered: a folder of one outlet's pages repeats its date lines."""
    return parse_date_line(text)


def document(article: Article, doc_key: str, *, source_kind: str, url: str | None = None,
             source_path: str | None = None, source_ref: str | None = None,
             fallback: dict | None = None) -> NewDocument:
    """An article as a document: the headline as its title segment, then each paragraph
    segmented as the importer segments any body. Its content is the headline and the text
    (a changed ticker or comment count is no new version). `fallback` gives the title, date
    or outlet where the page has none (a feed item's own)."""
    body = "\n".join(article.paragraphs)
    found = {"title": article.title, "published": article.published, "outlet": article.outlet,
             "canonical_url": article.canonical_url}
    values = {k: v if v else (fallback or {}).get(k) for k, v in found.items()}
    doc = importer.document_from_body(body, doc_key, f"{values['title'] or ''}\n{body}",
                                      url=url, source_path=source_path, source_kind=source_kind,
                                      source_ref=source_ref, **values)
    if doc is None:
        raise ImportError_(f"{doc_key}: no article text")
    if values["title"]:
        doc.segments.insert(0, NewSegment(values["title"], "title"))
    return doc


def documents(path: Path) -> list[NewDocument]:
    """A saved page (.html, .htm) as one document, keyed by its file like a .txt file."""
    where = readers.shown(path)
    key = readers.storable_key(path)
    return [document(extract(read_page(path), where), key, source_kind="html",
                     source_path=str(path))]
