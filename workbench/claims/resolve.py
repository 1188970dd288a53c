"""A claim's date and place, resolved from its text: the one path that suggestions, new
claims (CLI, UI, accepted suggestions) and `workbench claims resolve` all take.

What a user gave is kept: a typed date is not replaced, and a typed place is looked up in the
gazetteer (its coordinates and admin levels filled) but keeps the user's precision. Only what
is missing is read from the claim's text, against its document's date (`documents.published`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date as Date

from sqlite_utils import Database

from .dates import find_dates, report_date, resolve_date
from .model import Claim
from .places import Gazetteer, PlaceResolution, load_gazetteer

DATE_FIELDS = ("date", "date_end", "date_precision")
PLACE_FIELDS = ("place", "place_precision", "place_id", "latitude", "longitude", "admin1",
                "admin2", "admin3", "place_note")


def _actor_spans(raw: str, claim: Claim) -> list[tuple[int, int]]:
    """Where the claim's actors are named in the segment: a place inside an actor's name
    («مجلس دير الزور العسكري») is not where the claim happened."""
    spans = []
    for actor in claim.actors:
        surface = str(actor.get("surface") or "")
        at = raw.find(surface) if surface else -1
        while at >= 0:
            spans.append((at, at + len(surface)))
            at = raw.find(surface, at + 1)
    return spans


@dataclass
class Context:
    """What resolving a segment's claims needs: its raw text and report date, and its dates
    and places once read (`claims resolve` reads each segment once, however many claims)."""
    raw: str
    report: Date | None
    dates: list | None = None
    places: list | None = None

    def date_fields(self, start: int, end: int) -> dict:
        if self.dates is None:
            self.dates = find_dates(self.raw, self.report)
        return resolve_date(self.raw, self.report, start, end, self.dates).to_dict()

    def place_fields(self, gazetteer: Gazetteer, start: int, end: int,
                     exclude: list[tuple[int, int]]) -> dict:
        if self.places is None:
            self.places = gazetteer.find(self.raw)
        found = gazetteer.resolve(self.raw, start, end, exclude, self.places)
        return (found or PlaceResolution()).to_dict()


def segment_context(db: Database, segment_id: int) -> Context | None:
    row = db.execute("SELECT s.raw, d.published FROM segments s JOIN documents d "
                     "ON d.id = s.document_id WHERE s.id = ?", [segment_id]).fetchone()
    return Context(row[0], report_date(row[1])) if row else None


def fill(claim: Claim, context: Context, gazetteer: Gazetteer | None = None,
         force: bool = False) -> Claim:
    """The claim with its missing date and place resolved (all of them with `force`)."""
    gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
    raw, changes = context.raw, {}
    start, end = max(0, claim.start), min(len(raw), claim.end)
    if force or not (claim.date or claim.date_end
                     or claim.date_precision not in ("", "unknown")):
        changes.update(context.date_fields(start, end))
    if force or not claim.place_id:
        if claim.place and not force:
            typed = gazetteer.resolve_text(claim.place).to_dict()
            typed["place"] = claim.place
            if claim.place_precision and claim.place_precision != "unknown":
                typed["place_precision"] = claim.place_precision
            changes.update(typed)
        else:
            changes.update(context.place_fields(gazetteer, start, end, _actor_spans(raw, claim)))
            if not changes["place"] and claim.place and not force:
                changes.update(place=claim.place, place_precision="unknown")
    return replace(claim, **changes) if changes else claim


def changed_fields(before: Claim, after: Claim) -> dict:
    return {k: getattr(after, k) for k in (*DATE_FIELDS, *PLACE_FIELDS)
            if getattr(before, k) != getattr(after, k)}
