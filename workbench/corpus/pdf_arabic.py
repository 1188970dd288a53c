"""Arabic as PDFs give it back, repaired: visual order turned to logical order, presentation
forms folded to base letters.

A PDF draws glyphs, not text. Producers that shape Arabic themselves write the shaped glyphs
(presentation forms: «ﺃﻋﻠﻨﺖ» for «أعلنت») and many draw each line left to right as it is
seen, so the text layer reads every Arabic line backwards. Both break matching: the glossary
and search know base letters in reading order.

Visual order is decided once per document from votes that cannot both hold in real Arabic:
a word in reading order starts in an initial (or isolated) form and ends in a final one, and
often starts with the article «ال» or ends in «ة»/«ى»; read backwards, words end in «لا» and
start with «ة». A reversed line is turned back whole, keeping runs of Latin letters and
digits (which the line drew left to right) in their order, and swapping mirrored brackets.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PRESENTATION_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
_ARABIC_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]")
_WORD_RE = re.compile("[\u0621-\u064a\u0671-\u06d3\ufb50-\ufdff\ufe70-\ufefc]+")
# What a line drew left to right inside Arabic: Latin words (with the spaces and marks
# between them) and numbers, dates and percentages.
_LTR_RUN_RE = re.compile(r"[A-Za-z][A-Za-z0-9.,:/%'&+\- ]*[A-Za-z0-9]|[A-Za-z]"
                         r"|[0-9\u0660-\u0669\u06f0-\u06f9][0-9\u0660-\u0669\u06f0-\u06f9.,:/%+\-]*"
                         r"[0-9\u0660-\u0669\u06f0-\u06f9%]|[0-9\u0660-\u0669\u06f0-\u06f9]")
_MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")


@lru_cache(maxsize=4096)
def _form(ch: str) -> str:
    """'initial', 'final', 'medial', 'isolated' for a presentation form, else ''."""
    name = unicodedata.name(ch, "")
    for form in ("INITIAL", "FINAL", "MEDIAL", "ISOLATED"):
        if name.endswith(f"{form} FORM"):
            return form.lower()
    return ""


def fold_presentation_forms(text: str) -> str:
    """Base letters for presentation forms (lam-alef ligatures become «لا»); nothing else is
    touched."""
    return _PRESENTATION_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def order_votes(text: str) -> tuple[int, int]:
    """(reading order, visual order) votes of the Arabic words in `text`."""
    logical = visual = 0
    for m in _WORD_RE.finditer(text):
        word = m.group()
        first, last = _form(word[0]), _form(word[-1])
        if len(word) > 1:
            logical += (first == "initial") + (last == "final")
            visual += (first == "final") + (last == "initial")
        base = fold_presentation_forms(word)
        if len(base) >= 4:
            logical += base.startswith("ال") + base.endswith(("ة", "ى"))
            visual += base.endswith("لا") + base.startswith(("ة", "ى"))
    return logical, visual


def is_visual(lines: list[str]) -> bool:
    """Whether the Arabic of these lines reads backwards (decided for them all at once)."""
    logical = visual = 0
    for line in lines:
        lo, vi = order_votes(line)
        logical += lo
        visual += vi
    return visual > logical


def to_logical(line: str) -> str:
    """A line drawn left to right turned into reading order: reversed as a whole but for its
    runs of Latin letters and numbers, with mirrored brackets swapped back."""
    if not _ARABIC_RE.search(line):
        return line
    pieces: list[str] = []
    at = 0
    for m in _LTR_RUN_RE.finditer(line):
        pieces.extend(line[at:m.start()].translate(_MIRRORED))
        pieces.append(m.group())
        at = m.end()
    pieces.extend(line[at:].translate(_MIRRORED))
    return "".join(reversed(pieces))


def repair_lines(lines: list[str]) -> list[str]:
    """Lines of one document in reading order with base letters (see the module docstring)."""
    if is_visual(lines):
        lines = [to_logical(line) for line in lines]
    return [fold_presentation_forms(line) for line in lines]
