"""One document as the passage view sees it: segments loaded a window at a time, each with
its English as `workbench.mt.english` decides it (post-edit, else 100% match, else machine
translation, else glossary gloss), its glossary terms coloured by QA state, and its QA
problems.

Only the segments the view asks for are read and checked, so a document of 100,000
segments opens as fast as one of ten. The glossary is optional: until it is loaded (or in a
build without it) segments show without terms.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from sqlite_utils import Database

    from workbench.mt.english import English

from workbench.tui import data

WINDOW = 40          # segments read per query
CACHE = 600          # segments kept in memory per document

# QA state of a glossary term in a segment
APPROVED = "approved"     # the English has the approved (or an acceptable) rendering
MISSING = "missing"       # the English lacks an approved rendering
FORBIDDEN = "forbidden"   # the English uses a forbidden rendering
PENDING = "pending"       # no English yet to check against

# what the English column holds (the origins of workbench.mt.english, not imported here: it
# pulls in sqlite-utils); MATCH: another segment's post-edit of the same content, offered
# until an annotator accepts it (M) or writes their own
POSTEDIT, MATCH, MT, GLOSS = "postedit", "match", "mt", "gloss"


@dataclass
class TermMark:
    start: int
    end: int
    term_id: str
    state: str


@dataclass
class SegmentInfo:
    id: int
    document_id: int
    position: int
    raw: str
    language: str
    kind: str = "body"
    english: str | None = None
    origin: str | None = None           # POSTEDIT, MATCH, MT, GLOSS or None
    postedit_by: str | None = None
    match_from: int | None = None       # MATCH: the segment whose post-edit it is
    mt_text: str | None = None
    marks: list[TermMark] = field(default_factory=list)      # Arabic offsets
    en_marks: list[TermMark] = field(default_factory=list)   # English offsets
    problems: list[Any] = field(default_factory=list)        # terms.qa Problems
    claims: int = 0
    checked: bool = False                # terms and QA filled in (done when first shown)
    source: English | None = None        # the core's answer this was built from

    @property
    def is_arabic(self) -> bool:
        return self.language == "ar"

    @property
    def translated(self) -> bool:
        return self.origin in (POSTEDIT, MATCH, MT)

    def signature(self) -> tuple:
        """Everything that shows in the segment's block: equal signatures draw the same lines,
        so a block drawn before can be reused (after a refresh, or when a document is opened
        again) and a changed segment never shows a stale one."""
        return (self.id, self.language, self.english, self.origin, self.postedit_by,
                self.match_from,
                tuple((m.start, m.end, m.state) for m in self.marks),
                tuple((m.start, m.end, m.state) for m in self.en_marks),
                tuple(p.kind for p in self.problems), self.claims)


class LoadedGlossary:
    """The glossary as the UI holds it once loaded: the terms of a segment marked by QA state.

    Not `terms.glossary.Glossary` (the matcher, kept as `.glossary`): this wraps it for the
    screen, which asks `mt.english` for the English and its QA.
    """

    def __init__(self, glossary: Any):
        self.glossary = glossary

    def term(self, term_id: str) -> Any:
        return getattr(self.glossary, "terms", {}).get(term_id)

    def annotate(self, info: SegmentInfo) -> None:
        """Fill info's term marks and QA problems from its Arabic and English."""
        if not info.is_arabic:
            info.en_marks = [TermMark(h.start, h.end, h.term_id,
                                      FORBIDDEN if h.kind == FORBIDDEN else APPROVED)
                             for h in self.glossary.find_en(info.raw)]
            return
        from workbench.mt import english as core
        hits = self.glossary.find(info.raw)
        found = core.assess(info.source or core.English(info.id), info.raw, self.glossary)
        if not found.translated:
            info.marks = [TermMark(h.start, h.end, h.term_id, PENDING) for h in hits]
            if found.origin == GLOSS:
                info.english, info.origin = found.text, GLOSS
            return
        english = found.text
        problems = list(found.problems)
        info.problems = problems
        bad: dict[str, set[str]] = {}
        for p in problems:
            bad.setdefault(p.term_id, set()).add(p.kind)
        info.marks = [TermMark(h.start, h.end, h.term_id,
                               FORBIDDEN if FORBIDDEN in bad.get(h.term_id, ())
                               else MISSING if MISSING in bad.get(h.term_id, ()) else APPROVED)
                      for h in hits]
        flagged = {(p.start, p.end) for p in problems if p.kind == FORBIDDEN}
        marks = {}
        for h in self.glossary.find_en(english, only={h.term_id for h in hits}):
            state = FORBIDDEN if (h.start, h.end) in flagged else APPROVED
            marks.setdefault((h.start, h.end), TermMark(h.start, h.end, h.term_id, state))
        info.en_marks = sorted(marks.values(), key=lambda m: m.start)


class Passage:
    """A document's segments by position, read on demand and cached."""

    def __init__(self, db: Callable[[], Database], doc: dict, glossary: LoadedGlossary | None = None):
        self._db = db
        self.doc = doc
        self.document_id: int = doc["id"]
        self.count: int = doc.get("segment_count") or data.segment_count(db(), doc["id"])
        self.glossary = glossary
        self._cache: OrderedDict[int, SegmentInfo] = OrderedDict()

    @property
    def title(self) -> str:
        return self.doc.get("title") or self.doc.get("doc_key") or f"document {self.document_id}"

    def get(self, position: int) -> SegmentInfo | None:
        if not 0 <= position < self.count:
            return None
        info = self._cache.get(position)
        if info is None:
            first = max(0, position - WINDOW // 4)
            self._load(first, WINDOW)
            info = self._cache.get(position)
        else:
            self._cache.move_to_end(position)
        if info is not None and not info.checked and self.glossary is not None:
            self.glossary.annotate(info)     # only segments that are shown are checked
            info.checked = True
        return info

    def invalidate(self, positions: list[int] | None = None) -> None:
        """Forget segments (all by default) so they are read and checked again."""
        if positions is None:
            self._cache.clear()
        else:
            for p in positions:
                self._cache.pop(p, None)

    def set_glossary(self, glossary: LoadedGlossary | None) -> None:
        self.glossary = glossary
        self.invalidate()

    def _load(self, first: int, count: int) -> None:
        from workbench.mt.english import english_of
        db = self._db()
        rows = data.segment_window(db, self.document_id, first, count)
        ids = [r["id"] for r in rows]
        english = english_of(db, ids)
        claims = data.claim_counts(db, ids)
        for row in rows:
            if row["position"] in self._cache:
                continue
            info = build_info(row, english.get(row["id"]), claims.get(row["id"], 0), None)
            self._cache[row["position"]] = info
        while len(self._cache) > CACHE:
            self._cache.popitem(last=False)


def build_info(row: dict, english: English | None, claims: int,
               glossary: LoadedGlossary | None) -> SegmentInfo:
    """A segment as the passage shows it, its English as `mt.english` answered (checked,
    or glossed, against the glossary when one is given)."""
    info = SegmentInfo(id=row["id"], document_id=row["document_id"], position=row["position"],
                       raw=row["raw"], language=row["language"], kind=row.get("kind", "body"),
                       claims=claims, source=english)
    if english is not None:
        info.mt_text = english.mt.text if english.mt is not None else None
        if english.translated:
            info.english, info.origin = english.text, english.origin
            if english.origin in (POSTEDIT, MATCH):
                info.postedit_by, info.match_from = english.by, english.match_from
    if glossary is not None:
        glossary.annotate(info)
        info.checked = True
    return info


def next_problem(db: "Database", document_id: int, after: int, glossary: LoadedGlossary | None,
                 cancelled: Callable[[], bool] = lambda: False, chunk: int = 400) -> int | None:
    """Position of the next translated segment with a QA problem after `after`, wrapping
    round to the top of the document; None when there is none (or no glossary)."""
    if glossary is None:
        return None

    from workbench.mt.english import assess, english_of

    def scan(position: int, stop: int | None) -> int | None:
        while not cancelled():
            rows = data.arabic_rows_after(db, document_id, position, chunk)
            english = english_of(db, [r["id"] for r in rows])
            for row in rows:
                if stop is not None and row["position"] >= stop:
                    return None
                found = english[row["id"]]
                if found.translated and assess(found, row["raw"], glossary.glossary).problems:
                    return row["position"]
            if len(rows) < chunk:
                return None
            position = rows[-1]["position"]
        return None

    found = scan(after, None)
    return found if found is not None or after < 0 else scan(-1, after + 1)
