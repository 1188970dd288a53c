"""Right-to-left text for terminals that do not do bidi or Arabic shaping.

Most terminal emulators (and tmux) print cells strictly left to right and draw each code point
on its own, so Arabic stored in logical order shows up backwards and with unjoined letters.
This package turns LOGICAL text (as it is stored) into VISUAL lines that such a terminal
displays correctly:

* ``mode="reorder"`` (default): each paragraph gets its direction (``direction``: rules P1-P3,
  or ``base``) and its embedding levels over the whole paragraph (``levels``: our own UAX #9,
  checked against Unicode's conformance files), is shaped into Arabic presentation forms
  (``shaping``: lam-alef ligatures included), cut into cell units (``cells``), wrapped to
  ``width`` cells on spaces (``wrapping``), and only then is every line reordered on its own
  (``reorder``: rules L1, L2, L4).  RTL lines are right-aligned (left-padded to ``width``),
  LTR lines are left as they are (``layout``).
* ``mode="terminal"``: for terminals that do bidi and shaping themselves (mlterm, Konsole, VTE
  with bidi enabled).  The text is wrapped the same way but left unshaped and in logical
  order, and **no alignment is applied**: padding would be reordered by the terminal together
  with the text, and such terminals align RTL paragraphs themselves.

Highlights are given as ``(start, end, style)`` in logical character offsets of the input;
they come back as ``(start_col, end_col, style)`` spans in the visual columns of each line.  A
highlight may become several spans (a term split by a Latin word or by a line break).  The
mapping is exact at the level of terminal cells: a cell that draws several logical characters
(a lam-alef ligature, a letter with its harakat) is highlighted when any of them is.

Bidi controls (LRM, RLM, ALM, LRE..PDF, LRI..PDI) influence the levels but are never printed;
ZWJ/ZWNJ drive shaping and are then dropped in reorder mode.  Harakat are left out in reorder
mode by default (``keep_harakat=True`` keeps them as zero-width marks after their letter).

``fit_lines`` fits a text into a box of ``width`` cells and at most so many lines (titles, list
rows, cards): laid out as above, cut after the last whole word that fits with an ellipsis, its
direction that of most of its words (``excerpt_direction``).

Limitations: a terminal that does bidi itself reverses reorder-mode output a second time - use
``mode="terminal"`` there.  Only lam-alef ligatures are formed.  A glyph wider than the whole
line (a CJK character when ``width`` is 1) is shown as an ellipsis.  Widths are rich's
``cell_len``, which may differ from a given terminal's for emoji sequences.  Leading spaces of
a paragraph that do not fit with its first word are dropped, as are spaces at a wrap point.

The package imports rich (for cell widths and ``Text``) but not Textual, and does no work at
import time: the reshaper and the lookup tables are built on first use.
"""

from workbench.tui.rtl.cells import BIDI_CONTROLS
from workbench.tui.rtl.direction import excerpt_direction, is_rtl
from workbench.tui.rtl.fit import ELLIPSIS, fit_lines
from workbench.tui.rtl.layout import (
    MODES,
    VisualLine,
    logical_to_visual,
    to_rich_text,
    visual_lines,
    visual_to_logical,
)
from workbench.tui.rtl.shaping import ShapingWarning

__all__ = [
    "BIDI_CONTROLS",
    "ELLIPSIS",
    "MODES",
    "ShapingWarning",
    "excerpt_direction",
    "fit_lines",
    "VisualLine",
    "is_rtl",
    "logical_to_visual",
    "to_rich_text",
    "visual_lines",
    "visual_to_logical",
]
