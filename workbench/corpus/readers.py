"""Reading input files: text in any of the encodings the sources use, and rows of JSONL or CSV.

Every problem is raised as ImportError_ naming the file (and line) and what is wrong.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from workbench.errors import ImportError_

MAX_BYTES = 50 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md"}
ROW_SUFFIXES = {".jsonl", ".ndjson", ".csv"}
SUPPORTED = TEXT_SUFFIXES | ROW_SUFFIXES
TEXT_COLUMNS = ("text", "body", "content")
FIELD_ALIASES = {"title": ("title", "headline"), "outlet": ("outlet", "source", "publisher"),
                 "date": ("date", "published", "published_at"), "url": ("url", "link")}


@dataclass
class RowDocument:
    """A document given as one row of a JSONL or CSV file."""

    line: int
    text: str
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None


def read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportError_(f"{path}: cannot be read ({exc.strerror})") from None
    if size > MAX_BYTES:
        raise ImportError_(f"{path}: too large ({size // (1024 * 1024)} MB; the limit is "
                           f"{MAX_BYTES // (1024 * 1024)} MB)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportError_(f"{path}: cannot be read ({exc.strerror})") from None
    if not data.strip():
        raise ImportError_(f"{path}: empty file")
    return data


_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")


def _plausible(text: str) -> bool:
    """Decoded text that is mostly letters, digits, spaces and punctuation."""
    if not text:
        return False
    return len(_CONTROL_RE.findall(text)) / len(text) < 0.001


def _mostly_arabic(text: str) -> bool:
    """Windows-1256 decodes any bytes: accept it only when the result reads as Arabic."""
    high = [c for c in text if ord(c) > 0x7F]
    return bool(high) and sum("\u0600" <= c <= "\u06ff" for c in high) / len(high) >= 0.8


def decode(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, then Windows-1256; else refuse."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        if b"\x00" in data[:8192]:
            raise ImportError_(f"{path}: binary file, not text")
        candidates = ["utf-8", "cp1256"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible(text) and (encoding != "cp1256" or _mostly_arabic(text)):
            return text.replace("\r\n", "\n").replace("\r", "\n")
    raise ImportError_(f"{path}: not text in UTF-8, UTF-16 or Windows-1256")


def read_text(path: Path) -> str:
    text = decode(read_bytes(path), path)
    if not text.strip():
        raise ImportError_(f"{path}: empty file")
    return text


def _pick(row: dict, names: tuple[str, ...]) -> str | None:
    for name in names:
        value = row.get(name)
        if value not in (None, ""):
            return str(value)
    return None


def _row_document(row: dict, path: Path, line: int) -> RowDocument:
    lowered = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
    text = _pick(lowered, TEXT_COLUMNS)
    if text is None or not text.strip():
        raise ImportError_(f"{path}:{line}: no text (expected a non-empty 'text' field)")
    return RowDocument(line, text.replace("\r\n", "\n"),
                       **{f: _pick(lowered, names) for f, names in FIELD_ALIASES.items()})


def rows_from_file(path: Path) -> Iterator[RowDocument]:
    """Documents of a JSONL or CSV file; the whole file is checked before any row is used."""
    text = read_text(path)
    rows = list(_jsonl_rows(text, path) if path.suffix.lower() in (".jsonl", ".ndjson")
                else _csv_rows(text, path))
    if not rows:
        raise ImportError_(f"{path}: no rows")
    return iter(rows)


def _jsonl_rows(text: str, path: Path) -> Iterator[RowDocument]:
    for line_no, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ImportError_(f"{path}:{line_no}: malformed JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise ImportError_(f"{path}:{line_no}: expected a JSON object")
        yield _row_document(row, path, line_no)


def _csv_rows(text: str, path: Path) -> Iterator[RowDocument]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if not any(h in TEXT_COLUMNS for h in header):
        raise ImportError_(f"{path}:1: no text column (found: {', '.join(header) or 'nothing'})")
    try:
        for row in reader:
            if None in row:
                raise ImportError_(f"{path}:{reader.line_num}: more cells than header columns")
            yield _row_document(row, path, reader.line_num)
    except csv.Error as exc:
        raise ImportError_(f"{path}:{reader.line_num}: malformed CSV ({exc})") from None


def expand_paths(paths: list[Path]) -> Iterator[Path]:
    """Files to import: each given file, and the supported files inside given folders."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*")
                              if p.is_file() and p.suffix.lower() in SUPPORTED
                              and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            yield path
