"""Moving the glossary between the database and files: TSV, CSV, JSON, TBX (TBX-Basic and
TBX v3) and OmegaT's glossary (terms.omegat_glossary), both ways.

Imports check the whole file before writing anything: a malformed row gets one error with
its line number, and nothing is applied. An import adds new ids and updates changed ones;
terms absent from the file are left alone. Every format of ours carries the full term, so a
file exported and imported again gives back the same terms. Files from other tools need
only the Arabic term and its approved English: a TSV or CSV may name any subset of our
columns that has term_ar and approved_en; the id and the category are filled in and counted
(terms.foreign).

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

from workbench.csvfile import SPREADSHEET, Policy, Writer, unguard
from workbench.errors import GlossaryFormatError, InvalidValue
from workbench.terms.foreign import Filled, note_with_source_id
from workbench.terms.model import COLUMNS, LIST_FIELDS, Term, join_list, shown

FORMATS = ("tsv", "csv", "json", "tbx", "omegat")
IMPORT_FORMATS = ("tsv", "csv", "json", "tbx")   # ours, the whole term (omegat imports too)
SUFFIXES = {".tsv": "tsv", ".csv": "csv", ".json": "json", ".tbx": "tbx", ".xml": "tbx",
            ".txt": "omegat", ".utf8": "omegat", ".tab": "omegat"}
IMPORT_REQUIRED = ("term_ar", "approved_en")   # the rest is filled in (terms.foreign)
JSON_FORMAT = "workbench-glossary"

Parsed = list[tuple[int, Term]]   # (line number, term)


@dataclass(frozen=True)
class ImportResult:
    path: str
    count: int          # terms in the file
    added: int
    updated: int
    unchanged: int
    categories_defaulted: int = 0   # terms given the default category
    category: str = ""              # that category
    ids_made: int = 0               # ids derived from the Arabic or made ours from another's


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
                                  f"(use .tsv, .csv, .json, .tbx, or OmegaT's .txt, .utf8 "
                                  f".tab; or give --format)")
    return found


# --- import ------------------------------------------------------------------------------

def read_file(path: Path, fmt: str | None = None, filled: Filled | None = None) -> Parsed:
    """Parse and validate a glossary file; raises GlossaryFormatError naming file and line."""
    fmt = format_for(path, fmt)
    return parse_bytes(_read_regular_file(path), fmt, str(path), filled)


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


def parse_bytes(data: bytes, fmt: str, name: str = "<glossary>",
                filled: Filled | None = None) -> Parsed:
    """The terms of a file in `fmt`; what it lacks is filled in and counted in `filled`."""
    filled = filled if filled is not None else Filled()
    if fmt == "tbx":
        from workbench.terms.tbx import parse_tbx
        parsed = parse_tbx(data, name, filled)
    else:
        text = _decode(data, name)
        if fmt == "omegat" and not _has_our_header(text):
            from workbench.terms import omegat_glossary
            parsed = omegat_glossary.parse(text, name, filled)
        else:
            parse = {"tsv": _parse_tsv, "omegat": _parse_tsv, "csv": _parse_csv,
                     "json": _parse_json}[fmt]
            parsed = parse(text, name, filled)
    _check_unique(parsed, name)
    return parsed


def _has_our_header(text: str) -> bool:
    """A .tab or .txt glossary that is our TSV (a header naming our columns), not OmegaT's."""
    first = text.split("\n", 1)[0].rstrip("\r").split("\t")
    return all(c in [f.strip() for f in first] for c in IMPORT_REQUIRED)


def import_file(db: Database, path: Path | str, annotator: str,
                fmt: str | None = None, category: str | None = None) -> ImportResult:
    """Import a glossary file into the database in one transaction (all rows or none);
    terms without a category of ours get `category` (default: terms.foreign's)."""
    from workbench.terms.store import save_terms, term_ids
    if not str(path).strip():
        raise GlossaryFormatError("glossary import: the file name is empty")
    path = Path(path)
    filled = Filled(category) if category else Filled()
    parsed = read_file(path, fmt, filled)
    known = term_ids(db) | {t.id for _, t in parsed}
    for line, term in parsed:
        missing = [r for r in term.related if r not in known]
        if missing:
            raise GlossaryFormatError(f"{path}:{line}: term {term.id}: related id "
                                      f"{', '.join(missing)} is neither in the file nor the glossary")
    results = save_terms(db, [t for _, t in parsed], annotator, stamp=False)
    actions = [r.action for r in results]
    return ImportResult(str(path), len(parsed), actions.count("added"), actions.count("updated"),
                        actions.count("unchanged"), filled.categories,
                        filled.category if filled.categories else "", filled.ids)


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise GlossaryFormatError(f"{name}:{line}: not UTF-8 text") from None


def _term(values: dict, name: str, line: int, filled: Filled | None = None) -> Term:
    """A term from a row or object; with `filled`, a missing id or category is filled in."""
    try:
        if filled is not None and isinstance(values, dict):
            values = _filled(values, filled)
        return Term.from_mapping(values)
    except (InvalidValue, TypeError) as exc:
        ident = values.get("id") if isinstance(values, dict) else None
        ident = ident.strip() if isinstance(ident, str) else ""
        label = f"term {shown(ident)}: " if ident else ""
        raise GlossaryFormatError(f"{name}:{line}: {label}{exc}") from None


def _filled(values: dict, filled: Filled) -> dict:
    """The values with an id of ours (derived from the Arabic when there is none) and a
    category (the default when there is none)."""
    values = dict(values)
    if _blank(values.get("term_ar")):
        raise InvalidValue("term_ar is empty")
    original = values.get("id")
    original = original if isinstance(original, str) else None
    values["id"], kept = filled.id_for(original, str(values["term_ar"]))
    if kept:
        values["note"] = note_with_source_id(str(values.get("note") or ""), kept)
    if _blank(values.get("category")):
        values["category"] = filled.category_for(None)
    return values


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header(fields: list[str], name: str, line: int = 1) -> list[str]:
    """The columns of a TSV or CSV glossary: term_ar and approved_en, and any of the others
    (a file from another tool needs no id or category); an absent column is empty."""
    fields = [f.strip() for f in fields]
    missing = [c for c in IMPORT_REQUIRED if c not in fields]
    unknown = [f for f in fields if f not in COLUMNS]
    if missing or unknown or len(set(fields)) != len(fields):
        detail = "; ".join(filter(None, [
            f"missing {', '.join(missing)}" if missing else "",
            f"unknown {', '.join(map(shown, unknown))}" if unknown else "",
            "a column appears twice" if len(set(fields)) != len(fields) else ""]))
        optional = ", ".join(c for c in COLUMNS if c not in IMPORT_REQUIRED)
        raise GlossaryFormatError(f"{name}:{line}: the header must name the columns "
                                  f"{', '.join(IMPORT_REQUIRED)} and may name {optional} "
                                  f"({detail})")
    return fields


def _parse_tsv(text: str, name: str, filled: Filled) -> Parsed:
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
        out.append((number, _term(dict(zip(header, cells)), name, number, filled)))
    return out


def _parse_csv(text: str, name: str, filled: Filled) -> Parsed:
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
            cells = [unguard(c) for c in cells]
            out.append((number, _term(dict(zip(header, cells)), name, number, filled)))
    except csv.Error as exc:
        raise GlossaryFormatError(f"{name}:{reader.line_num}: not valid CSV ({exc})") from None
    return out


def _parse_json(text: str, name: str, filled: Filled | None = None) -> Parsed:
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
        out.append((line, _term(item, name, line)))      # our own format: ids as given
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

def dumps(terms: Iterable[Term], fmt: str, policy: Policy = SPREADSHEET,
          approved_only: bool = False) -> str:
    """The terms as the text of a file in `fmt` (a CSV under the CSV `policy`; a TBX
    `approved_only` for tools that ignore term status)."""
    terms = list(terms)
    if fmt == "tsv":
        return _dump_tsv(terms)
    if fmt == "csv":
        return _dump_csv(terms, policy)
    if fmt == "json":
        return json.dumps({"format": JSON_FORMAT, "version": 1,
                           "terms": [t.to_dict() for t in terms]},
                          ensure_ascii=False, indent=2) + "\n"
    if fmt == "tbx":
        from workbench.terms.tbx import dump_tbx
        return dump_tbx(terms, approved_only)
    if fmt == "omegat":
        from workbench.terms import omegat_glossary
        return omegat_glossary.dump(terms)
    raise GlossaryFormatError(f"format {fmt!r}: use one of {', '.join(FORMATS)}")


def export_text(db: Database, fmt: str, policy: Policy = SPREADSHEET,
                approved_only: bool = False) -> tuple[str, int]:
    from workbench.terms.store import list_terms
    terms = list_terms(db)
    if approved_only:
        terms = [t for t in terms if t.status != "deprecated"]
    return dumps(terms, fmt, policy, approved_only), len(terms)


def _cells(t: Term) -> list[str]:
    d = t.to_dict()
    return [join_list(d[c]) if c in LIST_FIELDS else d[c] for c in COLUMNS]


def _dump_tsv(terms: list[Term]) -> str:
    lines = ["\t".join(COLUMNS)] + ["\t".join(_cells(t)) for t in terms]
    return "\n".join(lines) + "\n"


def _dump_csv(terms: list[Term], policy: Policy) -> str:
    """CSV under the CSV policy (the import takes a formula guard off again, so the file
    round-trips either way)."""
    out = io.StringIO()
    writer = Writer(out, policy)
    writer.writerow(COLUMNS)
    writer.writerows(_cells(t) for t in terms)
    return out.getvalue()
