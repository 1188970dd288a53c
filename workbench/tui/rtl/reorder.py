"""From resolved levels to the left-to-right order of one line: UAX #9 rules L1, L2 and L4.

These rules run per line, after wrapping; the same functions serve the layout (on units) and
the conformance tests (on characters), so there is one L1 and one L2.
"""

from __future__ import annotations

from collections.abc import Sequence

from workbench.tui.rtl.tables import MIRRORS

_TRAILING = frozenset(("WS", "LRI", "RLI", "FSI", "PDI"))


def line_levels(classes: Sequence[str], levels: Sequence[int | None], base_level: int) -> list[int | None]:
    """Rule L1: segment and paragraph separators, and the whitespace and isolate controls before
    them or at the end of the line, go back to the paragraph level.  ``classes`` are the
    original bidi classes; characters removed by X9 (level None) neither count nor break a run.
    """
    out = list(levels)
    trailing = True
    for k in range(len(classes) - 1, -1, -1):
        cls = classes[k]
        if cls in ("S", "B"):
            out[k] = base_level
            trailing = True
        elif out[k] is None:
            continue
        elif cls in _TRAILING:
            if trailing:
                out[k] = base_level
        else:
            trailing = False
    return out


def visual_order(levels: Sequence[int | None]) -> list[int]:
    """Rule L2: the logical indices in left-to-right order (None levels are left out).  Every
    run at or above each level, from the highest down to the lowest odd one, is reversed."""
    order = [k for k, level in enumerate(levels) if level is not None]
    if not order:
        return order
    lv = [levels[k] for k in order]
    highest, lowest = max(lv), min(lv)
    lowest_odd = lowest if lowest % 2 else lowest + 1
    for level in range(highest, lowest_odd - 1, -1):
        k = 0
        while k < len(order):
            if levels[order[k]] < level:
                k += 1
                continue
            m = k
            while m < len(order) and levels[order[m]] >= level:
                m += 1
            order[k:m] = order[k:m][::-1]
            k = m
    return order


def mirrored(glyph: str) -> str:
    """Rule L4: a glyph in a right-to-left run is drawn by its mirror image, "(" by ")"."""
    first = MIRRORS.get(glyph[:1])
    return glyph if first is None else first + glyph[1:]
