"""The words every reader of Arabic news copy here shares: month names, proclitic chains,
ordinals and number words, written as news copy writes them (hamza, ta marbuta and all).
Each consumer folds them with the profile it matches with (`arabic.normalize`), so one
spelling serves search, figures and dates alike.
"""

from __future__ import annotations

# --- months -------------------------------------------------------------------------------

# Syrian, Lebanese, Iraqi and Jordanian outlets write the Levantine (Syriac) month names;
# Egyptian and Gulf outlets the Gregorian ones; both turn up in the same corpus, often in the
# same article («12 تشرين الأول/أكتوبر 2023»). dateparser knows only the Gregorian ones.
LEVANTINE_MONTHS = ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب",
                    "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول")
GREGORIAN_MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
                    "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر")
# Other spellings of the Gregorian names still in print (hamza-less ones fold together anyway).
GREGORIAN_VARIANTS = {"إبريل": 4, "يونيه": 6, "يوليه": 7}
EN_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december")
EN_MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
                          "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}


def ar_months() -> dict[str, int]:
    """Every Arabic month name above, as written, to its number (1–12)."""
    months = {name: n for calendar in (LEVANTINE_MONTHS, GREGORIAN_MONTHS)
              for n, name in enumerate(calendar, 1)}
    return {**months, **GREGORIAN_VARIANTS}


def en_months() -> dict[str, int]:
    """English month names and their abbreviations, lower case, to their number."""
    return {**{name: n for n, name in enumerate(EN_MONTHS, 1)}, **EN_MONTH_ABBREVIATIONS}


# --- proclitics ---------------------------------------------------------------------------

# Written attached to the next word, in this order: a conjunction, a preposition, the article.
CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ك", "ل")
ARTICLE = "ال"


def proclitics(conjunctions=CONJUNCTIONS, prepositions=PREPOSITIONS,
               article: bool = True) -> frozenset[str]:
    """Every chain [conjunction][preposition][article] of the given ones, "" left out:
    و، بال، وبال، فلل ... ل + ال is written لل (the alef goes), and also listed as لال."""
    articles = ("", ARTICLE) if article else ("",)
    chains = {c + p + a for c in ("", *conjunctions) for p in ("", *prepositions) for a in articles}
    if article and "ل" in prepositions:
        chains |= {c + "لل" for c in ("", *conjunctions)}
    return frozenset(chains - {""})


PROCLITICS = proclitics()


def longest_first(chains) -> tuple[str, ...]:
    """Chains in the order a greedy reader tries them (ties in a fixed order)."""
    return tuple(sorted(chains, key=lambda c: (-len(c), c)))


# --- ordinals and number words ------------------------------------------------------------

# Ordinals that make a following number a label («الفرقة الثانية 17»), not a count.
AR_ORDINALS = ("أول", "أولى", "ثاني", "ثانية", "ثالث", "ثالثة", "رابع", "رابعة", "خامس", "خامسة",
               "سادس", "سادسة", "سابع", "سابعة", "ثامن", "ثامنة", "تاسع", "تاسعة", "عاشر", "عاشرة",
               "حادي", "حادية")

# Arabic cardinals by the part they play in a number: units, the first word of 11 and 12
# (أحد عشر), ten, the tens, hundreds (also as one word: ثلاثمئة), scale words and their
# plurals (ثلاثة آلاف) and duals (ألفان = 2000). Forms with tanween alef (ألفاً) are listed
# without the haraka, which every fold drops.
_HUNDRED = ("مئة", "مائة")
_HUNDRED_STEMS = {3: ("ثلاث",), 4: ("أربع",), 5: ("خمس",), 6: ("ست",), 7: ("سبع",),
                  8: ("ثمان", "ثماني"), 9: ("تسع",)}
AR_NUMBER_WORDS: dict[str, dict[int, tuple[str, ...]]] = {
    "unit": {1: ("واحد", "واحدة", "واحدا"), 2: ("اثنان", "اثنين", "اثنتان", "اثنتين"),
             3: ("ثلاثة", "ثلاث"), 4: ("أربعة", "أربع"), 5: ("خمسة", "خمس"), 6: ("ستة", "ست"),
             7: ("سبعة", "سبع"), 8: ("ثمانية", "ثماني", "ثمان"), 9: ("تسعة", "تسع")},
    "teen1": {1: ("أحد", "إحدى"), 2: ("اثنا", "اثني", "اثنتا", "اثنتي")},
    "ten": {10: ("عشرة", "عشر")},
    "tens": {20: ("عشرون", "عشرين"), 30: ("ثلاثون", "ثلاثين"), 40: ("أربعون", "أربعين"),
             50: ("خمسون", "خمسين"), 60: ("ستون", "ستين"), 70: ("سبعون", "سبعين"),
             80: ("ثمانون", "ثمانين"), 90: ("تسعون", "تسعين")},
    "hundred": {100: _HUNDRED,
                200: ("مئتان", "مئتين", "مئتا", "مئتي", "مائتان", "مائتين", "مائتا", "مائتي"),
                **{n * 100: tuple(s + h for s in stems for h in _HUNDRED)
                   for n, stems in _HUNDRED_STEMS.items()}},
    "scale": {1000: ("ألف", "ألفا"), 10**6: ("مليون", "مليونا"), 10**9: ("مليار", "مليارا", "بليون")},
    "pscale": {1000: ("آلاف",), 10**6: ("ملايين",), 10**9: ("مليارات",)},
    "dscale": {1000: ("ألفان", "ألفين", "ألفي"), 10**6: ("مليونان", "مليونين", "مليوني"),
               10**9: ("ملياران", "مليارين")},
}

EN_SMALL = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen").split()     # by value
EN_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()       # 20, 30 ...
EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
