"""Tests for workbench.tui.rtl: logical Arabic/English text -> visual terminal lines.

The levels are checked against Unicode's own test files in test_rtl_levels.py; shaping on its
own in test_rtl_shaping.py.  Here: the layout, against hand-written expectations and against
python-bidi's ``get_display``.
"""

from __future__ import annotations

import subprocess
import sys
import warnings

import bidi
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from workbench.tui import rtl
from workbench.tui.rtl import (
    ShapingWarning,
    VisualLine,
    is_rtl,
    logical_to_visual,
    to_rich_text,
    visual_lines,
    visual_to_logical,
)
from workbench.tui.rtl.levels import embedding_levels
from workbench.tui.rtl.shaping import reshape

SENTENCE = "اعتقال 153 شخصاً في Deir ez-Zor"
LONG = "اعتقلت قوات الأمن 153 شخصاً في مدينة Deir ez-Zor شرق سوريا يوم الأحد الماضي"


def shaped(word: str) -> str:
    """The glyphs a standalone word shows as, in visual (reversed) order."""
    return reshape(word)[::-1]


def visual_of(lines: list[VisualLine], style: str) -> str:
    """Glyphs under the spans with ``style``, in reading order for RTL lines
    (lines top to bottom, spans right to left, each span's text as printed)."""
    out = []
    for line in lines:
        for a, b, s in sorted(line.spans, reverse=True):
            if s == style:
                out.append(line.text[line.offsets[a] : line.offsets[b]])
    return "".join(out)


def columns_text(line: VisualLine, a: int, b: int) -> str:
    return line.text[line.offsets[a] : line.offsets[b]]


# --------------------------------------------------------------------------
# direction


def test_is_rtl():
    assert is_rtl("مرحبا")
    assert is_rtl("153 مرحبا world")  # digits are weak, first strong is Arabic
    assert not is_rtl("Hello مرحبا")
    assert not is_rtl("")
    assert not is_rtl("123 ...")
    assert is_rtl("\u2066Hello\u2069 مرحبا")  # P2 skips isolates
    assert is_rtl("\nمرحبا")  # blank first paragraph: next strong character


# --------------------------------------------------------------------------
# visual order of a known sentence


def test_known_sentence_order():
    [line] = visual_lines(SENTENCE, 60)
    text = line.text
    assert line.rtl
    assert cell_len(text) == 60
    assert text.endswith(shaped("اعتقال"))  # first logical word at the right edge
    assert "153" in text and "351" not in text
    assert "Deir ez-Zor" in text
    positions = [text.index(shaped(w)) for w in ("اعتقال", "شخصاً", "في")]
    assert positions == sorted(positions, reverse=True)  # right to left
    # the Latin words sit left of the last Arabic word, digits in between
    assert text.index("Deir ez-Zor") < text.index(shaped("في")) < text.index("153")
    assert (line.logical_start, line.logical_end) == (0, len(SENTENCE))


def test_matches_python_bidi_display():
    # Without brackets, the unwrapped line is exactly what python-bidi's
    # get_display gives for the shaped text (plus the right-alignment).
    for s in (SENTENCE, LONG, "العام 2024 كان صعباً على الجميع", "قال: 3.5% فقط"):
        [line] = visual_lines(s, 200)
        expected = bidi.get_display(reshape(s))
        assert line.text == " " * (200 - cell_len(expected)) + expected


def test_mirroring_brackets():
    [line] = visual_lines("(سوريا) «دمشق»", 20)
    content = line.text.strip()
    assert content == "«" + shaped("دمشق") + "» (" + shaped("سوريا") + ")"


def test_brackets_mirrored_where_get_display_leaves_them():
    # python-bidi's get_display puts the brackets in the same places but does not apply rule
    # L4, so in a right-to-left line its "(" opens the wrong way.  Ours are mirrored.
    for s, expected in [
        ("قال (Reuters) أمس", shaped("أمس") + " (Reuters) " + shaped("قال")),
        ("نقلت [عن مصادر] في",
         shaped("في") + " [" + shaped("مصادر") + " " + shaped("عن") + "] " + shaped("نقلت")),
    ]:
        [line] = visual_lines(s, 40)
        assert line.text.strip() == expected
        unmirrored = expected.translate(str.maketrans("()[]", ")(]["))
        assert bidi.get_display(reshape(s)) == unmirrored


def test_isolates():
    # LRI ... PDI keeps the English inside at its own level, and the comma inside it stays
    # with the English instead of taking the Arabic around it.
    s = "قال \u2066Hello, world\u2069 أمس"
    levels = embedding_levels(s, 1)
    assert levels[s.index("H")] == levels[s.index(",")] == 2
    assert levels[s.index("\u2066")] == levels[s.index("أ")] == 1
    [line] = visual_lines(s, 40)
    assert line.text.strip() == shaped("أمس") + " Hello, world " + shaped("قال")
    assert not any(c in rtl.BIDI_CONTROLS for c in line.text)


def test_bracket_pair_takes_the_direction_inside():
    # Rule N0: in an RTL paragraph the brackets around English go with the English only when
    # the text before them is English too; here they sit between Arabic words, so they are
    # RTL and enclose the English run.
    s = "وكالة (AFP) للأنباء"
    levels = embedding_levels(s, 1)
    assert levels[s.index("(")] == levels[s.index(")")] == 1
    s = "abc (اب) def"
    levels = embedding_levels(s, 0)
    assert levels[s.index("(")] == levels[s.index(")")] == 0


# --------------------------------------------------------------------------
# wrapping


@pytest.mark.parametrize("width", [8, 12, 17, 25, 40])
def test_wrap_right_aligned(width):
    lines = visual_lines(LONG, width)
    assert len(lines) > 1
    prev_end = 0
    for line in lines:
        assert line.rtl
        assert cell_len(line.text) == width  # padded to the full width
        assert not line.text.endswith(" ")  # flush with the right edge
        assert line.logical_start == prev_end  # lines tile the paragraph
        prev_end = line.logical_end
        # each line shows exactly the words of its logical slice
        words = LONG[line.logical_start : line.logical_end].split()
        for w in words:
            glyphs = w if w.isascii() else shaped(w)
            if cell_len(glyphs) <= width:
                assert glyphs in line.text
        # words keep right-to-left order within the line
        arabic = [w for w in words if not w.isascii()]
        pos = [line.text.index(shaped(w)) for w in arabic]
        assert pos == sorted(pos, reverse=True)
    assert prev_end == len(LONG)


def test_long_word_is_broken():
    lines = visual_lines("كلمة" * 5, 6)
    assert [cell_len(line.text) for line in lines] == [6, 6, 6, 6]
    assert "".join(line.text.strip()[::-1] for line in lines) == reshape("كلمة" * 5)


def test_wrap_ltr_not_padded():
    lines = visual_lines("the quick brown fox jumps over the lazy dog", 10)
    assert [line.text for line in lines] == ["the quick", "brown fox", "jumps over", "the lazy", "dog"]
    assert all(not line.rtl for line in lines)


def test_paragraphs_laid_out_separately():
    text = "Hello world\nمرحبا بالعالم\n\nend"
    lines = visual_lines(text, 20)
    assert [line.rtl for line in lines] == [False, True, False, False]
    assert lines[0].text == "Hello world"
    assert lines[1].text.endswith(shaped("مرحبا"))
    assert cell_len(lines[1].text) == 20
    assert lines[2].text == ""
    assert (lines[1].logical_start, lines[1].logical_end) == (12, 25)
    assert (lines[3].logical_start, lines[3].logical_end) == (27, 30)
    # forced base direction
    forced = visual_lines("Hello world", 20, base="rtl")
    assert forced[0].text == " " * 9 + "Hello world"
    forced = visual_lines("مرحبا world", 20, base="ltr")
    assert forced[0].text == shaped("مرحبا") + " world"


# --------------------------------------------------------------------------
# highlights


def test_highlight_positions_match_shaped_term():
    terms = ["اعتقال", "شخصاً", "في", "153", "Deir ez-Zor"]
    hl = [(SENTENCE.index(t), SENTENCE.index(t) + len(t), f"s{k}") for k, t in enumerate(terms)]
    [line] = visual_lines(SENTENCE, 50, hl)
    for k, term in enumerate(terms):
        spans = [sp for sp in line.spans if sp[2] == f"s{k}"]
        assert len(spans) == 1
        a, b, _ = spans[0]
        got = columns_text(line, a, b)
        expected = term if term.isascii() or term.isdigit() else shaped(term)
        assert got == expected, term


def test_highlight_split_by_embedded_latin():
    # "153 شخصاً" covers a level-2 run (digits) and a level-1 run (Arabic):
    # the highlighted columns are exactly the drawn cells of those characters.
    start = SENTENCE.index("153")
    end = SENTENCE.index("شخصاً") + len("شخصاً")
    [line] = visual_lines(SENTENCE, 50, [(start, end, "x")])
    cols = {c for a, b, _ in line.spans for c in range(a, b)}
    drawn = {c for c, cell in enumerate(line.cells) if any(start <= i < end for i in cell)}
    assert cols == drawn
    assert columns_text(line, min(cols), max(cols) + 1) == shaped("شخصاً") + " 153"


def test_highlight_across_wrapped_lines():
    term = "مدينة Deir ez-Zor شرق"
    start = LONG.index(term)
    lines = visual_lines(LONG, 14, [(start, start + len(term), "t")])
    hit = [line for line in lines if line.spans]
    assert len(hit) >= 2
    shown = []
    for line in hit:
        for a, b, _ in line.spans:
            shown.extend(columns_text(line, a, b).split())
    for word in term.split():
        assert (word if word.isascii() else shaped(word)) in shown


def test_lam_alef_ligature_offsets():
    text = "الأمن العام لا يعلم"
    lines = visual_lines(text, 40, [(text.index("العام"), text.index("العام") + 5, "a")])
    [line] = lines
    # "الأمن" is 5 letters but 4 glyphs: alef, lam-alef-hamza, meem, noon
    assert "\ufef7" in line.text or "\ufef8" in line.text
    [(a, b, _)] = line.spans
    assert columns_text(line, a, b) == shaped("العام")
    assert b - a == 5
    # both characters of a ligature are drawn in the same cell
    lam = text.index("لا")
    assert logical_to_visual(lines, lam) == logical_to_visual(lines, lam + 1)
    n, col = logical_to_visual(lines, lam)
    assert line.text[line.offsets[col]] == "\ufefb"  # isolated LAM WITH ALEF
    assert visual_to_logical(lines, n, col) == lam
    # highlighting only the lam (or only the alef) lights the ligature cell
    for k in (lam, lam + 1):
        [ln] = visual_lines(text, 40, [(k, k + 1, "x")])
        assert ln.spans == [(col, col + 1, "x")]
    # words after the ligature keep exact columns
    w = "يعلم"
    [ln] = visual_lines(text, 40, [(text.index(w), text.index(w) + len(w), "y")])
    [(a, b, _)] = ln.spans
    assert columns_text(ln, a, b) == shaped(w)


def test_harakat_dropped_and_mapped():
    text = "شَخْصٌ مُهِمٌّ"
    [line] = visual_lines(text, 20, [(1, 2, "fatha")])
    assert not any("\u064b" <= c <= "\u0652" for c in line.text)
    assert line.text.strip() == shaped("مهم") + " " + shaped("شخص")
    # the fatha (offset 1) is drawn on its letter's cell (shin, offset 0)
    [(a, b, _)] = line.spans
    assert b - a == 1
    assert line.cells[a] == (0, 1)
    kept = visual_lines(text, 20, keep_harakat=True)[0]
    assert cell_len(kept.text) == 20
    assert "\u064e" in kept.text
    # each mark follows its base glyph
    k = kept.text.index("\u064e")
    assert kept.text[k - 1] in "\ufeb5\ufeb6\ufeb7\ufeb8"  # the four forms of shin


def test_tatweel_kept_and_controls_stripped():
    text = "\u202bكتـــاب\u202c \u200fok"
    [line] = visual_lines(text, 20)
    assert "ـ" in line.text
    assert not any(c in rtl.BIDI_CONTROLS for c in line.text)
    assert cell_len(line.text) == 20


def test_pure_ltr_unchanged():
    text = "The committee approved the budget for 2024."
    lines = visual_lines(text, 80, [(4, 13, "bold")])
    assert [line.text for line in lines] == [text]
    assert lines[0].spans == [(4, 13, "bold")]
    assert visual_lines(text, 80, mode="terminal")[0].text == text


# --------------------------------------------------------------------------
# terminal mode


def test_terminal_mode():
    text = "اعتقال 153 شخصاً في Deir ez-Zor"
    start = text.index("شخصاً")
    lines = visual_lines(text, 12, [(start, start + 5, "t")], mode="terminal")
    # logical, unshaped, not reordered, not padded
    assert " ".join(line.text for line in lines) == text
    assert all(line.rtl for line in lines)
    hit = [line for line in lines if line.spans]
    [line] = hit
    [(a, b, _)] = line.spans
    assert columns_text(line, a, b) == "شخصاً"  # tanween stays on its letter
    assert a == start - line.logical_start
    assert b - a == 4  # tanween is zero-width


@pytest.mark.parametrize(
    "text, mode, cells",
    [
        # rich counts ZWJ + next char as one cell: glued to the glyph before
        ("a\u200d0", "terminal", [(0, 1, 2)]),
        ("\u200d0", "terminal", [(0, 1)]),  # nothing before: ZWJ dropped
        ("a\u200d 0", "terminal", [(0, 1), (2,), (3,)]),
        ("\u200c\u20280", "reorder", [(2,)]),  # orphan ZWNJ before a break
        ("\u0301x", "reorder", [(0, 1)]),  # orphan mark rides on the next glyph
    ],
)
def test_zero_width_edge_cases(text, mode, cells):
    lines = visual_lines(text, 5, mode=mode)
    assert [c for line in lines for c in line.cells] == cells
    assert all(len(line.cells) == cell_len(line.text) for line in lines)


def test_invalid_arguments():
    with pytest.raises(ValueError):
        visual_lines("x", 10, mode="nope")
    with pytest.raises(ValueError):
        visual_lines("x", 10, base="up")
    assert visual_lines("abc", 0)[0].text  # width < 1 is taken as 1


def test_to_rich_text():
    term = "شخصاً"
    start = SENTENCE.index(term)
    lines = visual_lines(SENTENCE, 14, [(start, start + len(term), "bold red"), (0, 6, "underline")])
    t = to_rich_text(lines)
    assert t.plain == "\n".join(line.text for line in lines)
    styled = {str(s.style): t.plain[s.start : s.end] for s in t.spans}
    assert styled["bold red"] == shaped(term)
    assert styled["underline"] == shaped("اعتقال")


# --------------------------------------------------------------------------
# property test

ALPHABET = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"  # letters
    "ءآأؤإئةى"  # hamza forms etc.
    "لالالأ"  # make lam-alef frequent
    "\u064b\u064e\u064f\u0650\u0651\u0652"  # harakat
    "ـ"  # tatweel
    "abcXYZ"
    "0123٤٥"
    "      "  # spaces (frequent)
    "\t\n\u2028"
    ".,:!?()[]«»-%"
    "\u200e\u200f\u202b\u202c\u2066\u2069\u200c\u200d"
    "\xa0é\u0301一"  # nbsp, combining acute, a wide CJK character
    "❤\ufe0f👨"  # emoji, variation selector (rich widens "❤" + VS16)
)


@st.composite
def cases(draw):
    text = draw(st.text(alphabet=ALPHABET, max_size=120))
    width = draw(st.integers(min_value=1, max_value=40))
    n = len(text)
    hl = []
    for k in range(draw(st.integers(0, 4))):
        a = draw(st.integers(0, max(n, 0)))
        b = draw(st.integers(a, n))
        hl.append((a, b, f"h{k}"))
    mode = draw(st.sampled_from(["reorder", "terminal"]))
    base = draw(st.sampled_from([None, "rtl", "ltr"]))
    return text, width, hl, mode, base


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_property_visual_lines(case):
    text, width, hl, mode, base = case
    with warnings.catch_warnings():
        warnings.simplefilter("error", ShapingWarning)  # the shaping aligner never gives up here
        lines = visual_lines(text, width, hl, mode=mode, base=base)
    assert lines
    drawn: dict[int, set[tuple[int, int]]] = {}
    for n, line in enumerate(lines):
        assert cell_len(line.text) <= width
        assert len(line.cells) == cell_len(line.text)
        assert len(line.offsets) == len(line.cells) + 1
        if mode == "reorder" and line.rtl:
            assert cell_len(line.text) == width
        assert not any(c in rtl.BIDI_CONTROLS for c in line.text)
        assert 0 <= line.logical_start <= line.logical_end <= len(text)
        for col, cell in enumerate(line.cells):
            for i in cell:
                assert line.logical_start <= i < line.logical_end
                drawn.setdefault(i, set()).add((n, col))
        # no span lights a cell whose characters are outside its highlight
        for a, b, style in line.spans:
            assert 0 <= a < b <= len(line.cells)
            k = int(style[1:])
            start, end, _ = hl[k]
            for col in range(a, b):
                assert any(start <= i < end for i in line.cells[col])
    # every highlighted character that is drawn lies inside a span of its style
    for start, end, style in hl:
        for i in range(start, end):
            for n, col in drawn.get(i, ()):
                assert any(a <= col < b and s == style for a, b, s in lines[n].spans), (i, style)
    # every visible character is drawn (spaces may vanish at wrap points)
    for i, ch in enumerate(text):
        if cell_len(ch) > 0 and not ch.isspace() and ch not in "\u2028":
            assert i in drawn, (i, ch)
    # lines come in logical order
    starts = [line.logical_start for line in lines]
    assert starts == sorted(starts)
    # rich conversion never fails and keeps the text
    assert to_rich_text(lines).plain == "\n".join(line.text for line in lines)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ابتسشعلامنهويى ءأإآ abcXY 0123٤٥.,:%-", max_size=60))
def test_property_matches_get_display(text):
    """Unwrapped, without brackets or controls, the result is python-bidi's
    get_display of the shaped text, right-aligned when the paragraph is RTL."""
    [line] = visual_lines(text, 500)
    expected = bidi.get_display(reshape(text), base_dir="R" if is_rtl(text) else "L")
    if line.rtl:
        assert line.text == " " * (500 - cell_len(expected)) + expected
    else:
        assert line.text == expected


FOLD_MIRRORS = str.maketrans(")]»", "([«")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ابتسشعلامنهويى ءأإآ abcXY 0123٤٥.,:%-()[]«»", max_size=60))
def test_property_brackets_match_get_display_but_for_mirroring(text):
    """With brackets, the characters land where get_display puts them (bracket pairs resolved
    alike, rule N0); only the glyphs differ, get_display not mirroring them (rule L4)."""
    [line] = visual_lines(text, 500)
    expected = bidi.get_display(reshape(text), base_dir="R" if is_rtl(text) else "L")
    got = line.text[500 - cell_len(expected):] if line.rtl else line.text
    assert got.translate(FOLD_MIRRORS) == expected.translate(FOLD_MIRRORS)


def test_package_imports_nothing_heavy():
    # No work at import: the reshaper loads on first use, python-bidi never, Textual never.
    code = ("import sys, workbench.tui.rtl as rtl;"
            "print(sorted(m for m in ('textual', 'arabic_reshaper', 'bidi') if m in sys.modules));"
            "rtl.visual_lines('مرحبا', 10);"
            "print(sorted(m for m in ('textual', 'arabic_reshaper', 'bidi') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["[]", "['arabic_reshaper']"]
