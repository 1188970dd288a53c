"""`rtl.fit_lines` and `render.fit`: the one layout of titles, list rows, cards and previews.

Expectations are written by hand from how the words read: an Arabic headline's first word at
the right edge of the first line, whole numbers, dates and URLs, and the direction of an
excerpt that opens with a Latin word.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from workbench.tui import render, rtl
from workbench.tui.rtl import ELLIPSIS, excerpt_direction, fit_lines

HEADLINE = ("قوات سوريا الديمقراطية تعلن القبض على خلية لداعش في ريف دير الزور الشرقي "
            "بعد هجوم على حاجز للأسايش في بلدة ذيبان")
DATED = "هاجمت خلية لداعش حاجزاً للأسايش في ذيبان بتاريخ 27/8/2025 وأصابت عنصرين"
URL_FIRST = "https://t.me/deirezzor24 قالت قوات سوريا الديمقراطية إن خلايا داعش هاجمت حاجزاً"


def word(text: str) -> str:
    """How a reordering terminal shows one Arabic word: shaped, right to left."""
    return rtl.visual_lines(text, 40, keep_harakat=True)[0].text.strip()


@pytest.mark.parametrize("width", [12, 20, 33, 50, 80])
def test_a_long_headline_starts_on_the_first_line_at_its_right_edge(width):
    lines = render.fit(HEADLINE, width, 3, align=True).split("\n")
    assert lines[0].endswith(word("قوات"))               # its first word, at the right edge
    assert all(cell_len(line) <= width for line in lines)
    assert len(lines) <= 3
    if len(render.fit(HEADLINE, width, 99).split("\n")) > 3:
        assert lines[-1].lstrip().startswith(ELLIPSIS)   # cut: the ellipsis ends it, on the left
    else:
        assert lines[-1].lstrip().startswith(word("ذيبان"))     # whole: its last word
    one = render.fit(HEADLINE, width)
    assert "\n" not in one and one.endswith(word("قوات")) and one.startswith(ELLIPSIS)


def test_a_headline_that_fits_is_whole_and_has_no_ellipsis():
    shown = render.fit(HEADLINE, 200)
    assert ELLIPSIS not in shown
    assert shown.startswith(word("ذيبان")) and shown.endswith(word("قوات"))


@pytest.mark.parametrize("width", range(8, 70, 3))
def test_a_date_is_never_cut(width):
    """The incidents view once showed «27/8/20ـﻟﺍ»: a date cut and joined to other letters."""
    shown = render.fit(DATED, width)
    assert ("27/8/2025" in shown) or ("27/8" not in shown and "2025" not in shown
                                      and "/20" not in shown)
    assert cell_len(shown) <= width


def test_an_excerpt_that_opens_with_a_url_reads_right_to_left():
    assert excerpt_direction(URL_FIRST) == "rtl"
    [line] = fit_lines(URL_FIRST, 200, keep_harakat=True)
    assert line.rtl
    # right to left: the URL (its first word) at the right edge, the last Arabic word at the left
    assert line.text.strip().endswith("https://t.me/deirezzor24")
    assert line.text.strip().startswith(word("حاجزاً"))
    # rule P2 alone would read it left to right, the URL first on the left
    [p2] = rtl.visual_lines(URL_FIRST, 200)
    assert not p2.rtl and p2.text.startswith("https://")


def test_the_direction_of_an_excerpt_is_that_of_most_of_its_words():
    assert excerpt_direction("SDF: قوات سوريا الديمقراطية تعلن") == "rtl"
    assert excerpt_direction("The SDF said داعش cells attacked the village") == "ltr"
    assert excerpt_direction("داعش attacked") == "rtl"          # a tie: the first strong letter
    assert excerpt_direction("ISIS هاجم") == "ltr"
    assert excerpt_direction("12 / 2025") == "ltr"              # nothing strong


def test_a_url_or_number_wider_than_the_box_is_cut_only_then():
    url = "https://example.org/reports/deir-ez-zor/2025/08/27/asayish-checkpoint"
    shown = render.fit(url, 20)
    assert shown == url[:19] + ELLIPSIS
    # after words that fit, the URL is left out whole
    assert render.fit(f"قالت المصادر {url}", 20) == ELLIPSIS + word("قالت المصادر")


def test_harakat_are_kept_unless_the_setting_drops_them():
    assert render.fit("يُشير هجوماً", 30) == word("يُشير هجوماً")
    assert "\u064b" in render.fit("هجوماً", 30) and "\u064f" in render.fit("يُشير", 30)
    render.set_harakat(False)
    try:
        assert "\u064b" not in render.fit("هجوماً", 30)
        assert render.fit("هجوماً", 30) == rtl.visual_lines("هجوماً", 30)[0].text.strip()
    finally:
        render.set_harakat(True)


def test_terminal_mode_keeps_logical_order_and_still_cuts_at_a_word():
    shown = render.fit(HEADLINE, 30, mode="terminal")
    assert shown.startswith("قوات سوريا") and shown.endswith(ELLIPSIS)
    assert HEADLINE.startswith(shown[:-1])


def test_inline_and_wrapped_are_fit():
    assert render.inline(HEADLINE, limit=25) == render.fit(HEADLINE, 25)
    lines = render.wrapped(HEADLINE, 22, limit=60, indent=2).split("\n")
    assert all(line.startswith("  ") for line in lines)
    assert lines[0].endswith(word("قوات")) and len(lines) == 3


WORDS = st.sampled_from(["قوات", "سوريا", "الديمقراطية", "داعش", "ذيبان", "الأسايش", "SDF",
                         "Deir", "ez-Zor", "27/8/2025", "1,250", "12", "https://t.me/x",
                         "هجوماً", "(قسد)", "«الإدارة»"])


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=14), st.integers(16, 60), st.integers(1, 3))
def test_fit_cuts_only_between_words_and_stays_in_its_box(words, width, lines):
    text = " ".join(words)
    laid = fit_lines(text, width, lines, keep_harakat=True)
    assert 1 <= len(laid) <= lines
    assert all(cell_len(line.text) <= width for line in laid)
    drawn = sorted({i for line in laid for cell in line.cells for i in cell})
    if any(ELLIPSIS in line.text for line in laid):
        # what is shown is a run of whole words from the start, each whole
        kept = sum(len(w) + 1 for w in words[:_shown_words(words, drawn)])
        assert drawn and max(drawn) < kept
    else:
        assert "".join(text[i] for i in drawn if text[i] != " ") == text.replace(" ", "")


def _shown_words(words: list[str], drawn: list[int]) -> int:
    """How many leading words are drawn in full; the rest must not be drawn at all."""
    pos, n = 0, 0
    shown = set(drawn)
    for w in words:
        span = set(range(pos, pos + len(w)))
        if span <= shown:
            n += 1
        else:
            assert not span & shown, f"{w!r} is cut"
            break
        pos += len(w) + 1
    return n
