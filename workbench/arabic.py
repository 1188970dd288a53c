"""Arabic text pipeline: normalization with offsets back to raw text, de-obfuscation,
match keys, tokenization, language detection and sentence segmentation.

Raw text is never changed: it is what the analyst reads and what offsets point into.
The normalized form serves matching and search only. Normalization is defined per raw
character (plus the removal of obfuscation dots), so every normalized character knows
the raw character it came from. camel-tools supplies the character-level rules and is
imported on first use, not at import time.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

TATWEEL = "\u0640"
ARABIC_LETTER = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06fa-\u06ff"
_AR_LETTER_RE = re.compile(f"[{ARABIC_LETTER}]")
_LATIN_LETTER_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")

# A dot (or middle dot, bullet) wedged into a word with tatweel on at least one side:
# «الـ.ـمرتزقة», «قـ.ـوى». Outlets use it to dodge keyword filters.
_OBFUSCATION_RE = re.compile(
    f"(?<=[{ARABIC_LETTER}\u0640])(?:\u0640+[.\u00b7\u2022\u2027\u06d4]\u0640*"
    f"|[.\u00b7\u2022\u2027\u06d4]\u0640+)(?=[{ARABIC_LETTER}\u0640])"
)

# Characters the normalized form drops outright: tatweel, bidi and zero-width controls.
_DROP = {TATWEEL, "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u00ad", "\ufeff",
         "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
         "\u2068", "\u2069"}
# Spelling variants folded together for match keys, beyond camel-tools' alef rules.
_EXTRA = {"\u0624": "\u0621", "\u0626": "\u0621",  # hamza on waw / ya -> bare hamza
          "\u06a9": "\u0643", "\u06cc": "\u064a", "\u06c1": "\u0647"}  # Persian kaf, ya, heh


@lru_cache(maxsize=1)
def _camel():
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import (normalize_alef_ar, normalize_alef_maksura_ar,
                                             normalize_teh_marbuta_ar, normalize_unicode)
    return normalize_unicode, dediac_ar, normalize_alef_ar, normalize_alef_maksura_ar, \
        normalize_teh_marbuta_ar


class _CharTable(dict):
    """str.translate table mapping each raw character to its normalized string.

    Filled lazily, one character at a time, from the camel-tools rules; lookups of known
    characters then run at C speed inside str.translate.
    """

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = _normalize_char(ch)
        self[code] = out
        return out


def _normalize_char(ch: str) -> str:
    if ch in _DROP:
        return ""
    nu, dediac, alef, maksura, teh = _camel()
    s = nu(ch)
    if unicodedata.category(ch) == "Cf":
        return ""
    out = []
    for c in s:
        if c in _DROP or unicodedata.category(c) == "Mn":
            # combining marks: Arabic harakat (dediac_ar) and Latin accents alike
            continue
        c = teh(maksura(alef(dediac(c))))
        c = _EXTRA.get(c, c)
        if c.isdigit() and not c.isascii():
            c = str(unicodedata.digit(c, c)) if unicodedata.digit(c, None) is not None else c
        if c.isspace():
            c = " "
        out.append(c.casefold())
    return "".join(out)


_TABLE = _CharTable()


def normalize(text: str) -> str:
    """The normalized form of raw text, for matching and search (fast path, no offsets)."""
    return _OBFUSCATION_RE.sub("", text).translate(_TABLE)


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


def obfuscation_positions(text: str) -> set[int]:
    """Raw indexes of the dots and tatweels of «الـ.ـمرتزقة»-style obfuscation."""
    dropped: set[int] = set()
    for m in _OBFUSCATION_RE.finditer(text):
        dropped.update(range(m.start(), m.end()))
    return dropped


def normalize_with_offsets(text: str) -> Normalized:
    """Normalize and keep, for each normalized character, its raw character's index."""
    dropped = obfuscation_positions(text)
    chars: list[str] = []
    offsets: list[int] = []
    table = _TABLE
    for i, ch in enumerate(text):
        if i in dropped:
            continue
        piece = table[ord(ch)]
        chars.append(piece)
        offsets.extend([i] * len(piece))
    return Normalized(text, "".join(chars), tuple(offsets))


def match_key(text: str) -> str:
    """Normalized text with whitespace collapsed: the key glossary entries are stored under."""
    return " ".join(normalize(text).split())


# --- tokens ------------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Word tokens of a (normalized) text with their offsets; punctuation is skipped."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def word_tokenize(text: str) -> list[str]:
    """camel-tools' simple word tokenizer (words and punctuation as separate tokens)."""
    from camel_tools.tokenizers.word import simple_word_tokenize
    return simple_word_tokenize(text)


# Attached proclitics, longest first: conjunction (و ف), preposition (ب ك ل), article (ال),
# and their combinations (وبال، فلل، ...). Used for search keys and by the term matcher.
_PROCLITICS = sorted({c + p + a
                      for c in ("", "و", "ف")
                      for p in ("", "ب", "ك", "ل")
                      for a in ("", "ال")} - {""} | {"لل", "ولل", "فلل"}, key=len, reverse=True)


def strip_proclitics(token: str, min_stem: int = 2) -> str:
    """The token without its longest proclitic chain that leaves a stem of min_stem+ letters."""
    for p in _PROCLITICS:
        if token.startswith(p) and len(token) - len(p) >= min_stem:
            return token[len(p):]
    return token


# The same clitic chains as one pattern, for indexing whole texts at C speed: the longest
# chain that leaves a stem of three or more letters.
_CLITIC_RE = re.compile("\\b(?:[وف]?(?:لل|[بكل]?ال|[بكل])|[وف])(?=[\u0621-\u064a]{3})")


def search_keys(norm_text: str) -> str:
    """Text indexed for full-text search: each Arabic token reduced to its stem."""
    return _CLITIC_RE.sub("", norm_text)


# --- language ----------------------------------------------------------------------------

LANGUAGE_SAMPLE = 400  # characters: enough to tell, and imports stay fast on long texts


def detect_language(text: str) -> str:
    """'ar' or 'en' by the share of Arabic letters among the letters of its beginning."""
    sample = text[:LANGUAGE_SAMPLE]
    ar = len(_AR_LETTER_RE.findall(sample))
    lat = len(_LATIN_LETTER_RE.findall(sample))
    if ar == 0 and lat == 0:
        return "und"
    return "ar" if ar >= lat else "en"


# --- sentences ---------------------------------------------------------------------------

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "st", "no",
    "vs", "etc", "e.g", "i.e", "u.s", "u.n", "u.k", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "inc", "ltd", "co", "approx", "est", "fig",
    "د", "أ", "م", "ص", "ج", "ه", "هـ", "ق",
}
_TERMINATORS = ".!?؟…"
_OPENERS = {"«": "»", "“": "”", "(": ")", "\"": "\""}
_CLOSERS = "»”’)\"'"
_SPECIAL_RE = re.compile("[" + re.escape(_TERMINATORS + "".join(_OPENERS) + _CLOSERS) + "]")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


_WORD_BEFORE_RE = re.compile(r"([\w.]+)$")


def _is_abbreviation(text: str, dot: int) -> bool:
    m = _WORD_BEFORE_RE.search(text, max(0, dot - 24), dot)
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    if word in _ABBREVIATIONS:
        return True
    # single initials (J. Smith), dotted acronyms (U.S.)
    return len(word) == 1 and word.isalpha() or bool(re.fullmatch(r"(\w\.)+\w", word))


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
