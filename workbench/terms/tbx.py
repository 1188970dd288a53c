"""TBX-Basic for the glossary: writing with ElementTree, reading with defusedxml's SAX parser
(which refuses entity declarations and external references and tells us line numbers).

The element mapping is described in workbench/terms/exchange.py.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field, replace
from xml.etree import ElementTree as ET
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler, feature_external_ges, feature_external_pes

from workbench.errors import GlossaryFormatError, InvalidValue
from workbench.terms.foreign import Filled, note_with_source_id
from workbench.terms.model import Term, has_arabic_letter, shown

_BREAKS = re.compile(r"\s*[\n\r\t]\s*")
MAX_DEPTH = 64  # TBX-Basic nests about 8 deep; the element walks below recurse
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
WORKING_STATUS = {"draft": "workingElement", "approved": "consolidatedElement",
                  "deprecated": "archiveElement"}
STATUS_OF_WORKING = {v: k for k, v in WORKING_STATUS.items()}
ADMIN_STATUS = {"approved": "preferredTerm-admn-sts", "acceptable": "admittedTerm-admn-sts",
                "forbidden": "deprecatedTerm-admn-sts"}
# administrativeStatus values other tools write, by what they mean here
KIND_OF_ADMIN = {"preferredterm-admn-sts": "preferred", "standardizedterm-admn-sts": "preferred",
                 "legalterm-admn-sts": "preferred", "regulatedterm-admn-sts": "preferred",
                 "admittedterm-admn-sts": "admitted", "deprecatedterm-admn-sts": "deprecated",
                 "supersededterm-admn-sts": "deprecated"}


# --- writing -----------------------------------------------------------------------------

FORBIDDEN_NOTE = "not: "


def dump_tbx(terms: list[Term], approved_only: bool = False) -> str:
    """TBX-Basic of the terms. `approved_only` is for tools that ignore term status (OmegaT
    offers every <term> it reads): deprecated terms are left out, and a forbidden rendering
    becomes a note of the English langSet ("not: ISIL"), never a <term>; reading such a
    file back gives the forbidden renderings again."""
    if approved_only:
        terms = [t for t in terms if t.status != "deprecated"]
    martif = ET.Element("martif", {"type": "TBX-Basic", XML_LANG: "ar"})
    header = ET.SubElement(martif, "martifHeader")
    file_desc = ET.SubElement(header, "fileDesc")
    ET.SubElement(ET.SubElement(file_desc, "sourceDesc"), "p").text = \
        "Controlled glossary of the Arabic-English workbench"
    ET.SubElement(ET.SubElement(header, "encodingDesc"), "p",
                  {"type": "XCSURI"}).text = "TBXBasicXCSV02.xcs"
    body = ET.SubElement(ET.SubElement(martif, "text"), "body")
    known = {t.id for t in terms}
    for t in terms:
        if approved_only and not set(t.related) <= known:     # no link to a term left out
            t = replace(t, related=tuple(r for r in t.related if r in known))
        body.append(_entry(t, approved_only))
    ET.indent(martif, space="  ")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(martif, encoding="unicode") + "\n")


def _entry(t: Term, approved_only: bool = False) -> ET.Element:
    entry = ET.Element("termEntry", {"id": t.id})
    ET.SubElement(entry, "descrip", {"type": "subjectField"}).text = t.category
    ET.SubElement(entry, "admin", {"type": "elementWorkingStatus"}).text = WORKING_STATUS[t.status]
    if t.vocabulary:
        ET.SubElement(entry, "admin", {"type": "customerSubset"}).text = t.vocabulary
    if t.note:
        ET.SubElement(entry, "note").text = t.note
    for rel in t.related:
        ET.SubElement(entry, "ref", {"type": "crossReference", "target": rel}).text = rel
    if t.changed_by or t.changed_at:
        grp = ET.SubElement(entry, "transacGrp")
        ET.SubElement(grp, "transac", {"type": "transactionType"}).text = "modification"
        if t.changed_by:
            ET.SubElement(grp, "transacNote", {"type": "responsibility"}).text = t.changed_by
        if t.changed_at:
            ET.SubElement(grp, "date").text = t.changed_at
    ar = ET.SubElement(entry, "langSet", {XML_LANG: "ar"})
    _tig(ar, t.term_ar, ADMIN_STATUS["approved"])
    for v in t.variants_ar:
        _tig(ar, v, ADMIN_STATUS["acceptable"])
    en = ET.SubElement(entry, "langSet", {XML_LANG: "en"})
    if approved_only:
        for text in t.forbidden_en:
            ET.SubElement(en, "note").text = FORBIDDEN_NOTE + text
    for kind, text in t.renderings():
        if not (approved_only and kind == "forbidden"):
            _tig(en, text, ADMIN_STATUS[kind])
    return entry


def _tig(lang_set: ET.Element, text: str, status: str) -> None:
    tig = ET.SubElement(lang_set, "tig")
    ET.SubElement(tig, "term").text = text
    ET.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = status


# --- reading -----------------------------------------------------------------------------

@dataclass
class _Node:
    tag: str
    attrs: dict
    line: int
    children: list["_Node"] = field(default_factory=list)
    text: str = ""

    def find_all(self, tag: str) -> list["_Node"]:
        return [c for c in self.children if c.tag == tag]

    def iter(self, tag: str):
        for c in self.children:
            if c.tag == tag:
                yield c
            yield from c.iter(tag)


class _TooDeep(Exception):
    """Raised from the SAX handler to stop a document nested deeper than TBX ever is."""

    def __init__(self, line: int) -> None:
        self.line = line


class _TreeBuilder(ContentHandler):
    """A small element tree that remembers the line each element starts on."""

    def __init__(self) -> None:
        super().__init__()
        self.root: _Node | None = None
        self._stack: list[_Node] = []
        self._locator = None

    def setDocumentLocator(self, locator) -> None:
        self._locator = locator

    def startElement(self, name, attrs) -> None:
        line = self._locator.getLineNumber() if self._locator else 0
        if len(self._stack) >= MAX_DEPTH:
            raise _TooDeep(line)
        node = _Node(name.rsplit(":", 1)[-1] if not name.startswith("xml:") else name,
                     {k: attrs[k] for k in attrs.getNames()}, line)
        if self._stack:
            self._stack[-1].children.append(node)
        else:
            self.root = node
        self._stack.append(node)

    def endElement(self, name) -> None:
        self._stack.pop()

    def characters(self, content) -> None:
        if self._stack:
            self._stack[-1].text += content


def _parse_xml(data: bytes, name: str) -> _Node:
    """Parse with defusedxml: any entity declaration (internal or external, so no billion
    laughs and no file or URL reads) is refused. A DOCTYPE naming an external DTD, which
    TBX files from other tools carry, is accepted, and the DTD is never fetched."""
    from defusedxml import DefusedXmlException
    from defusedxml.expatreader import create_parser
    builder = _TreeBuilder()
    parser = create_parser(forbid_dtd=False, forbid_entities=True, forbid_external=False)
    parser.setFeature(feature_external_ges, False)
    parser.setFeature(feature_external_pes, False)
    parser.setContentHandler(builder)
    try:
        parser.parse(io.BytesIO(data))
    except DefusedXmlException as exc:
        raise GlossaryFormatError(f"{name}: refused: the XML declares entities or refers to "
                                  f"external ones ({type(exc).__name__})") from None
    except SAXParseException as exc:
        raise GlossaryFormatError(f"{name}:{exc.getLineNumber()}: not well-formed XML "
                                  f"({exc.getMessage()})") from None
    except _TooDeep as exc:
        raise GlossaryFormatError(f"{name}:{exc.line}: not a TBX file (elements nested more "
                                  f"than {MAX_DEPTH} deep)") from None
    if builder.root is None:
        raise GlossaryFormatError(f"{name}:1: empty XML document")
    return builder.root


ENTRIES = ("termEntry", "conceptEntry")          # TBX-Basic / TBX v3 (ISO 30042:2019)
LANG_SETS = ("langSet", "langSec")
PLACEHOLDER_LANGS = ("", "xx", "und", "mul", "zxx")


def parse_tbx(data: bytes, name: str = "<tbx>",
              filled: Filled | None = None) -> list[tuple[int, Term]]:
    """The terms of a TBX-Basic (<martif>) or TBX v3 (<tbx>, namespaced or not) file. What
    another tool's file lacks is filled in and counted in `filled` (terms.foreign)."""
    filled = filled if filled is not None else Filled()
    root = _parse_xml(data, name)
    if root.tag not in ("martif", "tbx"):
        raise GlossaryFormatError(f"{name}:{root.line}: not a TBX file (root element "
                                  f"<{root.tag}>, expected <martif> or <tbx>)")
    out = []
    for entry in _entries(root):
        out.append((entry.line, _term_of(entry, name, filled)))
    if not out:
        raise GlossaryFormatError(f"{name}:{root.line}: no terms (no termEntry or "
                                  "conceptEntry elements)")
    return out


def _entries(node: _Node):
    for child in node.children:
        if child.tag in ENTRIES:
            yield child
        else:
            yield from _entries(child)


def _text(node: _Node) -> str:
    """An element's text, stripped; line breaks in wrapped text become a space."""
    return _BREAKS.sub(" ", node.text).strip()


def _typed(entry: _Node, tag: str, type_: str) -> list[_Node]:
    return [c for c in entry.find_all(tag) if c.attrs.get("type") == type_]


def _term_of(entry: _Node, name: str, filled: Filled) -> Term:
    where = f"{name}:{entry.line}"
    given = entry.attrs.get("id", "").strip()
    label = shown(given) if given else "without an id"
    fields: dict = {}
    subject = _typed(entry, "descrip", "subjectField")
    fields["category"] = filled.category_for(_text(subject[0]) if subject else None)
    working = _typed(entry, "admin", "elementWorkingStatus")
    if working:
        value = _text(working[0])
        fields["status"] = STATUS_OF_WORKING.get(value, value)
    else:
        fields["status"] = "draft"
    subset = _typed(entry, "admin", "customerSubset")
    fields["vocabulary"] = _text(subset[0]) if subset else ""
    fields["note"] = " ".join(_text(n) for n in entry.find_all("note"))
    fields["related"] = [r.attrs.get("target") or _text(r)
                         for r in _typed(entry, "ref", "crossReference")]
    for grp in entry.find_all("transacGrp"):
        notes = _typed(grp, "transacNote", "responsibility")
        dates = grp.find_all("date")
        fields["changed_by"] = _text(notes[0]) if notes else ""
        fields["changed_at"] = _text(dates[0]) if dates else ""
    ar_sets, en_sets = _ar_and_en(entry, where, label)
    arabic = _ordered([t for s in ar_sets for t in _terms_of(s, where)])
    english = _ordered([t for s in en_sets for t in _terms_of(s, where)])
    if not arabic["preferred"] or not english["preferred"]:
        raise GlossaryFormatError(f"{where}: term {label}: needs an Arabic (ar) and an English "
                                  "(en) term that is preferred or admitted")
    fields["term_ar"] = arabic["preferred"][0]
    fields["variants_ar"] = arabic["preferred"][1:] + arabic["admitted"] + arabic["deprecated"]
    fields["approved_en"] = english["preferred"][0]
    fields["acceptable_en"] = english["preferred"][1:] + english["admitted"]
    fields["forbidden_en"] = english["deprecated"] + [
        _text(n)[len(FORBIDDEN_NOTE):].strip() for s in en_sets for n in s.find_all("note")
        if _text(n).startswith(FORBIDDEN_NOTE)]
    fields["id"], original = filled.id_for(given, fields["term_ar"])
    fields["note"] = note_with_source_id(fields["note"], original)
    try:
        return Term.from_mapping(fields)
    except InvalidValue as exc:
        raise GlossaryFormatError(f"{where}: term {label}: {exc}") from None


def _lang(lang_set: _Node) -> str:
    lang = lang_set.attrs.get("xml:lang") or lang_set.attrs.get("lang") or ""
    return lang.split("-")[0].split("_")[0].strip().lower()


def _ar_and_en(entry: _Node, where: str, label: str) -> tuple[list[_Node], list[_Node]]:
    """The Arabic and the English language sets of an entry. A file that marks its languages
    is taken at its word; translate-toolkit's csv2tbx marks its source `en` and its target
    `xx` whatever they are, so when no set is marked `ar`, the `en` or placeholder sets whose
    terms are all Arabic script are the Arabic ones, and placeholder sets beside them the
    English ones."""
    sets = [s for s in entry.children if s.tag in LANG_SETS and _has_terms(s)]
    ar = [s for s in sets if _lang(s) == "ar"]
    if not ar:
        ar = [s for s in sets if _lang(s) in ("en", *PLACEHOLDER_LANGS)
              and all(has_arabic_letter(t.text) for t in s.iter("term"))]
    en = [s for s in sets if _lang(s) == "en" and s not in ar]
    if not en:
        en = [s for s in sets if s not in ar and _lang(s) in PLACEHOLDER_LANGS
              and not any(has_arabic_letter(t.text) for t in s.iter("term"))]
    if not ar or not en:
        found = ", ".join(_lang(s) or "none" for s in sets) or "none with terms"
        raise GlossaryFormatError(f"{where}: term {label}: language sets {found}; expected "
                                  "Arabic (ar) and English (en), each with a term")
    return ar, en


def _has_terms(lang_set: _Node) -> bool:
    return any(_text(t) for t in lang_set.iter("term"))


def _terms_of(lang_set: _Node, where: str) -> list[tuple[str, str | None, int]]:
    """(term, kind, line) for each tig/ntig; kind None when it carries no status."""
    out = []
    for group in [c for c in lang_set.children if c.tag in ("tig", "ntig", "termSec")]:
        terms = list(group.iter("term"))
        if not terms:
            continue
        kind = None
        for note in group.iter("termNote"):
            if note.attrs.get("type") == "administrativeStatus":
                value = _text(note)
                kind = KIND_OF_ADMIN.get(value.lower())
                if kind is None:
                    raise GlossaryFormatError(f"{where}: administrativeStatus {value!r} on line "
                                              f"{note.line} is not one TBX-Basic knows")
        out.append((_text(terms[0]), kind, group.line))
    return out


def _ordered(terms: list[tuple[str, str | None, int]]) -> dict[str, list[str]]:
    """Terms by kind; terms without a status: the first is preferred, the rest admitted."""
    out: dict[str, list[str]] = {"preferred": [], "admitted": [], "deprecated": []}
    has_preferred = any(kind == "preferred" for _, kind, _ in terms)
    for text, kind, _ in terms:
        if kind is None:
            kind = "admitted" if has_preferred or out["preferred"] else "preferred"
        out[kind].append(text)
    if not out["preferred"] and out["admitted"]:
        out["preferred"].append(out["admitted"].pop(0))
    return out
