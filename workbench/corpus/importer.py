"""Importing files into the store: one transaction per file, and a failed file never stops
the rest of the batch."""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from sqlite_utils import Database

from workbench import arabic
from workbench.corpus import neardup, readers
from workbench.corpus.page import parse_date_line, parse_page
from workbench.errors import ImportError_, WorkbenchError
from workbench.store.documents import NewDocument, NewSegment, SaveResult, save_documents
from workbench.store.db import is_own_file

TITLE_FROM_BODY_CHARS = 90


@dataclass
class FileResult:
    path: Path | str          # str for a path refused before it was one (an empty argument)
    error: str | None = None
    saved: list[SaveResult] = field(default_factory=list)
    near: list[neardup.NearDuplicate] = field(default_factory=list)   # reprints found

    @property
    def ok(self) -> bool:
        return self.error is None


def save_with_links(db: Database, docs: list[NewDocument]) -> tuple[list[SaveResult], list]:
    """Save one unit's documents and flag those that nearly repeat an earlier document
    (corpus.neardup), in one transaction."""
    with db.atomic():
        saved = save_documents(db, docs)
        return saved, neardup.index_new(db)


def _segments(text: str, title_span: tuple[int, int] | None,
              paragraphs: Iterable[tuple[int, int]]) -> list[NewSegment]:
    out = []
    if title_span:
        out.append(NewSegment(text[title_span[0]:title_span[1]], "title", *title_span))
    for p_start, p_end in paragraphs:
        for span in arabic.segment(text[p_start:p_end]):
            s, e = p_start + span.start, p_start + span.end
            out.append(NewSegment(text[s:e], "body", s, e))
    return out


def _title_from_body(segments: list[NewSegment]) -> str | None:
    if not segments:
        return None
    first = segments[0].raw
    return first if len(first) <= TITLE_FROM_BODY_CHARS else first[:TITLE_FROM_BODY_CHARS].rsplit(" ", 1)[0] + "…"


def document_from_text(text: str, doc_key: str, source_path: str | None = None) -> NewDocument:
    """A page-shaped text (outlet, headline, date, body, footer) as a document."""
    page = parse_page(text)
    segments = _segments(text, page.title_span, page.body)
    if not segments:
        raise ImportError_(f"{readers.shown(source_path or doc_key)}: no text left after "
                           f"removing page residue")
    body_text = " ".join(s.raw for s in segments)
    return NewDocument(doc_key=doc_key, text=text, segments=segments,
                       title=page.title or _title_from_body(segments), outlet=page.outlet,
                       language=arabic.detect_language(body_text), published=page.published,
                       source_path=source_path)


def document_from_row(row: readers.RowDocument, path: Path,
                      file_key: str | None = None) -> NewDocument:
    """A JSONL or CSV row (text, title, outlet, date, url) as a document; without a URL its key
    is the file's key (readers.storable_key) and the row's line."""
    text = row.text
    segments = _segments(text, None, [(m.start(), m.end()) for m in _paragraphs(text)])
    if row.title:
        segments.insert(0, NewSegment(row.title, "title"))
    if not segments:
        raise ImportError_(f"{readers.shown(path)}:{row.line}: no text")
    published = (parse_date_line(row.date) or row.date) if row.date else None
    identity = f"{row.title or ''}\n{row.outlet or ''}\n{published or ''}\n{row.url or ''}\n{text}"
    file_key = file_key or readers.storable_key(path)
    return NewDocument(doc_key=row.url or f"{file_key}#{row.line}", text=identity,
                       segments=segments, title=row.title or _title_from_body(segments),
                       outlet=row.outlet, language=arabic.detect_language(text),
                       published=published, url=row.url, source_path=str(path))


def document_from_body(body: str, doc_key: str, identity: str, **fields) -> NewDocument | None:
    """A text with no page furniture around it (a Telegram message) as a document: one
    paragraph per line, the title from its first words unless given; None when it has no
    text. `identity` is what its content hash is taken of; `fields` are NewDocument's."""
    segments = _segments(body, None, [(m.start(), m.end()) for m in _paragraphs(body)])
    if not segments:
        return None
    title = fields.pop("title", None) or _title_from_body(segments)
    return NewDocument(doc_key=doc_key, text=identity, segments=segments, title=title,
                       language=arabic.detect_language(body), **fields)


def _paragraphs(text: str):
    return re.finditer(r"[^\n]+", text)


def _documents(path: Path) -> list[NewDocument]:
    """The documents of one file, every check passed; nothing is written here."""
    suffix = path.suffix.lower()
    if suffix in readers.ROW_SUFFIXES:
        rows = list(readers.rows_from_file(path))
        key = readers.storable_key(path)
        return [document_from_row(row, path, key) for row in rows]
    if suffix in readers.TEXT_SUFFIXES or suffix == "":
        text = readers.read_text(path)
        return [document_from_text(text, readers.storable_key(path), str(path))]
    if suffix in readers.HTML_SUFFIXES:
        from workbench.corpus import html
        return html.documents(path)
    if suffix == ".json":
        from workbench.corpus import telegram
        return telegram.documents(path)
    if suffix == ".pdf":
        from workbench.corpus import pdf
        return [pdf.document(path)]
    if suffix == ".docx":
        from workbench.corpus import docx
        return [docx.document(path)]
    raise ImportError_(f"{readers.shown(path)}: unsupported file type '{readers.shown(suffix)}' "
                       f"(use .txt, .jsonl, .csv, .json, .pdf, .docx or .html)")


def _one_line(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".encode("utf-8", "backslashreplace").decode("utf-8")
    return " ".join(text.split())


def import_file(db: Database, path: Path) -> FileResult:
    """Import one file in one transaction: all its documents, or none of them. Whatever is
    wrong with the file becomes its one-line error; it never stops the batch."""
    result = FileResult(path)
    try:
        if is_own_file(db, path):
            raise ImportError_(f"{readers.shown(path)}: is this workbench's own database file; "
                               "it cannot be imported into itself")
        result.saved, result.near = save_with_links(db, _documents(path))
    except WorkbenchError as exc:
        result.error = str(exc)
    except (UnicodeError, RecursionError, sqlite3.DataError) as exc:
        # content the readers' checks let through and the store could not keep; the
        # file's transaction has been rolled back
        result.error = f"{readers.shown(path)}: cannot be stored ({_one_line(exc)})"
    return result


def _missing(path: Path) -> bool:
    """Nothing at all at this path (other failures are the reader's to name)."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return True
    except (OSError, ValueError):
        return False
    return False


def import_paths(db: Database, paths: list[Path | str | readers.Refused],
                 on_file: Callable[[FileResult], None] | None = None,
                 offline: bool = False) -> list[FileResult]:
    """Import files and folders (see readers.expand_paths), one transaction per file; a
    refused path or failed file is reported in its FileResult and the batch carries on."""
    results = []
    for item in list(readers.expand_paths(paths)):
        if isinstance(item, readers.Refused):
            result = FileResult(item.path, item.error)
        elif isinstance(item, str) and readers.is_url(item):
            from workbench.corpus import fetch
            result = fetch.import_url(db, item, offline=offline)
        elif _missing(item):
            result = FileResult(item, f"{readers.shown(item)}: no such file or folder")
        else:
            result = import_file(db, item)
        results.append(result)
        if on_file:
            on_file(result)
    return results
