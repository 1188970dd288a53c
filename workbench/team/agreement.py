"""Inter-annotator agreement on claims, for every pair of annotators.

For a pair, the items are the segments both annotated (each has at least one claim there).

* Labels (claim_type or status): in each shared segment, each claim of one annotator is
  paired with at most one claim of the other, greedily by span overlap (highest character
  Jaccard first; claims that do not overlap are never paired). Over the paired claims:
  Cohen's kappa and Krippendorff's alpha (nominal), each with the number of pairs. A label
  an adjudicator changed counts as the annotator wrote it (the conflict keeps it).
* Spans: character-level F1 (the Dice coefficient) between the characters each annotator
  covered with claims, pooled over the shared segments: 2|A∩B| / (|A| + |B|).

A figure is None when it is undefined: no items, or (kappa, alpha) when every label is
one and the same, so chance agreement is already perfect.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from itertools import combinations
from typing import Hashable, Iterable, Sequence

from sqlite_utils import Database

from workbench.errors import InvalidValue

FIELDS = ("claim_type", "status")


def cohen_kappa(pairs: Sequence[tuple[Hashable, Hashable]]) -> float | None:
    """Cohen's kappa for two annotators' labels on the same items."""
    n = len(pairs)
    if not n:
        return None
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[c] * second[c] for c in first) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def krippendorff_alpha(units: Iterable[Sequence[Hashable]]) -> float | None:
    """Krippendorff's alpha, nominal, for units holding any number of values (missing ones
    simply absent); units with fewer than two values are not pairable and are skipped."""
    coincidences: Counter = Counter()
    for values in units:
        m = len(values)
        if m < 2:
            continue
        for i, j in ((i, j) for i in range(m) for j in range(m) if i != j):
            coincidences[values[i], values[j]] += 1 / (m - 1)
    totals: Counter = Counter()
    for (c, _), weight in coincidences.items():
        totals[c] += weight
    n = sum(totals.values())
    disagree = sum(w for (c, k), w in coincidences.items() if c != k)
    by_chance = sum(totals[c] * totals[k] for c in totals for k in totals if c != k)
    if n <= 1 or by_chance == 0:
        return None
    return 1 - (n - 1) * disagree / by_chance


def covered(spans: Iterable[tuple[int, int]]) -> set[int]:
    return {i for start, end in spans for i in range(start, end)}


def char_f1(a: Iterable[tuple[int, int]], b: Iterable[tuple[int, int]]) -> tuple[int, int, int]:
    """(characters both covered, characters a covered, characters b covered) in one segment."""
    ca, cb = covered(a), covered(b)
    return len(ca & cb), len(ca), len(cb)


def match_spans(a: list[dict], b: list[dict]) -> list[tuple[dict, dict]]:
    """Pair claims of one segment by overlap: highest Jaccard first, each claim once."""
    candidates = []
    for x in a:
        for y in b:
            overlap = min(x["end"], y["end"]) - max(x["start"], y["start"])
            if overlap > 0:
                union = max(x["end"], y["end"]) - min(x["start"], y["start"])
                candidates.append((-overlap / union, x["start"], y["start"], x["id"], y["id"], x, y))
    used_a, used_b, pairs = set(), set(), []
    for *_, x, y in sorted(candidates, key=lambda c: c[:5]):
        if x["id"] not in used_a and y["id"] not in used_b:
            used_a.add(x["id"])
            used_b.add(y["id"])
            pairs.append((x, y))
    return pairs


@dataclass
class PairAgreement:
    annotator_a: str
    annotator_b: str
    field: str
    segments: int               # segments both annotated: the items of the span figure
    pairs: int                  # claims paired by overlap: the items of kappa and alpha
    unpaired_a: int
    unpaired_b: int
    observed: float | None      # share of paired claims with the same label
    kappa: float | None
    alpha: float | None
    span_f1: float | None
    chars_a: int
    chars_b: int
    chars_both: int

    def to_dict(self) -> dict:
        return asdict(self)


def original_labels(db: Database, field: str) -> dict[int, str]:
    """Labels as annotators wrote them before an adjudicator settled two claims' conflict."""
    out: dict[int, str] = {}
    for row_id, other_id, ours, theirs in db.execute(
            "SELECT row_id, other_row_id, ours, theirs FROM conflicts WHERE table_name = 'claims' "
            "AND field = ? AND status = 'resolved' AND other_row_id IS NOT NULL ORDER BY id", [field]):
        out.setdefault(int(row_id), json.loads(ours))
        out.setdefault(int(other_id), json.loads(theirs))
    return out


def pair_agreement(a: str, b: str, field: str, claims_a: dict[int, list[dict]],
                   claims_b: dict[int, list[dict]]) -> PairAgreement:
    """Agreement of two annotators given their claims grouped by segment."""
    shared = sorted(claims_a.keys() & claims_b.keys())
    labels, both, in_a, in_b, unpaired_a, unpaired_b = [], 0, 0, 0, 0, 0
    for segment in shared:
        xs, ys = claims_a[segment], claims_b[segment]
        pairs = match_spans(xs, ys)
        labels.extend((x["label"], y["label"]) for x, y in pairs)
        unpaired_a += len(xs) - len(pairs)
        unpaired_b += len(ys) - len(pairs)
        counts = char_f1([(x["start"], x["end"]) for x in xs], [(y["start"], y["end"]) for y in ys])
        both, in_a, in_b = both + counts[0], in_a + counts[1], in_b + counts[2]
    return PairAgreement(
        a, b, field, len(shared), len(labels), unpaired_a, unpaired_b,
        observed=(sum(x == y for x, y in labels) / len(labels)) if labels else None,
        kappa=cohen_kappa(labels), alpha=krippendorff_alpha(labels),
        span_f1=(2 * both / (in_a + in_b)) if in_a + in_b else None,
        chars_a=in_a, chars_b=in_b, chars_both=both)


def agreement(db: Database, field: str = "claim_type") -> list[PairAgreement]:
    """Agreement for every pair of annotators who both annotated at least one segment."""
    if field not in FIELDS:
        raise InvalidValue(f"agreement field {field!r}: use {' or '.join(FIELDS)}")
    originals = original_labels(db, field)
    by_annotator: dict[str, dict[int, list[dict]]] = {}
    for cid, segment, start, end, annotator, label in db.execute(
            f'SELECT id, segment_id, start, "end", annotator, [{field}] FROM claims ORDER BY id'):
        claim = {"id": cid, "start": start, "end": end, "label": originals.get(cid, label)}
        by_annotator.setdefault(annotator, {}).setdefault(segment, []).append(claim)
    results = []
    for a, b in combinations(sorted(by_annotator), 2):
        result = pair_agreement(a, b, field, by_annotator[a], by_annotator[b])
        if result.segments:
            results.append(result)
    return results
