"""When a claim says something happened: dates in Arabic or English text, resolved against the
report's own date.

A claim's date is stored as an ISO start (`date`), an ISO end (`date_end`, empty for a single
day) and a precision:

    day     «27/8/2023م», «8 كانون الأول 2024», "30 August 2023", أمس, الثلاثاء, yesterday
    week    الأسبوع الماضي, "last week": a calendar week, Monday to Sunday (ISO weeks)
    month   «آب 2023», الشهر الماضي, "in August 2023": the first to the last day
    year    «عام 2023», العام الماضي, "in 2023"
    range   «خلال الفترة ... في 8 كانون الأول 2024 وصولاً إلى 20 أيلول», «منذ مطلع العام»,
            "between 3 and 9 June": the two ends given
    unknown nothing in the text could be resolved (date and date_end empty)

The rules, decided here once:

* Relative words (اليوم, أمس, أول أمس, the week, month and year words) count from the report's
  date (`documents.published`); without one they resolve to nothing.
* A weekday (الثلاثاء, مساء الثلاثاء, "on Tuesday") is the most recent such day on or before the
  report's date: a report of Tuesday saying «الثلاثاء» means that day. «الثلاثاء الماضي»,
  "last Tuesday" is strictly before it. A weekday written next to a full date is only a label.
* A date without a year («22 أيلول») takes the report's year, or the year before when that
  would put it after the report: reporting is about the past. Without a report date it takes
  the year of the nearest fuller date in the same text. The end of a range takes the first
  year that does not put it before its start.
* A date that does not exist (31/2/2025) is not a date: resolution never produces one, and
  `numeric_date` refuses it in one line where a user types it.

Our own lexicon (Levantine and Gregorian months from `arabic.lexicon`, weekdays, relative
words) does the work: it is what the reporting uses, and it is fast. dateparser's
`search_dates` reads none of the Levantine month names («22 أيلول 2025» comes back as "2025",
«2025 يوم» as 7 March 2020) and is 13 times slower per segment (bench_claims_events), so it
is not used here; `corpus.page` still uses it for whole date lines.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date as Date, timedelta
from functools import lru_cache

from workbench import arabic
from workbench.arabic import lexicon
from workbench.errors import InvalidValue

PRECISIONS = ("day", "week", "month", "year", "range", "unknown")


@dataclass(frozen=True)
class Resolved:
    """A resolved date: ISO start, ISO end ('' for one day), precision, and where it was read
    (raw offsets into the text given; -1 when nothing was found)."""
    date: str = ""
    date_end: str = ""
    precision: str = "unknown"
    start: int = -1
    end: int = -1
    surface: str = ""

    def to_dict(self) -> dict:
        return {"date": self.date, "date_end": self.date_end, "date_precision": self.precision}


UNKNOWN = Resolved()


# --- what the user types --------------------------------------------------------------------

_USER_DMY = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_USER_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def numeric_date(value: str) -> str:
    """A typed date checked for a day that does not exist, in one line: «31/2/2025» and
    «2025-02-31» -> InvalidValue "date '31/2/2025': no such date (February 2025 has 28 days)".
    ISO is the one written form (YYYY-M-D comes back as YYYY-MM-DD); a real D/M/YYYY date is
    refused with its ISO form, since 11/06/2025 reads as June in Damascus and November in
    New York."""
    m = _USER_ISO.fullmatch(value)
    dmy = _USER_DMY.fullmatch(value)
    if not (m or dmy):
        return value
    year, month, day = map(int, m.groups()) if m else reversed(list(map(int, dmy.groups())))
    if not 1 <= month <= 12:
        raise InvalidValue(f"date {value!r}: no such date (there is no month {month})")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise InvalidValue(f"date {value!r}: no such date "
                           f"({calendar.month_name[month]} {year} has {last} days)")
    iso = Date(year, month, day).isoformat()
    if dmy:
        raise InvalidValue(f"date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD "
                           f"(day first, that is {iso})")
    return iso


# --- the lexicon, folded once -----------------------------------------------------------------

def _fold(text: str) -> str:
    return arabic.normalize(text)


AR_WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")  # Mon = 0
EN_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_AR_DAY_PARTS = "صباح مساء ليلة ليل فجر ظهر ظهيرة عصر ضحى"
_EN_DAY_PARTS = "morning evening night afternoon"


def _alt(words) -> str:
    return "|".join(r"\s+".join(map(re.escape, w.split()))
                    for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    out = {_fold(name): n for name, n in lexicon.ar_months().items()}
    out.update(lexicon.en_months())
    return out


@lru_cache(maxsize=1)
def _weekdays() -> dict[str, int]:
    """Weekday names, folded, to Python's weekday number. The forms without the article
    (اثنين is also "two") count only after يوم; see the weekday pattern."""
    out = {_fold(w): i for i, w in enumerate(AR_WEEKDAYS)}
    out.update({_fold(w[2:]): i for i, w in enumerate(AR_WEEKDAYS)})
    out.update({w: i for i, w in enumerate(EN_WEEKDAYS)})
    return out


_B = r"(?<![^\W\d_])"          # no letter right before (digits and clitics handled apart)
_E = r"(?![^\W\d_])"           # no letter right after
_CL = r"(?:و|ف)?(?:ب|ل)?"      # proclitics before an Arabic word: وب، ف، ل


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    months = _alt(_months())
    en_months = _alt(lexicon.en_months())
    weekdays = _alt([_fold(w) for w in AR_WEEKDAYS] + list(EN_WEEKDAYS))
    bare_weekdays = _alt(_fold(w[2:]) for w in AR_WEEKDAYS)
    parts = _alt(_fold(_AR_DAY_PARTS).split() + _EN_DAY_PARTS.split())
    def yr(name: str = "y") -> str:
        return rf"(?P<{name}>(?:19|20)\d\d)(?!\d)\s*(?:م(?![^\W\d_])|ad\b)?"
    year = yr()
    era_refused = r"(?!\s*ه(?![^\W\d_]))"              # a Hijri year (هـ) is not ours
    return {
        "numeric": re.compile(
            r"(?<!\d)(?:(?P<y1>(?:19|20)\d\d)-(?P<m1>\d{1,2})-(?P<d1>\d{1,2})"
            r"|(?P<d2>\d{1,2})[/.\-](?P<m2>\d{1,2})[/.\-](?P<y2>(?:19|20)?\d\d))(?![\d/.\-]\d)"
            r"\s*(?:م(?![^\W\d_]))?" + era_refused),
        "day_month": re.compile(
            rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:من\s+)?(?:of\s+)?(?:شهر\s+)?"
            rf"(?P<mn>{months})(?:\s*[/(]\s*(?:{months})\s*\)?)?{_E}"
            rf"(?:,?\s*(?:من\s+)?(?:عام\s+|سنة\s+|سنه\s+)?{year}{era_refused}"
            rf"|\s+(?P<cur>الجاري|الحالي|المنصرم|الماضي){_E})?", re.IGNORECASE),
        "month_day": re.compile(
            rf"{_B}(?P<mn>{en_months})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s*{year})?",
            re.IGNORECASE),
        "month_year": re.compile(
            rf"{_B}(?:{_CL}شهر\s+)?(?P<mn>{months})(?:\s*[/(]\s*(?:{months})\s*\)?)?"
            rf"(?:\s+من)?(?:\s+عام|\s+سنه|,)?\s+{year}{era_refused}", re.IGNORECASE),
        "month_only": re.compile(
            rf"{_B}(?:{_CL}شهر\s+|in\s+|of\s+|early\s+|late\s+|mid-?\s*)(?P<mn>{months}){_E}"
            rf"(?!\s*(?:\d|[/(]))", re.IGNORECASE),
        "year": re.compile(
            rf"{_B}(?:{_CL}(?:عام|العام|سنه|السنه|اواخر|اوائل|مطلع|بدايه|منتصف|نهايه|خلال|منذ)"
            rf"|في|in|since|during|late|early|mid|until|by)\s+(?:عام\s+)?(?P<y>(?:19|20)\d\d)"
            rf"(?![\d/\-])\s*(?:م(?![^\W\d_]))?{era_refused}", re.IGNORECASE),
        "weekday": re.compile(
            rf"{_B}(?:(?P<part>{_CL}(?:{parts}))\s+)?"
            rf"(?:(?:(?:{_CL}يوم|on|last|this)\s+)?(?P<wd>{_CL}(?:{weekdays}))"
            rf"|{_CL}يوم\s+(?P<bare>{bare_weekdays})){_E}(?:\s+(?P<wpart>{parts}))?"
            rf"(?:\s+(?P<last>الماضي|المنصرم|الفائت))?", re.IGNORECASE),
        "relative": re.compile(
            rf"{_B}(?P<rel>{_CL}اول\s+(?:من\s+)?امس|{_CL}امس\s+الاول|{_CL}قبل\s+امس"
            rf"|{_CL}(?:ال)?امس|{_CL}البارحه|{_CL}اليوم(?!\s+(?:التالي|الثاني|الاول|السابق|الاخير))|"
            rf"the\s+day\s+before\s+yesterday|yesterday|today|this\s+morning|tonight|last\s+night)"
            rf"{_E}", re.IGNORECASE),
        "period_word": re.compile(
            rf"{_B}(?P<pw>{_CL}(?:الاسبوع|الشهر|العام|السنه)\s+(?:الماضي|المنصرم|الفائت|الجاري|الحالي)"
            rf"|{_CL}(?:هذا|هذه)\s+(?:الاسبوع|الشهر|العام|السنه)"
            rf"|(?:last|this|past)\s+(?:week|month|year)|earlier\s+this\s+(?:week|month|year))"
            rf"{_E}", re.IGNORECASE),
        "since_start": re.compile(
            rf"{_B}(?:{_CL}منذ\s+(?:مطلع|بدايه|اول)|since\s+the\s+(?:start|beginning)\s+of)\s+"
            rf"(?:العام|السنه|the\s+year|this\s+year)(?:\s+(?:الجاري|الحالي))?", re.IGNORECASE),
        "half": re.compile(
            rf"{_B}(?:{_CL}النصف\s+(?P<ar>الاول|الثاني)\s+من\s+(?:(?:العام|السنه)\s+(?:الجاري|الحالي)"
            rf"|(?:العام|عام|سنه)\s+{year}|{yr('y2')})"
            rf"|(?:the\s+)?(?P<en>first|second)\s+half\s+of\s+(?:this\s+year|the\s+year|{yr('y3')}))",
            re.IGNORECASE),
        "connector": re.compile(
            r"\s*(?:و\s*)?(?:حتي|الي|لغايه|ولغايه|وصولا\s+(?:الي|ل)|وحتي|to|until|till|through|and"
            r"|-|–|—)\s*(?:(?:يوم|تاريخ|the)\s+)?", re.IGNORECASE),
        "and": re.compile(r"\s*(?:و|and)\s*", re.IGNORECASE),
        "from": re.compile(r"(?:من|بين|منذ|مابين|from|between|since|تلت|خلال|الفتره)[^.\n،,]{0,60}$",
                           re.IGNORECASE),
        "between": re.compile(r"(?:بين|between)\s*$", re.IGNORECASE),
        "since": re.compile(rf"{_B}(?:{_CL}منذ|since)\s*(?:(?:يوم|تاريخ|the)\s+)?$", re.IGNORECASE),
    }


# --- mentions -------------------------------------------------------------------------------

@dataclass
class _Mention:
    """A date read in the normalized text, before years are inferred: `fixed` is a finished
    (start, end, precision); else (year or None, month, day or None)."""
    start: int
    end: int
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    fixed: tuple[Date, Date | None, str] | None = None


def _valid(year: int, month: int, day: int) -> Date | None:
    try:
        return Date(year, month, day)
    except ValueError:
        return None


def _month_span(year: int, month: int) -> tuple[Date, Date]:
    return Date(year, month, 1), Date(year, month, calendar.monthrange(year, month)[1])


def _week_of(day: Date) -> tuple[Date, Date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _strip_clitics(word: str) -> str:
    """«وبالثلاثاء» -> «الثلاثاء»: the proclitics the patterns allow."""
    for prefix in ("وب", "ول", "فب", "فل", "و", "ف", "ب", "ل"):
        if word.startswith(prefix) and (word[len(prefix):] in _weekdays()):
            return word[len(prefix):]
    return word


def _mentions(text: str, report: Date | None) -> list[_Mention]:
    """Every date mention in a normalized text, absolute ones first when two overlap."""
    p = _patterns()
    months = _months()
    found: list[_Mention] = []
    for m in p["numeric"].finditer(text):
        if m.group("y1"):
            y, mo, d = int(m.group("y1")), int(m.group("m1")), int(m.group("d1"))
        else:
            d, mo, y = int(m.group("d2")), int(m.group("m2")), int(m.group("y2"))
            if y < 100:
                y += 2000
            if mo > 12 >= d:               # 8/27/2023: American order
                d, mo = mo, d
        if _valid(y, mo, d):
            found.append(_Mention(m.start(), m.end(), "abs", y, mo, d))
    for m in p["day_month"].finditer(text):
        d, mo = int(m.group("d")), months[" ".join(m.group("mn").lower().split())]
        y = int(m.group("y")) if m.group("y") else None
        if y is None and m.group("cur") and report is not None:
            y = report.year
            if m.group("cur") in ("المنصرم", "الماضي"):
                y = report.year if mo < report.month else report.year - 1
        if 1 <= d <= 31:
            found.append(_Mention(m.start(), m.end(), "abs", y, mo, d))
    for m in p["month_day"].finditer(text):
        d, mo = int(m.group("d")), months[m.group("mn").lower()]
        if 1 <= d <= 31:
            found.append(_Mention(m.start(), m.end(), "abs",
                                  int(m.group("y")) if m.group("y") else None, mo, d))
    for m in p["month_year"].finditer(text):
        mo = months[" ".join(m.group("mn").lower().split())]
        found.append(_Mention(m.start(), m.end(), "month", int(m.group("y")), mo))
    for m in p["month_only"].finditer(text):
        found.append(_Mention(m.start(), m.end(), "month", None,
                              months[" ".join(m.group("mn").lower().split())]))
    for m in p["year"].finditer(text):
        found.append(_Mention(m.start(), m.end(), "year", int(m.group("y"))))
    for m in p["half"].finditer(text):
        written = m.group("y") or m.group("y2") or m.group("y3")
        y = int(written) if written else (report.year if report else None)
        if y is not None:
            first = (m.group("ar") or "").endswith("ول") or (m.group("en") or "").lower() == "first"
            found.append(_Mention(m.start(), m.end(), "fixed", fixed=(
                (Date(y, 1, 1), Date(y, 6, 30), "range") if first
                else (Date(y, 7, 1), Date(y, 12, 31), "range"))))
    if report is not None:
        _relative(text, report, found)
    return _without_overlaps(text, found)


def _relative(text: str, report: Date, found: list[_Mention]) -> None:
    p = _patterns()
    weekdays = _weekdays()
    for m in p["since_start"].finditer(text):
        found.append(_Mention(m.start(), m.end(), "fixed",
                              fixed=(Date(report.year, 1, 1), report, "range")))
    for m in p["relative"].finditer(text):
        word = " ".join(m.group("rel").lower().split())
        if "اول" in word or "قبل" in word or "before" in word:
            back = 2
        elif "امس" in word or "البارحه" in word or word in ("yesterday", "last night"):
            back = 1
        else:
            back = 0
        found.append(_Mention(m.start(), m.end(), "fixed",
                              fixed=(report - timedelta(days=back), None, "day")))
    for m in p["weekday"].finditer(text):
        wd = weekdays[_strip_clitics(m.group("wd") or m.group("bare"))]
        strictly = bool(m.group("last")) or m.group(0).lower().startswith("last")
        back = (report.weekday() - wd) % 7 or (7 if strictly else 0)
        found.append(_Mention(m.start(), m.end(), "weekday",
                              fixed=(report - timedelta(days=back), None, "day")))
    for m in p["period_word"].finditer(text):
        word = m.group("pw").lower()
        past = any(w in word for w in ("الماضي", "المنصرم", "الفائت", "last", "past"))
        if "اسبوع" in word or "week" in word:
            monday, sunday = _week_of(report)
            span = ((monday - timedelta(days=7), sunday - timedelta(days=7)) if past
                    else (monday, sunday))
            precision = "week"
        elif "شهر" in word or "month" in word:
            year, month = ((report.year - 1, 12) if report.month == 1 else
                           (report.year, report.month - 1)) if past else (report.year, report.month)
            span, precision = _month_span(year, month), "month"
        else:
            year = report.year - 1 if past else report.year
            span, precision = (Date(year, 1, 1), Date(year, 12, 31)), "year"
        found.append(_Mention(m.start(), m.end(), "fixed", fixed=(span[0], span[1], precision)))


_RANK = {"fixed": 0, "abs": 0, "month": 1, "year": 2, "weekday": 3}


def _without_overlaps(text: str, found: list[_Mention]) -> list[_Mention]:
    """Mentions left to right, the longer (then the finer) kept where two overlap; a weekday
    right before or after a full date is that date's label, not a second date."""
    found.sort(key=lambda m: (m.start, -(m.end - m.start), _RANK[m.kind]))
    out: list[_Mention] = []
    for m in found:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    kept = []
    for i, m in enumerate(out):
        if m.kind == "weekday":
            near = [o for o in out[max(0, i - 1):i + 2] if o is not m and o.kind == "abs"
                    and (0 <= o.start - m.end <= 4 or 0 <= m.start - o.end <= 4)]
            if near:
                continue
        kept.append(m)
    return kept


# --- years and ranges ---------------------------------------------------------------------

def _fuller_years(mentions: list[_Mention]) -> list[int | None]:
    """For each mention, the year of the nearest one that has a year (before first, then
    after): one pass each way, so a text of many year-less dates stays linear."""
    def year_of(m: _Mention) -> int | None:
        return m.year if m.year is not None else m.fixed[0].year if m.fixed else None

    before, after = [], []
    last = None
    for m in mentions:
        before.append(last)
        last = year_of(m) if year_of(m) is not None else last
    last = None
    for m in reversed(mentions):
        after.append(last)
        last = year_of(m) if year_of(m) is not None else last
    return [b if b is not None else a for b, a in zip(before, reversed(after))]


def _span(m: _Mention, report: Date | None, fuller: int | None,
          not_before: Date | None = None) -> tuple[Date, Date | None, str] | None:
    """The mention as (start, end or None, precision); None when it cannot be resolved."""
    if m.fixed is not None:
        return m.fixed
    if m.kind == "year":
        return Date(m.year, 1, 1), Date(m.year, 12, 31), "year"
    year = m.year
    if year is None:
        day = m.day or 1
        if not_before is not None:
            year = not_before.year
            while _valid(year, m.month, day) is None or _valid(year, m.month, day) < not_before:
                year += 1
                if year > not_before.year + 4:
                    return None
        elif report is not None:
            year = report.year
            if (m.month, day) > (report.month, report.day if m.day else 31):
                year -= 1
        else:
            year = fuller
            if year is None:
                return None
    if m.kind == "month":
        start, end = _month_span(year, m.month)
        return start, end, "month"
    day = _valid(year, m.month, m.day)
    if day is None:        # 29 February of a year without one
        return None
    return day, None, "day"


def _ranges(text: str, mentions: list[_Mention], report: Date | None):
    """(mention span in the text, resolved) for each date or range, left to right."""
    p = _patterns()
    out = []
    fuller = _fuller_years(mentions)
    i = 0
    while i < len(mentions):
        m = mentions[i]
        first = _span(m, report, fuller[i])
        if first is None:
            i += 1
            continue
        if i + 1 < len(mentions):
            n = mentions[i + 1]
            gap = text[m.end:n.start]
            before = text[max(0, m.start - 80):m.start]
            joined = (p["connector"].fullmatch(gap) and p["from"].search(before)) or \
                (p["and"].fullmatch(gap) and p["between"].search(before))
            if joined:
                second = _span(n, report, fuller[i + 1], not_before=first[0])
                if second is not None:
                    end = second[1] or second[0]
                    if end >= first[0]:
                        out.append((m.start, n.end, (first[0], end, "range")))
                        i += 2
                        continue
        if (p["since"].search(text[max(0, m.start - 20):m.start]) or _SINCE.match(text, m.start)) \
                and report is not None \
                and first[0] <= report and first[2] != "range":
            out.append((m.start, m.end, (first[0], report, "range")))
        else:
            out.append((m.start, m.end, first))
        i += 1
    return out


_SINCE = re.compile(r"(?:[وف]?منذ|since)\s")


def _resolved(norm, start: int, end: int, span: tuple[Date, Date | None, str]) -> Resolved:
    first, last, precision = span
    raw_start, raw_end = norm.word_span(start, end)
    return Resolved(first.isoformat(), last.isoformat() if last and last != first else "",
                    precision if (last and last != first) or precision == "day" else "day",
                    raw_start, raw_end, norm.raw[raw_start:raw_end])


def find_dates(text: str, report: Date | None = None) -> list[Resolved]:
    """Every date and range in a raw text, resolved against the report's date, in text order
    (offsets into the raw text)."""
    if not text:
        return []
    norm = arabic.normalize_with_offsets(text)
    folded = norm.text          # the search fold: case folded, digits ASCII
    return [_resolved(norm, s, e, span) for s, e, span in
            _ranges(folded, _mentions(folded, report), report)]


def report_date(value: str | None) -> Date | None:
    """A document's `published` value as a date (its first ten characters, ISO), or None."""
    if not value:
        return None
    try:
        return Date.fromisoformat(arabic.normalize(value.strip(), arabic.DIGITS)[:10])
    except ValueError:
        return None


def resolve_date(text: str, report: Date | None = None, start: int = 0,
                 end: int | None = None, found: list[Resolved] | None = None) -> Resolved:
    """The date of a claim spanning [start, end) of `text` (a segment): a range inside the
    claim first, then its first date, then the nearest date before it in the text, then the
    nearest after. UNKNOWN when there is none. A caller resolving many claims of one text
    passes its dates (`found`, from find_dates) so that the text is read once."""
    end = len(text) if end is None else end
    found = find_dates(text, report) if found is None else found
    return pick_date(found, start, end)


def pick_date(found: list[Resolved], start: int, end: int,
              starts: list[int] | None = None) -> Resolved:
    """resolve_date's choice among a text's dates (in text order) for the claim [start, end);
    `starts` are their start offsets, when the caller keeps them for many claims."""
    lo = bisect_left([r.start for r in found] if starts is None else starts, start)
    inside = []
    for r in found[lo:]:
        if r.start >= end:
            break
        if r.end <= end:
            inside.append(r)
            if r.precision == "range":
                return r
    if inside:
        return inside[0]
    before = [r for r in found[max(0, lo - 8):lo] if r.end <= start]
    if before:
        return before[-1]
    return next((r for r in found[lo:] if r.start >= end), UNKNOWN)
