"""The Arabic pipeline: normalization, de-obfuscation, offsets back to raw text, segmentation."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench import arabic
from workbench.arabic import language, lexicon, obfuscation, rules


def test_obfuscation_removed_in_normalized_form():
    assert arabic.normalize("الـ.ـعامة لقـ.ـوى الأمـ.ـن") == arabic.normalize("العامة لقوى الأمن")
    assert arabic.normalize("الـ.ـعامة لقـ.ـوى الأمـ.ـن") == "العامه لقوي الامن"


def test_plain_tatweel_and_diacritics_removed():
    assert arabic.normalize("داعـــش") == "داعش"
    assert arabic.normalize("مُرْتَزِقَةٌ") == arabic.normalize("مرتزقة")


def test_spelling_variants_fold_together():
    assert arabic.normalize("الأمن") == arabic.normalize("الامن") == arabic.normalize("الإمن")
    assert arabic.normalize("المرتزقة") == arabic.normalize("المرتزقه")
    assert arabic.normalize("الداخلى") == arabic.normalize("الداخلي")
    assert arabic.normalize("١٥٣") == "153"


def test_sentence_punctuation_kept_and_raw_untouched():
    raw = "قال: «انتهت الحـ.ـملة»، ثم غادر."
    assert arabic.normalize(raw).endswith("، ثم غادر.")
    assert raw == "قال: «انتهت الحـ.ـملة»، ثم غادر."  # never modified


def test_offsets_map_normalized_spans_back_to_raw():
    raw = "ضد خلايا الـ.ـمرتزقة بدير الزور"
    n = arabic.normalize_with_offsets(raw)
    i = n.text.index("المرتزقه")
    start, end = n.raw_span(i, i + len("المرتزقه"))
    assert raw[start:end] == "الـ.ـمرتزقة"


def test_ligature_expands_but_maps_to_one_raw_char():
    raw = "ﻻ بد"
    n = arabic.normalize_with_offsets(raw)
    assert n.text.startswith("لا")
    assert n.raw_span(0, 2) == (0, 1)


@given(st.text(alphabet=st.sampled_from(list("الـ.ـمرتزقةأإآىةًٌٍَُِّْ ١٢٣abcX.،؟«»\n\u200c\ufefb")) | st.characters(),
               max_size=80))
@settings(max_examples=300, deadline=None)  # the first odd character loads camel-tools
def test_normalization_never_fails_and_offsets_map_into_raw(raw):
    n = arabic.normalize_with_offsets(raw)
    assert n.text == arabic.normalize(raw)
    assert len(n.offsets) == len(n.text)
    assert all(0 <= o < len(raw) for o in n.offsets)
    assert list(n.offsets) == sorted(n.offsets)
    for i in range(len(n.text)):
        s, e = n.raw_span(i, i + 1)
        assert 0 <= s < e <= len(raw)


def test_segmentation_arabic_punctuation_and_dates():
    text = ("أطلقت القوات في الـ27/8/2023م حملة، وقال المسؤول إن 13 شخصاً اعتقلوا؛ والحملة مستمرة. "
            "هل انتهت الحملة؟ لا. وفي 22/8/2023 التقى الطرفان.")
    assert arabic.sentences(text) == [
        "أطلقت القوات في الـ27/8/2023م حملة، وقال المسؤول إن 13 شخصاً اعتقلوا؛ والحملة مستمرة.",
        "هل انتهت الحملة؟", "لا.", "وفي 22/8/2023 التقى الطرفان."]


def test_segmentation_keeps_quotations_and_closing_quotes():
    text = "وقال: «انتهت المرحلة الأولى. وستبدأ الثانية». وأضاف أن العمل مستمر."
    assert arabic.sentences(text) == ["وقال: «انتهت المرحلة الأولى. وستبدأ الثانية».",
                                      "وأضاف أن العمل مستمر."]
    assert arabic.sentences("He said “it is over.” Then he left.") == [
        "He said “it is over.”", "Then he left."]


def test_segmentation_english_abbreviations_and_numbers():
    text = "Gen. Michael Kurilla met Mr. Abdi 3.5 km from the U.S. base. Col. Omair spoke."
    assert arabic.sentences(text) == ["Gen. Michael Kurilla met Mr. Abdi 3.5 km from the U.S. base.",
                                      "Col. Omair spoke."]


def test_segmentation_spans_point_into_text_and_paragraphs_break():
    text = "الفقرة الأولى بلا نقطة\nالفقرة الثانية. جملة ثالثة"
    spans = arabic.segment(text)
    assert [text[s.start:s.end] for s in spans] == ["الفقرة الأولى بلا نقطة", "الفقرة الثانية.", "جملة ثالثة"]


def test_language_detection():
    assert arabic.detect_language("قالت قوات سوريا الديمقراطية إن SDF") == "ar"
    assert arabic.detect_language("The SDF said that 13 people were arrested") == "en"
    assert arabic.detect_language("2023 - 13") == "und"


def test_search_keys_strip_clitics():
    assert arabic.search_keys(arabic.normalize("وبالمرتزقة")) == arabic.search_keys(arabic.normalize("المرتزقة"))
    assert arabic.search_keys(arabic.normalize("لداعش")) == "داعش"


def test_generated_table_agrees_with_camel_tools():
    """normtable.py is computed ahead of time; regenerate it with arabic.write_table when
    camel-tools' rules or ours change."""
    from workbench.arabic.normtable import CHANGED
    assert arabic.computed_table() == CHANGED


def _reference_normalize(raw: str) -> str:
    """Normalization by its definition: the rules applied to each character in turn."""
    return "".join(rules.search_char(c) for c in obfuscation.OBFUSCATION_RE.sub("", raw))


@given(st.text(alphabet=st.sampled_from(list("الـ.ـمرتزقةأإآىةًٌٍَُِّْ١٢٣abcX.،؟«»\n\u200c\ufefbۀ")) | st.characters(),
               max_size=80))
@settings(max_examples=300, deadline=None)  # the first odd character loads camel-tools
def test_fast_normalization_equals_the_rules(raw):
    assert arabic.normalize(raw) == _reference_normalize(raw)


def _reference_language(text: str) -> str:
    sample = text[:arabic.LANGUAGE_SAMPLE]
    ar = len(obfuscation.AR_LETTER_RE.findall(sample))
    lat = len(language.LATIN_LETTER_RE.findall(sample))
    return "und" if ar == lat == 0 else ("ar" if ar >= lat else "en")


@given(st.text(alphabet=st.sampled_from(list("قالت SDF said 13 ، .é")), max_size=60))
def test_language_shortcuts_equal_counting(text):
    assert arabic.detect_language(text) == _reference_language(text)


@pytest.mark.parametrize("text, expected", [
    ("Gen. Kurilla spoke", True),          # a title
    ("met Mr. Abdi", True),
    ("the U.S. base", True),
    ("the U.A.E. delegation", True),       # a dotted acronym not in the list
    ("J. Smith said", True),               # an initial
    ("e.g. this", True),
    ("on 30 Aug. 2023", True),             # a month abbreviation
    ("قال د. محمد", True),                 # د. (Dr)
    ("(Gen. Abdi)", True),                 # the word after a bracket, not the text since the space
    ("x(Col. Omair", True),
    ("in 2023. Then", False),              # a number ends the sentence
    ("It is over. Then", False),
    ("قال المسؤول. ثم", False),
    ("the SDF. Then", False),              # capitals, but no dots inside
    (". x", False),                        # nothing before the dot
])
def test_abbreviations_do_not_end_a_sentence(text, expected):
    from workbench.arabic.segmentation import _is_abbreviation
    assert _is_abbreviation(text, text.rindex(".")) is expected


# --- long and degenerate text (issue 11): the same answers as by the definitions ----------------

def _reference_offsets(raw: str) -> list[int]:
    """Offsets by their definition: each raw character not removed as obfuscation, once for
    each character of its normalized form."""
    dropped = {i for m in obfuscation.OBFUSCATION_RE.finditer(raw) for i in range(*m.span())}
    return [i for i, ch in enumerate(raw) if i not in dropped for _ in rules.search_char(ch)]


@given(st.text(alphabet=st.sampled_from(list("ـ.·•‧۔لمة x\n،َّ\ufefb")), max_size=60))
@settings(max_examples=500, deadline=None)
def test_obfuscation_spans_are_the_matches_of_the_pattern(raw):
    assert arabic.obfuscation_spans(raw) == [m.span() for m in obfuscation.OBFUSCATION_RE.finditer(raw)]


_ODD = "الـ.ـمرتزقةأإآىةًٌٍَُِّْ١٢٣abcX.،؟«»\n\u200c\u200f\ufefbﷺ"   # ﷺ: one character, 18 normalized


@given(st.text(alphabet=st.sampled_from(list(_ODD)) | st.characters(), max_size=80))
@settings(max_examples=300, deadline=None)  # the first odd character loads camel-tools
def test_offsets_are_the_per_character_definition(raw):
    assert list(arabic.normalize_with_offsets(raw).offsets) == _reference_offsets(raw)


def test_a_long_run_of_tatweel_is_normalized():
    """The obfuscation pattern, run as a regex, starts again at every tatweel of a run: a text
    of 100,000 tatweels took minutes."""
    run = "ـ" * 400_000
    assert arabic.normalize("ل" + run + ". ونقطة") == "ل. ونقطه"     # a full stop, kept
    assert arabic.normalize("ل" + run + ".ـل") == "لل"                 # obfuscation, removed
    n = arabic.normalize_with_offsets("ل" + run + ". ونقطة")
    assert (n.text, n.offsets[:3]) == ("ل. ونقطه", (0, 400_001, 400_002))
    assert arabic.normalize(run) == "" and arabic.normalize_with_offsets(run).offsets == ()


@pytest.mark.parametrize("text", [
    "ـ" * 400_000,
    "\n" * 400_000,
    "(" * 400_000,
    "«" * 200_000 + "»" * 200_000,
    ". " * 200_000,
    "Dr." * 130_000,
    "قال إن 5 أشخاص قتلوا، " * 20_000,
    ("١٢٣" * 140_000)[:400_000],
    ("مa" * 200_000),
], ids=["tatweel", "newlines", "brackets", "quotes", "full stops", "abbreviations", "clauses",
        "digits", "alternating"])
def test_segmentation_of_long_degenerate_text_partitions_it(text):
    """Sentences in order, trimmed, and nothing but white space between them."""
    spans = arabic.segment(text)
    last = 0
    for s in spans:
        assert last <= s.start < s.end <= len(text)
        assert not text[last:s.start].strip()
        assert not text[s.start].isspace() and not text[s.end - 1].isspace()
        last = s.end
    assert not text[last:].strip()


# --- one normaliser, several profiles (issue 12) ---------------------------------------------

def test_the_figures_profile_folds_one_character_into_at_most_one():
    raw = "قُتِلَ ١٢٬٥٠٠ شخصـاً و٣٫٥٪ – الـ.ـمرتزقة ﻻ"
    folded = arabic.normalize_with_offsets(raw, arabic.FIGURES)
    assert folded.text == "قتل 12,500 شخصا و3.5% - المرتزقه ﻻ"   # the ligature stays one character
    assert folded.text == arabic.normalize(raw, arabic.FIGURES)
    assert "".join(raw[i] for i in folded.offsets[:3]) == "قتل"
    assert arabic.normalize("ﻻ") == "لا"                               # the search profile expands it


def test_the_digits_profile_touches_nothing_but_digits():
    raw = "الـ.ـخميس ٢٢ أيلول ۲۰۲۵"
    assert arabic.normalize(raw, arabic.DIGITS) == "الـ.ـخميس 22 أيلول 2025"
    assert arabic.normalize_with_offsets(raw, arabic.DIGITS).offsets == tuple(range(len(raw)))


@given(st.text(alphabet=st.sampled_from(list(_ODD)) | st.characters(), max_size=80))
@settings(max_examples=200, deadline=None)
def test_every_profile_maps_back_into_the_raw_text(raw):
    for profile in (arabic.SEARCH, arabic.FIGURES, arabic.DIGITS):
        n = arabic.normalize_with_offsets(raw, profile)
        assert n.text == arabic.normalize(raw, profile)
        assert len(n.offsets) == len(n.text) and list(n.offsets) == sorted(n.offsets)
        assert "".join(profile.rule(raw[i]) for i in dict.fromkeys(n.offsets)) == n.text
    assert len(arabic.normalize(raw, arabic.FIGURES)) <= len(raw)
    assert len(arabic.normalize(raw, arabic.DIGITS)) == len(raw)


def test_a_word_span_takes_in_the_marks_after_its_last_letter():
    raw = "قتل 13 شخصـاًّ، ثم"
    n = arabic.normalize_with_offsets(raw)
    start = n.text.index("شخصا")
    assert n.raw_span(start, start + 4) == (7, 12)                       # up to the alef
    assert n.word_span(start, start + 4) == (7, 14)                      # and its two marks
    assert raw[slice(*n.word_span(start, start + 4))] == "شخصـاًّ"
    assert n.word_span(0, 3) == (0, 3)                                   # no mark: no change


def test_the_lexicon_months_line_up():
    months = lexicon.ar_months()
    assert months["تشرين الأول"] == months["أكتوبر"] == 10
    assert months["كانون الثاني"] == months["يناير"] == 1 and months["كانون الأول"] == 12
    assert months["يونيه"] == 6 and lexicon.en_months()["sept"] == 9
    assert sorted(set(months.values())) == list(range(1, 13))
    folded = {arabic.normalize(name, arabic.FIGURES) for name in months}
    assert len(folded) == len(months) - 1              # only أبريل and إبريل fold together


def test_the_proclitic_chains():
    assert {"و", "ف", "ب", "ك", "ل", "ال", "لل", "وبال", "فلل", "كال"} <= lexicon.PROCLITICS
    assert "" not in lexicon.PROCLITICS and "ولال" in lexicon.PROCLITICS
    assert lexicon.proclitics(prepositions=("ب", "ل"), article=False) == {
        "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل"}
    assert arabic.strip_proclitics("وبالمرتزقه") == "مرتزقه"
    assert arabic.strip_proclitics("للحسكه") == "حسكه" and arabic.strip_proclitics("ولد") == "لد"
    assert arabic.strip_proclitics("وبا", min_stem=3) == "وبا"           # no stem of three left
