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
from xml.sax.saxutils import XMLGenerator

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


def _clean(value) -> str:
    """The text without the characters XML 1.0 cannot carry at all (NUL and the other C0
    controls but tab, LF and CR; U+FFFE, U+FFFF): they are dropped, never written into a
    file no parser would read. Every other character is written as it is, escaped where XML
    needs it."""
    return _XML_INVALID.sub("", str(value))


class _Tmx:
    """Elements written as they come through XMLGenerator (which escapes text and attributes),
    indented one level per depth so that the file reads like the TMX examples."""

    def __init__(self, out: TextIO):
        self.xml = XMLGenerator(out, encoding="UTF-8", short_empty_elements=True)

    def start(self, depth: int | None, name: str, attrs: dict[str, object] | None = None) -> None:
        """Open `name` on a new line at `depth` (None: inline, right where the writing is)."""
        if depth:
            self.xml.ignorableWhitespace("\n" + "  " * depth)
        self.xml.startElement(name, {key: _clean(value) for key, value in (attrs or {}).items()})

    def end(self, depth: int | None, name: str) -> None:
        """Close `name` on a line of its own at `depth` (None: right after its content)."""
        if depth is not None:
            self.xml.ignorableWhitespace("\n" + "  " * depth)
        self.xml.endElement(name)

    def element(self, depth: int | None, name: str, attrs: dict[str, object] | None = None,
                text: object = None) -> None:
        """A whole element with its text, on one line."""
        self.start(depth, name, attrs)
        if text is not None:
            self.xml.characters(_clean(text))
        self.xml.endElement(name)

    def prop(self, kind: str, value) -> None:
        self.element(3, "prop", {"type": kind}, value)

    def tuv(self, lang: str, text: str) -> None:
        self.start(3, "tuv", {"xml:lang": lang})
        self.element(None, "seg", None, text)
        self.end(None, "tuv")


def write_tmx(db: Database, out: TextIO, document_id: int | None = None,
              on_record: Callable[[], None] | None = None) -> int:
    """TMX 1.4b: one <tu> per translated Arabic segment, streamed; returns the number of units."""
    tmx = _Tmx(out)
    tmx.xml.startDocument()
    tmx.start(0, "tmx", {"version": "1.4"})
    tmx.element(1, "header", {
        "creationtool": TOOL, "creationtoolversion": _version(), "segtype": "sentence",
        "o-tmf": f"{TOOL}-sqlite", "adminlang": "en", "srclang": "ar", "datatype": "plaintext",
        "creationdate": datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")})
    tmx.start(1, "body")
    count = 0
    for row in _rows(db, document_id, translated_arabic=True):
        english, origin = translation(row)
        attrs: dict[str, object] = {"tuid": row["id"]}
        if origin == "postedit":
            if changed := _tmx_date(row["postedit_at"]):
                attrs["changedate"] = changed
            if row["postedit_by"]:
                attrs["changeid"] = row["postedit_by"]
        elif created := _tmx_date(row["mt_at"]):
            attrs["creationdate"] = created
        tmx.start(2, "tu", attrs)
        tmx.prop("x-workbench-origin", origin)
        if origin == "machine-translation":
            tmx.prop("x-mt-engine", f"{row['engine']} {row['model']} {row['model_version']}")
        tmx.prop("x-document", row["doc_key"])
        if row["outlet"]:
            tmx.prop("x-outlet", row["outlet"])
        tmx.prop("x-segment-hash", row["hash"])
        tmx.tuv("ar", row["raw"])
        tmx.tuv("en", english)
        tmx.end(2, "tu")
        count += 1
        if on_record:
            on_record()
    tmx.end(1, "body")
    tmx.end(0, "tmx")
    tmx.xml.ignorableWhitespace("\n")
    tmx.xml.endDocument()
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
