"""Text of any direction fitted into a box of cells: the one layout every widget uses.

A list row, a pane title, a card or a search hit has a width and (often) a number of lines.
The text is laid out like the passage view's (``visual_lines``: wrapped in logical order,
then each line reordered), so an Arabic headline starts on the first line at its right edge;
when it does not fit, it is cut after its last whole word that fits and an ellipsis marks the
cut at the logical end.  A number, a date or a URL is never cut in the middle unless it is
wider than the whole box on its own.  Its direction is the excerpt's (``excerpt_direction``),
not only its first letter's.
"""

from __future__ import annotations

from collections.abc import Sequence

from workbench.tui.rtl.cells import is_break_space
from workbench.tui.rtl.direction import excerpt_direction
from workbench.tui.rtl.layout import VisualLine, visual_lines

ELLIPSIS = "\u2026"


def fit_lines(
    text: str,
    width: int,
    lines: int | None = None,
    mode: str = "reorder",
    *,
    highlights: Sequence[tuple[int, int, str]] = (),
    keep_harakat: bool = False,
    base: str | None = None,
) -> list[VisualLine]:
    """At most ``lines`` visual lines (all of them when None) of ``text`` in ``width`` cells.

    Highlights are logical offsets of ``text``, as for ``visual_lines``; a cut drops those
    past it.  ``base`` forces the direction, else it is ``excerpt_direction(text)``.
    """
    width = max(1, int(width))
    base = base or excerpt_direction(text)

    def lay(part: str) -> list[VisualLine]:
        return visual_lines(part, width, highlights, mode, base, keep_harakat=keep_harakat)

    laid = lay(text)
    if lines is None or len(laid) <= max(1, lines):
        return laid
    lines = max(1, lines)
    cut = _trim(text, laid[lines - 1].logical_end)
    while cut > 0:
        out = lay(text[:cut] + ELLIPSIS)
        if len(out) <= lines:
            return out
        cut = _previous_word_end(text, cut)
    # one word wider than the box: only here is a word cut, between two of its glyphs
    cut = _trim(text, laid[lines - 1].logical_end)
    while cut > 1:
        cut -= 1
        out = lay(text[:cut] + ELLIPSIS)
        if len(out) <= lines:
            return out
    return lay(ELLIPSIS)


def _trim(text: str, end: int) -> int:
    """``end`` moved back over the spaces before it."""
    while end > 0 and (is_break_space(text[end - 1]) or text[end - 1] in "\n\r"):
        end -= 1
    return end


def _previous_word_end(text: str, end: int) -> int:
    """The end of the word before the one that ends at ``end`` (0 when there is none)."""
    k = end
    while k > 0 and not (is_break_space(text[k - 1]) or text[k - 1] in "\n\r"):
        k -= 1
    return _trim(text, k)
