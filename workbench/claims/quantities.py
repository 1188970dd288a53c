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

from dataclasses import dataclass, fields
from functools import lru_cache

from workbench import arabic
from workbench.arabic import lexicon

from .numbers import (AR_PREFIXES, COUNTABLE, TWO as _TWO, Number, Token, ar_entry, ar_split,
                      amount_starts, blocked_numbers, clean, fold, parse_ar_number,
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
def _words(s: str) -> frozenset[str]:
    """The words of s, as a set (cached: the readers below name their words inline)."""
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
_CONN = {"between": _words("و and -"), "from": _words("الي حتي to through -"),
         "bare": _words("الي - او to or")}
# Clitics a qualifier may carry (بنحو، ولأكثر من): a conjunction and a preposition, no article;
# "" first, then shortest first (`_bases` tries the longest first).
_QUAL_CLITICS = ("", *sorted(lexicon.proclitics(prepositions=("ب", "ل"), article=False),
                            key=lambda c: (len(c), c)))

_ONE = _words("واحد واحدا واحده")
_PCT_SIGN = _words("%")
_ARTICLES = _words("ال لل بال وال")
_EN_POSS = _words("the its their his her our these those")

# Month names (the lexicon's, Levantine and Gregorian) by their first word, folded; the
# Levantine names of two words are كانون/تشرين + الأول/الثاني.
_AR_MONTHS = frozenset(fold(name.split()[0]) for name in lexicon.ar_months())
_AR_MONTH_FIRSTS = frozenset(fold(name.split()[0]) for name in lexicon.ar_months() if " " in name)
_AR_MONTH_SECONDS = frozenset(fold(name.split()[1]) for name in lexicon.ar_months() if " " in name)
_EN_MONTHS = frozenset(lexicon.en_months())
_AR_ORDINALS = frozenset(map(fold, lexicon.AR_ORDINALS))
_AR_YEAR_WORDS = _words("عام عامي العام العامين سنه السنه منذ حتي مطلع اوائل اواخر منتصف بدايه "
                     "نهايه خلال في موسم")
_EN_YEAR_WORDS = _words("in since of by until till from during year early late mid before after "
                     "spring summer autumn fall winter end")
_AR_LABELS = _words("ماده فقره بند قرار رقم مرسوم قانون فصل صفحه فرقه لواء فوج كتيبه فيلق ايه")
_EN_LABELS = _words("article art section sec paragraph para clause chapter resolution no nr number "
                 "page pp p law decree division brigade regiment battalion route highway road "
                 "room building block sector phase stage level item annex figure fig table "
                 "version episode season volume vol issue unit corps platoon")
_AR_TIME_AFTER = _words("صباحا صباح مساء مساءا ظهرا فجرا ليلا عصرا بتوقيت")
_EN_TIME_AFTER = _words("am pm gmt utc o'clock hrs")
_AR_STOP = _words("في فيه فيها من منها منهم علي عليه عليها عليهم عن عنه الي اليه مع و او ام ثم "
               "حتي منذ خلال قبل بعد عند لدي التي الذي الذين اللذين اللتين هو هي هم هما كان "
               "كانت كانوا قد لقد لا لم لن ما ان انه انها انهم اي كل لكل بين حيث اذ اذا لكن بل "
               "ضد عبر حول دون تقريبا فقط ايضا بحسب حسب وفق وفقا نحو حوالي هذا هذه ذلك تلك "
               "هناك هنا مقابل سوي غير مثل الا اما اصل م ه")
_EN_STOP = _words("the a an of and or to in on at by for from with without into onto over under "
               "than as is are was were be been being has have had will would could should may "
               "might can that which who whom whose this these those it its their his her our "
               "your my they we he she you i per percent more less fewer but not no so if then "
               "there here when where after before since during until between among against "
               "about around out up down off also only each all both some any most other another")
_EN_DETS = _words("the no any every each this that which only")
_EN_IRREGULAR = _words("people men women children personnel police staff militia troops")

@dataclass
class _Amount:
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
    """One pass over the tokens of one text; tries a quantity at each token in turn.

    Tokens are addressed by their index in `toks` (`at`, `after` ...); `folded` is the
    text as the figures profile folds it, with its offsets back to the raw text.
    """

    def __init__(self, text: str):
        self.text = text
        self.folded = arabic.normalize_with_offsets(text, arabic.FIGURES)
        self.toks = tokenize(self.folded.text)
        self.blocked = blocked_numbers(self.folded.text, self.toks)
        self.floor = 0   # a backward noun («شخص واحد») may not reach into an earlier quantity

    def run(self) -> list[Quantity]:
        out, resume = [], 0
        # only where a number, a qualifier or a range opener can begin (few tokens of a
        # text): at any other token _quantity_at finds nothing
        for at in amount_starts(self.toks, _phrase_words()):
            if at < resume:
                continue
            got = self._quantity_at(at)
            if got is None:
                continue
            q, resume = got[0], max(at + 1, got[1])   # a rejected date is skipped whole, year too
            if q is not None:
                out.append(q)
                self.floor = resume
        return out

    # --- small helpers ---
    def tok(self, at: int) -> Token | None:
        return self.toks[at] if 0 <= at < len(self.toks) else None

    def _word_in(self, at: int, words: frozenset[str], prefixes=("",)) -> bool:
        """Whether the token at `at` is one of `words` (Arabic: after one of `prefixes`)."""
        t = self.tok(at)
        if t is None:
            return False
        if t.kind == "lat":
            return t.low in words
        return ar_split(t.s, words, prefixes) is not None if t.kind == "ar" else t.s in words

    def _phrase(self, at: int, table) -> tuple[str, int, int, int] | None:
        """Longest phrase of `table` at `at` -> (kind, delta, next index, clitic length)."""
        t = self.tok(at)
        if t is None:
            return None
        bases = _bases(t.s) if t.kind == "ar" else {t.low: 0}
        found = [phrase for b in bases for phrase in table.get(b, ())]
        for words, kind, delta in sorted(found, key=lambda phrase: -len(phrase[0])):
            if all((u := self.tok(at + n)) is not None and (u.low if u.kind == "lat" else u.s) == w
                   for n, w in enumerate(words[1:], 1)):
                return kind, delta, at + len(words), bases[words[0]]
        return None

    def _before(self, at: int) -> int:
        """Index of the word before toks[at], skipping a glued clitic (لـ13) or abbreviation dot."""
        j = at - 1
        t = self.tok(at)
        if t and t.glued and self._kind(j) == "ar" and self.toks[j].s in AR_PREFIXES:
            j -= 1
        if self._kind(j) == "sym" and self.toks[j].s == "." and self.toks[j].glued \
                and self._kind(j - 1) == "lat":
            j -= 1
        return j

    def _kind(self, at: int) -> str:
        t = self.tok(at)
        return t.kind if t else ""

    def _skip_clitic(self, at: int) -> int:
        t, n = self.tok(at), self.tok(at + 1)
        if t and n and t.kind == "ar" and n.kind == "num" and (
                t.s in _ARTICLES or (t.s in AR_PREFIXES and n.glued)):   # قرابة الـ100، الـ 50
            return at + 1
        return at

    # --- reading one quantity ---
    def _quantity_at(self, i: int) -> tuple[Quantity | None, int] | None:
        """[qualifier | range opener] number [range end] [percent | noun] [post-qualifier].

        None when nothing starts here; (None, after) when tokens up to `after` were read and
        turned out not to be a quantity (a date, an article number), so they are not re-read.
        """
        qualifier = self._phrase(i, _PRE)
        style = None
        if qualifier is None and (opener := self._phrase(i, _OPEN)):
            style = opener[0]
        lead = qualifier or (opener if style else None)
        number_at = self._skip_clitic(lead[2]) if lead else i
        amount = self._number(number_at)
        if amount is None or (amount.kind in ("vague", "dual") and style):
            return None
        start = self.toks[i].start + lead[3] if lead else amount.start
        range_end = self._range_end(amount, style or "bare")
        if style and range_end is None:
            return None
        last = range_end or amount
        after = last.end
        post = noun = None
        if (percent_end := self._percent(after)) is not None:
            noun, after = (self.toks[after].start, self.toks[percent_end - 1].end), percent_end
        elif self._word_in(number_at - 1, _PCT_SIGN) and self.toks[number_at].glued and not lead \
                and number_at - 1 >= self.floor:   # not the sign of the figure before: «0٪0»
            sign = self.toks[number_at - 1]
            noun, start = (sign.start, sign.end), sign.start   # ٪15
        else:
            if (month_end := self._month_after(after)) is not None or self._time_after(after):
                return None, max(after, month_end or 0)
            if phrase := self._phrase(after, _POST):   # "13 or more people"
                post, after = phrase, phrase[2]
            if last.noun:
                noun = last.noun
            elif not last.definite and last.base not in _ONE | _TWO:
                if (counted := self._noun(after, last.value)) is not None:
                    noun, after = counted
            if post is None and (phrase := self._phrase(after, _POST)):   # «13 شخصاً على الأقل»
                post, after = phrase, phrase[2]
        if self._rejected(amount, range_end, noun, qualifier is not None):
            return None, after
        if amount.kind == "ar" and (amount.definite or amount.base in _ONE | _TWO) \
                and not range_end and not lead:
            if (back := self._noun_back(amount)) is not None:
                noun, start = back, back[0]
            elif (counted := self._partitive(after)) and self.folded.text.startswith("ال", counted[0][0]):
                noun, after = counted   # «واحد من المسلحين», but not «واحدة من أهم»
            elif amount.base in _ONE:
                return None, after
        if amount.base == "one" and (noun is None or self._word_in(self._before(amount.first), _EN_DETS)
                                     or self._word_in(amount.end, _words("of"))):   # "one of the largest"
            return None, after
        return self._build(start, after, amount, range_end, qualifier or post, noun), after

    def _range_end(self, amount: _Amount, style: str) -> _Amount | None:
        """The upper end of a range after `amount` (بين 10 و20، 10 to 20, 3 or 4)."""
        at = amount.end
        if amount.kind in ("vague", "dual") or not self._word_in(at, _CONN[style]):
            if not (style == "between" and self.tok(at) and self.tok(at).kind == "ar"
                    and self.tok(at).s.startswith("و")):
                return None
        else:
            at = self._skip_clitic(at + 1)
        upper = self._number(at)
        if upper is None or upper.kind in ("vague", "dual") or amount.value is None or upper.value is None:
            return None
        lo = amount.value
        if upper.scale > 1 and amount.scale == 1 and amount.value * upper.scale <= upper.value:
            lo = clean(amount.value * upper.scale)   # "2 to 3 million"
        if style == "bare" and not lo < upper.value:
            return None
        amount.value = lo
        return upper

    def _number(self, at: int) -> _Amount | None:
        t = self.tok(at)
        if t is None:
            return None
        if t.kind == "num":
            return self._digits(at)
        if t.kind == "ar":
            return self._vague(at) or self._ar_words(at) or self._dual(at)
        if t.kind == "lat":
            return self._vague(at) or self._en_words(at)
        return None

    def _digits(self, at: int) -> _Amount | None:
        if at in self.blocked or (read := read_digits(self.toks, at)) is None:
            return None
        value, end, scale, year_like = read
        return _Amount(value, None, None, at, end, self.toks[at].start, "digits", scale, year_like)

    def _ar_words(self, at: int) -> _Amount | None:
        read = parse_ar_number(self.toks, at)
        if read is None:
            return None
        value, end, clitic, scale = read
        t = self.toks[at]
        prefix, base = t.s[:clitic], t.s[clitic:]
        if "ال" in prefix and base == "اثنين":
            return None   # الاثنين: Monday
        return _Amount(value, None, None, at, end, t.start + clitic, "ar", scale,
                       definite=prefix.endswith(("ال", "لل")), base=base if end == at + 1 else "")

    def _dual(self, at: int) -> _Amount | None:
        if (read := read_dual(self.toks, at)) is None:
            return None
        end, clitic = read
        start = self.toks[at].start + clitic
        return _Amount(2, None, None, at, end, start, "dual", noun=(start, self.toks[at].end))

    def _vague(self, at: int) -> _Amount | None:
        offsets = self.folded.offsets
        read = read_vague(self.toks, at, lambda n: self.text[offsets[self.toks[n].end - 1]] == "ة")
        if read is None:
            return None
        lo, hi, end, clitic = read
        return _Amount(None, lo, hi, at, end, self.toks[at].start + clitic, "vague")

    def _en_words(self, at: int) -> _Amount | None:
        read = parse_en_number(self.toks, at)
        if read is None:
            return None
        value, end, scale = read
        one = end == at + 1 and self.toks[at].low == "one"
        return _Amount(value, None, None, at, end, self.toks[at].start, "en", scale,
                       base="one" if one else "")

    # --- what follows the number ---
    def _percent(self, at: int) -> int | None:
        if self._word_in(at, _words("% percent pct")) or self._word_in(at, _words("المئه المائه"), ("ب",)):
            return at + 1
        if (self._word_in(at, _words("في")) and self._word_in(at + 1, _words("المئه المائه"))) \
                or (self._word_in(at, _words("per")) and self._word_in(at + 1, _words("cent"))):
            return at + 2
        return None

    def _month_after(self, at: int) -> int | None:
        j = at + 1 if self._word_in(at, _words("من of")) else at
        if self._word_in(j, _words("شهر")):
            j += 1
        elif j > at and self._word_in(j, _words("الشهر")):
            return j + 1
        if not self._month(j):
            return None
        two_words = self._word_in(j, _AR_MONTH_FIRSTS) and self._word_in(j + 1, _AR_MONTH_SECONDS)
        return j + 2 if two_words else j + 1

    def _month(self, at: int) -> bool:
        t = self.tok(at)
        if t is None or not (self._word_in(at, _AR_MONTHS) or self._word_in(at, _EN_MONTHS)):
            return False
        return t.low not in ("may", "march", "mar") or t.s[0].isupper()

    def _time_after(self, at: int) -> bool:
        return self._word_in(at, _AR_TIME_AFTER) or self._word_in(at, _EN_TIME_AFTER) or (
            self._word_in(at, _words("a p")) and self._word_in(at + 1, _words("."))
            and self._word_in(at + 2, _words("m")))

    def _nounish(self, at: int) -> bool:
        t = self.tok(at)
        return bool(t and t.kind == "ar" and len(t.s) > 1 and t.s not in _AR_STOP
                    and ar_entry(self.toks, at, AR_PREFIXES) is None and not self._month(at)
                    and not self._phrase(at, _PRE))

    def _partitive(self, at: int) -> tuple[tuple[int, int], int] | None:
        """«5 من عناصر داعش»: the noun after من."""
        if self._word_in(at, _words("من")) and self._nounish(at + 1):
            return (self.toks[at + 1].start, self.toks[at + 1].end), at + 2
        return None

    def _noun(self, at: int, value) -> tuple[tuple[int, int], int] | None:
        """The counted noun after the number: «13 شخصاً», "13 suspected ISIS members"."""
        t = self.tok(at)
        if t is None:
            return None
        if t.kind == "ar":
            if self._nounish(at):
                return (t.start, t.end), at + 1
            return self._partitive(at)
        if t.kind != "lat":
            return None
        j = at
        if t.low == "of" and self._word_in(at + 1, _EN_POSS):
            j = at + 2   # "3 of its fighters"
        elif t.low == "the" and self._word_in(at - 1, _words("of")):
            j = at + 1   # "dozens of the attackers"
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

    def _noun_back(self, amount: _Amount) -> tuple[int, int] | None:
        """Folded span of the noun before an adjectival number: «شخص واحد», «الأشخاص الثلاثة».

        «واحد» only counts a known countable noun, so «في وقت واحد» (at once) and «شعب
        واحد» (one people) are not quantities.
        """
        at = amount.first - 1
        p = self.tok(at)
        if at < self.floor or p is None or p.kind != "ar" or self.toks[amount.first].glued:
            return None
        if amount.base in _ONE:
            hit = ar_split(p.s, COUNTABLE)
            if hit is None or hit[0].endswith(("ال", "لل")) != amount.definite \
                    or p.s.endswith("ه") != (amount.base == "واحده"):
                return None
            return p.start + len(hit[0]), p.end
        if not self._nounish(at) or self._word_in(at, _AR_ORDINALS, ("", "ال")) \
                or self._word_in(at, _AR_LABELS, AR_PREFIXES) or p.s.startswith("ال") != amount.definite:
            return None
        if amount.base in _TWO and not p.s.endswith(
                ("تين", "تان") if amount.base.startswith("اثنت") else ("ين", "ان")):
            return None
        return p.start, p.end

    # --- context that makes a number not a quantity ---
    def _rejected(self, amount: _Amount, range_end: _Amount | None, noun, qualified: bool) -> bool:
        before = self._before(amount.first)
        if self._month(before) or self._word_in(before, _words("#")) \
                or self._word_in(before, _words("الساعه"), _QUAL_CLITICS):
            return True
        if self._word_in(before, _AR_MONTH_SECONDS) and self._word_in(before - 1, _AR_MONTH_FIRSTS):
            return True
        if self._word_in(before, _AR_LABELS, AR_PREFIXES) or self._word_in(before, _EN_LABELS):
            return True
        if amount.kind == "ar" and self._word_in(before, _AR_ORDINALS, ("", "ال", "و", "وال")):
            return True
        if amount.year_like and (range_end is None or range_end.year_like) and not qualified:
            return noun is None or self._word_in(before, _AR_YEAR_WORDS, _QUAL_CLITICS) \
                or self._word_in(before, _EN_YEAR_WORDS)
        return False

    def _build(self, start: int, after: int, amount: _Amount, range_end: _Amount | None,
               qualifier, noun) -> Quantity:
        """The Quantity read from folded offset `start` to the end of token after - 1."""
        raw_start, raw_end = self.folded.word_span(start, self.toks[after - 1].end)
        noun_raw = None
        if noun:
            noun_start, noun_end = self.folded.word_span(*noun)
            noun_raw = self.text[noun_start:noun_end]
        value = lo = hi = None
        if range_end is not None:
            kind = "range"
            lo, hi = min(amount.value, range_end.value), max(amount.value, range_end.value)
        elif amount.kind == "vague":
            kind, lo, hi = "vague", amount.lo, amount.hi
        elif qualifier is None:
            kind, value = "exact", amount.value
        else:
            kind, delta = qualifier[0], qualifier[1] if isinstance(amount.value, int) else 0
            if kind == "approximate":
                value = amount.value
            elif kind == "at_least":
                lo = amount.value + delta
            else:
                hi = amount.value - delta
        return Quantity(self.text[raw_start:raw_end], raw_start, raw_end, value, lo, hi, kind, noun_raw)


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
