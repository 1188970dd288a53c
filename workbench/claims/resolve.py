"""A claim's date and place, resolved from its text: the one path that suggestions, new
claims (CLI, UI, accepted suggestions) and `workbench claims resolve` all take.

What a user gave is kept: a typed date is not replaced, and a typed place is looked up in the
gazetteer (its coordinates and admin levels filled) but keeps the user's precision. Only what
is missing is read from the claim's text, against its document's date (`documents.published`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date as Date

from sqlite_utils import Database

from .dates import find_dates, pick_date, report_date
from .model import Claim
from .places import Gazetteer, PlaceResolution, load_gazetteer

DATE_FIELDS = ("date", "date_end", "date_precision")
PLACE_FIELDS = ("place", "place_precision", "place_id", "latitude", "longitude", "admin1",
                "admin2", "admin3", "place_note")


def _actor_spans(raw: str, claim: Claim, start: int, end: int) -> list[tuple[int, int]]:
    """Where the claim's actors are named in and just before [start, end) of the segment: a
    place inside an actor's name («مجلس دير الزور العسكري») is not where the claim happened."""
    spans = []
    window = max(0, start - 2000)
    for actor in claim.actors:
        surface = str(actor.get("surface") or "")
        at = raw.find(surface, window, end) if surface else -1
        while at >= 0:
            spans.append((at, at + len(surface)))
            at = raw.find(surface, at + 1, end)
    return spans


@dataclass
class Context:
    """What resolving a segment's claims needs: its raw text and report date, and its dates
    and places once read (`claims resolve` reads each segment once, however many claims)."""
    raw: str
    report: Date | None
    dates: list | None = None
    places: list | None = None
    _starts: list[int] = field(default_factory=list)
    _place_starts: list[int] = field(default_factory=list)

    def date_fields(self, start: int, end: int) -> dict:
        if self.dates is None:
            self.dates = find_dates(self.raw, self.report)
            self._starts = [r.start for r in self.dates]
        return pick_date(self.dates, start, end, self._starts).to_dict()

    def place_fields(self, gazetteer: Gazetteer, start: int, end: int,
                     exclude: list[tuple[int, int]]) -> dict:
        if self.places is None:
            self.places = gazetteer.find(self.raw)
            self._place_starts = [h.start for h in self.places]
        found = gazetteer.resolve(self.raw, start, end, exclude, self.places, self._place_starts)
        return (found or PlaceResolution()).to_dict()


def segment_context(db: Database, segment_id: int) -> Context | None:
    row = db.execute("SELECT s.raw, d.published FROM segments s JOIN documents d "
                     "ON d.id = s.document_id WHERE s.id = ?", [segment_id]).fetchone()
    return Context(row[0], report_date(row[1])) if row else None


def typed_place(claim: Claim, gazetteer: Gazetteer | None = None) -> Claim:
    """The claim with the place the user typed looked up in the gazetteer: its row,
    coordinates and admin levels; the user's text and precision stay (unknown if not found)."""
    gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
    found = gazetteer.resolve_text(claim.place).to_dict()
    found["place"] = claim.place
    if claim.place_precision and claim.place_precision != "unknown":
        found["place_precision"] = claim.place_precision
    return replace(claim, **found)


def fill(claim: Claim, context: Context, gazetteer: Gazetteer | None = None,
         force: bool = False) -> Claim:
    """The claim with its missing date and place resolved (all of them with `force`)."""
    gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
    raw, changes = context.raw, {}
    start, end = max(0, claim.start), min(len(raw), claim.end)
    if force or not (claim.date or claim.date_end
                     or claim.date_precision not in ("", "unknown")):
        changes.update(context.date_fields(start, end))
    if claim.place and not claim.place_id and not force:
        return typed_place(replace(claim, **changes), gazetteer)
    if force or not claim.place_id:
        changes.update(context.place_fields(gazetteer, start, end,
                                            _actor_spans(raw, claim, start, end)))
    return replace(claim, **changes) if changes else claim


def changed_fields(before: Claim, after: Claim) -> dict:
    return {k: getattr(after, k) for k in (*DATE_FIELDS, *PLACE_FIELDS)
            if getattr(before, k) != getattr(after, k)}
