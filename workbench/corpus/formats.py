"""Corpus exports beside the JSONL dump: a TMX translation memory and a flat CSV.

Both stream segments from the database (memory does not grow with the corpus) and share
the dump's signature, `write(db, out, document_id=None, on_record=None) -> count`, so
`workbench export corpus --format tmx|csv` picks them up from `WRITERS`.

The TMX holds one translation unit per translated Arabic segment: the post-edit when an
annotator made one, otherwise the machine translation, which a `x-workbench-origin`
property marks as such, so a downstream tool never mistakes raw MT for reviewed text.
"""

from __future__ import annotations

import csv
import re
from datetime import datetime, timezone
from typing import Callable, Iterator, TextIO
from xml.sax.saxutils import escape, quoteattr

from sqlite_utils import Database

TOOL = "workbench"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_SQL = (
    "SELECT s.id, s.document_id, s.position, s.kind, s.language, s.raw, s.hash, d.doc_key, "
    "d.title, d.outlet, d.published, d.url, t.postedit, t.postedit_by, t.postedit_at, "
    "tm.mt_text, tm.engine, tm.model, tm.model_version, tm.created_at AS mt_at, "
    "(SELECT COUNT(*) FROM claims c WHERE c.segment_id = s.id) AS claims "
    "FROM segments s JOIN documents d ON d.id = s.document_id "
    "LEFT JOIN translations t ON t.segment_id = s.id LEFT JOIN tm ON tm.id = t.tm_id "
    "WHERE d.is_current = 1 {more} ORDER BY s.document_id, s.position")


def safe_cell(value):
    """A CSV cell a spreadsheet will not run as a formula (= + - @, tab, CR prefixed by ')."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _rows(db: Database, document_id: int | None, translated_arabic: bool = False) -> Iterator[dict]:
    more, params = "", []
    if document_id is not None:
        more += " AND d.id = ?"
        params.append(document_id)
    if translated_arabic:
        more += (" AND s.language = 'ar' AND (NULLIF(t.postedit, '') IS NOT NULL "
                 "OR tm.mt_text IS NOT NULL)")
    cursor = db.conn.execute(_SQL.format(more=more), params)
    columns = [c[0] for c in cursor.description]
    while chunk := cursor.fetchmany(1000):
        for row in chunk:
            yield dict(zip(columns, row))


def translation(row: dict) -> tuple[str | None, str]:
    """(English text, origin): the post-edit, else the machine translation, else nothing."""
    if row.get("postedit"):
        return row["postedit"], "postedit"
    if row.get("mt_text") is not None:
        return row["mt_text"], "machine-translation"
    return None, ""


# --- TMX ---------------------------------------------------------------------------------

def _version() -> str:
    try:
        from importlib.metadata import version
        return version("workbench")
    except Exception:  # not installed as a distribution (running from a checkout)
        return "0.0.0"


def _tmx_date(value: str | None) -> str | None:
    """ISO 8601 → TMX's YYYYMMDDThhmmssZ (UTC); None when there is no usable date."""
    if not value:
        return None
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=timezone.utc)
    return stamp.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _text(value) -> str:
    return escape(_XML_INVALID.sub("", str(value)))


def _attr(value) -> str:
    return quoteattr(_XML_INVALID.sub("", str(value)))


def _prop(kind: str, value) -> str:
    return f'      <prop type="{kind}">{_text(value)}</prop>\n'


def write_tmx(db: Database, out: TextIO, document_id: int | None = None,
              on_record: Callable[[], None] | None = None) -> int:
    """TMX 1.4b: one <tu> per translated Arabic segment; returns the number of units."""
    now = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
    out.write(f'  <header creationtool="{TOOL}" creationtoolversion={_attr(_version())} '
              f'segtype="sentence" o-tmf="{TOOL}-sqlite" adminlang="en" srclang="ar" '
              f'datatype="plaintext" creationdate="{now}"/>\n  <body>\n')
    count = 0
    for row in _rows(db, document_id, translated_arabic=True):
        english, origin = translation(row)
        attrs = f'tuid="{row["id"]}"'
        if origin == "postedit":
            if changed := _tmx_date(row["postedit_at"]):
                attrs += f' changedate="{changed}"'
            if row["postedit_by"]:
                attrs += f" changeid={_attr(row['postedit_by'])}"
        elif created := _tmx_date(row["mt_at"]):
            attrs += f' creationdate="{created}"'
        out.write(f"    <tu {attrs}>\n")
        out.write(_prop("x-workbench-origin", origin))
        if origin == "machine-translation":
            out.write(_prop("x-mt-engine", f"{row['engine']} {row['model']} {row['model_version']}"))
        out.write(_prop("x-document", row["doc_key"]))
        if row["outlet"]:
            out.write(_prop("x-outlet", row["outlet"]))
        out.write(_prop("x-segment-hash", row["hash"]))
        out.write(f'      <tuv xml:lang="ar"><seg>{_text(row["raw"])}</seg></tuv>\n')
        out.write(f'      <tuv xml:lang="en"><seg>{_text(english)}</seg></tuv>\n')
        out.write("    </tu>\n")
        count += 1
        if on_record:
            on_record()
    out.write("  </body>\n</tmx>\n")
    return count


# --- CSV ---------------------------------------------------------------------------------

CSV_COLUMNS = ["segment_id", "document_id", "doc_key", "title", "outlet", "published", "url",
               "position", "kind", "language", "text", "translation", "translation_origin",
               "claims"]


def write_csv(db: Database, out: TextIO, document_id: int | None = None,
              on_record: Callable[[], None] | None = None) -> int:
    """One row per segment with its document, its English (and where it came from) and
    its number of claims; cells that a spreadsheet would run as formulas are escaped."""
    # every cell quoted: a CR or LF inside a cell survives whatever newline mode the file has
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for row in _rows(db, document_id):
        english, origin = translation(row)
        values = {**row, "segment_id": row["id"], "text": row["raw"], "translation": english,
                  "translation_origin": origin}
        writer.writerow([safe_cell(values[c]) for c in CSV_COLUMNS])
        count += 1
        if on_record:
            on_record()
    return count


WRITERS = {"tmx": write_tmx, "csv": write_csv}
