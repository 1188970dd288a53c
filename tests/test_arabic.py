"""The Arabic pipeline: normalization, de-obfuscation, offsets back to raw text, segmentation."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench import arabic


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
    from workbench.normtable import CHANGED
    assert arabic.computed_table() == CHANGED


def _reference_normalize(raw: str) -> str:
    """Normalization by its definition: the rules applied to each character in turn."""
    return "".join(arabic._normalize_char(c) for c in arabic._OBFUSCATION_RE.sub("", raw))


@given(st.text(alphabet=st.sampled_from(list("الـ.ـمرتزقةأإآىةًٌٍَُِّْ١٢٣abcX.،؟«»\n\u200c\ufefbۀ")) | st.characters(),
               max_size=80))
@settings(max_examples=300, deadline=None)  # the first odd character loads camel-tools
def test_fast_normalization_equals_the_rules(raw):
    assert arabic.normalize(raw) == _reference_normalize(raw)


def _reference_language(text: str) -> str:
    sample = text[:arabic.LANGUAGE_SAMPLE]
    ar = len(arabic._AR_LETTER_RE.findall(sample))
    lat = len(arabic._LATIN_LETTER_RE.findall(sample))
    return "und" if ar == lat == 0 else ("ar" if ar >= lat else "en")


@given(st.text(alphabet=st.sampled_from(list("قالت SDF said 13 ، .é")), max_size=60))
def test_language_shortcuts_equal_counting(text):
    assert arabic.detect_language(text) == _reference_language(text)


@given(st.text(alphabet=st.sampled_from(list("Gen.U.Sa1 (د.م\n")), min_size=1, max_size=40),
       st.integers(min_value=0, max_value=39))
def test_abbreviation_shortcut_equals_the_word_pattern(text, dot):
    dot = min(dot, len(text) - 1)
    m = arabic._WORD_BEFORE_RE.search(text, max(0, dot - 24), dot)
    word = m.group(1).lower().rstrip(".") if m else None
    expected = word is not None and not (dot and text[dot - 1].isdigit()) and (
        word in arabic._ABBREVIATIONS or len(word) == 1 and word.isalpha()
        or bool(arabic._ACRONYM_RE.fullmatch(word)))
    assert arabic._is_abbreviation(text, dot) == expected


# --- long and degenerate text (issue 11): the same answers as by the definitions ----------------

def _reference_offsets(raw: str) -> list[int]:
    """Offsets by their definition: each raw character not removed as obfuscation, once for
    each character of its normalized form."""
    dropped = {i for m in arabic._OBFUSCATION_RE.finditer(raw) for i in range(*m.span())}
    return [i for i, ch in enumerate(raw) if i not in dropped for _ in arabic._normalize_char(ch)]


@given(st.text(alphabet=st.sampled_from(list("ـ.·•‧۔لمة x\n،َّ\ufefb")), max_size=60))
@settings(max_examples=500, deadline=None)
def test_obfuscation_spans_are_the_matches_of_the_pattern(raw):
    assert arabic.obfuscation_spans(raw) == [m.span() for m in arabic._OBFUSCATION_RE.finditer(raw)]


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
