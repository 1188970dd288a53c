"""Corpus exports beside the JSONL dump: a TMX translation memory and a flat CSV.

Both write the dump's records (`corpus.export.iter_records`) as they come, so memory does not
grow with the corpus: `write(records, out, on_record=None) -> count`. What a record says of a
segment's English is its `translation` field, `{text, origin, by, at, match, mt, ...}` or
null, as `workbench.mt.english` decides it; `workbench.exports` assembles the records (and
filters them by origin). The CSV's claim count is the length of a record's `claims`.

The TMX holds one translation unit per translated Arabic segment, its origin (postedit,
match, mt) in an `x-workbench-origin` property, so a downstream tool never mistakes raw MT
for reviewed text.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Callable, Iterable, TextIO
from xml.sax.saxutils import XMLGenerator

from workbench.csvfile import SPREADSHEET, Policy, Writer

TOOL = "workbench"
_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


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


def write_tmx(records: Iterable[dict], out: TextIO,
              on_record: Callable[[], None] | None = None) -> int:
    """TMX 1.4b: one <tu> per translated Arabic segment, streamed; returns the number of units.

    A post-edit or 100% match carries who wrote it and when (changeid, changedate), a match
    the segment it was made on (x-match-from); MT carries its model (x-mt-engine) and date."""
    tmx = _Tmx(out)
    tmx.xml.startDocument()
    tmx.start(0, "tmx", {"version": "1.4"})
    tmx.element(1, "header", {
        "creationtool": TOOL, "creationtoolversion": _version(), "segtype": "sentence",
        "o-tmf": f"{TOOL}-sqlite", "adminlang": "en", "srclang": "ar", "datatype": "plaintext",
        "creationdate": datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")})
    tmx.start(1, "body")
    count = 0
    for record in records:
        english = record.get("translation")
        if english is None or record["language"] != "ar":
            continue
        origin, mt = english["origin"], english.get("mt") or {}
        attrs: dict[str, object] = {"tuid": record["segment_id"]}
        if origin == "mt":
            if created := _tmx_date(english["at"]):
                attrs["creationdate"] = created
        else:
            if changed := _tmx_date(english["at"]):
                attrs["changedate"] = changed
            if english["by"]:
                attrs["changeid"] = english["by"]
        tmx.start(2, "tu", attrs)
        tmx.prop("x-workbench-origin", origin)
        if origin == "mt":
            tmx.prop("x-mt-engine", _model(mt))
        elif origin == "match":
            tmx.prop("x-match-from", english["match"]["segment_id"])
        document = record["document"]
        tmx.prop("x-document", document["doc_key"])
        if document["outlet"]:
            tmx.prop("x-outlet", document["outlet"])
        tmx.prop("x-segment-hash", record["hash"])
        tmx.tuv("ar", record["text"])
        tmx.tuv("en", english["text"])
        tmx.end(2, "tu")
        count += 1
        if on_record:
            on_record()
    tmx.end(1, "body")
    tmx.end(0, "tmx")
    tmx.xml.ignorableWhitespace("\n")
    tmx.xml.endDocument()
    return count


def _model(mt: dict) -> str:
    return " ".join(str(mt[k]) for k in ("engine", "model", "model_version") if mt.get(k))


# --- CSV ---------------------------------------------------------------------------------

CSV_COLUMNS = ["segment_id", "document_id", "doc_key", "title", "outlet", "published", "url",
               "position", "kind", "language", "text", "translation", "translation_origin",
               "translation_by", "translation_at", "translation_model", "claims"]


def write_csv(records: Iterable[dict], out: TextIO,
              on_record: Callable[[], None] | None = None, policy: Policy = SPREADSHEET) -> int:
    """One row per record with its document, its English (where it came from: origin, who
    and when for a post-edit or match, the model for MT) and its number of claims, written
    under the CSV policy (`workbench.csvfile`)."""
    writer = Writer(out, policy)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for record in records:
        document = record["document"]
        english = record.get("translation") or {}
        values = {
            "segment_id": record["segment_id"], "document_id": document["id"],
            "doc_key": document["doc_key"], "title": document["title"],
            "outlet": document["outlet"], "published": document["published"],
            "url": document["url"], "position": record["position"], "kind": record["kind"],
            "language": record["language"], "text": record["text"],
            "translation": english.get("text"), "translation_origin": english.get("origin"),
            "translation_by": english.get("by"), "translation_at": english.get("at"),
            "translation_model": _model(english["mt"]) if english.get("origin") == "mt" else None,
            "claims": len(record.get("claims") or ())}
        writer.writerow([values[c] for c in CSV_COLUMNS])
        count += 1
        if on_record:
            on_record()
    return count
