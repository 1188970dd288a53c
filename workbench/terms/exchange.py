"""Moving the glossary between the database and files: TSV, CSV, JSON and TBX both ways,
OmegaT's glossary TSV out only.

Imports check the whole file before writing anything: a malformed row gets one error with
its line number, and nothing is applied. An import adds new ids and updates changed ones;
terms absent from the file are left alone. Every format carries the full term, so a file
exported and imported again gives back the same terms.

TBX follows TBX-Basic's martif/termEntry/langSet/tig layout, one termEntry per term:

    category      <descrip type="subjectField">
    status        <admin type="elementWorkingStatus"> workingElement (draft),
                  consolidatedElement (approved), archiveElement (deprecated)
    vocabulary    <admin type="customerSubset">
    note          <note>
    related       <ref type="crossReference" target="ID">
    changed_by/at <transacGrp> modification, responsibility, date
    term_ar       ar tig, administrativeStatus preferredTerm-admn-sts
    variants_ar   ar tigs, admittedTerm-admn-sts
    approved_en   en tig, preferredTerm-admn-sts
    acceptable_en en tigs, admittedTerm-admn-sts
    forbidden_en  en tigs, deprecatedTerm-admn-sts

TBX is parsed with defusedxml: documents that declare entities or reach for external
ones are refused.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from sqlite_utils import Database

from workbench.errors import GlossaryFormatError, InvalidValue
from workbench.corpus.formats import FORMULA_STARTS, safe_cell
from workbench.terms.model import COLUMNS, LIST_FIELDS, REQUIRED, Term, join_list, shown

FORMATS = ("tsv", "csv", "json", "tbx", "omegat")
IMPORT_FORMATS = ("tsv", "csv", "json", "tbx")
SUFFIXES = {".tsv": "tsv", ".tab": "tsv", ".csv": "csv", ".json": "json", ".tbx": "tbx",
            ".xml": "tbx"}
JSON_FORMAT = "workbench-glossary"

Parsed = list[tuple[int, Term]]   # (line number, term)


@dataclass(frozen=True)
class ImportResult:
    path: str
    count: int          # terms in the file
    added: int
    updated: int
    unchanged: int


def format_for(path: Path, fmt: str | None = None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise GlossaryFormatError(f"format {fmt!r}: use one of {', '.join(FORMATS)}")
        return fmt
    found = SUFFIXES.get(path.suffix.lower())
    if found is None:
        if os.path.isdir(path):
            raise GlossaryFormatError(f"{path}: is a folder; give a glossary file")
        raise GlossaryFormatError(f"{path}: unknown glossary file type {path.suffix!r} "
                                  f"(use .tsv, .csv, .json or .tbx, or give --format)")
    return found


# --- import ------------------------------------------------------------------------------

def read_file(path: Path, fmt: str | None = None) -> Parsed:
    """Parse and validate a glossary file; raises GlossaryFormatError naming file and line."""
    fmt = format_for(path, fmt)
    if fmt not in IMPORT_FORMATS:
        raise GlossaryFormatError(f"{path}: the {fmt} format is export-only")
    return parse_bytes(_read_regular_file(path), fmt, str(path))


def _read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file. Opened without blocking and checked before reading, so a
    FIFO, a device or a folder given as the glossary is refused instead of hanging."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        if stat.S_ISREG(os.fstat(fd).st_mode):
            with os.fdopen(fd, "rb") as fh:
                return fh.read()
    except OSError as exc:
        raise GlossaryFormatError(f"{path}: cannot be read ({exc.strerror})") from None
    os.close(fd)
    raise GlossaryFormatError(f"{path}: not a regular file")


def parse_bytes(data: bytes, fmt: str, name: str = "<glossary>") -> Parsed:
    if fmt == "tbx":
        from workbench.terms.tbx import parse_tbx
        parsed = parse_tbx(data, name)
    else:
        text = _decode(data, name)
        parsed = {"tsv": _parse_tsv, "csv": _parse_csv, "json": _parse_json}[fmt](text, name)
    _check_unique(parsed, name)
    return parsed


def import_file(db: Database, path: Path | str, annotator: str,
                fmt: str | None = None) -> ImportResult:
    """Import a glossary file into the database in one transaction (all rows or none)."""
    from workbench.terms.store import save_terms, term_ids
    if not str(path).strip():
        raise GlossaryFormatError("glossary import: the file name is empty")
    path = Path(path)
    parsed = read_file(path, fmt)
    known = term_ids(db) | {t.id for _, t in parsed}
    for line, term in parsed:
        missing = [r for r in term.related if r not in known]
        if missing:
            raise GlossaryFormatError(f"{path}:{line}: term {term.id}: related id "
                                      f"{', '.join(missing)} is neither in the file nor the glossary")
    results = save_terms(db, [t for _, t in parsed], annotator, stamp=False)
    actions = [r.action for r in results]
    return ImportResult(str(path), len(parsed), actions.count("added"), actions.count("updated"),
                        actions.count("unchanged"))


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise GlossaryFormatError(f"{name}:{line}: not UTF-8 text") from None


def _term(values: dict, name: str, line: int) -> Term:
    try:
        return Term.from_mapping(values)
    except (InvalidValue, TypeError) as exc:
        ident = values.get("id") if isinstance(values, dict) else None
        ident = ident.strip() if isinstance(ident, str) else ""
        label = f"term {shown(ident)}: " if ident else ""
        raise GlossaryFormatError(f"{name}:{line}: {label}{exc}") from None


def _header(fields: list[str], name: str, line: int = 1) -> list[str]:
    """The columns of a TSV or CSV glossary: the required ones, and any of the others (a file
    of new terms needs no changed_by or related column); an absent column is empty."""
    fields = [f.strip() for f in fields]
    missing = [c for c in REQUIRED if c not in fields]
    unknown = [f for f in fields if f not in COLUMNS]
    if missing or unknown or len(set(fields)) != len(fields):
        detail = "; ".join(filter(None, [
            f"missing {', '.join(missing)}" if missing else "",
            f"unknown {', '.join(map(shown, unknown))}" if unknown else "",
            "a column appears twice" if len(set(fields)) != len(fields) else ""]))
        optional = ", ".join(c for c in COLUMNS if c not in REQUIRED)
        raise GlossaryFormatError(f"{name}:{line}: the header must name the columns "
                                  f"{', '.join(REQUIRED)} and may name {optional} ({detail})")
    return fields


def _parse_tsv(text: str, name: str) -> Parsed:
    lines = text.split("\n")
    if not lines or not lines[0].strip():
        raise GlossaryFormatError(f"{name}:1: empty file (expected a header row)")
    header = _header(lines[0].rstrip("\r").split("\t"), name)
    out: Parsed = []
    for number, line in enumerate(lines[1:], start=2):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(header):
            raise GlossaryFormatError(f"{name}:{number}: expected {len(header)} tab-separated "
                                      f"fields, found {len(cells)}")
        out.append((number, _term(dict(zip(header, cells)), name, number)))
    return out


def _parse_csv(text: str, name: str) -> Parsed:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        first = next(reader, None)
        if not first:
            raise GlossaryFormatError(f"{name}:1: empty file (expected a header row)")
        header = _header(first, name)
        out: Parsed = []
        for cells in reader:
            number = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise GlossaryFormatError(f"{name}:{number}: expected {len(header)} fields, "
                                          f"found {len(cells)}")
            cells = [_unguarded(c) for c in cells]
            out.append((number, _term(dict(zip(header, cells)), name, number)))
    except csv.Error as exc:
        raise GlossaryFormatError(f"{name}:{reader.line_num}: not valid CSV ({exc})") from None
    return out


def _parse_json(text: str, name: str) -> Parsed:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GlossaryFormatError(f"{name}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise GlossaryFormatError(f"{name}: not a glossary (JSON nested too deeply)") from None
    except ValueError as exc:  # a number too long to convert
        raise GlossaryFormatError(f"{name}: not valid JSON ({exc})") from None
    if isinstance(data, dict):
        if data.get("format", JSON_FORMAT) != JSON_FORMAT or not isinstance(data.get("terms"), list):
            raise GlossaryFormatError(f"{name}:1: expected {{\"format\": \"{JSON_FORMAT}\", "
                                      "\"terms\": [...]}} or a list of terms")
        items = data["terms"]
    elif isinstance(data, list):
        items = data
    else:
        raise GlossaryFormatError(f"{name}:1: expected a list of terms")
    out: Parsed = []
    cursor = 0
    for index, item in enumerate(items):
        line, cursor = _json_line(text, item, cursor)
        if not isinstance(item, dict):
            raise GlossaryFormatError(f"{name}:{line}: term #{index + 1} is not an object")
        out.append((line, _term(item, name, line)))
    return out


def _json_line(text: str, item, cursor: int) -> tuple[int, int]:
    """The line where a term object starts, found by its id (the json module keeps no lines)."""
    ident = item.get("id") if isinstance(item, dict) else None
    if isinstance(ident, str):
        m = re.compile(r'"id"\s*:\s*' + re.escape(json.dumps(ident, ensure_ascii=False))).search(
            text, cursor)
        if m is None:
            m = re.compile(r'"id"\s*:\s*' + re.escape(json.dumps(ident))).search(text, cursor)
        if m is not None:
            brace = text.rfind("{", 0, m.start())
            pos = brace if brace >= cursor else m.start()
            return text.count("\n", 0, pos) + 1, m.end()
    return text.count("\n", 0, cursor) + 1, cursor


def _check_unique(parsed: Parsed, name: str) -> None:
    seen: dict[str, int] = {}
    for line, term in parsed:
        if term.id in seen:
            raise GlossaryFormatError(f"{name}:{line}: term {term.id}: the id is already used "
                                      f"on line {seen[term.id]}")
        seen[term.id] = line


# --- export ------------------------------------------------------------------------------

def dumps(terms: Iterable[Term], fmt: str) -> str:
    """The terms as the text of a file in `fmt`."""
    terms = list(terms)
    if fmt == "tsv":
        return _dump_tsv(terms)
    if fmt == "csv":
        return _dump_csv(terms)
    if fmt == "json":
        return json.dumps({"format": JSON_FORMAT, "version": 1,
                           "terms": [t.to_dict() for t in terms]},
                          ensure_ascii=False, indent=2) + "\n"
    if fmt == "tbx":
        from workbench.terms.tbx import dump_tbx
        return dump_tbx(terms)
    if fmt == "omegat":
        return _dump_omegat(terms)
    raise GlossaryFormatError(f"format {fmt!r}: use one of {', '.join(FORMATS)}")


def export_text(db: Database, fmt: str) -> tuple[str, int]:
    from workbench.terms.store import list_terms
    terms = list_terms(db)
    return dumps(terms, fmt), len(terms)


def _cells(t: Term) -> list[str]:
    d = t.to_dict()
    return [join_list(d[c]) if c in LIST_FIELDS else d[c] for c in COLUMNS]


def _dump_tsv(terms: list[Term]) -> str:
    lines = ["\t".join(COLUMNS)] + ["\t".join(_cells(t)) for t in terms]
    return "\n".join(lines) + "\n"


def _dump_csv(terms: list[Term]) -> str:
    """CSV for spreadsheets: a cell that would start like a formula is guarded with ' (the
    CSV import takes the guard off again, so the file round-trips)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for t in terms:
        writer.writerow([safe_cell(c) for c in _cells(t)])
    return out.getvalue()


def _unguarded(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def omegat_comment(t: Term) -> str:
    parts = []
    if t.status == "draft":
        parts.append("[draft]")
    if t.acceptable_en:
        parts.append("also: " + ", ".join(t.acceptable_en))
    if t.forbidden_en:
        parts.append("never: " + ", ".join(t.forbidden_en))
    if t.vocabulary:
        parts.append(f"vocabulary of {t.vocabulary}")
    if t.note:
        parts.append(t.note)
    return "; ".join(parts)


def _dump_omegat(terms: list[Term]) -> str:
    """OmegaT's glossary: source, target, comment; one row per Arabic form, deprecated left out."""
    rows = []
    for t in terms:
        if t.status == "deprecated":
            continue
        comment = omegat_comment(t)
        for form in t.arabic_forms:
            rows.append(f"{form}\t{t.approved_en}\t{comment}")
    return "".join(row + "\n" for row in rows)
