"""Quantity extraction: table-driven cases for what is a counted figure and what is not."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from workbench.claims.quantities import QUALIFIERS, extract_quantities

from .helpers import check_quantity_spans

# (text, [(raw, value, min, max, qualifier, noun), ...]) — every quantity found, in order.
CASES = [
    # --- sentences shaped like the seeds ---
    ("أسفرت عن اعتقال 13 شخصاً، ومقتل آخرين", [("13 شخصاً", 13, None, None, "exact", "شخصاً")]),
    ("اعتقلت 5 عناصر في تنظيم داعش", [("5 عناصر", 5, None, None, "exact", "عناصر")]),
    ("لاعتقال 8 آخرين يحملون مواداً مخدرة", [("8 آخرين", 8, None, None, "exact", "آخرين")]),
    ("ومقتل 3 مسلحين رفضوا", [("3 مسلحين", 3, None, None, "exact", "مسلحين")]),
    ("نفذت خلايا داعش 153 هجوماً في مناطق", [("153 هجوماً", 153, None, None, "exact", "هجوماً")]),
    # --- digits: Arabic-Indic, Persian, thousands separators, decimals, scale words ---
    ("قتل ١٥٣ مدنياً", [("١٥٣ مدنياً", 153, None, None, "exact", "مدنياً")]),
    ("قتل ۱۵۳ مدنياً", [("۱۵۳ مدنياً", 153, None, None, "exact", "مدنياً")]),
    ("نزوح 1,200 عائلة", [("1,200 عائلة", 1200, None, None, "exact", "عائلة")]),
    ("نزوح ١٬٢٠٠ عائلة", [("١٬٢٠٠ عائلة", 1200, None, None, "exact", "عائلة")]),
    ("1,200 people fled", [("1,200 people", 1200, None, None, "exact", "people")]),
    ("نزوح 3 آلاف شخص", [("3 آلاف شخص", 3000, None, None, "exact", "شخص")]),
    ("2.5 million refugees", [("2.5 million refugees", 2500000, None, None, "exact", "refugees")]),
    ("1.200.000 نازح", [("1.200.000 نازح", 1200000, None, None, "exact", "نازح")]),
    # --- tanween on the alef or before it, diacritics, tatweel, clitics ---
    ("اعتقال 13 شخصًا", [("13 شخصًا", 13, None, None, "exact", "شخصًا")]),
    ("اعتقال 13 شخصا", [("13 شخصا", 13, None, None, "exact", "شخصا")]),
    ("قتل ثلاثـــة أشخاص", [("ثلاثـــة أشخاص", 3, None, None, "exact", "أشخاص")]),
    ("قُتِلَ ثَلاثَةُ أَشْخاصٍ", [("ثَلاثَةُ أَشْخاصٍ", 3, None, None, "exact", "أَشْخاصٍ")]),
    ("وثلاثة أشخاص", [("ثلاثة أشخاص", 3, None, None, "exact", "أشخاص")]),
    ("بخمسة صواريخ", [("خمسة صواريخ", 5, None, None, "exact", "صواريخ")]),
    ("الحكم لـ13 شخصاً", [("13 شخصاً", 13, None, None, "exact", "شخصاً")]),
    ("5 عنصراً و7 مدنيين", [("5 عنصراً", 5, None, None, "exact", "عنصراً"),
                           ("7 مدنيين", 7, None, None, "exact", "مدنيين")]),
    # --- Arabic number words ---
    ("اثنان", [("اثنان", 2, None, None, "exact", None)]),
    ("اثنتين من النساء", [("اثنتين من النساء", 2, None, None, "exact", "النساء")]),
    ("أربعة عناصر", [("أربعة عناصر", 4, None, None, "exact", "عناصر")]),
    ("عشرة مقاتلين", [("عشرة مقاتلين", 10, None, None, "exact", "مقاتلين")]),
    ("أحد عشر شخصاً", [("أحد عشر شخصاً", 11, None, None, "exact", "شخصاً")]),
    ("إحدى عشرة امرأة", [("إحدى عشرة امرأة", 11, None, None, "exact", "امرأة")]),
    ("اثنا عشر جندياً", [("اثنا عشر جندياً", 12, None, None, "exact", "جندياً")]),
    ("خمسة عشر عنصراً", [("خمسة عشر عنصراً", 15, None, None, "exact", "عنصراً")]),
    ("عشرون مقاتلاً", [("عشرون مقاتلاً", 20, None, None, "exact", "مقاتلاً")]),
    ("عشرين مقاتلاً", [("عشرين مقاتلاً", 20, None, None, "exact", "مقاتلاً")]),
    ("وجرح خمسة وعشرين شخصاً", [("خمسة وعشرين شخصاً", 25, None, None, "exact", "شخصاً")]),
    ("مئة شخص", [("مئة شخص", 100, None, None, "exact", "شخص")]),
    ("مائة شخص", [("مائة شخص", 100, None, None, "exact", "شخص")]),
    ("مئتين", [("مئتين", 200, None, None, "exact", None)]),
    ("ثلاثمئة عنصر", [("ثلاثمئة عنصر", 300, None, None, "exact", "عنصر")]),
    ("ثلاث مئة عنصر", [("ثلاث مئة عنصر", 300, None, None, "exact", "عنصر")]),
    ("مئة وخمسة وعشرون", [("مئة وخمسة وعشرون", 125, None, None, "exact", None)]),
    ("ألف مقاتل", [("ألف مقاتل", 1000, None, None, "exact", "مقاتل")]),
    ("ألفي شخص", [("ألفي شخص", 2000, None, None, "exact", "شخص")]),
    ("ثلاثة آلاف شخص", [("ثلاثة آلاف شخص", 3000, None, None, "exact", "شخص")]),
    ("ثلاثة آلاف وخمسمئة وعشرون", [("ثلاثة آلاف وخمسمئة وعشرون", 3520, None, None, "exact", None)]),
    ("مئة وخمسون ألفاً", [("مئة وخمسون ألفاً", 150000, None, None, "exact", None)]),
    # --- dual nouns and adjectival واحد / اثنان ---
    ("اعتقال عنصرين", [("عنصرين", 2, None, None, "exact", "عنصرين")]),
    ("وإصابة شخصين", [("شخصين", 2, None, None, "exact", "شخصين")]),
    ("اعتقال شخصين اثنين", [("شخصين اثنين", 2, None, None, "exact", "شخصين")]),
    ("انفجار سيارتين", [("سيارتين", 2, None, None, "exact", "سيارتين")]),
    ("قبل يومين", [("يومين", 2, None, None, "exact", "يومين")]),
    ("مقتل شخص واحد", [("شخص واحد", 1, None, None, "exact", "شخص")]),
    ("سيارة واحدة", [("سيارة واحدة", 1, None, None, "exact", "سيارة")]),
    ("واحد من المسلحين", [("واحد من المسلحين", 1, None, None, "exact", "المسلحين")]),
    ("مدنيين اثنين", [("مدنيين اثنين", 2, None, None, "exact", "مدنيين")]),
    ("الأشخاص الثلاثة", [("الأشخاص الثلاثة", 3, None, None, "exact", "الأشخاص")]),
    # --- English number words ---
    ("seven terms", [("seven terms", 7, None, None, "exact", "terms")]),
    ("killed one civilian", [("one civilian", 1, None, None, "exact", "civilian")]),
    ("thirty soldiers", [("thirty soldiers", 30, None, None, "exact", "soldiers")]),
    ("twenty-five fighters", [("twenty-five fighters", 25, None, None, "exact", "fighters")]),
    ("two hundred", [("two hundred", 200, None, None, "exact", None)]),
    ("one hundred and twenty people",
     [("one hundred and twenty people", 120, None, None, "exact", "people")]),
    ("a thousand people", [("a thousand people", 1000, None, None, "exact", "people")]),
    ("a dozen houses", [("a dozen houses", 12, None, None, "exact", "houses")]),
    ("three million", [("three million", 3000000, None, None, "exact", None)]),
    ("13 suspected ISIS members", [("13 suspected ISIS members", 13, None, None, "exact", "members")]),
    # --- vague amounts ---
    ("عشرات القتلى", [("عشرات القتلى", None, 20, 99, "vague", "القتلى")]),
    ("وسقط العشرات", [("عشرات", None, 20, 99, "vague", None)]),
    ("العشرات من المدنيين", [("عشرات من المدنيين", None, 20, 99, "vague", "المدنيين")]),
    ("مئات العائلات", [("مئات العائلات", None, 200, 999, "vague", "العائلات")]),
    ("آلاف المدنيين", [("آلاف المدنيين", None, 2000, 9999, "vague", "المدنيين")]),
    ("عشرات الآلاف من المدنيين",
     [("عشرات الآلاف من المدنيين", None, 20000, 99999, "vague", "المدنيين")]),
    ("عدة قرى", [("عدة قرى", None, 3, 9, "vague", "قرى")]),
    ("بعدة قذائف", [("عدة قذائف", None, 3, 9, "vague", "قذائف")]),
    ("بضعة آلاف", [("بضعة آلاف", None, 3000, 9999, "vague", None)]),
    ("عدة مئات من العناصر", [("عدة مئات من العناصر", None, 300, 999, "vague", "العناصر")]),
    ("مستهدفاً عدد من النقاط الأمنية", [("عدد من النقاط", None, None, None, "vague", "النقاط")]),
    ("ومداهمة العديد من الخلايا", [("العديد من الخلايا", None, None, None, "vague", "الخلايا")]),
    ("dozens of civilians", [("dozens of civilians", None, 20, 99, "vague", "civilians")]),
    ("hundreds of families", [("hundreds of families", None, 200, 999, "vague", "families")]),
    ("scores of people", [("scores of people", None, 20, 99, "vague", "people")]),
    ("thousands of martyrs", [("thousands of martyrs", None, 2000, 9999, "vague", "martyrs")]),
    ("tens of thousands of people",
     [("tens of thousands of people", None, 20000, 99999, "vague", "people")]),
    ("several villages", [("several villages", None, 3, 9, "vague", "villages")]),
    ("several hundred people", [("several hundred people", None, 300, 999, "vague", "people")]),
    ("a few houses", [("a few houses", None, 3, 9, "vague", "houses")]),
    ("a number of Arab and foreign fighters",
     [("a number of Arab and foreign fighters", None, None, None, "vague", "fighters")]),
    # --- Arabic qualifiers ---
    ("نحو 200 شخص", [("نحو 200 شخص", 200, None, None, "approximate", "شخص")]),
    ("بنحو 200 شخص", [("نحو 200 شخص", 200, None, None, "approximate", "شخص")]),
    ("حوالي 50", [("حوالي 50", 50, None, None, "approximate", None)]),
    ("حوالى 50", [("حوالى 50", 50, None, None, "approximate", None)]),
    ("قرابة 30 عنصراً", [("قرابة 30 عنصراً", 30, None, None, "approximate", "عنصراً")]),
    ("ما يقارب 100 عائلة", [("ما يقارب 100 عائلة", 100, None, None, "approximate", "عائلة")]),
    ("زهاء ألف شخص", [("زهاء ألف شخص", 1000, None, None, "approximate", "شخص")]),
    ("13 شخصاً تقريباً", [("13 شخصاً تقريباً", 13, None, None, "approximate", "شخصاً")]),
    ("أكثر من 100 شخص", [("أكثر من 100 شخص", None, 101, None, "at_least", "شخص")]),
    ("ما يزيد عن 50", [("ما يزيد عن 50", None, 51, None, "at_least", None)]),
    ("ما يزيد على 50", [("ما يزيد على 50", None, 51, None, "at_least", None)]),
    ("أزيد من 20", [("أزيد من 20", None, 21, None, "at_least", None)]),
    ("ما لا يقل عن 13 شخصاً", [("ما لا يقل عن 13 شخصاً", None, 13, None, "at_least", "شخصاً")]),
    ("على الأقل 5 أشخاص", [("على الأقل 5 أشخاص", None, 5, None, "at_least", "أشخاص")]),
    ("13 شخصاً على الأقل", [("13 شخصاً على الأقل", None, 13, None, "at_least", "شخصاً")]),
    ("أقل من 10", [("أقل من 10", None, None, 9, "at_most", None)]),
    ("ما لا يزيد عن 20", [("ما لا يزيد عن 20", None, None, 20, "at_most", None)]),
    ("ما بين 10 و 15 شخصاً", [("ما بين 10 و 15 شخصاً", None, 10, 15, "range", "شخصاً")]),
    ("بين 10 و20 مدنياً", [("بين 10 و20 مدنياً", None, 10, 20, "range", "مدنياً")]),
    ("بين خمسة وعشرة أشخاص", [("بين خمسة وعشرة أشخاص", None, 5, 10, "range", "أشخاص")]),
    ("من 10 إلى 20 عنصراً", [("من 10 إلى 20 عنصراً", None, 10, 20, "range", "عنصراً")]),
    ("ثلاثة أو أربعة", [("ثلاثة أو أربعة", None, 3, 4, "range", None)]),
    # --- English qualifiers ---
    ("about 30", [("about 30", 30, None, None, "approximate", None)]),
    ("around 40 people", [("around 40 people", 40, None, None, "approximate", "people")]),
    ("approximately 1,000", [("approximately 1,000", 1000, None, None, "approximate", None)]),
    ("nearly 500", [("nearly 500", 500, None, None, "approximate", None)]),
    ("some 200 fighters", [("some 200 fighters", 200, None, None, "approximate", "fighters")]),
    ("more than 200 people", [("more than 200 people", None, 201, None, "at_least", "people")]),
    ("more than a dozen", [("more than a dozen", None, 13, None, "at_least", None)]),
    ("over 60 civilians", [("over 60 civilians", None, 61, None, "at_least", "civilians")]),
    ("at least 13 people", [("at least 13 people", None, 13, None, "at_least", "people")]),
    ("13 or more people", [("13 or more people", None, 13, None, "at_least", "people")]),
    ("up to 300 people", [("up to 300 people", None, None, 300, "at_most", "people")]),
    ("fewer than 10 people", [("fewer than 10 people", None, None, 9, "at_most", "people")]),
    ("less than 5", [("less than 5", None, None, 4, "at_most", None)]),
    ("more than 2.5 million", [("more than 2.5 million", None, 2500001, None, "at_least", None)]),
    ("more than 2.5", [("more than 2.5", None, 2.5, None, "at_least", None)]),
    ("between 10 and 20 people", [("between 10 and 20 people", None, 10, 20, "range", "people")]),
    ("between two and three million refugees",
     [("between two and three million refugees", None, 2000000, 3000000, "range", "refugees")]),
    ("10 to 15 people", [("10 to 15 people", None, 10, 15, "range", "people")]),
    ("10-20 people", [("10-20 people", None, 10, 20, "range", "people")]),
    ("three or four men", [("three or four men", None, 3, 4, "range", "men")]),
    ("قرابة الـ 50 عنصراً", [("قرابة الـ 50 عنصراً", 50, None, None, "approximate", "عنصراً")]),
    ("ما يقارب الـ100 شخص", [("ما يقارب الـ100 شخص", 100, None, None, "approximate", "شخص")]),
    ("من 3 إلى 4 آلاف", [("من 3 إلى 4 آلاف", None, 3000, 4000, "range", None)]),
    ("10 – 15 مدنياً", [("10 – 15 مدنياً", None, 10, 15, "range", "مدنياً")]),
    ("2 or 3 million", [("2 or 3 million", None, 2000000, 3000000, "range", None)]),
    # --- partitives and nouns that are not there ---
    ("إصابة 3 من عناصر قسد", [("3 من عناصر", 3, None, None, "exact", "عناصر")]),
    ("SDF said 3 of its fighters died", [("3 of its fighters", 3, None, None, "exact", "fighters")]),
    ("5 killed and 10 wounded", [("5", 5, None, None, "exact", None), ("10", 10, None, None, "exact", None)]),
    ("وصل عدد النازحين إلى 120 ألف نازح", [("120 ألف نازح", 120000, None, None, "exact", "نازح")]),
    ("قتل 10 و جرح 20", [("10", 10, None, None, "exact", None), ("20", 20, None, None, "exact", None)]),
    # --- percentages are kept; the noun is the percent marker ---
    ("15% من السكان", [("15%", 15, None, None, "exact", "%")]),
    ("15 بالمئة", [("15 بالمئة", 15, None, None, "exact", "بالمئة")]),
    ("خمسة في المئة", [("خمسة في المئة", 5, None, None, "exact", "في المئة")]),
    ("15.5 percent", [("15.5 percent", 15.5, None, None, "exact", "percent")]),
    # --- a year with a counted noun is a quantity; a quantity next to a date still is ---
    ("2000 شخص", [("2000 شخص", 2000, None, None, "exact", "شخص")]),
    ("في 27/8/2023 قتل 5 أشخاص", [("5 أشخاص", 5, None, None, "exact", "أشخاص")]),
    ("في 8 كانون الأول 2024 قتل 4 مدنيين", [("4 مدنيين", 4, None, None, "exact", "مدنيين")]),
]

NOT_QUANTITIES = [
    # dates
    "في 22 أيلول", "في 8 كانون الأول 2024", "20 أيلول الجاري", "22 من الشهر الجاري",
    "حتى 22 من أيلول", "أطلقت الحملة في الـ27/8/2023م", "في 27/8/2023", "30 August 2023",
    "August 30", "on August 30, 2023 the SDF", "Aug. 30", "في 5 تشرين الثاني", "1 يناير",
    "from 10 to 20 September", "2023-08-30", "May 5",
    # years
    "2024", "عام 2023", "منذ عام 2011", "في العام 2024", "in 2024, attacks rose",
    "between 2019 and 2020", "2019-2020", "1445 هـ", "2023م",
    # times
    "10:48", "30 August 2023   10:48", "الساعة العاشرة", "الساعة الواحدة", "الساعة 10 صباحاً",
    "at 10 a.m.", "at 10 pm", "10pm",
    # ordinals
    "المرحلة الثانية", "الأولى", "the first and second rounds", "3rd", "21st", "twenty-first",
    "الحادي عشر", "الخامس والعشرين من آب", "الثالثة عشرة", "الحادية عشرة ليلاً",
    # articles, resolutions, unit designators, phone numbers, codes
    "المادة 5 من الدستور", "للمادة 12", "القرار 2254", "القانون رقم 10", "الفرقة 17",
    "Article 5 of the law", "UN Security Council resolution 2254", "Route 4", "No. 5", "#5",
    "call +963 933 123 456", "call 0933 123 456", "رقم الهاتف 0933123456", "the M4 highway",
    "F-16 jets", "COVID-19", "a 16-year-old boy", "007",
    # words that look like numbers but are not counts here
    "يوم الاثنين", "الإثنين الماضي", "الأحد الماضي", "اجتماع الأربعاء", "الخميس",
    "قتل أحد عناصر داعش", "بعده قال", "لست أدري", "في وقت واحد", "شعب واحد", "واحد",
    "no one was hurt", "one of them", "the one who", "one another", "few people", "tens of people",
    "ثلث", "عدد القتلى", "many people", "الثلاثاء", "يوم السبت", "one of the largest",
    "واحدة من أهم المناطق", "توجهت نحو الحسكة", "أكثر من مرة",
]


def _rows(text: str) -> list[tuple]:
    return [(q.raw, q.value, q.min, q.max, q.qualifier, q.noun) for q in extract_quantities(text)]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0] for c in CASES])
def test_extracts(text, expected):
    assert _rows(text) == expected


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_not_a_quantity(text):
    assert _rows(text) == []


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0] for c in CASES])
def test_offsets_point_into_raw_text(text, expected):
    """Each span where its expected text stands in the raw text, found by str.find: not
    from the quantity's own raw, which is cut from the text by those very offsets."""
    spans, last = [], 0
    for raw, *_ in expected:
        start = text.find(raw, last)
        spans.append((start, start + len(raw)))
        last = start + len(raw)
    assert [(q.start, q.end) for q in extract_quantities(text)] == spans


def test_offsets_in_a_longer_text_and_types():
    text = "وكشفت قسد في 22 أيلول أن خلايا داعش نفذت ١٥٣ هجوماً، وقُتل ثلاثـــةُ مدنيين."
    qs = extract_quantities(text)
    assert [(q.start, q.end) for q in qs] == [(text.index("١٥٣"), text.index("،")),
                                             (text.index("ثلاث"), text.index("."))]
    assert all(type(q.value) is int for q in qs)
    assert qs[0].to_dict() == {"raw": "١٥٣ هجوماً", "start": qs[0].start, "end": qs[0].end,
                               "value": 153, "min": None, "max": None, "qualifier": "exact",
                               "noun": "هجوماً"}


def test_empty_text():
    assert extract_quantities("") == []


_ALPHABET = st.sampled_from(list(
    "0123456789٠١٢٣٤٥٦٧٨٩۰۱۵٬٫٪%,.-/:+# \n\t–"
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإىةؤئ" "ـًٌٍَُِّْٰ" "\u200f\u200c"
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'")) | st.sampled_from([
        " واحد ", " اثنين ", " ثلاثة ", " عشر ", " عشرين ", " مئة ", " ألف ", " آلاف ", " عشرات ",
        " نحو ", " أكثر من ", " بين ", " و", " إلى ", " من ", " شخصاً ", " شخصين ", " أيلول ",
        " كانون الأول ", " الساعة ", " المادة ", " عام ", " عدة ", " عدد ", " بالمئة ", " على الأقل ",
        " one ", " hundred ", " and ", " twenty-five ", " dozens of ", " between ", " to ",
        " more than ", " at least ", " August ", " people ", " a ", " of ", " several ", " percent "])


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
@example("0٪0")     # the sign of the first figure is not also the sign of the second
def test_never_raises_and_spans_are_exact_on_mixed_text(text):
    found = extract_quantities(text)
    check_quantity_spans(text, found)
    assert all(q.qualifier in QUALIFIERS for q in found)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_and_spans_are_exact_on_any_text(text):
    check_quantity_spans(text, extract_quantities(text))


def test_obfuscated_counted_noun_keeps_its_whole_word():
    text = "وتقتل أربعة من الـ.ـمرتزقة في ريف البصيرة"
    [q] = extract_quantities(text)
    assert (q.raw, q.value, q.noun) == ("أربعة من الـ.ـمرتزقة", 4, "الـ.ـمرتزقة")


# --- numbers too long to be figures (issue 11) -----------------------------------------

NUMBER = "1" + ",234" * 2000          # 8,001 digits with separators: past int()'s 4,300-digit limit


@pytest.mark.parametrize("text", [
    f"قتل {NUMBER} شخصاً",
    "قتل 1" + ".234" * 2000 + " شخصاً",                  # dotted thousands
    "version x.1" + "1" * 5000 + " people",             # digits after a dot: not taken as an ID
    "نزوح 1" + ",234" * 200 + ".5 عائلة",                # a decimal past the range of a float (1e603)
    "قتل " + "١" * 100_000 + " شخص",                     # Arabic-Indic digits
    "1" * 2_000_000,
], ids=["separators", "dots", "after a dot", "decimal", "Arabic-Indic", "2M digits"])
def test_a_huge_number_is_not_a_figure(text):
    """Python refuses int() of more than 4,300 digits: that was a traceback, it is no figure."""
    assert extract_quantities(text) == []


def test_a_huge_number_does_not_hide_the_rest():
    [q] = extract_quantities(f"{NUMBER} مقاتل، ومقتل 3 مدنيين")
    assert (q.raw, q.value) == ("3 مدنيين", 3)


def test_a_long_but_readable_number_is_still_a_figure():
    text = "قتل 1" + ",000" * 999 + " شخص"                 # 2,998 digits: within the limit
    [q] = extract_quantities(text)
    assert q.value == 10 ** 2997 and q.noun == "شخص"
