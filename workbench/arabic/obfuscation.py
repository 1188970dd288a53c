"""The tatweel-and-dot obfuscation «الـ.ـمرتزقة», «قـ.ـوى»: outlets wedge a dot into a word to
dodge keyword filters. Every fold profile that de-obfuscates removes exactly what
`OBFUSCATION_RE` matches; `obfuscation_spans` finds those matches in linear time."""

from __future__ import annotations

import re

TATWEEL = "\u0640"
ARABIC_LETTER = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06fa-\u06ff"
AR_LETTER_RE = re.compile(f"[{ARABIC_LETTER}]")

# A dot (or middle dot, bullet) wedged into a word with tatweel on at least one side. This
# pattern defines what is removed; `obfuscation_spans` finds its matches without running it,
# because on a long run of tatweel the regex starts again at every tatweel (quadratic: a
# 100,000-tatweel text took minutes).
DOTS = ".\u00b7\u2022\u2027\u06d4"
OBFUSCATION_RE = re.compile(
    f"(?<=[{ARABIC_LETTER}\u0640])(?:\u0640+[{DOTS}]\u0640*"
    f"|[{DOTS}]\u0640+)(?=[{ARABIC_LETTER}\u0640])"
)
_DOT_RE = re.compile(f"[{DOTS}]")
_TATWEELS_RE = re.compile("\u0640*")


def _letter_or_tatweel(ch: str) -> bool:
    return ch == TATWEEL or AR_LETTER_RE.match(ch) is not None


def obfuscation_spans(text: str) -> list[tuple[int, int]]:
    """The [start, end) spans `OBFUSCATION_RE.finditer` would give, in linear time.

    Each match holds exactly one dot, so the dots are visited in turn and the regex's
    choices are worked out around each: the tatweels before the dot (not before the end of
    the previous match) and after it, and what its lookbehind and lookahead would see.
    """
    if TATWEEL not in text:       # every match holds a tatweel
        return []
    spans: list[tuple[int, int]] = []
    n, prev_end = len(text), 0
    for m in _DOT_RE.finditer(text):
        dot = m.start()
        after = _TATWEELS_RE.match(text, dot + 1).end()       # end of the tatweels after it
        letter_next = after < n and AR_LETTER_RE.match(text[after]) is not None
        if after == dot + 1 and not letter_next:
            continue              # nothing after the dot for either form of the pattern
        # the lookahead needs a letter or a tatweel: without a letter, one tatweel stays out
        end = after if letter_next else after - 1
        first = dot                # the first of the tatweels before the dot
        while first > prev_end and text[first - 1] == TATWEEL:
            first -= 1
        start = None
        if first < dot:            # tatweels, the dot, maybe tatweels
            if first > 0 and _letter_or_tatweel(text[first - 1]):
                start = first
            elif first + 1 < dot:  # the lookbehind sees the first tatweel
                start = first + 1
        if start is None and dot > 0 and _letter_or_tatweel(text[dot - 1]) and (
                after - dot > 2 or (after - dot == 2 and letter_next)):
            start = dot            # the dot, then tatweels
        if start is not None:
            spans.append((start, end))
            prev_end = end
    return spans


def without(text: str, spans: list[tuple[int, int]]) -> str:
    """text with the (sorted, disjoint) spans cut out."""
    pieces, last = [], 0
    for start, end in spans:
        pieces.append(text[last:start])
        last = end
    pieces.append(text[last:])
    return "".join(pieces)
