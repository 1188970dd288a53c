"""Arabic shaping: presentation forms worked out by hand from the joining rules, lam-alef, and a
loud fallback when arabic-reshaper's output cannot be mapped back to the letters."""

from __future__ import annotations

import warnings

import pytest

from workbench.tui.rtl import ShapingWarning, visual_lines
from workbench.tui.rtl.shaping import reshape


@pytest.mark.parametrize("word, forms", [
    # meem initial, reh final (reh never joins the next letter), hah initial, beh medial,
    # alef final
    ("مرحبا", "\ufee3\ufeae\ufea3\ufe92\ufe8e"),
    # harakat are dropped: shin initial, khah medial, sad final
    ("شَخْصٌ", "\ufeb7\ufea8\ufeba"),
    # lam-alef: isolated after a letter that does not join (alef), final after one that does
    ("الأمن", "\ufe8d\ufef7\ufee3\ufee6"),
    ("كلا", "\ufedb\ufefc"),
    ("لَا", "\ufefb"),  # a haraka between lam and alef does not stop the ligature
    ("كتـاب", "\ufedb\ufe98\u0640\ufe8e\ufe8f"),  # tatweel is a letter of its own
    ("abc 12", "abc 12"),
])
def test_reshape(word, forms):
    assert reshape(word) == forms


def test_joiners():
    # ZWNJ stops joining, ZWJ forces it; neither is printed.
    [line] = visual_lines("ب\u200cب", 4)
    assert line.text == "  \ufe8f\ufe8f"
    [line] = visual_lines("ب\u200d", 4)
    assert line.text == "   \ufe91"
    # A ZWJ between lam and alef keeps them joined but apart: no ligature.
    [line] = visual_lines("ل\u200dا", 4)
    assert line.text == "  \ufe8e\ufedf"


def test_unalignable_word_is_shown_unshaped_with_a_warning():
    # arabic-reshaper 3.1 moves a small waw (U+06E5) after a ZWJ one glyph late: its output
    # no longer lines up with the letters, so that word is left unshaped, and says so.
    text = "مرحبا ب\u200d\u06e5ب عالم"
    with pytest.warns(ShapingWarning, match="does not align"):
        [line] = visual_lines(text, 30)
    assert line.text.strip() == reshape("عالم")[::-1] + " ب\u06e5ب " + reshape("مرحبا")[::-1]


def test_no_warning_for_ordinary_text():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        visual_lines("اعتقلت قوات الأمن 153 شخصاً في مدينة Deir ez-Zor شرق سوريا", 30)
