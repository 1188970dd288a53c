"""Paragraphs and their direction: rules P1-P3 of UAX #9, and the bidi class of a character.

A paragraph is laid out on its own (its embeddings end with it), and its direction decides
which edge the text starts from, so both are settled before anything else.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from functools import cache

from workbench.tui.rtl.tables import DEFAULT_CLASSES

ISOLATE_INITIATORS = frozenset(("LRI", "RLI", "FSI"))
# Paragraph separators (bidi class B); "\r\n" counts as one.
_PARA_SEP_RE = re.compile(r"\r\n|[\n\r\x1c\x1d\x1e\x85\u2029]")


def bidi_class(ch: str) -> str:
    """Bidi_Class of ``ch``.  An unassigned code point (``unicodedata`` is Unicode 14 on
    Python 3.11) takes its block's default from DerivedBidiClass.txt, so a newer Arabic
    letter still counts as right-to-left."""
    return unicodedata.bidirectional(ch) or _default_class(ord(ch))


def _default_class(cp: int) -> str:
    k = bisect_right(_default_starts(), cp) - 1
    if k >= 0:
        lo, hi, cls = DEFAULT_CLASSES[k]
        if cp <= hi:
            return cls
    return "L"


@cache
def _default_starts() -> list[int]:
    return [lo for lo, _, _ in DEFAULT_CLASSES]  # the ranges are sorted and disjoint


def first_strong(classes: Iterable[str], *, stop_at_pdi: bool = False) -> str | None:
    """The first L, R or AL class outside isolates (rule P2), or None.

    Characters between an isolate initiator and its matching PDI are skipped, and isolates end
    at a paragraph separator.  ``stop_at_pdi`` ends the search at an unmatched PDI: the end of
    the isolate whose direction an FSI is looking for (rule X5c).
    """
    depth = 0
    for cls in classes:
        if cls == "B":
            depth = 0
        elif cls in ISOLATE_INITIATORS:
            depth += 1
        elif cls == "PDI":
            if depth:
                depth -= 1
            elif stop_at_pdi:
                return None
        elif depth == 0 and cls in ("L", "R", "AL"):
            return cls
    return None


def is_rtl(text: str) -> bool:
    """True when the first strong character (rules P2/P3: characters between an isolate
    initiator and its PDI are skipped) is right-to-left.

    The search runs on past paragraph separators, so a text whose first paragraph is blank or
    neutral takes the direction of the next one.  No strong character at all gives
    left-to-right.
    """
    return first_strong(bidi_class(ch) for ch in text) in ("R", "AL")


def base_level(para: str, base: str | None) -> int:
    """Paragraph embedding level: 1 for right-to-left, 0 for left-to-right.

    ``base`` "rtl"/"r" or "ltr"/"l" forces it; None or "auto" takes it from the text (P2/P3).
    """
    if base is None or base == "auto":
        return 1 if is_rtl(para) else 0
    b = base.lower()
    if b in ("rtl", "r"):
        return 1
    if b in ("ltr", "l"):
        return 0
    raise ValueError(f"base must be None, 'rtl' or 'ltr', not {base!r}")


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, text) of every paragraph (rule P1); separators belong to none."""
    paras = []
    pos = 0
    for m in _PARA_SEP_RE.finditer(text):
        paras.append((pos, text[pos : m.start()]))
        pos = m.end()
    paras.append((pos, text[pos:]))
    return paras


def excerpt_direction(text: str) -> str:
    """"rtl" or "ltr" for a piece of text shown out of its context (a title, a search hit, a
    claim, a card): the direction of most of its words, each word counted by its first strong
    character; a tie (or no strong character) goes to the first strong character (P2).

    Rule P2 alone gives an Arabic headline that starts with a Latin word or a URL ("SDF:",
    "https://...") a left-to-right paragraph, which puts its Arabic words in the wrong order
    around the Latin one; an excerpt that is mostly Arabic reads as Arabic.
    """
    rtl_words = ltr_words = 0
    for word in text.split():
        cls = first_strong(bidi_class(ch) for ch in word)
        if cls in ("R", "AL"):
            rtl_words += 1
        elif cls == "L":
            ltr_words += 1
    if rtl_words != ltr_words:
        return "rtl" if rtl_words > ltr_words else "ltr"
    return "rtl" if is_rtl(text) else "ltr"
