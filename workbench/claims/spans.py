"""What a claim's span brings with it: the figures inside it.

A claim tagged on a span (`workbench claims add`, the UI's `c`) or moved to another one
(`claims edit --start/--end`, the UI's `E`) carries the figures found inside the span, each
tagged with the event it counts (the claim's type where no keyword nearby says). The CLI and
the UI both ask here, so the same span gives the same figures whichever face tagged it.
"""

from __future__ import annotations

from sqlite_utils import Database

from workbench.store.documents import get_segment

from .model import Claim
from .suggest import figures_in


def figures_in_span(db: Database, segment_id: int, start: int, end: int,
                    claim_type: str) -> list[dict]:
    """The figures inside [start, end) of the segment. A span that is empty, reversed or not
    inside the segment has none: the claim's own checks then say what is wrong with it."""
    raw = get_segment(db, segment_id)["raw"]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(raw)):
        return []
    return figures_in(raw, start, end, claim_type)


def with_span_figures(db: Database, claim: Claim, changes: dict) -> dict:
    """`changes` to a saved claim, with the figures of its new span when they move it
    (a claim whose span stays keeps its figures, corrected or not)."""
    if "start" not in changes and "end" not in changes:
        return changes
    return {**changes, "quantities": figures_in_span(
        db, claim.segment_id, changes.get("start", claim.start), changes.get("end", claim.end),
        changes.get("claim_type", claim.claim_type))}
