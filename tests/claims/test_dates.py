"""Dates read from claims' text, resolved against the report's date (table-driven)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.claims.dates import find_dates, numeric_date, report_date, resolve_date
from workbench.errors import InvalidValue

MONDAY = date(2025, 9, 22)      # the report's date in most rows: Monday 22 September 2025


def first(text: str, report: date | None = MONDAY) -> tuple[str, str, str]:
    found = find_dates(text, report)
    assert found, f"no date in {text!r}"
    return found[0].date, found[0].date_end, found[0].precision


@pytest.mark.parametrize("text, expected", [
    # absolute
    ("وكشفت قسد في 22 أيلول 2025 عبر بيان", ("2025-09-22", "", "day")),
    ("أطلقت قسد في الـ27/8/2023م حملة", ("2023-08-27", "", "day")),
    ("بعد سقوط النظام في 8 كانون الأول 2024", ("2024-12-08", "", "day")),
    ("On 30 August 2023 the SDF said", ("2023-08-30", "", "day")),
    ("on August 30, 2023", ("2023-08-30", "", "day")),
    ("في ٢٢ أيلول ٢٠٢٣", ("2023-09-22", "", "day")),
    ("في 12 تشرين الأول/أكتوبر 2023", ("2023-10-12", "", "day")),
    ("في 5 حزيران", ("2025-06-05", "", "day")),
    ("في 3 أيار 2024", ("2024-05-03", "", "day")),
    ("في آب 2023", ("2023-08-01", "2023-08-31", "month")),
    ("in May 2024", ("2024-05-01", "2024-05-31", "month")),
    ("أواخر 2024", ("2024-01-01", "2024-12-31", "year")),
    # relative to the report's date
    ("قال أمس", ("2025-09-21", "", "day")),
    ("بالأمس", ("2025-09-21", "", "day")),
    ("أول أمس", ("2025-09-20", "", "day")),
    ("أول من أمس", ("2025-09-20", "", "day")),
    ("اليوم", ("2025-09-22", "", "day")),
    ("yesterday", ("2025-09-21", "", "day")),
    ("the day before yesterday", ("2025-09-20", "", "day")),
    ("الأسبوع الماضي", ("2025-09-15", "2025-09-21", "week")),
    ("last week", ("2025-09-15", "2025-09-21", "week")),
    ("الشهر الماضي", ("2025-08-01", "2025-08-31", "month")),
    ("مطلع الشهر الجاري", ("2025-09-01", "2025-09-30", "month")),
    ("العام الماضي", ("2024-01-01", "2024-12-31", "year")),
    # weekdays: the most recent such day on or before the report's date
    ("الثلاثاء", ("2025-09-16", "", "day")),
    ("مساء الثلاثاء", ("2025-09-16", "", "day")),
    ("يوم الخميس", ("2025-09-18", "", "day")),
    ("on Tuesday", ("2025-09-16", "", "day")),
    ("Tuesday evening", ("2025-09-16", "", "day")),
    ("يوم الاثنين", ("2025-09-22", "", "day")),            # the report's own day
    ("الاثنين الماضي", ("2025-09-15", "", "day")),         # «الماضي»: strictly before
    ("last Monday", ("2025-09-15", "", "day")),
    ("الأحد 7 أيلول 2025", ("2025-09-07", "", "day")),     # a weekday beside a date is its label
    # periods
    ("خلال الفترة التي تلت سقوط النظام في 8 كانون الأول 2024 وصولاً إلى 20 أيلول",
     ("2024-12-08", "2025-09-20", "range")),
    ("between 3 June and 9 June 2025", ("2025-06-03", "2025-06-09", "range")),
    ("من 1/3/2025 حتى 15/3/2025", ("2025-03-01", "2025-03-15", "range")),
    ("منذ مطلع العام بلغ ٤٧ هجوماً", ("2025-01-01", "2025-09-22", "range")),
    ("خلال النصف الأول من العام الجاري", ("2025-01-01", "2025-06-30", "range")),
    ("since December 2024", ("2024-12-01", "2025-09-22", "range")),
])
def test_resolves(text, expected):
    assert first(text) == expected


@pytest.mark.parametrize("text, report, expected", [
    # a date without a year never lands after the report's date
    ("في 25 كانون الأول", date(2025, 3, 1), ("2024-12-25", "", "day")),
    ("في 1 آذار", date(2025, 3, 1), ("2025-03-01", "", "day")),
    # without a report date it takes the year of a fuller date in the same text
    ("في 22 أيلول، بعد هجوم 3/1/2020", None, ("2020-09-22", "", "day")),
    # the end of a range takes the first year that does not put it before its start
    ("من 20 كانون الأول 2024 إلى 5 كانون الثاني", None, ("2024-12-20", "2025-01-05", "range")),
    # a weekday at the start of a year reaches back into the last one
    ("الجمعة", date(2025, 1, 1), ("2024-12-27", "", "day")),
])
def test_year_less_and_report_relative(text, report, expected):
    assert first(text, report) == expected


@pytest.mark.parametrize("text", [
    "في 31/2/2025",               # no such day: never produced
    "في 29 شباط 2023",
    "اعتقال اثنين من العناصر",       # «اثنين» is two, not Monday
    "في اليوم التالي",               # the next day, not today
    "عام 1445 هـ",                  # a Hijri year
    "اعتقل 13 شخصاً",
    "قال أمس",                      # relative words need the report's date
])
def test_not_a_date(text):
    report = None if text == "قال أمس" else MONDAY
    assert find_dates(text, report) == []


def test_offsets_point_into_the_raw_text():
    raw = "وكشفت قـ.ـسد في الـ٢٧/٨/٢٠٢٣م عن حملة"
    [found] = find_dates(raw, MONDAY)
    assert raw[found.start:found.end] == found.surface == "٢٧/٨/٢٠٢٣م"


def test_a_claim_takes_its_own_date_first_then_the_nearest_before():
    raw = "أعلنت قسد في 22 أيلول 2025 أن خلايا داعش نفذت 153 هجوماً منذ 8 كانون الأول 2024."
    claim_start = raw.index("خلايا")
    got = resolve_date(raw, MONDAY, claim_start, len(raw))
    assert (got.date, got.date_end, got.precision) == ("2024-12-08", "2025-09-22", "range")
    got = resolve_date(raw, MONDAY, raw.index("أن"), raw.index("منذ"))
    assert (got.date, got.precision) == ("2025-09-22", "day")
    assert resolve_date("لا تاريخ هنا", MONDAY).precision == "unknown"


@pytest.mark.parametrize("value, message", [
    ("31/2/2025", r"no such date \(February 2025 has 28 days\)"),
    ("2025-02-31", "no such date"),
    ("2024-13-01", "no month 13"),
    ("11/06/2025", "2025-06-11"),      # day first is read, and refused with its ISO form
])
def test_typed_dates_are_refused_in_one_line(value, message):
    with pytest.raises(InvalidValue, match=message) as info:
        numeric_date(value)
    assert "\n" not in str(info.value)


def test_typed_dates_that_exist_pass():
    assert numeric_date("2024-2-29") == "2024-02-29"
    assert numeric_date("2025-06") == "2025-06"


def test_report_date():
    assert report_date("2025-06-13") == date(2025, 6, 13)
    assert report_date("2025-06-13T10:48:00") == date(2025, 6, 13)
    assert report_date("") is None and report_date("13 June") is None


_PIECES = st.sampled_from([
    " أمس ", " أول ", " الثلاثاء ", " مساء ", " يوم ", " 22 ", " 31 ", "/", "2/", "2025", "م",
    " أيلول ", " كانون الأول ", " شباط ", " من ", " إلى ", " وصولاً ", " منذ ", " مطلع ", " العام ",
    " الماضي ", " الجاري ", " الأسبوع ", " بين ", " و", " last ", " week ", " on ", " Tuesday ",
    " 30 ", " August ", " and ", " since ", "ـ", ".", "٢٢", "هـ", "\u200f", " "])


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join), st.sampled_from([MONDAY, None]))
def test_any_text_gives_real_dates_inside_it(text, report):
    for found in find_dates(text, report):
        assert 0 <= found.start < found.end <= len(text)
        assert text[found.start:found.end] == found.surface
        start = date.fromisoformat(found.date)          # a real day, never 31 February
        if found.date_end:
            assert date.fromisoformat(found.date_end) >= start
        assert found.precision in ("day", "week", "month", "year", "range")
