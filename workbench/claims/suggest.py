"""Candidate claims: segments with a reporting verb and a figure or a glossary actor.

Each candidate is a full `Claim` pre-filled with what could be read off the text — the
claimant (carried over from the previous speaker for «وأضاف أن», "he said"), the cue, a
type from keywords, the glossary actors in the content, its date against the report's date
(`dates`) and its place in the gazetteer (`places`), and its quantities, each tagged with
the event it counts. Nothing is saved: `accept` stores chosen ones.

A suggestion is addressed as SEGMENT:N (N counts from 1 within the segment, in text
order). The numbering covers accepted and rejected suggestions too, so deciding on one never
renumbers the others; accepted ones carry `accepted_as`, rejected ones `rejected_by` (see
`review`), and both are left out unless `include_accepted`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import asdict, dataclass, field
from datetime import date as Date
from functools import lru_cache
from itertools import accumulate
from typing import Any

from sqlite_utils import Database

from workbench import arabic
from workbench.errors import NotFound

from .cues import Claimant, attributions, split_claimant
from .dates import find_dates, pick_date, report_date
from .kinds import kind_hits, nearest_kind
from .model import Claim, claim_type_names
from .places import load_gazetteer, unresolved
from .quantities import extract_quantities
from .store import list_claims, rejected_suggestions

CUE_TYPES = {"accusation": "accusation", "demand": "demand"}


@dataclass(frozen=True)
class Entity:
    """A glossary actor or place found in a segment (raw offsets)."""
    start: int
    end: int
    term_id: str
    name: str        # the approved English name
    category: str
    surface: str


@dataclass
class Suggestion:
    segment_id: int
    index: int
    document_id: int
    claim: Claim
    accepted_as: int | None = None
    rejected_by: str | None = None      # who rejected it (it is offered no more)

    @property
    def key(self) -> str:
        return f"{self.segment_id}:{self.index}"

    def to_dict(self) -> dict:
        claim = asdict(self.claim)
        for unsaved in ("id", "annotator", "created_at", "updated_at"):
            claim.pop(unsaved)
        return {"key": self.key, "document_id": self.document_id,
                "accepted_as": self.accepted_as, "rejected_by": self.rejected_by, **claim}


def load_glossary(db: Database):
    """The compiled glossary (actors and places come from it)."""
    from workbench.terms import glossary
    return glossary.load(db)


def entities(glossary: Any, raw: str, language: str) -> list[Entity]:
    """Glossary actors and places in a segment: Arabic through `find`, English through the
    glossary's English matcher when it has one, else through the approved names."""
    if glossary is None:
        return []
    found: dict[tuple[int, int, str], Entity] = {}

    def add(term_id: str, start: int, end: int) -> None:
        term = glossary.terms.get(term_id)
        if term is not None and term.category in ("actor", "place"):
            found.setdefault((start, end, term_id), Entity(start, end, term_id, term.approved_en,
                                                           term.category, raw[start:end]))

    for hit in glossary.find(raw):
        add(hit.term_id, hit.start, hit.end)
    if language != "ar":
        find_en = getattr(glossary, "find_en", None)
        if callable(find_en):
            for hit in find_en(raw):
                add(hit.term_id, hit.start, hit.end)
        else:
            for term_id, term in glossary.terms.items():
                name = re.sub(r"^the\s+", "", term.approved_en or "", flags=re.IGNORECASE)
                if name:
                    for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", raw, re.IGNORECASE):
                        add(term_id, m.start(), m.end())
    by_span: dict[tuple[int, int], Entity] = {}
    for entity in sorted(found.values(), key=lambda e: (e.start, -e.end)):
        kept = by_span.get((entity.start, entity.end))
        if kept is None or (kept.name.casefold() != kept.surface.casefold()
                            and entity.name.casefold() == entity.surface.casefold()):
            by_span[(entity.start, entity.end)] = entity
    return list(by_span.values())


# Nouns of durations: «استمرت يومين», "for 48 hours" are not reported figures.
TIME_NOUNS = ("يوم يوما يومين يومان أيام ساعة ساعات ساعتين أسبوع أسبوعا أسبوعين أسابيع شهر شهرا "
              "شهرين أشهر شهور عام عاما عامين أعوام سنة سنتين سنوات سنين دقيقة دقائق "
              "day days hour hours week weeks month months year years minute minutes")


@lru_cache(maxsize=1)
def _time_nouns() -> frozenset[str]:
    return frozenset(arabic.normalize(w) for w in TIME_NOUNS.split())


def is_duration(quantity) -> bool:
    noun = re.sub(r"^(?:ال|بال|لل)", "", arabic.normalize(quantity.noun or ""))
    return noun in _time_nouns()


class _Sorted:
    """Spans (anything with .start and .end) sorted by start, so that those inside a part of
    a long segment are found by bisection, not by walking them all for every claim."""

    def __init__(self, items: list) -> None:
        self.items = items
        self.starts = [item.start for item in items]
        self.max_ends = list(accumulate((item.end for item in items), max))

    def inside(self, start: int, end: int) -> list:
        """The items with start <= item.start and item.end <= end, in order."""
        lo, hi = bisect_left(self.starts, start), bisect_right(self.starts, end)
        return [item for item in self.items[lo:hi] if item.end <= end]

    def near(self, start: int, end: int, window: int) -> list:
        """A run of the items, in order, holding every one within `window` of [start, end)."""
        lo, hi = bisect_left(self.max_ends, start - window), bisect_right(self.starts, end + window)
        return self.items[lo:hi]


_KEYWORD_WINDOW = 40   # nearest_kind's default: no keyword further off counts


def _event(keywords: _Sorted, start: int, end: int) -> str | None:
    return nearest_kind(keywords.near(start, end, _KEYWORD_WINDOW), start, end, _KEYWORD_WINDOW)


def figures_in(raw: str, start: int, end: int, default_event: str,
               durations: bool = True) -> list[dict]:
    """The quantities inside [start, end) of a segment, each tagged with the event it counts."""
    keywords = _Sorted(kind_hits(raw))
    return [{**q.to_dict(), "event": _event(keywords, q.start, q.end) or default_event}
            for q in _Sorted(extract_quantities(raw)).inside(start, end)
            if durations or not is_duration(q)]


def _is_generic_place(entity: Entity) -> bool:
    """«مقاطعة», «محافظة»: a one-word lowercase English name is a kind of place, not a place."""
    return " " not in entity.name and "-" not in entity.name and entity.name.islower()


def _place(raw: str, start: int, end: int, places: list[Entity], events: "Events") -> dict:
    """The claim's place fields: resolved to the gazetteer, else the first glossary place named
    in it, kept as text with precision unknown."""
    found = events.gazetteer.resolve(raw, start, end, hits=events.places_near(start, end))
    if found is not None:
        return found.to_dict()
    for entity in places:
        if not _is_generic_place(entity):
            return unresolved(entity.name).to_dict()
    return {}


@dataclass
class Events:
    """Dates and places of one document's segments, each segment read once (a long segment
    with many claims stays linear): the gazetteer, the report's date, and per segment its
    dates and its gazetteer places outside the glossary's actors («مجلس دير الزور العسكري»)."""
    gazetteer: Any
    report: Date | None = None
    dates: list = field(default_factory=list)
    places: list = field(default_factory=list)
    _date_starts: list[int] = field(default_factory=list)
    _place_starts: list[int] = field(default_factory=list)

    def read(self, raw: str, actors: "_Sorted") -> None:
        self.dates = find_dates(raw, self.report)
        self.places = [h for h in self.gazetteer.find(raw)
                       if not any(a.start <= h.start and h.end <= a.end
                                  for a in actors.near(h.start, h.end, 0))]
        self._date_starts = [r.start for r in self.dates]
        self._place_starts = [h.start for h in self.places]

    @staticmethod
    def _near(items: list, starts: list[int], start: int, end: int) -> list:
        """The items starting inside [start, end), and the few just before it."""
        return items[max(0, bisect_left(starts, start) - 8):bisect_left(starts, end)]

    def date_of(self, start: int, end: int) -> dict:
        near = self._near(self.dates, self._date_starts, start, end)
        after = self.dates[bisect_left(self._date_starts, end):][:1]
        return pick_date(near + after, start, end).to_dict()

    def places_near(self, start: int, end: int) -> list:
        return self._near(self.places, self._place_starts, start, end)


def _same_person(new: Claimant, previous: Claimant | None) -> bool:
    """«العبو» after «العقيد سليمان العبو», "Demir" after "Leyla Demir"."""
    if previous is None or new.role or new.org:
        return False
    words = arabic.normalize(new.name).split()
    return bool(words) and set(words) <= set(arabic.normalize(previous.name).split())


def _claim_type(kind: str, quantity_events: list[str], hits: _Sorted, start: int, end: int,
                known: set[str]) -> str:
    choice = CUE_TYPES.get(kind)
    if choice is None and quantity_events:
        choice = quantity_events[0]
    if choice is None:
        inside = hits.inside(start, end)
        choice = inside[0].kind if inside else None
    return choice if choice in known else "other"


def _segment_suggestions(db_types: set[str], seg: dict, outlet: str, glossary: Any,
                         previous: list[Claimant | None], events: Events) -> list[Claim]:
    """Candidate claims of one segment; `previous` holds the last claimant (carried along)."""
    raw, language = seg["raw"], seg["language"]
    found = entities(glossary, raw, language)
    actors = [e for e in found if e.category == "actor"]
    attributions_ = attributions(raw, language, [(e.start, e.end) for e in actors])
    if not attributions_:
        return []
    # each attribution looks at its own part of the segment: the spans are sorted once and
    # bisected, so a long segment with many cues stays linear
    quantities = _Sorted([q for q in extract_quantities(raw) if not is_duration(q)])
    keywords = _Sorted(kind_hits(raw))
    actor_spans = _Sorted(actors)
    places = _Sorted([e for e in found if e.category == "place"])
    events.read(raw, actor_spans)
    out = []
    for att in attributions_:
        start, end = att.content
        if att.claimant:
            c_start, c_end = att.claimant
            orgs = [(e.start - c_start, e.end - c_start, e.name)
                    for e in actor_spans.inside(c_start, c_end)]
            claimant = split_claimant(raw[c_start:c_end], language, orgs)
            if _same_person(claimant, previous[0]):
                claimant = previous[0]
        else:
            claimant = previous[0] or Claimant("", "", "")
        if claimant.name:
            previous[0] = claimant
        figures = quantities.inside(start, end)
        named = actor_spans.inside(start, end)
        if not figures and not named:
            continue
        kinds = [_event(keywords, q.start, q.end) for q in figures]
        claim_type = _claim_type(att.cue.kind, [e for e in kinds if e], keywords, start, end,
                                 db_types)
        out.append(Claim(
            segment_id=seg["id"], start=start, end=end, claim_type=claim_type,
            content=raw[start:end], claimant=claimant.name, claimant_role=claimant.role,
            claimant_org=claimant.org, outlet=outlet, cue=raw[att.cue.start:att.cue.end],
            cue_start=att.cue.start, cue_end=att.cue.end,
            actors=list({e.term_id: {"name": e.name, "term_id": e.term_id, "surface": e.surface}
                         for e in named}.values()),
            **_place(raw, start, end, places.inside(start, end), events),
            **events.date_of(start, end),
            quantities=[{**q.to_dict(), "event": event or claim_type}
                        for q, event in zip(figures, kinds)]))
    return out


def suggest(db: Database, document_id: int | None = None, glossary: Any = None,
            include_accepted: bool = True) -> list[Suggestion]:
    """Candidate claims over current documents (or one document), in reading order."""
    glossary = glossary if glossary is not None else load_glossary(db)
    known = set(claim_type_names(db))
    params: list = []
    where = "WHERE is_current = 1"
    if document_id is not None:
        where = "WHERE id = ?"
        params.append(document_id)
    documents = list(db.query(f"SELECT id, outlet, published FROM documents {where} ORDER BY id",
                              params))
    gazetteer = load_gazetteer()
    if document_id is not None and not documents:
        raise NotFound(f"document {document_id}: no such document")
    out = []
    for doc in documents:
        accepted = {}
        for claim in list_claims(db, document_id=doc["id"]):
            if claim.cue_start is not None:
                accepted.setdefault((claim.segment_id, claim.cue_start, claim.cue_end), claim.id)
        rejected = rejected_suggestions(db, doc["id"])
        previous: list[Claimant | None] = [None]
        events = Events(gazetteer, report_date(doc["published"]))
        for seg in db.query("SELECT id, raw, language FROM segments WHERE document_id = ? "
                            "ORDER BY position", [doc["id"]]):
            for index, claim in enumerate(
                    _segment_suggestions(known, seg, doc["outlet"] or "", glossary, previous,
                                         events), 1):
                where = (claim.segment_id, claim.cue_start, claim.cue_end)
                taken, refused = accepted.get(where), rejected.get(where)
                suggestion = Suggestion(seg["id"], index, doc["id"], claim, taken,
                                        refused["rejected_by"] if refused else None)
                if include_accepted or (taken is None and refused is None):
                    out.append(suggestion)
    return out
