"""Counted quantities in Arabic and English reporting: «153 هجوماً», «نحو 200 شخص», "dozens of civilians".

`extract_quantities(text)` returns `Quantity` spans whose offsets index the raw text
(diacritics, tatweel and all): ``text[q.start:q.end] == q.raw`` always. The span covers
the qualifier, the number and the counted noun; a clitic glued to the number (و، ب، ل، ال)
is left out, so «لـ13 شخصاً» yields «13 شخصاً».

How to read the fields (decisions an analyst should know):

* exact / approximate: ``value`` is the stated figure, ``min``/``max`` are None.
* at_least: ``min`` only. "more than n" (أكثر من، ما يزيد عن، over) gives n+1 when n is
  an integer (n itself when it is not); "at least n" (ما لا يقل عن، على الأقل) gives n.
  at_most mirrors it: "less than n" (أقل من، fewer than, under) gives n-1, "up to n"
  (ما لا يزيد عن، لا يتجاوز، up to, at most) gives n.
* range: ``min``/``max`` (بين 10 و20، من 10 إلى 20، 10-20، 3 or 4). "from 10 to 20"
  describing a change is reported as a range too. "between 2 and 3 million" scales the 2.
* vague: ``min``/``max`` from this table: عشرات/dozens/scores 20–99, مئات/hundreds
  200–999, آلاف/thousands 2000–9999, ملايين/millions 2e6–999,999,999; «عشرات الآلاف»
  20,000–99,999; عدة/بضعة/several/a few 3–9, «عدة مئات» 300–999. «عدد من», «العديد من»
  and "a number of" are vague with no bounds (both None).
* Dual nouns of common counted things (شخصين، عنصرين، يومين، مرتين) are value 2.
* Percentages are kept, marked by ``noun`` being the percent sign or word (%, ٪،
  بالمئة، في المائة، percent).
* «واحد» and "one" need a counted noun («شخص واحد», "one civilian", «واحد من المسلحين»);
  "one of the largest", «واحدة من أهم», «في وقت واحد», "no one" and a bare «واحد» are not
  quantities. A noun before the number («شخص واحد», «الأشخاص الثلاثة») is in the span.
* A single dot is a decimal point (1.200 is 1.2); 1.200.000 and 1,200 are thousands.

Not quantities: dates (22 أيلول، 8 كانون الأول 2024، 27/8/2023، August 30), years (a
four-digit 1900–2100 with no counted noun or after عام/في/in/since...), times (10:48،
الساعة 10، 10 am), ordinals (الثانية، الحادي عشر، 3rd), article, resolution and unit
numbers (المادة 5، القرار 2254، الفرقة 17، Route 4), phone-like numbers, numbers with a
leading zero, and digits glued to Latin letters (M4, F-16, COVID-19).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields
from functools import lru_cache

from .numbers import (AR_PREFIXES, COUNTABLE, TWO as _TWO, Number, Token, ar_entry, ar_split,
                      amount_starts, blocked_numbers, clean, normalize, parse_ar_number,
                      parse_en_number, read_digits, read_dual, read_vague, tokenize)

QUALIFIERS = ("exact", "approximate", "at_least", "at_most", "range", "vague")


@dataclass(frozen=True)
class Quantity:
    """One counted figure. Offsets index the raw text; see the module docstring for how
    value/min/max depend on the qualifier. Stored on claims as `to_dict()`."""

    raw: str
    start: int
    end: int
    value: Number | None
    min: Number | None
    max: Number | None
    qualifier: str
    noun: str | None

    def to_dict(self) -> dict:
        # the fields are plain values: no need for asdict's deep copy (slow on many figures)
        return {name: getattr(self, name) for name in _QUANTITY_FIELDS}


_QUANTITY_FIELDS = tuple(f.name for f in fields(Quantity))


@lru_cache(maxsize=None)
def _ws(s: str) -> frozenset[str]:
    return frozenset(s.split())


def _phrases(kind: str, words: str, delta: int = 0) -> list[tuple[tuple[str, ...], str, int]]:
    return [(tuple(p.split()), kind, delta) for p in words.split(",")]


def _by_first_word(phrases) -> dict[str, list]:
    out: dict[str, list] = {}
    for p in phrases:
        out.setdefault(p[0][0], []).append(p)
    return out


# Qualifier phrases, folded (أ→ا، ى→ي، ة→ه). delta turns "more/less than n" into n±1.
_PRE = _by_first_word(
    _phrases("approximate", "نحو,حوالي,قرابه,ما يقارب,يقارب,ما يقرب من,زهاء,تقريبا,ما يناهز,يناهز,"
             "about,around,approximately,roughly,nearly,almost,some,circa,an estimated,"
             "estimated,close to")
    + _phrases("at_least", "اكثر من,ما يزيد عن,ما يزيد علي,يزيد عن,يزيد علي,ازيد من,ما يربو علي,"
               "ما يربو عن,يربو علي,ما يفوق,يفوق,ما يتجاوز,more than,over,above,in excess of", 1)
    + _phrases("at_least", "ما لا يقل عن,لا يقل عن,ما لا تقل عن,لا تقل عن,علي الاقل,at least,"
               "no fewer than,no less than,not less than,a minimum of,upwards of")
    + _phrases("at_most", "اقل من,ما دون,fewer than,less than,under,below", 1)
    + _phrases("at_most", "ما لا يزيد عن,ما لا يزيد علي,لا يزيد عن,لا يزيد علي,لا تزيد عن,"
               "ما لا يتجاوز,لا يتجاوز,لا تتجاوز,up to,at most,no more than,not more than,"
               "a maximum of,as many as"))
_POST = _by_first_word(
    _phrases("at_least", "علي الاقل,او اكثر,فاكثر,at least,or more,+")
    + _phrases("at_most", "علي الاكثر,او اقل,at most,or fewer,or less")
    + _phrases("approximate", "تقريبا,or so"))
_OPEN = _by_first_word(_phrases("between", "بين,ما بين,between") + _phrases("from", "من,from"))
_CONN = {"between": _ws("و and -"), "from": _ws("الي حتي to through -"),
         "bare": _ws("الي - او to or")}
_QUAL_CLITICS = ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل")

_ONE = _ws("واحد واحدا واحده")
_PCT_SIGN = _ws("%")
_ARTICLES = _ws("ال لل بال وال")
_EN_POSS = _ws("the its their his her our these those")

_AR_MONTHS = _ws("كانون شباط اذار نيسان ايار حزيران تموز اب ايلول تشرين يناير فبراير مارس "
                 "ابريل مايو يونيو يونيه يوليو يوليه اغسطس سبتمبر اكتوبر نوفمبر ديسمبر")
_EN_MONTHS = _ws("january february march april may june july august september october "
                 "november december jan feb mar apr jun jul aug sep sept oct nov dec")
_AR_ORDINALS = _ws("اول اولي ثاني ثانيه ثالث ثالثه رابع رابعه خامس خامسه سادس سادسه سابع "
                   "سابعه ثامن ثامنه تاسع تاسعه عاشر عاشره حادي حاديه")
_AR_YEAR_WORDS = _ws("عام عامي العام العامين سنه السنه منذ حتي مطلع اوائل اواخر منتصف بدايه "
                     "نهايه خلال في موسم")
_EN_YEAR_WORDS = _ws("in since of by until till from during year early late mid before after "
                     "spring summer autumn fall winter end")
_AR_LABELS = _ws("ماده فقره بند قرار رقم مرسوم قانون فصل صفحه فرقه لواء فوج كتيبه فيلق ايه")
_EN_LABELS = _ws("article art section sec paragraph para clause chapter resolution no nr number "
                 "page pp p law decree division brigade regiment battalion route highway road "
                 "room building block sector phase stage level item annex figure fig table "
                 "version episode season volume vol issue unit corps platoon")
_AR_TIME_AFTER = _ws("صباحا صباح مساء مساءا ظهرا فجرا ليلا عصرا بتوقيت")
_EN_TIME_AFTER = _ws("am pm gmt utc o'clock hrs")
_AR_STOP = _ws("في فيه فيها من منها منهم علي عليه عليها عليهم عن عنه الي اليه مع و او ام ثم "
               "حتي منذ خلال قبل بعد عند لدي التي الذي الذين اللذين اللتين هو هي هم هما كان "
               "كانت كانوا قد لقد لا لم لن ما ان انه انها انهم اي كل لكل بين حيث اذ اذا لكن بل "
               "ضد عبر حول دون تقريبا فقط ايضا بحسب حسب وفق وفقا نحو حوالي هذا هذه ذلك تلك "
               "هناك هنا مقابل سوي غير مثل الا اما اصل م ه")
_EN_STOP = _ws("the a an of and or to in on at by for from with without into onto over under "
               "than as is are was were be been being has have had will would could should may "
               "might can that which who whom whose this these those it its their his her our "
               "your my they we he she you i per percent more less fewer but not no so if then "
               "there here when where after before since during until between among against "
               "about around out up down off also only each all both some any most other another")
_EN_DETS = _ws("the no any every each this that which only")
_EN_IRREGULAR = _ws("people men women children personnel police staff militia troops")

@dataclass
class _Num:
    """A number read at tokens [first, end); `start` is its folded offset after any clitic."""
    value: Number | None
    lo: Number | None
    hi: Number | None
    first: int
    end: int
    start: int
    kind: str                      # digits, ar, en, vague, dual
    scale: int = 1
    year_like: bool = False
    definite: bool = False         # الثلاثة: the counted noun comes before it
    base: str = ""                 # the folded word of a one-word Arabic number, or "one"
    noun: tuple[int, int] | None = None


def extract_quantities(text: str) -> list[Quantity]:
    """All counted quantities in `text`, in order, non-overlapping."""
    if not text:
        return []
    return _Reader(text).run()


class _Reader:
    """One pass over the tokens of one text; tries a quantity at each token in turn."""

    def __init__(self, text: str):
        self.text = text
        self.norm, self.idx = normalize(text)
        self.toks = tokenize(self.norm)
        self.blocked = blocked_numbers(self.norm, self.toks)
        self.floor = 0   # a backward noun («شخص واحد») may not reach into an earlier quantity

    def run(self) -> list[Quantity]:
        out, i = [], 0
        # only where a number, a qualifier or a range opener can begin (few tokens of a
        # text): at any other token _at finds nothing
        for k in amount_starts(self.toks, _phrase_words()):
            if k < i:
                continue
            got = self._at(k)
            if got is None:
                continue
            q, i = got[0], max(k + 1, got[1])   # a rejected date is skipped whole, year too
            if q is not None:
                out.append(q)
                self.floor = i
        return out

    # --- small helpers ---
    def tok(self, k: int) -> Token | None:
        return self.toks[k] if 0 <= k < len(self.toks) else None

    def _is(self, k: int, words: frozenset[str], prefixes=("",)) -> bool:
        t = self.tok(k)
        if t is None:
            return False
        if t.kind == "lat":
            return t.low in words
        return ar_split(t.s, words, prefixes) is not None if t.kind == "ar" else t.s in words

    def _phrase(self, k: int, table) -> tuple[str, int, int, int] | None:
        """Longest phrase of `table` at k -> (kind, delta, next index, clitic length)."""
        t = self.tok(k)
        if t is None:
            return None
        bases = _bases(t.s) if t.kind == "ar" else {t.low: 0}
        found = [p for b in bases for p in table.get(b, ())]
        for words, kind, delta in sorted(found, key=lambda p: -len(p[0])):
            if all((u := self.tok(k + n)) is not None and (u.low if u.kind == "lat" else u.s) == w
                   for n, w in enumerate(words[1:], 1)):
                return kind, delta, k + len(words), bases[words[0]]
        return None

    def _prev(self, k: int) -> int:
        """Index of the word before toks[k], skipping a glued clitic (لـ13) or abbreviation dot."""
        j = k - 1
        t = self.tok(k)
        if t and t.glued and self._kind(j) == "ar" and self.toks[j].s in AR_PREFIXES:
            j -= 1
        if self._kind(j) == "sym" and self.toks[j].s == "." and self.toks[j].glued \
                and self._kind(j - 1) == "lat":
            j -= 1
        return j

    def _kind(self, k: int) -> str:
        t = self.tok(k)
        return t.kind if t else ""

    def _skip_clitic(self, k: int) -> int:
        t, n = self.tok(k), self.tok(k + 1)
        if t and n and t.kind == "ar" and n.kind == "num" and (
                t.s in _ARTICLES or (t.s in AR_PREFIXES and n.glued)):   # قرابة الـ100، الـ 50
            return k + 1
        return k

    def _raw(self, a: int, b: int) -> tuple[int, int]:
        """Folded [a, b) -> raw [start, end), taking in marks that trail the last letter (شخصاً)."""
        s, e = self.idx[a], self.idx[b - 1] + 1
        while e < len(self.text) and (self.text[e] == "\u0640"
                                      or unicodedata.category(self.text[e]) == "Mn"):
            e += 1
        return s, e

    # --- reading one quantity ---
    def _at(self, i: int) -> tuple[Quantity | None, int] | None:
        """[qualifier | range opener] number [range end] [percent | noun] [post-qualifier].

        None when nothing starts here; (None, k) when tokens up to k were read and turned
        out not to be a quantity (a date, an article number), so they are not re-read.
        """
        qual = self._phrase(i, _PRE)
        style = None
        if qual is None and (op := self._phrase(i, _OPEN)):
            style = op[0]
        head = qual or (op if style else None)
        j = self._skip_clitic(head[2]) if head else i
        x = self._number(j)
        if x is None or (x.kind in ("vague", "dual") and style):
            return None
        start = self.toks[i].start + head[3] if head else x.start
        y = self._second(x, style or "bare")
        if style and y is None:
            return None
        last = y or x
        k = last.end
        post = noun = None
        if (pct := self._percent(k)) is not None:
            noun, k = (self.toks[k].start, self.toks[pct - 1].end), pct
        elif self._is(j - 1, _PCT_SIGN) and self.toks[j].glued and not head:
            noun, start = (self.toks[j - 1].start, self.toks[j - 1].end), self.toks[j - 1].start   # ٪15
        else:
            if (m := self._month_after(k)) is not None or self._time_after(k):
                return None, max(k, m or 0)
            if p := self._phrase(k, _POST):   # "13 or more people"
                post, k = p, p[2]
            if last.noun:
                noun = last.noun
            elif not last.definite and last.base not in _ONE | _TWO:
                if (nn := self._noun(k, last.value)) is not None:
                    noun, k = nn
            if post is None and (p := self._phrase(k, _POST)):   # «13 شخصاً على الأقل»
                post, k = p, p[2]
        if self._rejected(x, y, noun, qual is not None):
            return None, k
        if x.kind == "ar" and (x.definite or x.base in _ONE | _TWO) and not y and not head:
            if (back := self._noun_back(x)) is not None:
                noun, start = back, back[0]
            elif (nn := self._partitive(k)) and self.norm.startswith("ال", nn[0][0]):
                noun, k = nn   # «واحد من المسلحين», but not «واحدة من أهم»
            elif x.base in _ONE:
                return None, k
        if x.base == "one" and (noun is None or self._is(self._prev(x.first), _EN_DETS)
                                or self._is(x.end, _ws("of"))):   # "one of the largest"
            return None, k
        return self._build(start, k, x, y, qual or post, noun), k

    def _second(self, x: _Num, style: str) -> _Num | None:
        """The upper end of a range after `x` (بين 10 و20، 10 to 20, 3 or 4)."""
        k = x.end
        if x.kind in ("vague", "dual") or not self._is(k, _CONN[style]):
            if not (style == "between" and self.tok(k) and self.tok(k).kind == "ar"
                    and self.tok(k).s.startswith("و")):
                return None
        else:
            k = self._skip_clitic(k + 1)
        y = self._number(k)
        if y is None or y.kind in ("vague", "dual") or x.value is None or y.value is None:
            return None
        lo = x.value
        if y.scale > 1 and x.scale == 1 and x.value * y.scale <= y.value:   # "2 to 3 million"
            lo = clean(x.value * y.scale)
        if style == "bare" and not lo < y.value:
            return None
        x.value = lo
        return y

    def _number(self, k: int) -> _Num | None:
        t = self.tok(k)
        if t is None:
            return None
        if t.kind == "num":
            return self._digits(k)
        if t.kind == "ar":
            return self._vague(k) or self._ar_words(k) or self._dual(k)
        if t.kind == "lat":
            return self._vague(k) or self._en_words(k)
        return None

    def _digits(self, k: int) -> _Num | None:
        if k in self.blocked or (r := read_digits(self.toks, k)) is None:
            return None
        return _Num(r[0], None, None, k, r[1], self.toks[k].start, "digits", r[2], r[3])

    def _ar_words(self, k: int) -> _Num | None:
        r = parse_ar_number(self.toks, k)
        if r is None:
            return None
        value, end, plen, scale = r
        t = self.toks[k]
        prefix, base = t.s[:plen], t.s[plen:]
        if "ال" in prefix and base == "اثنين":
            return None   # الاثنين: Monday
        return _Num(value, None, None, k, end, t.start + plen, "ar", scale,
                    definite=prefix.endswith(("ال", "لل")), base=base if end == k + 1 else "")

    def _dual(self, k: int) -> _Num | None:
        if (r := read_dual(self.toks, k)) is None:
            return None
        a = self.toks[k].start + r[1]
        return _Num(2, None, None, k, r[0], a, "dual", noun=(a, self.toks[k].end))

    def _vague(self, k: int) -> _Num | None:
        r = read_vague(self.toks, k, lambda n: self.text[self.idx[self.toks[n].end - 1]] == "ة")
        if r is None:
            return None
        return _Num(None, r[0], r[1], k, r[2], self.toks[k].start + r[3], "vague")

    def _en_words(self, k: int) -> _Num | None:
        r = parse_en_number(self.toks, k)
        if r is None:
            return None
        value, end, scale = r
        one = end == k + 1 and self.toks[k].low == "one"
        return _Num(value, None, None, k, end, self.toks[k].start, "en", scale, base="one" if one else "")

    # --- what follows the number ---
    def _percent(self, k: int) -> int | None:
        if self._is(k, _ws("% percent pct")) or self._is(k, _ws("المئه المائه"), ("ب",)):
            return k + 1
        if (self._is(k, _ws("في")) and self._is(k + 1, _ws("المئه المائه"))) \
                or (self._is(k, _ws("per")) and self._is(k + 1, _ws("cent"))):
            return k + 2
        return None

    def _month_after(self, k: int) -> int | None:
        j = k + 1 if self._is(k, _ws("من of")) else k
        if self._is(j, _ws("شهر")):
            j += 1
        elif j > k and self._is(j, _ws("الشهر")):
            return j + 1
        if not self._month(j):
            return None
        two_words = self._is(j, _ws("كانون تشرين")) and self._is(j + 1, _ws("الاول الثاني"))
        return j + 2 if two_words else j + 1

    def _month(self, k: int) -> bool:
        t = self.tok(k)
        if t is None or not (self._is(k, _AR_MONTHS) or self._is(k, _EN_MONTHS)):
            return False
        return t.low not in ("may", "march", "mar") or t.s[0].isupper()

    def _time_after(self, k: int) -> bool:
        return self._is(k, _AR_TIME_AFTER) or self._is(k, _EN_TIME_AFTER) or (
            self._is(k, _ws("a p")) and self._is(k + 1, _ws(".")) and self._is(k + 2, _ws("m")))

    def _nounish(self, k: int) -> bool:
        t = self.tok(k)
        return bool(t and t.kind == "ar" and len(t.s) > 1 and t.s not in _AR_STOP
                    and ar_entry(self.toks, k, AR_PREFIXES) is None and not self._month(k)
                    and not self._phrase(k, _PRE))

    def _partitive(self, k: int) -> tuple[tuple[int, int], int] | None:
        """«5 من عناصر داعش»: the noun after من."""
        if self._is(k, _ws("من")) and self._nounish(k + 1):
            return (self.toks[k + 1].start, self.toks[k + 1].end), k + 2
        return None

    def _noun(self, k: int, value) -> tuple[tuple[int, int], int] | None:
        """The counted noun after the number: «13 شخصاً», "13 suspected ISIS members"."""
        t = self.tok(k)
        if t is None:
            return None
        if t.kind == "ar":
            if self._nounish(k):
                return (t.start, t.end), k + 1
            return self._partitive(k)
        if t.kind != "lat":
            return None
        j = k
        if t.low == "of" and self._is(k + 1, _EN_POSS):
            j = k + 2   # "3 of its fighters"
        elif t.low == "the" and self._is(k - 1, _ws("of")):
            j = k + 1   # "dozens of the attackers"
        words = []
        for m in range(j, j + 4):   # skip up to 3 modifiers: "13 suspected ISIS members"
            u = self.tok(m)
            if u and m > j and u.low == "and":   # "Arab and foreign fighters"
                continue
            if u is None or u.kind != "lat" or u.low in _EN_STOP or self._month(m):
                break
            words.append(m)
            plural = (u.low.endswith("s") and not u.low.endswith(("ss", "us", "is")) and not u.s.isupper()) \
                or u.low in _EN_IRREGULAR
            if value != 1 and plural:
                return (u.start, u.end), m + 1
        if words and not self.toks[words[0]].low.endswith(("ed", "ly", "ing")):
            return (self.toks[words[0]].start, self.toks[words[0]].end), words[0] + 1
        return None

    def _noun_back(self, x: _Num) -> tuple[int, int] | None:
        """Folded span of the noun before an adjectival number: «شخص واحد», «الأشخاص الثلاثة».

        «واحد» only counts a known countable noun, so «في وقت واحد» (at once) and «شعب
        واحد» (one people) are not quantities.
        """
        k = x.first - 1
        p = self.tok(k)
        if k < self.floor or p is None or p.kind != "ar" or self.toks[x.first].glued:
            return None
        if x.base in _ONE:
            hit = ar_split(p.s, COUNTABLE)
            if hit is None or hit[0].endswith(("ال", "لل")) != x.definite \
                    or p.s.endswith("ه") != (x.base == "واحده"):
                return None
            return p.start + len(hit[0]), p.end
        if not self._nounish(k) or self._is(k, _AR_ORDINALS, ("", "ال")) \
                or self._is(k, _AR_LABELS, AR_PREFIXES) or p.s.startswith("ال") != x.definite:
            return None
        if x.base in _TWO and not p.s.endswith(("تين", "تان") if x.base.startswith("اثنت") else ("ين", "ان")):
            return None
        return p.start, p.end

    # --- context that makes a number not a quantity ---
    def _rejected(self, x: _Num, y: _Num | None, noun, qualified: bool) -> bool:
        p = self._prev(x.first)
        if self._month(p) or self._is(p, _ws("#")) or self._is(p, _ws("الساعه"), _QUAL_CLITICS):
            return True
        if self._is(p, _ws("الاول الثاني")) and self._is(p - 1, _ws("كانون تشرين")):
            return True
        if self._is(p, _AR_LABELS, AR_PREFIXES) or self._is(p, _EN_LABELS):
            return True
        if x.kind == "ar" and self._is(p, _AR_ORDINALS, ("", "ال", "و", "وال")):
            return True
        if x.year_like and (y is None or y.year_like) and not qualified:
            return noun is None or self._is(p, _AR_YEAR_WORDS, _QUAL_CLITICS) or self._is(p, _EN_YEAR_WORDS)
        return False

    def _build(self, a: int, k: int, x: _Num, y: _Num | None, qual, noun) -> Quantity:
        s, e = self._raw(a, self.toks[k - 1].end)
        n = None
        if noun:
            ns, ne = self._raw(*noun)
            n = self.text[ns:ne]
        value = lo = hi = None
        if y is not None:
            kind, lo, hi = "range", min(x.value, y.value), max(x.value, y.value)
        elif x.kind == "vague":
            kind, lo, hi = "vague", x.lo, x.hi
        elif qual is None:
            kind, value = "exact", x.value
        else:
            kind, delta = qual[0], qual[1] if isinstance(x.value, int) else 0
            if kind == "approximate":
                value = x.value
            elif kind == "at_least":
                lo = x.value + delta
            else:
                hi = x.value - delta
        return Quantity(self.text[s:e], s, e, value, lo, hi, kind, n)


@lru_cache(maxsize=1)
def _phrase_words() -> frozenset[str]:
    """The tokens a qualifier or range opener can begin with: its first word, after any
    qualifier clitic (see _bases)."""
    firsts = set(_PRE) | set(_OPEN)
    return frozenset(p + w for p in _QUAL_CLITICS for w in firsts if w)


@lru_cache(maxsize=4096)
def _bases(word: str) -> dict[str, int]:
    """The word and what is left after each qualifier clitic: 'بنحو' -> {'بنحو': 0, 'نحو': 1}."""
    return {word[len(p):]: len(p) for p in reversed(_QUAL_CLITICS)
            if word.startswith(p) and len(word) > len(p)}
