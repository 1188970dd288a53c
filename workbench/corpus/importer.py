"""Importing files into the store: one transaction per file, and a failed file never stops
the rest of the batch."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from sqlite_utils import Database

from workbench import arabic
from workbench.corpus import readers
from workbench.corpus.page import parse_date_line, parse_page
from workbench.errors import ImportError_, WorkbenchError
from workbench.store.documents import NewDocument, NewSegment, SaveResult, save_documents

TITLE_FROM_BODY_CHARS = 90


@dataclass
class FileResult:
    path: Path
    error: str | None = None
    saved: list[SaveResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


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
        raise ImportError_(f"{source_path or doc_key}: no text left after removing page residue")
    body_text = " ".join(s.raw for s in segments)
    return NewDocument(doc_key=doc_key, text=text, segments=segments,
                       title=page.title or _title_from_body(segments), outlet=page.outlet,
                       language=arabic.detect_language(body_text), published=page.published,
                       source_path=source_path)


def document_from_row(row: readers.RowDocument, path: Path) -> NewDocument:
    """A JSONL or CSV row (text, title, outlet, date, url) as a document."""
    text = row.text
    segments = _segments(text, None, [(m.start(), m.end()) for m in _paragraphs(text)])
    if row.title:
        segments.insert(0, NewSegment(row.title, "title"))
    if not segments:
        raise ImportError_(f"{path}:{row.line}: no text")
    published = (parse_date_line(row.date) or row.date) if row.date else None
    identity = f"{row.title or ''}\n{row.outlet or ''}\n{published or ''}\n{row.url or ''}\n{text}"
    return NewDocument(doc_key=row.url or f"{path.resolve()}#{row.line}", text=identity,
                       segments=segments, title=row.title or _title_from_body(segments),
                       outlet=row.outlet, language=arabic.detect_language(text),
                       published=published, url=row.url, source_path=str(path))


def _paragraphs(text: str):
    return re.finditer(r"[^\n]+", text)


def import_file(db: Database, path: Path) -> FileResult:
    """Import one file in one transaction: all its documents, or none of them."""
    result = FileResult(path)
    try:
        suffix = path.suffix.lower()
        if suffix in readers.ROW_SUFFIXES:
            docs = [document_from_row(row, path) for row in readers.rows_from_file(path)]
        elif suffix in readers.TEXT_SUFFIXES or suffix == "":
            docs = [document_from_text(readers.read_text(path), str(path.resolve()), str(path))]
        else:
            raise ImportError_(f"{path}: unsupported file type '{suffix}' "
                               f"(use .txt, .jsonl or .csv)")
        result.saved = save_documents(db, docs)
    except WorkbenchError as exc:
        result.error = str(exc)
        result.saved = []
    return result


def import_paths(db: Database, paths: list[Path],
                 on_file: Callable[[FileResult], None] | None = None) -> list[FileResult]:
    results = []
    files = list(readers.expand_paths(paths))
    for path in files:
        if not path.exists():
            result = FileResult(path, f"{path}: no such file or folder")
        else:
            result = import_file(db, path)
        results.append(result)
        if on_file:
            on_file(result)
    return results
