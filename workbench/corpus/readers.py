"""Reading input files: text in any of the encodings the sources use, and rows of JSONL or CSV.

Every problem is raised as ImportError_ naming the file (and line) and what is wrong, in one
line that can always be printed: a file name that is not UTF-8 is shown with \\xNN escapes.
Only regular files are opened, so a FIFO, socket or device named by mistake never blocks.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from workbench.errors import ImportError_
from workbench.files import kind_of

MAX_BYTES = 50 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md"}
ROW_SUFFIXES = {".jsonl", ".ndjson", ".csv"}
SOURCE_SUFFIXES = {".json", ".pdf", ".docx"}     # Telegram exports, PDF, Word
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}       # saved web pages
SUPPORTED = TEXT_SUFFIXES | ROW_SUFFIXES | SOURCE_SUFFIXES | HTML_SUFFIXES
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


def shown(path: str | os.PathLike) -> str:
    """A path as text that can always be printed: bytes of a file name that are not UTF-8
    (which Python carries as lone surrogates) appear as \\xNN."""
    text = os.fspath(path)
    if isinstance(text, bytes):
        return text.decode("utf-8", "backslashreplace")
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "backslashreplace")
    return raw.decode("utf-8", "backslashreplace")


def storable_key(path: Path) -> str:
    """The file's absolute path, the key its documents are stored under; refused when it, or
    the name as given, is not UTF-8, which the store keeps every path in."""
    try:
        key = str(path.resolve())
    except (OSError, RuntimeError):     # a link loop: the read has refused it already
        key = os.path.abspath(path)
    for name in (str(path), key):
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            raise ImportError_(f"{shown(name)}: file name is not valid UTF-8 "
                               f"(rename the file or its folder to import it)") from None
    return key


def _check_regular(mode: int, path: Path) -> None:
    if not stat.S_ISREG(mode):
        raise ImportError_(f"{shown(path)}: not a regular file ({kind_of(mode)})")


def _unreadable(path: Path, exc: OSError) -> ImportError_:
    if isinstance(exc, FileNotFoundError) and os.path.islink(path):
        return ImportError_(f"{shown(path)}: cannot be read (broken symbolic link)")
    return ImportError_(f"{shown(path)}: cannot be read ({exc.strerror or exc})")


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file, checked by its metadata before it is opened and again on
    the open descriptor (opened non-blocking, so a file swapped for a FIFO cannot hang us)."""
    try:
        _check_regular(os.stat(path).st_mode, path)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _unreadable(path, exc) from None
    except ValueError:      # a NUL in the name
        raise ImportError_(f"{shown(path)}: not a valid file name") from None
    with os.fdopen(fd, "rb") as fh:
        try:
            info = os.fstat(fd)
            _check_regular(info.st_mode, path)
            if info.st_size > MAX_BYTES:
                raise ImportError_(f"{shown(path)}: too large ({info.st_size // (1024 * 1024)} MB; "
                                   f"the limit is {MAX_BYTES // (1024 * 1024)} MB)")
            data = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            raise _unreadable(path, exc) from None
    if len(data) > MAX_BYTES:
        raise ImportError_(f"{shown(path)}: too large (it grew past the limit of "
                           f"{MAX_BYTES // (1024 * 1024)} MB while being read)")
    if not data.strip():
        raise ImportError_(f"{shown(path)}: empty file")
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
            raise ImportError_(f"{shown(path)}: binary file, not text")
        candidates = ["utf-8", "cp1256"]
    unicode_text = None
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding != "cp1256":
            unicode_text = text
        if _plausible(text) and (encoding != "cp1256" or _mostly_arabic(text)):
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            nul = text.find("\x00")
            if nul >= 0:
                line = text.count("\n", 0, nul) + 1
                raise ImportError_(f"{shown(path)}:{line}: NUL character (binary data, not text)")
            return text
    if unicode_text is not None:     # valid Unicode, but full of control characters
        found = _CONTROL_RE.search(unicode_text)
        if found is None:            # nothing but a byte-order mark
            raise ImportError_(f"{shown(path)}: empty file")
        line = unicode_text.count("\n", 0, found.start()) + 1
        raise ImportError_(f"{shown(path)}:{line}: control characters such as "
                           f"{ascii(found.group())} (terminal escapes or binary data), not plain text")
    raise ImportError_(f"{shown(path)}: not text in UTF-8, UTF-16 or Windows-1256")


def read_text(path: Path) -> str:
    text = decode(read_bytes(path), path)
    if not text.strip():
        raise ImportError_(f"{shown(path)}: empty file")
    return text


TEXT_FIELDS = frozenset(TEXT_COLUMNS).union(*FIELD_ALIASES.values())
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _kind_of(value) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, float) and value != value:
        return "NaN"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return "Infinity"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _check_field(name: str, value, where: str) -> None:
    """A field the store keeps as text must be text (JSON null counts as absent), with no
    lone surrogate (a JSON escape such as \\ud800) and no NUL, which the store cannot keep."""
    if value is None:
        return
    if not isinstance(value, str):
        raise ImportError_(f"{where}: field '{name}' must be text, not {_kind_of(value)}")
    bad = _SURROGATE_RE.search(value)
    if bad:
        raise ImportError_(f"{where}: field '{name}' has a lone surrogate "
                           f"(\\u{ord(bad.group()):04x}), not text")
    if "\x00" in value:
        raise ImportError_(f"{where}: field '{name}' has a NUL character, not text")


def _pick(row: dict, names: tuple[str, ...]) -> str | None:
    for name in names:
        value = row.get(name)
        if value not in (None, ""):
            return value
    return None


def _row_document(row: dict, path: Path, line: int) -> RowDocument:
    where = f"{shown(path)}:{line}"
    lowered = {}
    for key, value in row.items():
        if key is None:          # CSV cells past the header, refused by the caller
            continue
        name = str(key).strip().lower()
        if name in TEXT_FIELDS:
            _check_field(name, value, where)
        lowered[name] = value
    text = _pick(lowered, TEXT_COLUMNS)
    if text is None or not text.strip():
        raise ImportError_(f"{where}: no text (expected a non-empty 'text' field)")
    return RowDocument(line, text.replace("\r\n", "\n"),
                       **{f: _pick(lowered, names) for f, names in FIELD_ALIASES.items()})


def rows_from_file(path: Path) -> Iterator[RowDocument]:
    """Documents of a JSONL or CSV file; the whole file is checked before any row is used."""
    text = read_text(path)
    rows = list(_jsonl_rows(text, path) if path.suffix.lower() in (".jsonl", ".ndjson")
                else _csv_rows(text, path))
    if not rows:
        raise ImportError_(f"{shown(path)}: no rows")
    return iter(rows)


def _jsonl_rows(text: str, path: Path) -> Iterator[RowDocument]:
    for line_no, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ImportError_(f"{shown(path)}:{line_no}: malformed JSON ({exc.msg})") from None
        except ValueError as exc:       # an integer too long to convert
            raise ImportError_(f"{shown(path)}:{line_no}: malformed JSON "
                               f"({str(exc).split(':')[0]})") from None
        except RecursionError:
            raise ImportError_(f"{shown(path)}:{line_no}: JSON nested too deeply") from None
        if not isinstance(row, dict):
            raise ImportError_(f"{shown(path)}:{line_no}: expected a JSON object")
        yield _row_document(row, path, line_no)


def _csv_rows(text: str, path: Path) -> Iterator[RowDocument]:
    # strict: a quote left open is an error, not a cell that swallows the rest of the file
    reader = csv.DictReader(io.StringIO(text), strict=True)
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if not any(h in TEXT_COLUMNS for h in header):
        raise ImportError_(f"{shown(path)}:1: no text column "
                           f"(found: {', '.join(header) or 'nothing'})")
    try:
        for row in reader:
            if None in row:
                raise ImportError_(f"{shown(path)}:{reader.line_num}: more cells than header columns")
            yield _row_document(row, path, reader.line_num)
    except csv.Error as exc:
        raise ImportError_(f"{shown(path)}:{reader.line_num}: malformed CSV ({exc})") from None


def is_url(given) -> bool:
    """An http(s) address given in place of a path (`workbench import https://…`)."""
    return isinstance(given, str) and given.strip().lower().startswith(("http://", "https://"))


@dataclass(frozen=True)
class Refused:
    """A path given or found that cannot be imported, and the one line that says why."""

    path: str
    error: str


def expand_paths(paths: Iterable[str | os.PathLike | Refused]) -> Iterator[Path | str | Refused]:
    """Files to import: each given file, and the supported files inside given folders; a
    URL stays a str.

    What cannot even be listed comes out as Refused, in its place, so the batch carries on:
    an empty path (which pathlib would read as the current folder) and a folder that cannot
    be read. Nothing is opened here; the importer refuses FIFOs, devices and broken links.
    """
    for given in paths:
        if isinstance(given, Refused):
            yield given
        elif os.fspath(given) in ("", b""):
            yield Refused("", "empty path given (name a file or folder to import)")
        elif is_url(given):
            yield given.strip()         # a web page, fetched by the importer
        elif not os.fsdecode(given).strip():
            yield Refused(os.fsdecode(given), f"{shown(given)!r}: a blank path, not a file or folder")
        elif os.path.isdir(given):
            found = _files_in(Path(os.fsdecode(given)))
            if not found:
                found = [Refused(os.fsdecode(given), f"{shown(given)}: no .txt, .jsonl or .csv "
                                                     "file in this folder")]
            yield from found
        else:
            yield Path(os.fsdecode(given))


def _files_in(folder: Path) -> list[Path | Refused]:
    """The supported, non-hidden files under a folder, in path order. Links to folders are
    followed, each folder once, so a link loop ends; a folder that cannot be read is Refused."""
    found: list[Path | Refused] = []

    def unreadable(exc: OSError) -> None:
        name = exc.filename if exc.filename is not None else folder
        found.append(Refused(os.fsdecode(name),
                             f"{shown(name)}: cannot be read ({exc.strerror or exc})"))

    seen: set[tuple[int, int]] = set()
    for top, dirs, files in os.walk(folder, onerror=unreadable, followlinks=True):
        try:
            info = os.stat(top)
        except OSError as exc:
            unreadable(exc)
            dirs[:] = []
            continue
        if (info.st_dev, info.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(top, name) for name in files
                     if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED)
    return sorted(found, key=lambda item: Path(item.path if isinstance(item, Refused) else item).parts)
