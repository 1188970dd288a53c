"""Reading a saved web page as a document: outlet, headline, date, body, and no page residue.

Pages copied from news sites come as: an outlet or logo line, a headline (often repeated),
a date line, the body, and sometimes a footer («التعليقات مغلقة», "Helpful keywords").
Each heuristic here is small and named; none rewrites the text: segments are spans of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workbench import arabic

HEADER_ZONE = 6          # header lines are looked for among the first lines only
MAX_HEADLINE_WORDS = 30
MAX_OUTLET_WORDS = 8

_RESIDUE_RE = re.compile(
    r"^\s*(logo\b.*|التعليقات مغلقة.*|comments are closed.*|helpful keywords.*|share( this)?:?\s*$"
    r"|print\s*$|tags?:.*|اقرأ أيضا.*|read also.*|related articles.*|advertisement\s*$"
    r"|إعلان\s*$|الوسوم:.*|شارك(ها)?( على)?.*:?\s*$)", re.IGNORECASE)
_CREDIT_RE = re.compile(r"^\s*(translated and edited by|translated by|edited by|reported by|"
                        r"written by|by)\s+(?P<who>.+?)\s*$", re.IGNORECASE)
_DATELINE_OUTLET_RE = re.compile(r"^[A-Z][A-Za-z'’\s.-]*,\s*[A-Za-z\s]+\((?P<outlet>[^)]{2,40})\)\s*[–—-]")

AR_MONTHS = {
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "اذار": 3, "نيسان": 4, "أيار": 5, "ايار": 5,
    "حزيران": 6, "تموز": 7, "آب": 8, "اب": 8, "أيلول": 9, "ايلول": 9, "تشرين الأول": 10,
    "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الأول": 12, "كانون الاول": 12,
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "مايو": 5, "يونيو": 6,
    "يوليو": 7, "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "اكتوبر": 10,
    "نوفمبر": 11, "ديسمبر": 12,
}
EN_MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"])}
EN_MONTHS.update({m[:3]: i for m, i in list(EN_MONTHS.items())})
_WEEKDAYS = ("monday|tuesday|wednesday|thursday|friday|saturday|sunday|الاثنين|الإثنين|الثلاثاء"
             "|الأربعاء|الاربعاء|الخميس|الجمعة|السبت|الأحد|الاحد")
_AR_MONTH_ALT = "|".join(sorted(map(re.escape, AR_MONTHS), key=len, reverse=True))
_EN_MONTH_ALT = "|".join(sorted(EN_MONTHS, key=len, reverse=True))
_FILLER = rf"(?:{_WEEKDAYS}|on|في|بتاريخ|الموافق|published|updated|نشر|[,،\-–—|:\s]|\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s*(?:am|pm|ص|م)?)*"
_DATE_PATTERNS = [
    re.compile(rf"^{_FILLER}(?:الـ|ال)?(?P<d>\d{{1,2}})\s*(?P<m>{_AR_MONTH_ALT})\s*(?P<y>\d{{4}})\s*م?{_FILLER}$", re.I),
    re.compile(rf"^{_FILLER}(?P<d>\d{{1,2}})\s+(?P<m>{_EN_MONTH_ALT})\.?,?\s+(?P<y>\d{{4}}){_FILLER}$", re.I),
    re.compile(rf"^{_FILLER}(?P<m>{_EN_MONTH_ALT})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}}){_FILLER}$", re.I),
    re.compile(rf"^{_FILLER}(?P<y>\d{{4}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}}){_FILLER}$"),
    re.compile(rf"^{_FILLER}(?:الـ|ال)?(?P<d>\d{{1,2}})[/.](?P<m>\d{{1,2}})[/.](?P<y>\d{{4}})\s*م?{_FILLER}$"),
]


def _ascii_digits(text: str) -> str:
    return text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789"))


def parse_date_line(line: str) -> str | None:
    """An ISO date if the whole line is a date (with optional weekday and time), else None."""
    text = _ascii_digits(line.strip())
    if not text or len(text) > 60:
        return None
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        month = m.group("m")
        month_no = int(month) if month.isdigit() else (
            AR_MONTHS.get(month) or EN_MONTHS.get(month.lower().rstrip(".")))
        day, year = int(m.group("d")), int(m.group("y"))
        if month_no and 1 <= month_no <= 12 and 1 <= day <= 31 and 1900 < year < 2100:
            return f"{year:04d}-{month_no:02d}-{day:02d}"
    return None


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
