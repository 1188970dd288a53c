"""The one normaliser: raw text folded for matching by a profile, with offsets back to raw.

Raw text is never changed: it is what the analyst reads and what offsets point into. A
profile (see `rules`) says what each raw character becomes, and whether the obfuscation
dots of «الـ.ـمرتزقة» go; since the fold is defined per raw character, every normalized
character knows the raw character it came from.

    SEARCH   matching, full-text search, glossary terms, segment hashes (the default)
    FIGURES  reading numbers and their words: one character in, at most one out
    DIGITS   digits of any script as ASCII, nothing else touched (date lines)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import chain, compress, repeat
from typing import Callable

from . import rules
from .obfuscation import TATWEEL, obfuscation_spans, without


class Profile:
    """A fold: a rule per raw character and whether obfuscation dots are removed.

    Its translate table holds the prefilled blocks from first use (`prefill`, else computed
    from the rule) and any other character from the first text that holds it.
    """

    def __init__(self, name: str, rule: Callable[[str], str], deobfuscate: bool = True,
                 prefill: Callable[[], dict[int, str]] | None = None):
        self.name = name
        self.rule = rule
        self.deobfuscate = deobfuscate
        self._prefill = prefill or (lambda: rules.computed_table(rule))
        self._table: dict[int, str] = {}

    def __repr__(self) -> str:
        return f"Profile({self.name!r})"

    def table(self, text: str) -> dict[int, str]:
        """The translate table, holding every character of text."""
        table = self._table
        if not table:
            table.update((code, chr(code)) for code in rules.prefilled_codes())
            table.update(self._prefill())
        if rules.OUTSIDE_RE.search(text):
            for ch in set(text):
                if ord(ch) not in table:
                    table[ord(ch)] = self.rule(ch)
        return table


SEARCH = Profile("search", rules.search_char, prefill=rules.generated_table)
FIGURES = Profile("figures", rules.figures_char)
DIGITS = Profile("digits", rules.digits_char, deobfuscate=False)


def normalize(text: str, profile: Profile = SEARCH) -> str:
    """The normalized form of raw text (fast path, no offsets)."""
    if profile.deobfuscate:
        spans = obfuscation_spans(text)
        if spans:
            text = without(text, spans)
    return text.translate(profile.table(text))


def is_mark(ch: str) -> bool:
    """A mark that rides on the letter before it: a haraka, tanween, shadda, or tatweel."""
    return ch == TATWEEL or unicodedata.category(ch) == "Mn"


def after_marks(raw: str, end: int) -> int:
    """end moved past the marks that follow it, so a span ending on a letter takes them in."""
    while end < len(raw) and is_mark(raw[end]):
        end += 1
    return end


@dataclass(frozen=True)
class Normalized:
    """A normalized text and, for each of its characters, the raw index it came from."""

    raw: str
    text: str
    offsets: tuple[int, ...]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalized text back to a raw span."""
        if start >= end:
            pos = self.offsets[start] if start < len(self.offsets) else len(self.raw)
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def word_span(self, start: int, end: int) -> tuple[int, int]:
        """raw_span, taking in the marks after its last letter: «هجوماً», «شخصـاً» whole."""
        raw_start, raw_end = self.raw_span(start, end)
        return raw_start, after_marks(self.raw, raw_end)


def normalize_with_offsets(text: str, profile: Profile = SEARCH) -> Normalized:
    """Normalize and keep, for each normalized character, its raw character's index."""
    table = profile.table(text)
    spans = obfuscation_spans(text) if profile.deobfuscate else []
    norm = without(text, spans).translate(table) if spans else text.translate(table)
    # the characters that do not give exactly one normalized character: the dropped ones
    # (diacritics, tatweel, format controls) give none, a ligature more than one
    lengths = {ord(ch): chr(len(table[ord(ch)])) for ch in set(text) if len(table[ord(ch)]) != 1}
    if not lengths and not spans:
        return Normalized(text, norm, tuple(range(len(text))))
    counts = bytearray(b"\x01") * len(text)     # normalized characters per raw character
    if lengths:
        uneven = "".join(sorted(re.escape(chr(code)) for code in lengths))
        for m in re.finditer(f"[{uneven}]+", text):
            counts[m.start():m.end()] = m.group().translate(lengths).encode("latin-1")
    for start, end in spans:
        counts[start:end] = bytes(end - start)
    if max(lengths.values(), default="\x01") <= "\x01":
        offsets = tuple(compress(range(len(text)), counts))
    else:
        offsets = tuple(chain.from_iterable(map(repeat, range(len(text)), counts)))
    return Normalized(text, norm, offsets)


def match_key(text: str) -> str:
    """Normalized text with whitespace collapsed: the key glossary entries are stored under."""
    return " ".join(normalize(text).split())
