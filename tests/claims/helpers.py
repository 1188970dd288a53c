"""Helpers for the claims tests: documents from plain lines, and a small stand-in glossary.

The stand-in has only the glossary API the claims code relies on (`find(text)` → hits with
term_id/start/end, `terms` id → category and approved_en), so these tests do not depend on
how the real matcher works.
"""

from __future__ import annotations

import re
import unicodedata
from types import SimpleNamespace

from workbench import arabic
from workbench.corpus.importer import document_from_text
from workbench.store.documents import NewDocument, NewSegment, save_document


class FakeGlossary:
    def __init__(self, entries: dict[str, tuple[str, str, str]]):
        self.terms = {tid: SimpleNamespace(id=tid, term_ar=ar, approved_en=en, category=cat)
                      for tid, (ar, en, cat) in entries.items()}

    def find(self, text: str):
        norm = arabic.normalize_with_offsets(text)
        hits = []
        for tid, term in self.terms.items():
            for m in re.finditer(rf"(?<!\w)(?:[وفبل]|لل|ال|بال)?{re.escape(arabic.normalize(term.term_ar))}",
                                 norm.text):
                start, end = norm.raw_span(m.start(), m.end())
                hits.append(SimpleNamespace(term_id=tid, term_ar=term.term_ar,
                                            surface=text[start:end], start=start, end=end))
        return sorted(hits, key=lambda h: h.start)


GLOSSARY = {
    "isf": ("قوى الأمن الداخلي", "Internal Security Forces", "actor"),
    "sdf-acronym": ("قسد", "SDF", "actor"),
    "sdf": ("قوات سوريا الديمقراطية", "Syrian Democratic Forces", "actor"),
    "daesh": ("داعش", "ISIS", "actor"),
    "asayish": ("الأسايش", "Asayish", "actor"),
    "coalition": ("التحالف الدولي", "International Coalition", "actor"),
    "busayrah": ("البصيرة", "Busayrah", "place"),
    "deir-ez-zor": ("دير الزور", "Deir ez-Zor", "place"),
    "canton": ("مقاطعة", "canton", "place"),
}


def _is_mark(ch: str) -> bool:
    return ch == "\u0640" or unicodedata.category(ch) == "Mn"


def check_quantity_spans(text: str, quantities) -> None:
    """What must hold of the spans of any text's quantities, checked on the text itself: in
    order and disjoint; trimmed; starting on a character that is neither a mark nor invisible;
    ending after every mark of its last letter (شخصاً whole, not شخص); holding a digit or a
    letter, and the counted noun."""
    last = 0
    for q in quantities:
        assert last <= q.start < q.end <= len(text), (q, last)
        span = text[q.start:q.end]
        assert span == span.strip(), q
        assert not _is_mark(span[0]) and unicodedata.category(span[0]) != "Cf", q
        assert q.end == len(text) or not _is_mark(text[q.end]), q
        assert any(ch.isalnum() for ch in span), q
        assert q.noun is None or q.noun in span, q
        last = q.end


def add_text(db, text: str, key: str = "test:doc", outlet: str | None = "Test Outlet") -> list[dict]:
    """A document whose segments are the given lines; returns the segment rows."""
    lines = [line for line in text.split("\n") if line.strip()]
    result = save_document(db, NewDocument(doc_key=key, text=text, outlet=outlet,
                                           segments=[NewSegment(line) for line in lines]))
    return list(db.query("SELECT * FROM segments WHERE document_id = ? ORDER BY position",
                         [result.document_id]))


def add_page(db, path) -> int:
    text = path.read_text(encoding="utf-8")
    return save_document(db, document_from_text(text, f"seed:{path.name}", str(path))).document_id


def doc_id(db, name: str) -> int:
    return db.execute("SELECT id FROM documents WHERE doc_key = ?", [f"sample:{name}"]).fetchone()[0]
