"""Claim types from keywords: «اعتقال» → arrest, «مقتل» → casualties, "launched" → operation.

Suggestions use these to pre-fill a claim's type and to say which event each figure counts
(«اعتقال 13 شخصاً» counts arrests, «مقتل 3 مسلحين» casualties), so an incident can show the
range of figures per kind of event. Only the built-in types have keywords; types added
later are chosen by the annotator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from workbench import arabic
from workbench.arabic import lexicon

# Arabic keywords are matched on the normalized text, with a leading و/ف, a preposition
# and the article allowed, and up to two letters of suffix (اعتقال → اعتقالات، هجوم → هجوماً).
KEYWORDS: dict[str, tuple[str, str]] = {
    "arrest": (
        "اعتقال اعتقالات اعتقل اعتقلت اعتقلوا تعتقل يعتقل معتقل معتقلين احتجاز احتجز احتجزت "
        "توقيف أوقفت القبض الإقامة الجبرية",
        "arrest arrests arrested arresting detained detain detention detainees captured taken"),
    "casualties": (
        "مقتل قتل قتلت قتلوا تقتل يقتل قتلى قتيل قتيلا استشهاد شهيد شهداء جرحى جريح إصابة "
        "إصابات مصرع حصيلة فقدت فقد خسائر",
        "killed killing dead death deaths died wounded injured casualties toll bodies lost"),
    "attack": (
        "هجوم هجمات هجمة هاجم هاجمت هاجموا يهاجم استهداف استهدف استهدفت تفجير انفجار عبوة "
        "عبوات كمين اغتيال اغتيالات قصف اشتباكات اشتباك",
        "attack attacks attacked ambush bombing bomb explosion assassination assassinated "
        "shelling clashes stormed"),
    "operation": (
        "حملة حملات عملية عمليات مداهمة مداهمات أطلقت أطلق انطلاق دوريات",
        "operation operations campaign launched raid raids patrols"),
    "control": (
        "سيطرة سيطرت انتشر انتشروا انتشار حواجز حاجز تمركز انسحاب انسحبت",
        "control controlled seized deployed checkpoints withdrew withdrawal"),
    "accusation": (
        "اتهم اتهمت اتهام اتهامات",
        "accused accuses accusation blamed blame responsible"),
    "agreement": (
        "اتفاق اتفاقية اتفق اتفقا اتفقت توافق تفاهم",
        "agreement agreed deal accord"),
    "demand": (
        "طالب طالبوا طالبت مطالبة دعا دعت دعوا ناشد",
        "demanded demand demands called urged appealed"),
}


@dataclass(frozen=True)
class KindHit:
    kind: str
    start: int   # raw offsets
    end: int


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, dict[str, str], dict[str, str]]:
    ar_kind, en_kind = {}, {}
    for kind, (ar, en) in KEYWORDS.items():
        for word in ar.split():
            ar_kind.setdefault(arabic.normalize(word), kind)
        for word in en.split():
            en_kind.setdefault(word, kind)
    ar_alt = "|".join(sorted(map(re.escape, ar_kind), key=len, reverse=True))
    en_alt = "|".join(sorted(map(re.escape, en_kind), key=len, reverse=True))
    clitics = "|".join(lexicon.longest_first(lexicon.PROCLITICS))
    ar_re = re.compile(rf"(?<!\w)(?:{clitics})?(?P<w>{ar_alt})\w{{0,2}}(?!\w)")
    en_re = re.compile(rf"\b(?P<w>{en_alt})\b")
    return ar_re, en_re, ar_kind, en_kind


def kind_hits(text: str) -> list[KindHit]:
    """Every type keyword in `text` (Arabic or English), as raw spans, in order."""
    ar_re, en_re, ar_kind, en_kind = _patterns()
    norm = arabic.normalize_with_offsets(text)
    hits = []
    for pattern, table in ((ar_re, ar_kind), (en_re, en_kind)):
        for m in pattern.finditer(norm.text):
            start, end = norm.raw_span(m.start(), m.end())
            hits.append(KindHit(table[m.group("w")], start, end))
    return sorted(hits, key=lambda h: h.start)


def nearest_kind(hits: list[KindHit], start: int, end: int, window: int = 40) -> str | None:
    """The kind of the keyword closest to [start, end): inside it, just before, or just after.

    A keyword after the figure ("20 dead", «153 هجوماً» where the noun is the keyword) counts
    a little less than one before it («مقتل 3»), which is how both languages usually run.
    """
    best, best_distance = None, None
    for hit in hits:
        if hit.start >= start and hit.end <= end:
            distance = 0
        elif hit.end <= start:
            distance = start - hit.end
        elif hit.start >= end:
            distance = hit.start - end + 5
        else:
            distance = 0
        if distance <= window and (best_distance is None or distance < best_distance):
            best, best_distance = hit.kind, distance
    return best
