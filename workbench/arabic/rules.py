"""What each raw character becomes, per fold profile (see `normalizer`): a string of any
length, "" when the character is dropped. A profile is defined by its rule, one character at
a time, which is what lets every normalized character point back to the raw one it came from.

- `search_char`: matching and full-text search. camel-tools' rules (NFKC, diacritics,
  alef/hamza, alef maksura, teh marbuta), hamza seats and Persian letters folded, digits as
  ASCII, white space as a space, case folded.
- `figures_char`: reading figures. At most one character out per character in (no
  compatibility expansion), case kept, and the Arabic thousands/decimal/percent signs and
  the dashes folded to their ASCII twins so «١٠–٢٠» reads as a range.
- `digits_char`: only digits, as ASCII; everything else as it is.

camel-tools is imported on first use of `search_char` only; the search profile's table for
the common blocks is generated ahead of time into `normtable.py` (see `write_table`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from .obfuscation import TATWEEL

# Characters the search form drops outright: tatweel, bidi and zero-width controls.
DROP = frozenset({TATWEEL, "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u00ad", "\ufeff",
                  "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
                  "\u2068", "\u2069"})
# Spelling variants folded together for search, beyond camel-tools' alef rules.
EXTRA = {"\u0624": "\u0621", "\u0626": "\u0621",  # hamza on waw / ya -> bare hamza
         "\u06a9": "\u0643", "\u06cc": "\u064a", "\u06c1": "\u0647"}  # Persian kaf, ya, heh

# The figures profile, one character in and one out: hamza seats, alef maqsura and ta marbuta
# vary freely in news copy; Arabic thousands/decimal/percent signs become their ASCII twins;
# dashes become "-" so "10–20" reads as a range.
FIGURE_FOLDS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ة": "ه", "ک": "ك",
                "٬": ",", "٫": ".", "٪": "%", "–": "-", "—": "-", "−": "-", "‐": "-", "‑": "-"}


@lru_cache(maxsize=1)
def _camel():
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import (normalize_alef_ar, normalize_alef_maksura_ar,
                                             normalize_teh_marbuta_ar, normalize_unicode)
    return normalize_unicode, dediac_ar, normalize_alef_ar, normalize_alef_maksura_ar, \
        normalize_teh_marbuta_ar


def search_char(ch: str) -> str:
    """The search form of one raw character.

    Combining marks are dropped: Arabic harakat, and any other mark that stands as its own
    character (a decomposed Latin accent, e + U+0301). A precomposed Latin letter is only
    case-folded: «Kobanê» stays «kobanê». Full-text search drops Latin accents anyway (FTS5's
    unicode61 tokenizer, remove_diacritics 2) and the English glossary matcher folds them
    itself; dropping them here would change the hash of every stored segment that has one.
    """
    if ch in DROP:
        return ""
    nu, dediac, alef, maksura, teh = _camel()
    s = nu(ch)
    if unicodedata.category(ch) == "Cf":
        return ""
    out = []
    for c in s:
        if c in DROP or unicodedata.category(c) == "Mn":
            continue
        c = teh(maksura(alef(dediac(c))))
        c = EXTRA.get(c, c)
        if c.isdigit() and not c.isascii():
            c = str(unicodedata.digit(c, c)) if unicodedata.digit(c, None) is not None else c
        if c.isspace():
            c = " "
        out.append(c.casefold())
    return "".join(out)


def figures_char(ch: str) -> str:
    """The figures form of one raw character: itself, folded, an ASCII digit, or ""."""
    if ch == TATWEEL or unicodedata.category(ch) in ("Mn", "Cf"):
        return ""
    if ch in FIGURE_FOLDS:
        return FIGURE_FOLDS[ch]
    if not ch.isascii() and unicodedata.category(ch) == "Nd":
        return str(unicodedata.decimal(ch))
    return ch


def digits_char(ch: str) -> str:
    """A decimal digit of any script as its ASCII digit; any other character as it is."""
    if not ch.isascii() and unicodedata.category(ch) == "Nd":
        return str(unicodedata.decimal(ch))
    return ch


# The blocks news text is written in. A profile's table holds them from its first use (the
# search profile's from normtable.py, because camel-tools' charsets module walks all of
# Unicode when imported: 0.4 s on every command); any other character is computed the first
# time a text holds it. A plain dict keeps str.translate on its fastest path.
PREFILLED = "\u0000-\u08ff\u2000-\u206f\ufb50-\ufdff\ufe70-\ufeff"
OUTSIDE_RE = re.compile(f"[^{PREFILLED}]")


def prefilled_codes():
    for lo, hi in re.findall("(.)-(.)", PREFILLED, re.DOTALL):
        yield from range(ord(lo), ord(hi) + 1)


def computed_table(rule=search_char) -> dict[int, str]:
    """The characters of the prefilled blocks that the rule changes, and into what."""
    return {code: out for code in prefilled_codes() if (out := rule(chr(code))) != chr(code)}


def write_table(path) -> None:
    """Regenerate normtable.py: python -c 'from workbench import arabic;
    arabic.write_table("workbench/arabic/normtable.py")'."""
    entries = "".join(f"    {code:#06x}: {out!r},\n" for code, out in computed_table().items())
    Path(path).write_text(
        '"""Generated by workbench.arabic.write_table from camel-tools\' rules; do not edit.\n\n'
        'The characters of the prefilled blocks that normalization changes, and into what."""\n\n'
        f"CHANGED = {{\n{entries}}}\n", encoding="utf-8")


def generated_table() -> dict[int, str]:
    """The search rule's changes over the prefilled blocks, as generated into normtable.py."""
    from .normtable import CHANGED
    return CHANGED
