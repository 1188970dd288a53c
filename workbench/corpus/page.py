"""Reading a saved web page as a document: outlet, headline, date, body, and no page residue.

Pages copied from news sites come as: an outlet or logo line, a headline (often repeated),
a date line, the body, and sometimes a footer («التعليقات مغلقة», "Helpful keywords").
Each heuristic here is small and named; none rewrites the text: segments are spans of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from workbench import arabic
from workbench.arabic import lexicon

HEADER_ZONE = 6          # header lines are looked for among the first lines only
MAX_HEADLINE_WORDS = 30
MAX_OUTLET_WORDS = 8

_RESIDUE_RE = re.compile(
    r"^\s*(logo\b.*|التعليقات مغلقة.*|comments are closed.*|helpful keywords.*|share( this)?:?\s*$"
    r"|print\s*$|tags?:.*|اقرأ أيضا.*|read also.*|related articles.*|advertisement\s*$"
    r"|إعلان\s*$|الوسوم:.*|شارك(ها)?( على| عبر)?(\s+\S+){0,2}\s*:?\s*$)", re.IGNORECASE)


def is_residue(line: str) -> bool:
    """A line of page furniture: a share prompt, tags, «اقرأ أيضاً», a comments notice."""
    return bool(_RESIDUE_RE.match(line))


_CREDIT_RE = re.compile(r"^\s*(translated and edited by|translated by|edited by|reported by|"
                        r"written by|by)\s+(?P<who>.+?)\s*$", re.IGNORECASE)
_DATELINE_OUTLET_RE = re.compile(r"^[A-Z][A-Za-z'’\s.-]*,\s*[A-Za-z\s]+\((?P<outlet>[^)]{2,40})\)\s*[–—-]")

# --- date lines ----------------------------------------------------------------------------

MAX_DATE_LINE = 60       # characters: a date line holds a date and little else
_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# Words around a date that dateparser does not know: a "published"/"updated" label, the
# article before a day number («الـ27/8/2023»), the era mark after a year («2023م»).
_LABEL_RE = re.compile(r"(?<!\w)(?:published|updated|posted|تاريخ النشر|نشر|بتاريخ|الموافق)(?!\w)\s*:?",
                       re.IGNORECASE)
_DAY_ARTICLE_RE = re.compile(r"(?<!\w)الـ?\s*(?=\d)")
_ERA_RE = re.compile(r"(?<=\d{4})\s*م(?!\w)")
# A date of digits alone: year first (2023-10-12, 2023/10/12) or day first (12/10/2023, 12.10.2023).
_NUMERIC_DATE_RE = re.compile(r"\s*(?:(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})"
                              r"|(?P<d2>\d{1,2})(?P<s2>[-/.])(?P<m2>\d{1,2})(?P=s2)(?P<y2>\d{4}))\s*")
_DATEPARSER_SETTINGS = {"REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "DMY"}


def parse_date_line(line: str) -> str | None:
    """An ISO date if the whole line is a date (with optional weekday, time and a
    "published" label), else None.

    Dates of digits alone are read here (year first, else day first, as in Arabic and
    British copy); dates with month names go to dateparser, Levantine month names first
    turned into the Gregorian ones it knows (see `gregorian_month_names`).
    """
    text = arabic.normalize(line.strip(), arabic.DIGITS)
    if not text or len(text) > MAX_DATE_LINE or not _YEAR_RE.search(text):
        return None
    text = _ERA_RE.sub("", _DAY_ARTICLE_RE.sub("", _LABEL_RE.sub(" ", text))).strip(" \t|,،-–—:")
    m = _NUMERIC_DATE_RE.fullmatch(text)
    if m:
        year, month, day = (m.group("y", "m", "d") if m.group("y") else m.group("y2", "m2", "d2"))
        return _iso(int(year), int(month), int(day))
    folded = arabic.normalize(text, arabic.FIGURES)
    if not (_NUMERIC_DATE_RE.search(text) or _month_name_re().search(folded)):
        return None     # a year, but no date: «13 people in 2023»
    import dateparser   # here, not at import: it costs every command that never reads a date
    language = "ar" if arabic.detect_language(text) == "ar" else "en"   # one locale loads faster
    parsed = dateparser.parse(gregorian_month_names(text), languages=[language],
                              settings=_DATEPARSER_SETTINGS)
    return None if parsed is None else _iso(parsed.year, parsed.month, parsed.day)


def _iso(year: int, month: int, day: int) -> str | None:
    if not 1900 < year < 2100:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:      # 31 February, month 13
        return None


@lru_cache(maxsize=1)
def _month_name_re() -> re.Pattern:
    """Any month name of the lexicon, Arabic (folded by the figures profile) or English."""
    names = {arabic.normalize(name, arabic.FIGURES) for name in lexicon.ar_months()}
    names |= set(lexicon.en_months())
    alt = "|".join(r"\s+".join(map(re.escape, name.split()))
                   for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _levantine_re() -> tuple[re.Pattern, dict[str, int]]:
    """The Levantine month names (folded by the figures profile, so أيار and ايار are one),
    each optionally followed by its Gregorian twin: «تشرين الأول/أكتوبر»."""
    months = lexicon.ar_months()
    levantine = {arabic.normalize(name, arabic.FIGURES): months[name]
                 for name in lexicon.LEVANTINE_MONTHS}
    gregorian = {arabic.normalize(name, arabic.FIGURES) for name in months} - set(levantine)
    alt = "|".join(r"\s+".join(map(re.escape, name.split()))
                   for name in sorted(levantine, key=len, reverse=True))
    twin = "|".join(map(re.escape, sorted(gregorian, key=len, reverse=True)))
    return re.compile(rf"(?<!\w)(?P<name>{alt})(?:\s*[/(]\s*(?:{twin})\s*\)?)?(?!\w)"), levantine


def gregorian_month_names(text: str) -> str:
    """text with each Levantine month name (and a Gregorian twin after it) replaced by the
    Gregorian name: «12 تشرين الأول 2023» -> «12 أكتوبر 2023». dateparser's Arabic knows
    only the Gregorian names; Syrian outlets write the Levantine ones."""
    pattern, levantine = _levantine_re()
    folded = arabic.normalize_with_offsets(text, arabic.FIGURES)
    pieces, last = [], 0
    for m in pattern.finditer(folded.text):
        start, end = folded.word_span(m.start(), m.end())
        month = levantine[" ".join(m.group("name").split())]
        pieces += [text[last:start], lexicon.GREGORIAN_MONTHS[month - 1]]
        last = end
    return "".join(pieces) + text[last:]


@dataclass
class Line:
    text: str
    start: int
    end: int


@dataclass
class Page:
    """What a page yields: metadata and the spans of its body and headline."""

    title: str | None = None
    title_span: tuple[int, int] | None = None
    outlet: str | None = None
    published: str | None = None
    credits: list[str] = field(default_factory=list)
    body: list[tuple[int, int]] = field(default_factory=list)  # paragraph spans


def _lines(text: str) -> list[Line]:
    out = []
    for m in re.finditer(r"[^\n]+", text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(Line(text[start:end], start, end))
    return out


def _words(line: str) -> int:
    """Words with at least one letter or digit (separators such as | do not count)."""
    return sum(1 for w in line.split() if any(c.isalnum() for c in w))


def _is_heading(line: str) -> bool:
    """Short and not ending like a sentence: a headline, outlet or caption line."""
    return _words(line) <= MAX_HEADLINE_WORDS and not line.rstrip().endswith((".", "؟", "?", ":", "!", "»", "”", "\""))


def _looks_like_outlet(line: str, next_line: str | None) -> bool:
    if _words(line) > MAX_OUTLET_WORDS or not _is_heading(line):
        return False
    letters = [c for c in line if c.isalpha()]
    if letters and all(c.isupper() for c in letters if c.isascii()) and any(c.isascii() for c in letters):
        return True
    return next_line is not None and _is_heading(next_line) and _words(next_line) > _words(line)


def parse_page(text: str) -> Page:
    """Find outlet, headline, date and body paragraphs of a page-shaped text."""
    page = Page()
    lines = _lines(text)
    key = arabic.match_key
    header_done = False
    seen_title_key = None
    i = 0
    for idx, line in enumerate(lines):
        t = line.text
        if _RESIDUE_RE.match(t):
            continue
        credit = _CREDIT_RE.match(t)
        if credit and _words(t) <= 10 and idx > 0:
            page.credits.append(t)
            if page.outlet is None and t.lower().startswith(("translated and edited by", "edited by")):
                page.outlet = credit.group("who")
            continue
        date = parse_date_line(t) if (idx < HEADER_ZONE + 4) else None
        if date:
            page.published = page.published or date
            continue
        if seen_title_key is not None and key(t) == seen_title_key:
            continue  # the headline repeated, as sites do
        if not header_done and i < HEADER_ZONE:
            nxt = next((ln.text for ln in lines[idx + 1:] if not _RESIDUE_RE.match(ln.text)), None)
            if page.outlet is None and page.title is None and _looks_like_outlet(t, nxt):
                page.outlet = t
                i += 1
                continue
            if page.title is None and _is_heading(t):
                page.title, page.title_span = t, (line.start, line.end)
                seen_title_key = key(t)
                i += 1
                continue
        header_done = True
        if page.outlet is None:
            m = _DATELINE_OUTLET_RE.match(t)
            if m:
                page.outlet = m.group("outlet").strip()
        page.body.append((line.start, line.end))
    return page
