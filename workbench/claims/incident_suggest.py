"""Incidents suggested: claims from different outlets and languages that tell one event.

Two claims may tell the same event when every test below passes; each test that passes is
kept as evidence of why they were grouped:

- the same claim type (a report of another kind of event is another event);
- dates within `WINDOW_DAYS` of each other, read with their precision (a day, a week, a month,
  a range; a claim without a date of its own is dated by its report: the report's day and
  the week before it). A date vaguer than a month (a year, a long range) groups nothing;
- the same place, or a place and the sub-district, district or governorate that holds it (a
  governorate only with an actor in common). Two different places, even in one district, are
  two events. Places resolved to the gazetteer compare by
  id and admin levels; places kept as text compare by their normalized text;
- the same actors, through the glossary (`actors.ActorIndex`: قسد = قوات سوريا الديمقراطية =
  SDF). Claims naming only other actors are other events; a claim naming none is neutral;
- compatible figures of each kind both report: outlets disagree (4 killed, about 20 dead), so
  figures only part claims when one is more than `FIGURE_RATIO` times the other (and more
  than `FIGURE_SLACK` apart).

Claims are only compared within blocks (claim type, governorate or place text, week), so the
work grows with the claims, not with their pairs. Groups are formed by complete linkage: a
claim joins a group only when it is compatible with every claim in it. A group holding
claims of one incident is a suggestion to add the others to it; two incidents never merge.
Pairs of claims in a rejected suggestion are never grouped again (`incident_review`).

A suggestion's KEY is derived from its claims (and incident), so it is the same on every run
until its claims change.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date as Date
from datetime import timedelta

from sqlite_utils import Database

from workbench import arabic

from .actors import Actor, ActorIndex

WINDOW_DAYS = 2          # reports of one event may date it this many days apart
REPORT_DAYS = 7          # an undated claim: its report's day and this many days before
LONGEST_SPAN = 31        # days: a vaguer date (a year, a long period) groups nothing
FIGURE_RATIO = 6.0       # one figure this many times the other: another event
FIGURE_SLACK = 5         # ... unless they are at most this far apart (2 and 9 wounded)
DECISIONS = "incident_decisions"

# how precise a place is, finest first (the gazetteer's precisions)
PLACE_ORDER = {"place": 0, "subdistrict": 1, "district": 2, "governorate": 3}


@dataclass
class Item:
    """A claim as the suggester compares it."""
    id: int
    claim_type: str
    outlet: str
    language: str
    incident_id: int | None
    first: int | None            # the date as a span of day ordinals (None: no usable date)
    last: int | None
    when: str                    # the date as the evidence names it
    place: str
    place_id: str
    admin1: str
    admin2: str
    admin3: str
    place_precision: str
    place_block: str             # the block key of its place ('' : no place)
    actors: list[Actor]
    figures: dict[str, tuple[float | None, float | None]]
    quantities: list[dict]
    date: str
    date_end: str
    date_precision: str
    claimant: str
    content: str


@dataclass
class Suggestion:
    key: str
    claim_type: str
    claim_ids: list[int]                # the claims to put on the incident
    incident_id: int | None             # the incident they join (None: a new one)
    title: str
    date: str
    place: str
    outlets: list[str]
    languages: list[str]
    evidence: list[dict] = field(default_factory=list)   # {claim_id, with, reasons}
    figures: list[dict] = field(default_factory=list)    # {kind, low, high, by_source}
    claims: list[dict] = field(default_factory=list)     # every claim of the group

    @property
    def all_claim_ids(self) -> list[int]:
        return [c["id"] for c in self.claims]

    def to_dict(self) -> dict:
        return asdict(self)


# --- reading claims ----------------------------------------------------------------------

def _day(value: str) -> Date | None:
    try:
        return Date.fromisoformat(value[:10])
    except (TypeError, ValueError):
        return None


def _parts(value: str) -> tuple[int, int | None, int | None] | None:
    bits = (value or "").strip().split("-")
    try:
        numbers = [int(b) for b in bits[:3]]
        if not numbers or len(bits[0]) != 4:
            return None
        Date(numbers[0], numbers[1] if len(numbers) > 1 else 1,
             numbers[2] if len(numbers) > 2 else 1)
    except ValueError:
        return None
    return (numbers[0], numbers[1] if len(numbers) > 1 else None,
            numbers[2] if len(numbers) > 2 else None)


def _span_of(value: str) -> tuple[Date, Date] | None:
    """The days a date as written covers: a day, a month or a year."""
    parts = _parts(value)
    if parts is None:
        return None
    year, month, day = parts
    if day is not None:
        d = Date(year, month, day)
        return d, d
    if month is not None:
        first = Date(year, month, 1)
        nxt = Date(year + (month == 12), month % 12 + 1, 1)
        return first, nxt - timedelta(days=1)
    return Date(year, 1, 1), Date(year, 12, 31)


def date_span(date: str, date_end: str, precision: str,
              published: str | None) -> tuple[int, int, str] | None:
    """The claim's date as (first day, last day, how it reads), as day ordinals.

    A week runs seven days from its date, a range from its date to its end; a claim with no
    date of its own is dated by its report (the report's day and the week before); None when
    neither says when."""
    if not (date or "").strip():
        day = _day(published or "")
        if day is None:
            return None
        return (day.toordinal() - REPORT_DAYS, day.toordinal(),
                f"reported {day.isoformat()} (no date of its own)")
    span = _span_of(date)
    if span is None:
        return None
    first, last = span
    end = _span_of(date_end) if date_end and precision != "day" else None
    if end is not None and end[1] >= first:
        last = end[1]
    elif precision == "week":
        last = first + timedelta(days=6)
    label = date + (f"…{date_end}" if end is not None and date_end != date else "")
    return first.toordinal(), last.toordinal(), f"{label} ({precision or 'as written'})"


def _bounds(q: dict) -> tuple[float | None, float | None]:
    """The lowest and highest number a figure reports ("more than 30": 31 both ways)."""
    low, value, high = (v if isinstance(v, (int, float)) else None
                        for v in (q.get("min"), q.get("value"), q.get("max")))
    return (low if low is not None else value if value is not None else high,
            high if high is not None else value if value is not None else low)


def _figures(quantities: list[dict], claim_type: str) -> dict[str, tuple]:
    """Per kind of figure, the lowest and highest number the claim gives."""
    out: dict[str, tuple] = {}
    for q in quantities:
        low, high = _bounds(q)
        if low is None and high is None:
            continue
        kind = q.get("event") or claim_type
        was = out.get(kind)
        out[kind] = (low, high) if was is None else (min(was[0], low), max(was[1], high))
    return out


def _place_block(admin1: str, place: str) -> str:
    if admin1:
        return f"a1:{admin1}"
    text = arabic.normalize(place or "").strip().casefold()
    return f"t:{text}" if text else ""


CLAIM_SQL = """
SELECT c.id, c.claim_type, c.outlet, c.incident_id, c.date, c.date_end, c.date_precision,
       c.place, c.place_id, c.admin1, c.admin2, c.admin3, c.place_precision, c.actors, c.quantities,
       c.claimant, c.content, s.language, d.published
FROM claims c JOIN segments s ON s.id = c.segment_id JOIN documents d ON d.id = s.document_id
ORDER BY c.id
"""


def load_items(db: Database, actors: ActorIndex) -> list[Item]:
    items = []
    for row in db.query(CLAIM_SQL):
        quantities = json.loads(row["quantities"] or "[]")
        span = date_span(row["date"], row["date_end"], row["date_precision"], row["published"])
        first = last = None
        when = "no date"
        if span is not None and span[1] - span[0] < LONGEST_SPAN:
            first, last, when = span
        elif span is not None:
            when = span[2]
        items.append(Item(
            id=row["id"], claim_type=row["claim_type"], outlet=row["outlet"] or "",
            language=row["language"], incident_id=row["incident_id"], first=first, last=last,
            when=when, place=row["place"] or "", place_id=row["place_id"] or "",
            admin1=row["admin1"] or "", admin2=row["admin2"] or "",
            admin3=row["admin3"] or "", place_precision=row["place_precision"] or "",
            place_block=_place_block(row["admin1"] or "", row["place"] or ""),
            actors=actors.of_claim(json.loads(row["actors"] or "[]"), row["content"],
                                   row["language"]),
            figures=_figures(quantities, row["claim_type"]), quantities=quantities,
            date=row["date"] or "", date_end=row["date_end"] or "",
            date_precision=row["date_precision"] or "", claimant=row["claimant"] or "",
            content=row["content"] or ""))
    return items


# --- comparing two claims ----------------------------------------------------------------

def _place_reason(a: Item, b: Item) -> str | None:
    """Why the two places are one (None: they are not). Resolved places compare at the level
    of the coarser one: two places must be the same place; a place and its sub-district,
    district or governorate share that level (a governorate only with a shared actor)."""
    if a.admin1 or b.admin1:
        if a.admin1 != b.admin1:
            return None
        if a.place_id and a.place_id == b.place_id:
            return f"same place: {a.place or a.place_id}"
        level = max(PLACE_ORDER.get(a.place_precision, 3), PLACE_ORDER.get(b.place_precision, 3))
        if level == 1 and a.admin3 and a.admin3 == b.admin3 and a.admin2 == b.admin2:
            return f"same sub-district: {a.admin3}"
        if level == 2 and a.admin2 and a.admin2 == b.admin2:
            return f"same district: {a.admin2}"
        if level == 3 and a.actors and b.actors:
            return f"within the governorate: {a.admin1}"
        return None
    if a.place_block and a.place_block == b.place_block:
        return f"same place: {a.place}"
    return None


def _figure_reason(a: Item, b: Item) -> tuple[bool, list[str]]:
    reasons = []
    for kind in sorted(set(a.figures) & set(b.figures)):
        (alo, ahi), (blo, bhi) = a.figures[kind], b.figures[kind]
        x = alo if alo is not None else ahi
        y = blo if blo is not None else bhi
        low, high = min(x, y), max(x, y)
        if high - low > FIGURE_SLACK and (low <= 0 or high / low > FIGURE_RATIO):
            return False, []
        reasons.append(f"{kind} figures compatible: {_num(x)} and {_num(y)}")
    return True, reasons


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def compare(a: Item, b: Item, rejected: set[frozenset]) -> list[str] | None:
    """The evidence that two claims tell one event, or None when they do not."""
    if a.incident_id is not None and a.incident_id == b.incident_id:
        return [f"both on incident {a.incident_id}"]
    if a.incident_id is not None and b.incident_id is not None:
        return None
    if a.claim_type != b.claim_type or a.first is None or b.first is None:
        return None
    if a.first - WINDOW_DAYS > b.last or b.first - WINDOW_DAYS > a.last:
        return None
    if rejected and frozenset((a.id, b.id)) in rejected:
        return None
    place = _place_reason(a, b)
    if place is None:
        return None
    shared = [x for x in a.actors if any(x.id == y.id for y in b.actors)]
    if a.actors and b.actors and not shared:
        return None
    ok, figures = _figure_reason(a, b)
    if not ok:
        return None
    reasons = [f"same type: {a.claim_type}", f"dates {a.when} and {b.when}", place]
    if shared:
        reasons.append("same actors: " + ", ".join(x.name for x in shared))
    return reasons + figures


# --- blocks and groups -------------------------------------------------------------------

def _blocks(items: list[Item]) -> dict[tuple, list[Item]]:
    out: dict[tuple, list[Item]] = {}
    for item in items:
        if item.first is None or not item.place_block:
            continue
        for week in range((item.first - WINDOW_DAYS) // 7, item.last // 7 + 1):
            out.setdefault((item.claim_type, item.place_block, week), []).append(item)
    return out


def _links(items: list[Item], rejected: set[frozenset]) -> dict[tuple[int, int], list[str]]:
    links: dict[tuple[int, int], list[str]] = {}
    seen: set[tuple[int, int]] = set()
    for block in _blocks(items).values():
        for i, a in enumerate(block):
            for b in block[i + 1:]:
                if a.first - WINDOW_DAYS > b.last or b.first - WINDOW_DAYS > a.last:
                    continue                       # the common case, decided cheaply
                pair = (a.id, b.id) if a.id < b.id else (b.id, a.id)
                if pair in seen:
                    continue
                seen.add(pair)
                reasons = compare(a, b, rejected)
                if reasons is not None:
                    links[pair] = reasons
    return links


def _groups(links: dict[tuple[int, int], list[str]]) -> list[tuple[list[int], list[tuple]]]:
    """Complete linkage over the links, strongest first: (claim ids, the links used)."""
    group_of: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    used: dict[int, list[tuple]] = {}
    for pair in sorted(links, key=lambda p: (-len(links[p]), p)):
        a, b = pair
        ga, gb = group_of.get(a), group_of.get(b)
        if ga is not None and ga == gb:
            continue
        left = members[ga] if ga is not None else [a]
        right = members[gb] if gb is not None else [b]
        if not all(((x, y) if x < y else (y, x)) in links for x in left for y in right):
            continue
        head = ga if ga is not None else gb if gb is not None else a
        edges = (used.pop(ga, []) if ga is not None else []) + \
            (used.pop(gb, []) if gb is not None else []) + [pair]
        for gone in (ga, gb):
            if gone is not None:
                members.pop(gone, None)
        members[head] = left + right
        used[head] = edges
        for x in members[head]:
            group_of[x] = head
    return [(sorted(ids), used[head]) for head, ids in members.items()]


def suggestion_key(claim_ids: list[int], incident_id: int | None) -> str:
    """Stable for the same claims (and incident): 10 hex digits."""
    text = f"{incident_id or ''}:{','.join(map(str, sorted(claim_ids)))}"
    return hashlib.sha1(text.encode()).hexdigest()[:10]


def _figure_table(group: list[Item]) -> list[dict]:
    kinds: dict[str, dict] = {}
    for item in group:
        for q in item.quantities:
            low, high = _bounds(q)
            kind = q.get("event") or item.claim_type
            entry = kinds.setdefault(kind, {"kind": kind, "low": None, "high": None,
                                            "by_source": {}})
            if low is not None:
                entry["low"] = low if entry["low"] is None else min(entry["low"], low)
            if high is not None:
                entry["high"] = high if entry["high"] is None else max(entry["high"], high)
            entry["by_source"].setdefault(item.outlet or "(no outlet)", []).append(
                {"claim_id": item.id, "raw": q.get("raw"), "low": low, "high": high,
                 "qualifier": q.get("qualifier")})
    return [kinds[k] for k in sorted(kinds)]


def _title(group: list[Item]) -> tuple[str, str, str]:
    """A title, date and place for a new incident: the finest date and place reported."""
    dated = sorted((x for x in group if x.date), key=lambda x: (
        {"day": 0, "week": 1, "range": 2, "month": 3}.get(x.date_precision, 4), x.date))
    placed = sorted((x for x in group if x.place), key=lambda x: (
        PLACE_ORDER.get(x.place_precision, 4), not x.place.isascii(), x.id))
    date = dated[0].date if dated else ""
    place = placed[0].place if placed else ""
    title = group[0].claim_type + (f" in {place}" if place else "") + (f", {date}" if date else "")
    return title, date, place


def _claim_dict(item: Item) -> dict:
    return {"id": item.id, "claim_type": item.claim_type, "outlet": item.outlet,
            "language": item.language, "incident_id": item.incident_id,
            "claimant": item.claimant, "date": item.date, "date_end": item.date_end,
            "date_precision": item.date_precision, "place": item.place,
            "place_id": item.place_id, "admin2": item.admin2,
            "actors": [a.name for a in item.actors],
            "figures": [q.get("raw") for q in item.quantities], "content": item.content}


def rejected_pairs(db: Database) -> set[frozenset]:
    out: set[frozenset] = set()
    if not db[DECISIONS].exists():
        return out
    for (ids,) in db.execute(f"SELECT claim_ids FROM {DECISIONS} WHERE decision = 'rejected'"):
        members = json.loads(ids or "[]")
        out.update(frozenset((a, b)) for i, a in enumerate(members) for b in members[i + 1:])
    return out


def load_actors(db: Database) -> ActorIndex:
    from workbench.terms import glossary
    return ActorIndex(glossary.load(db))


def suggest_incidents(db: Database, actors: ActorIndex | None = None) -> list[Suggestion]:
    """Every group of claims that seems to tell one event and is not one incident yet,
    largest first."""
    actors = actors if actors is not None else load_actors(db)
    items = load_items(db, actors)
    by_id = {x.id: x for x in items}
    links = _links(items, rejected_pairs(db))
    out = []
    for ids, edges in _groups(links):
        group = [by_id[i] for i in ids]
        incidents = {x.incident_id for x in group if x.incident_id is not None}
        incident_id = next(iter(incidents)) if incidents else None
        new = [x.id for x in group if x.incident_id is None]
        if not new:
            continue
        title, date, place = _title(group)
        evidence = [{"claim_id": b, "with": a, "reasons": links[(a, b)]} for a, b in edges]
        out.append(Suggestion(
            key=suggestion_key(new, incident_id), claim_type=group[0].claim_type,
            claim_ids=new, incident_id=incident_id, title=title, date=date, place=place,
            outlets=sorted({x.outlet for x in group if x.outlet}),
            languages=sorted({x.language for x in group}), evidence=evidence,
            figures=_figure_table(group), claims=[_claim_dict(x) for x in group]))
    out.sort(key=lambda s: (-len(s.claims), s.date, s.key))
    return out
