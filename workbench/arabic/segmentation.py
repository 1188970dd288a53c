"""Sentence segmentation of Arabic and English text, as spans of the raw text."""

from __future__ import annotations

import re
from typing import NamedTuple

from .lexicon import EN_MONTH_ABBREVIATIONS

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "st", "no",
    "vs", "etc", "e.g", "i.e", "u.s", "u.n", "u.k", "inc", "ltd", "co", "approx", "est", "fig",
    "د", "أ", "م", "ص", "ج", "ه", "هـ", "ق", *EN_MONTH_ABBREVIATIONS,
}
_TERMINATORS = ".!?؟…"
_OPENERS = {"«": "»", "“": "”", "(": ")", "\"": "\""}
_CLOSERS = "»”’)\"'"
_SPECIAL_RE = re.compile("[" + re.escape(_TERMINATORS + "".join(_OPENERS) + _CLOSERS) + "]")


class Span(NamedTuple):
    start: int
    end: int


_WORD_BEFORE_RE = re.compile(r"([\w.]+)$")
_WORD_RE = re.compile(r"[\w.]+")
_ACRONYM_RE = re.compile(r"(\w\.)+\w")


def _is_abbreviation(text: str, dot: int) -> bool:
    if dot and text[dot - 1].isdigit():  # "in 2023." ends a sentence
        return False
    lo = max(0, dot - 24)
    space = text.rfind(" ", lo, dot)
    word = text[space + 1 if space >= 0 else lo:dot]
    if not _WORD_RE.fullmatch(word):  # the word is not simply the text since the last space
        m = _WORD_BEFORE_RE.search(text, lo, dot)
        if not m:
            return False
        word = m.group(1)
    word = word.lower().rstrip(".")
    if word in _ABBREVIATIONS:
        return True
    # single initials (J. Smith), dotted acronyms (U.S.)
    return len(word) == 1 and word.isalpha() or bool(_ACRONYM_RE.fullmatch(word))


def segment(text: str) -> list[Span]:
    """Sentence spans of a text, Arabic or English, as [start, end) offsets into it.

    Paragraph breaks always end a sentence. A sentence ends after . ! ? ؟ … (and any closing
    quotes or brackets) followed by white space, except after abbreviations and initials,
    inside a number (3.5) and inside an open quotation. Arabic comma and semicolon (، ؛)
    never end a sentence; dates such as 22/8/2023 or 27/8/2023م hold no break.
    """
    spans: list[Span] = []
    for para in re.finditer(r"[^\n]+", text):
        _segment_paragraph(text, para.start(), para.end(), spans)
    return spans


def _segment_paragraph(text: str, start: int, end: int, out: list[Span]) -> None:
    sent_start = start
    quotes: list[str] = []  # closers of the quotations open at i
    resume = start
    for m in _SPECIAL_RE.finditer(text, start, end):
        i = m.start()
        if i < resume:
            continue
        ch = text[i]
        if ch == "\"":
            if quotes and quotes[-1] == "\"":
                quotes.pop()
            else:
                quotes.append("\"")
        elif ch in _OPENERS:
            quotes.append(_OPENERS[ch])
        elif quotes and ch == quotes[-1]:
            quotes.pop()
        elif ch in _TERMINATORS:
            j = i + 1
            while j < end and text[j] in _TERMINATORS:
                j += 1
            while j < end and text[j] in _CLOSERS:
                if quotes and text[j] == quotes[-1]:
                    quotes.pop()
                j += 1
            breaks = (j >= end or text[j].isspace()) and not (
                ch == "." and _is_abbreviation(text, i))
            if breaks and quotes and text.find(quotes[-1], j, min(end, j + 500)) != -1:
                breaks = False  # a full stop inside a quotation that goes on
            if breaks:
                _emit(text, sent_start, j, out)
                sent_start = j
            resume = j
    _emit(text, sent_start, end, out)


def _emit(text: str, start: int, end: int, out: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Span(start, end))


def sentences(text: str) -> list[str]:
    """The sentences of a text as strings (raw, untouched)."""
    return [text[s.start:s.end] for s in segment(text)]
