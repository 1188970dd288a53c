"""Web pages by URL: fetched with httpx, kept in the database, imported as documents.

A fetch follows redirects itself, so that a loop is named as a loop and every hop is held
to the same limits: a timeout for each network wait and for the whole fetch, and a size
limit enforced while the body streams in (a Content-Length is not trusted, nor is a gzip
body's compressed size). What goes wrong is one FetchError line naming the URL.

The URL (without its #fragment) is the document's identity, as a path is a file's: importing
it again changes nothing, changed content becomes a new version. The HTML behind each
version is kept in `fetched_html`, so the document can be extracted again without the
network (`workbench import --offline URL`).
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

from sqlite_utils import Database

from workbench import __version__
from workbench.corpus import html, importer
from workbench.corpus.importer import FileResult
from workbench.errors import FetchError, ImportError_, InvalidValue, WorkbenchError
from workbench.store.documents import NewDocument, SaveResult
from workbench.store.history import now

DEFAULT_TIMEOUT = 20.0                  # seconds; WORKBENCH_FETCH_TIMEOUT
DEFAULT_MAX_BYTES = 10 * 1024 * 1024    # WORKBENCH_FETCH_MAX_BYTES
MAX_REDIRECTS = 10
USER_AGENT = f"Mozilla/5.0 (compatible; workbench/{__version__}; Arabic-English news workbench)"
ACCEPT_HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
HTML_TYPES = {"text/html", "application/xhtml+xml", "", "application/octet-stream"}
MAX_SHOWN = 200                         # characters of a URL in a message


@dataclass(frozen=True)
class Limits:
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = MAX_REDIRECTS

    @classmethod
    def from_env(cls) -> Limits:
        """The defaults, or WORKBENCH_FETCH_TIMEOUT (seconds) and WORKBENCH_FETCH_MAX_BYTES."""
        return cls(timeout=_env_number("WORKBENCH_FETCH_TIMEOUT", DEFAULT_TIMEOUT, float),
                   max_bytes=_env_number("WORKBENCH_FETCH_MAX_BYTES", DEFAULT_MAX_BYTES, int))


def _env_number(name: str, default, kind):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = kind(value)
    except ValueError:
        number = 0
    if not 0 < number < 10**12:
        raise InvalidValue(f"{name}={value!r}: expected a positive number")
    return number


@dataclass
class Response:
    url: str              # as asked
    final_url: str        # after redirects
    status: int
    media_type: str       # "text/html", lowercased, without parameters
    charset: str | None   # as the server declared it
    body: bytes


def shown(url: str) -> str:
    """A URL as it can be printed in one line (control characters escaped, long ones cut)."""
    text = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in url)
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"


def document_key(url: str) -> str:
    """The URL as a document's key: scheme and host in lower case, no #fragment, and `/`
    for an empty path. Refuses what is not an http(s) URL with a host."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 -- a port that is not a number raises here
    except ValueError as exc:
        raise FetchError(f"{shown(url)}: not a valid URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise FetchError(f"{shown(url)}: not a valid http(s) URL")
    if any(c.isspace() or not c.isprintable() for c in url):
        raise FetchError(f"{shown(url)}: not a valid URL (it holds spaces or control characters)")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/",
                       parts.query, ""))


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def client(limits: Limits):
    """An httpx client with our User-Agent and timeouts; redirects are followed by fetch."""
    import httpx
    return httpx.Client(headers={"User-Agent": USER_AGENT}, timeout=httpx.Timeout(limits.timeout),
                        follow_redirects=False)


def fetch(url: str, limits: Limits | None = None, session=None,
          accept: str = ACCEPT_HTML) -> Response:
    """GET a URL, following up to `max_redirects` redirects; FetchError names the URL and what
    went wrong (an HTTP error status, a timeout, a redirect loop, a body over the limit)."""
    import httpx
    limits = limits or Limits.from_env()
    asked = document_key(url)
    own = session is None
    session = session or client(limits)
    deadline = time.monotonic() + limits.timeout
    try:
        seen, current = [asked], asked
        for _hop in range(limits.max_redirects + 1):
            with session.stream("GET", current, headers={"Accept": accept}) as response:
                if response.is_redirect:
                    target = _redirect_target(url, current, response.headers["location"])
                    if target in seen:
                        raise FetchError(f"{shown(url)}: redirect loop ({shown(current)} leads "
                                         f"back to {shown(target)})")
                    seen.append(target)
                    current = target
                    continue
                if response.status_code >= 400 or response.status_code < 200:
                    raise FetchError(f"{shown(url)}: HTTP {response.status_code} "
                                     f"{response.reason_phrase}".rstrip())
                if response.status_code >= 300:
                    raise FetchError(f"{shown(url)}: HTTP {response.status_code} with nowhere to "
                                     f"go (no Location header)")
                body = _read(response, limits, deadline, url)
                media = response.headers.get("content-type", "").split(";")[0].strip().lower()
                return Response(asked, current, response.status_code, media,
                                response.charset_encoding, body)
        raise FetchError(f"{shown(url)}: too many redirects (more than {limits.max_redirects})")
    except httpx.TimeoutException:
        raise FetchError(f"{shown(url)}: timed out (no answer within {limits.timeout:g} s)") from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise FetchError(f"{shown(url)}: not a valid URL ({exc})") from None
    except httpx.ConnectError as exc:
        raise FetchError(f"{shown(url)}: cannot connect ({_reason(exc)})") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{shown(url)}: cannot be fetched ({_reason(exc)})") from None
    except (UnicodeError, ValueError) as exc:      # a host name IDNA refuses, and the like
        raise FetchError(f"{shown(url)}: not a valid URL ({_reason(exc)})") from None
    finally:
        if own:
            session.close()


def _redirect_target(url: str, current: str, location: str) -> str:
    target = urljoin(current, location.strip())
    try:
        return document_key(target)
    except FetchError:
        raise FetchError(f"{shown(url)}: redirected to {shown(target)}, which is not an http(s) "
                         f"URL that can be fetched") from None


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _read(response, limits: Limits, deadline: float, url: str) -> bytes:
    """The body, refused as soon as it passes the size limit or the fetch's deadline."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(f"{shown(url)}: too large ({_size(int(declared))}; the size limit is "
                         f"{_size(limits.max_bytes)})")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limits.max_bytes:
            raise FetchError(f"{shown(url)}: too large (more than the size limit of "
                             f"{_size(limits.max_bytes)})")
        if time.monotonic() > deadline:
            raise FetchError(f"{shown(url)}: timed out (the page took more than "
                             f"{limits.timeout:g} s to arrive)")
        chunks.append(chunk)
    return b"".join(chunks)


def page_html(response: Response) -> str:
    """A fetched page's HTML as text; FetchError when the server sent something else."""
    where = shown(response.url)
    if response.media_type not in HTML_TYPES:
        raise FetchError(f"{where}: not an HTML page (the server sent {response.media_type})")
    if not response.body.strip():
        raise FetchError(f"{where}: empty page (HTTP {response.status} with no content)")
    text = html.decode(response.body, where, response.charset)
    html.check_markup(text, where)
    return text


def page_document(response: Response, text: str, source_kind: str = "url",
                  source_ref: str | None = None, fallback: dict | None = None) -> NewDocument:
    """A fetched page as a document keyed by its URL (see the module docstring)."""
    article = html.extract(text, shown(response.url), url=response.final_url)
    return html.document(article, response.url, source_kind=source_kind, url=response.url,
                         source_ref=source_ref, fallback=fallback)


def keep(db: Database, saved: SaveResult, response: Response, text: str) -> None:
    """Keep the HTML behind a new document version (inside the caller's transaction)."""
    if saved.status not in ("new", "version"):
        return
    db.conn.execute(
        "INSERT OR REPLACE INTO fetched_html (document_id, url, final_url, status, content_type, "
        "html, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [saved.document_id, response.url, response.final_url, response.status,
         response.media_type, text, now()])


def cached(db: Database, url: str) -> tuple[Response, str]:
    """The last HTML kept for a URL, as if it had just been fetched."""
    key = document_key(url)
    row = db.execute("SELECT url, final_url, status, content_type, html FROM fetched_html "
                     "WHERE url = ? ORDER BY document_id DESC LIMIT 1", [key]).fetchone()
    if row is None:
        raise ImportError_(f"{shown(url)}: no HTML kept for this URL (import it once online)")
    return Response(row[0], row[1], row[2] or 200, row[3], "utf-8", b""), row[4]


def import_url(db: Database, url: str, limits: Limits | None = None, session=None,
               offline: bool = False) -> FileResult:
    """Fetch (or, offline, take the kept HTML of) one URL and save its document and HTML in
    one transaction; whatever goes wrong is the result's one-line error."""
    result = FileResult(url)
    try:
        if offline:
            response, text = cached(db, url)
        else:
            response = fetch(url, limits, session)
            text = page_html(response)
        doc = page_document(response, text)
        with db.atomic():
            result.saved, result.near = importer.save_with_links(db, [doc])
            keep(db, result.saved[0], response, text)
    except WorkbenchError as exc:
        result.error = str(exc)
    except (UnicodeError, RecursionError, sqlite3.DataError) as exc:
        result.error = f"{shown(url)}: cannot be stored ({type(exc).__name__}: {exc})"
    return result
