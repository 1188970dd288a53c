"""Reading amounts for `quantities`: digits, Arabic/English number words, vague amounts
(عشرات، hundreds of) and dual nouns (شخصين).

Everything here works on the text folded by the figures profile (`arabic.FIGURES`: tatweel,
diacritics and obfuscation dots dropped, hamza seats, alef maqsura and ta marbuta folded,
digits as ASCII), whose characters map one-to-one back to raw characters, so callers can
report exact raw offsets. This module only knows what an amount is; whether it is a
*quantity* (and not a date, year, ordinal or article number), its qualifier and its noun are
decided in `quantities`.

Stdlib and workbench.arabic only: extraction runs inside importers and tests with no model loaded.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple

from workbench import arabic
from workbench.arabic import lexicon

Number = int | float


def fold(word: str) -> str:
    """A lexicon word as the figures profile folds it: «ثلاثة» -> «ثلاثه»."""
    return arabic.normalize(word, arabic.FIGURES)


# --- tokens --------------------------------------------------------------------------

AR_LETTERS = "\u0621-\u063a\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06fa-\u06ff"
_TOKEN_RE = re.compile(
    r"(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])(?:\.[0-9]+)?"   # 1,200 / 1,200.5
    r"|[0-9]{1,3}(?:\.[0-9]{3}){2,}(?![0-9])"                    # 1.200.000
    r"|[0-9]+(?:\.[0-9]+)?)"                                     # 153 / 2.5
    f"|(?P<ar>[{AR_LETTERS}]+)"
    r"|(?P<lat>[A-Za-z]+(?:['’-][A-Za-z]+)*)"                    # twenty-five, o'clock
    r"|(?P<sym>\S)")


class Token(NamedTuple):   # a tuple: a long text has hundreds of thousands of them
    kind: str    # "num", "ar", "lat" or "sym"
    s: str       # folded text
    start: int   # offsets into the folded text
    end: int
    glued: bool  # no space between this token and the previous one (لـ13, M4, 3rd)

    @property
    def low(self) -> str:
        return self.s.lower()


def tokenize(folded: str) -> list[Token]:
    toks: list[Token] = []
    previous_end = -1
    for m in _TOKEN_RE.finditer(folded):
        start, end = m.span()
        toks.append(Token(m.lastgroup or "sym", m.group(), start, end, start == previous_end))
        previous_end = end
    return toks


# Digit runs that are not amounts: dates, times and phone-like numbers. Every branch begins
# with a digit or "+": the lookahead says so first, so the search skips other characters
# at C speed instead of trying six branches at each.
_BLOCK_RE = re.compile(
    r"(?=[0-9+])"
    r"(?:(?<![0-9.,])[0-9]{1,4}\s*/\s*[0-9]{1,4}(?:\s*/\s*[0-9]{1,4})?(?![0-9])"  # 27/8/2023, 27/8
    r"|(?<![0-9.,])[0-9]{1,4}([-.])[0-9]{1,2}\1[0-9]{1,4}(?![0-9])"           # 2023-08-30
    r"|(?<![0-9.,])[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?![0-9])"                # 10:48
    r"|(?<![0-9.,])\+[0-9][0-9 -]{6,}[0-9](?![0-9])"                           # +963 933 ...
    r"|(?<![0-9.,])0[0-9]{2,3}[ -]?[0-9]{3}[ -]?[0-9]{3,4}(?![0-9])"          # 0933 123 456
    r"|(?<![0-9.,])[0-9]{8,}(?![0-9]))")                                       # IDs, phones


def blocked_numbers(folded: str, toks: list[Token]) -> set[int]:
    """Indexes of number tokens inside a date, time or phone number."""
    blocked: set[int] = set()
    starts: list[int] | None = None
    for m in _BLOCK_RE.finditer(folded):
        if starts is None:
            starts = [t.start for t in toks]
        # the tokens overlapping the match: from the one holding its first character on
        k = max(bisect_right(starts, m.start()) - 1, 0)
        while k < len(toks) and toks[k].start < m.end():
            if toks[k].kind == "num" and toks[k].end > m.start():
                blocked.add(k)
            k += 1
    return blocked


def _kind(toks: list[Token], k: int, glued: bool = True) -> str:
    return toks[k].kind if 0 <= k < len(toks) and (toks[k].glued or not glued) else ""


def read_digits(toks: list[Token], k: int) -> tuple[Number, int, int, bool] | None:
    """Digits at toks[k] (caller has ruled out blocked ones) -> (value, next, scale, year-like).

    Not numbers: a leading zero (07, IDs), letters glued on (M4, 3rd, 10pm, F-16,
    16-year-old) and the year marks م/هـ (2023م). A scale word multiplies: «3 آلاف»,
    "2.5 million".
    """
    t = toks[k]
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    if len(t.s) > 1 and t.s[0] == "0" and t.s[1] != ".":
        return None
    if t.glued and (_kind(toks, k - 1, False) == "lat"
                    or (toks[k - 1].s == "-" and toks[k - 1].glued and _kind(toks, k - 2, False) == "lat")):
        return None
    if nxt and ((nxt.glued and nxt.kind == "lat") or nxt.s in ("م", "ه")
                or (nxt.glued and nxt.s == "-" and _kind(toks, k + 2) == "lat")):
        return None
    value, scale = digits_value(t.s), 1
    if value is None:
        return None
    s = ar_entry(toks, k + 1)
    if s and s[1] in ("scale", "pscale"):
        scale = s[0]
    elif nxt and nxt.kind == "lat" and nxt.low in EN_SCALES:
        scale = EN_SCALES[nxt.low]
    if scale > 1:
        value = clean(value * scale)
        return (value, k + 2, scale, False) if _finite(value) else None
    return value, k + 1, 1, re.fullmatch(r"(19|20)[0-9][0-9]", t.s) is not None


# Longer digit runs are not figures: nobody counts that high, and Python will not read (or
# print) an int of more than 4,300 digits; this leaves room for a scale word (× 10⁹).
MAX_DIGITS = 4000


def digits_value(s: str) -> Number | None:
    """'1,200' -> 1200, '1.200.000' -> 1200000, '2.5' -> 2.5 (a single dot is a decimal point).

    None when it cannot be a figure: longer than MAX_DIGITS characters, or past the range of
    a float (1e400).
    """
    if len(s) > MAX_DIGITS:
        return None
    if s.count(".") > 1:
        return int(s.replace(".", ""))
    s = s.replace(",", "")
    if "." not in s:
        return int(s)
    value = clean(float(s))
    return value if _finite(value) else None


def _finite(v: Number) -> bool:
    return isinstance(v, int) or math.isfinite(v)


def clean(v: Number) -> Number:
    """Integral floats become ints so 1.5 million is 1500000, not 1500000.0."""
    return int(v) if isinstance(v, float) and v.is_integer() else v


# --- Arabic number words -------------------------------------------------------------

# Conjunction/preposition/article clitics that may sit on a number word (وثلاثة، بخمسة،
# للعشرات): "" (no clitic) first of all, then longest first, so "وال" wins over "و".
AR_PREFIXES = ("", *lexicon.longest_first(lexicon.PROCLITICS))
_CLITIC_LETTERS = frozenset(c[0] for c in lexicon.PROCLITICS)
_AR_BLOCK = {"لست"}  # "I/you am not", not ل + ست (six)

# folded word -> (value, class): the lexicon's cardinals by the part they play in a number
AR_NUM: dict[str, tuple[int, str]] = {
    fold(word): (value, cls)
    for cls, table in lexicon.AR_NUMBER_WORDS.items()
    for value, words in table.items() for word in words}
_AR_NUM_WORDS = frozenset(AR_NUM)


@lru_cache(maxsize=64)
def _splits(lexicon: frozenset[str], prefixes: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    """Every clitic + lexicon word of ar_split, to the split it gives: the first prefix in
    `prefixes` order wins, a clitic needs two letters after it."""
    table: dict[str, tuple[str, str]] = {}
    for p in prefixes:
        for w in lexicon:
            if not p or len(w) >= 2:
                table.setdefault(p + w, (p, w))
    return table


def ar_split(word: str, lexicon, prefixes=AR_PREFIXES) -> tuple[str, str] | None:
    """Split a clitic off `word` so the rest is in `lexicon`: 'بخمسة' -> ('ب', 'خمسه').

    The first prefix of `prefixes` that starts the word and leaves a word of the lexicon
    wins. This runs several times for nearly every Arabic token of a text, so the splits a
    lexicon allows are listed once and looked up (pass lexicons as frozensets).
    """
    if word[:1] not in _CLITIC_LETTERS:   # fast path: no clitic can start this word
        return ("", word) if "" in prefixes and word in lexicon else None
    if not isinstance(lexicon, frozenset):
        lexicon = frozenset(lexicon)
    return _splits(lexicon, prefixes).get(word)


def ar_entry(toks: list[Token], k: int, prefixes=("",)) -> tuple[int, str, int] | None:
    """(value, class, clitic length) of the number word at toks[k], or None."""
    if k >= len(toks) or toks[k].kind != "ar" or toks[k].s in _AR_BLOCK:
        return None
    hit = ar_split(toks[k].s, _AR_NUM_WORDS, prefixes)
    return None if hit is None else (*AR_NUM[hit[1]], len(hit[0]))


def _waw(toks: list[Token], k: int) -> tuple[int, str, int] | None:
    """A و-joined continuation at k ('وعشرين' or 'و عشرين') -> (value, class, token index)."""
    if k < len(toks) and toks[k].kind == "ar" and toks[k].s == "و":
        e = ar_entry(toks, k + 1)
        return None if e is None else (e[0], e[1], k + 1)
    e = ar_entry(toks, k, ("و",))
    return None if e is None else (e[0], e[1], k)


def _below_100(toks, k, v, cls) -> tuple[int, int] | None:
    """1–99 starting at toks[k]: خمسة، خمسة عشر، خمسة وعشرون، عشرون -> (value, next index)."""
    if cls in ("unit", "teen1"):
        nxt = ar_entry(toks, k + 1)
        if nxt and nxt[1] == "ten":
            return v + 10, k + 2
        if cls == "teen1":
            return None
        w = _waw(toks, k + 1)
        if w and w[1] == "tens":
            return v + w[0], w[2] + 1
        return v, k + 1
    return (v, k + 1) if cls in ("ten", "tens") else None


def _group(toks, k, v, cls) -> tuple[int, int] | None:
    """1–999 starting at toks[k]: مئة وخمسة وعشرون، ثلاث مئة، ثلاثمائة -> (value, next index)."""
    if cls == "unit" and 3 <= v <= 9:
        nxt = ar_entry(toks, k + 1)
        if nxt and nxt[:2] == (100, "hundred"):
            v, cls, k = v * 100, "hundred", k + 1
    if cls != "hundred":
        return _below_100(toks, k, v, cls)
    k += 1
    w = _waw(toks, k)
    rest = _below_100(toks, w[2], w[0], w[1]) if w else None
    return (v + rest[0], rest[1]) if rest else (v, k)


def parse_ar_number(toks: list[Token], i: int) -> tuple[int, int, int, int] | None:
    """Arabic number words at toks[i] -> (value, next index, clitic length, last scale).

    Groups of 1–999 optionally times a scale word, joined by و from larger to smaller
    scale: «ثلاثة آلاف وخمسمئة وعشرون» = 3520, «مئة وخمسون ألفاً» = 150000. A bare plural
    scale («آلاف») is a vague amount, so it is left to the caller.
    """
    first = ar_entry(toks, i, AR_PREFIXES)
    if first is None or first[1] == "pscale":
        return None
    v, cls, plen = first
    total, end, last, k = 0, i, 0, i
    while True:
        if cls in ("scale", "dscale"):
            g, nk, scale = (2 if cls == "dscale" else 1), k + 1, v
        else:
            gr = _group(toks, k, v, cls)
            if gr is None:
                break
            (g, nk), scale = gr, 1
            s = ar_entry(toks, nk)
            if s and s[1] in ("scale", "pscale") and (not last or s[0] < last):
                scale, nk = s[0], nk + 1
        if last and scale >= last:
            break
        total, end, last = total + g * scale, nk, scale
        w = _waw(toks, end) if scale > 1 else None
        if w is None:
            break
        v, cls, k = w
    return (total, end, plen, last) if end > i else None


# --- English number words ------------------------------------------------------------

EN_SMALL = {w: n for n, w in enumerate(lexicon.EN_SMALL)}
EN_TENS = {w: 10 * n for n, w in enumerate(lexicon.EN_TENS, 2)}
EN_SCALES = lexicon.EN_SCALES


def _en_step(part: str, st: list) -> bool:
    """Feed one word into the running [total, current, previous kind, last scale]."""
    total, cur, prev, last = st
    if part in EN_SMALL:
        n = EN_SMALL[part]
        if prev in ("unit", "teen") or (prev == "tens" and not 1 <= n <= 9):
            return False
        st[1], st[2] = cur + n, "teen" if n >= 10 else "unit"
    elif part in EN_TENS:
        if prev in ("unit", "teen", "tens"):
            return False
        st[1], st[2] = cur + EN_TENS[part], "tens"
    elif part == "hundred":
        if prev == "hundred" or cur >= 100:
            return False
        st[1], st[2] = (cur or 1) * 100, "hundred"
    elif part in EN_SCALES:
        s = EN_SCALES[part]
        if last and s >= last:
            return False
        st[:] = [total + (cur or 1) * s, 0, "scale", s]
    elif part == "dozen":
        if prev in ("hundred", "scale", "teen"):
            return False
        st[1], st[2] = (cur or 1) * 12, "teen"
    else:
        return False
    return True


def parse_en_number(toks: list[Token], i: int) -> tuple[int, int, int] | None:
    """English number words at toks[i] -> (value, next index, last scale).

    Handles 'twenty-five', 'two hundred and fifty', 'a hundred', 'a dozen'. A hyphenated
    token counts only if every part is a number word, so 'twenty-first' is not 20.
    """
    st: list = [0, 0, None, 0]
    k = end = i
    if toks[i].low in ("a", "an"):
        if not (i + 1 < len(toks) and toks[i + 1].low in (*EN_SCALES, "dozen")):
            return None
        st[1], st[2], k = 1, "unit", i + 1
    scale = 0
    while k < len(toks) and toks[k].kind == "lat":
        low = toks[k].low
        if low == "and" and st[2] in ("hundred", "scale"):
            k += 1
            continue
        saved = list(st)
        if not all(_en_step(p, st) for p in low.split("-")):
            st[:] = saved
            break
        scale = EN_SCALES.get(low.rsplit("-", 1)[-1], 1)
        k = end = k + 1
    if end == i or (toks[i].low in ("a", "an") and end == i + 1):
        return None
    return st[0] + st[1], end, scale


# --- vague amounts and dual nouns ----------------------------------------------------

# word -> (min, max, unit). Arabic plurals of ten/hundred/thousand mean "at least two of
# them", so عشرات starts at 20; the top is just under the next order of magnitude.
_AR_VAGUE = {"عشرات": (20, 99, 10), "مئات": (200, 999, 100), "الاف": (2000, 9999, 1000),
             "ملايين": (2 * 10**6, 10**9 - 1, 10**6)}
_EN_VAGUE = {"dozens": (20, 99, 10), "scores": (20, 99, 10), "tens": (20, 99, 10),
             "hundreds": (200, 999, 100), "thousands": (2000, 9999, 1000),
             "millions": (2 * 10**6, 10**9 - 1, 10**6)}
_AR_PSCALE = {"الاف": 1000, "ملايين": 10**6}
_AR_VAGUE_WORDS, _AR_PSCALE_WORDS = frozenset(_AR_VAGUE), frozenset(_AR_PSCALE)
_EN_PSCALE = {"thousands": 1000, "millions": 10**6}
_AR_FEW = frozenset({"عده", "بضعه", "بضع"})          # عدة، بضعة: 3–9, the classical range of بضع
_AR_SOME = frozenset({"عدد", "عددا", "العديد"})     # + من: a number of, no bounds

# Nouns whose dual (-ين/-ان) cannot be mistaken for a sound plural, so «شخصين» = 2 but
# «مدنيين» (civilians, or two civilians) is left alone. Also the nouns «واحد» may count.
_DUAL_STEMS = ("شخص عنصر طفل رجل جندي شاب قتيل جريح شهيد ضابط امير شقيق عضو حارس امراه "
               "هجوم انفجار صاروخ قذيفه عبوه سياره طائره مسيره دراجه منزل قريه مدينه حاجز "
               "نقطه دوريه عمليه غاره مره كمين اشتباك هجمه يوم شهر اسبوع ساعه عام سنه").split()
DUALS = frozenset(s[:-1] + "ت" + e if s.endswith("ه") else s + e
                  for s in _DUAL_STEMS for e in ("ين", "ان"))
COUNTABLE = frozenset(_DUAL_STEMS + "مدني مقاتل مسلح معتقل قيادي عامل مواطن مسؤول موظف سجين "
                      "لاجئ نازح ضحيه فتاه".split())
TWO = frozenset("اثنين اثنان اثنتين اثنتان".split())


def _low(toks: list[Token], k: int) -> str:
    return toks[k].low if 0 <= k < len(toks) else ""


def read_vague(toks: list[Token], k: int, ta_marbuta) -> tuple[Number | None, Number | None, int, int] | None:
    """A vague amount at toks[k] -> (min, max, next index, clitic length), or None.

    «عشرات الآلاف» and "hundreds of thousands" multiply out; «عدة مئات», "several
    hundred" are 3–9 of the unit. `ta_marbuta(k)` tells عدة from بعده (after him), which
    fold alike. "of" after an English amount is taken in; Arabic من is left to the noun.
    """
    t = toks[k]
    if t.kind == "ar":
        if hit := ar_split(t.s, _AR_VAGUE_WORDS):
            lo, hi, unit = _AR_VAGUE[hit[1]]
            m = ar_split(_low(toks, k + 1), _AR_PSCALE_WORDS, ("", "ال"))
            if m and _AR_PSCALE[m[1]] > unit:
                s = _AR_PSCALE[m[1]]
                return lo * s, (hi + 1) * s - 1, k + 2, len(hit[0])
            return lo, hi, k + 1, len(hit[0])
        hit = ar_split(t.s, _AR_FEW)
        if hit and (hit[1] != "عده" or ta_marbuta(k)):
            if m := ar_split(_low(toks, k + 1), _AR_VAGUE_WORDS, ("",)):
                unit = _AR_VAGUE[m[1]][2]
                return 3 * unit, 10 * unit - 1, k + 2, len(hit[0])
            return 3, 9, k + 1, len(hit[0])
        if hit := ar_split(t.s, _AR_SOME):
            j = k + 2 if _low(toks, k + 1) in ("كبير", "كبيرا") else k + 1
            return (None, None, j, len(hit[0])) if _low(toks, j) == "من" else None
        return None
    low, nxt = t.low, _low(toks, k + 1)
    if low in ("a", "an") and nxt == "number" and _low(toks, k + 2) == "of":
        return None, None, k + 3, 0
    if low == "several" or (low == "a" and nxt == "few"):
        end = k + 1 if low == "several" else k + 2
        lo, hi = 3, 9
        if s := EN_SCALES.get(_low(toks, end)):
            lo, hi, end = 3 * s, 10 * s - 1, end + 1
    elif low in _EN_VAGUE:
        lo, hi, unit = _EN_VAGUE[low]
        end = k + 1
        mult = _EN_PSCALE.get(_low(toks, k + 2), 0) if nxt == "of" else 0
        if mult > unit:
            lo, hi, end = lo * mult, (hi + 1) * mult - 1, k + 3
        elif low == "tens":
            return None
    else:
        return None
    return lo, hi, end + (_low(toks, end) == "of"), 0


def read_dual(toks: list[Token], k: int) -> tuple[int, int] | None:
    """A dual noun at toks[k] (شخصين، وعنصرين) -> (next index, clitic length), or None."""
    hit = ar_split(toks[k].s, DUALS) if toks[k].kind == "ar" else None
    if hit is None:
        return None
    return (k + 2 if _low(toks, k + 1) in TWO else k + 1), len(hit[0])   # «شخصين اثنين»


# --- which tokens can begin an amount ------------------------------------------------

@lru_cache(maxsize=8)
def _ar_starts(also: frozenset[str]) -> frozenset[str]:
    """Every Arabic token that read_vague, parse_ar_number or read_dual can begin with, and
    the words of `also`."""
    words: set[str] = set(also)
    for vocabulary in (_AR_NUM_WORDS, _AR_VAGUE_WORDS, _AR_FEW, _AR_SOME, DUALS):
        words.update(_splits(vocabulary, AR_PREFIXES))
    return frozenset(words)


_EN_NUMBER_WORDS = frozenset([*EN_SMALL, *EN_TENS, *EN_SCALES, "dozen"])
_EN_STARTS = frozenset(_EN_VAGUE) | {"a", "an", "several"}


def amount_starts(toks: list[Token], also: frozenset[str] = frozenset()) -> list[int]:
    """Indexes of the tokens where a reader here (digits, number words, vague amounts,
    duals) may begin, or whose text (lower-cased, but for Arabic) is in `also`.

    At any other token every reader returns None. One set look-up per token, where the
    readers try every clitic and lexicon in turn: most tokens of a text are such words.
    """
    ar = _ar_starts(also)
    return [k for k, t in enumerate(toks)
            if (t.s in ar if t.kind == "ar" else t.kind == "num" or _may_begin(t, also))]


def _may_begin(tok: Token, also: frozenset[str]) -> bool:
    """amount_starts for a Latin word or a symbol."""
    low = tok.low
    return low in also or (tok.kind == "lat" and (
        low in _EN_STARTS or low.split("-", 1)[0] in _EN_NUMBER_WORDS))
