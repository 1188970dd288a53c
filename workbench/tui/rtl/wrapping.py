"""Greedy wrapping of a paragraph's units to a width in cells, in logical order.

A paragraph is wrapped before it is reordered (UAX #9 section 3.4): which words share a line
depends on reading order, and only then is each line reordered on its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from workbench.tui.rtl.cells import Unit

ELLIPSIS = "\u2026"

Line = tuple[list[Unit], int, int]  # units, logical start, logical end (paragraph-relative)


def wrap(units: Sequence[Unit], width: int, para_len: int) -> list[Line]:
    """Lines of at most ``width`` cells, broken at spaces (a word longer than a line is broken
    between glyphs, and a glyph wider than the line shows as an ellipsis).

    The logical bounds tile the paragraph: spaces dropped at a wrap point belong to the line
    before, a forced break to no line.
    """
    lines: list[Line] = []
    cur: list[Unit] = []
    cur_w = 0
    cur_start = 0
    pending: list[Unit] = []  # spaces since the last word

    def add_fitting_pending() -> None:
        nonlocal cur_w
        for p in pending:
            if cur_w + p.width <= width:
                cur.append(p)
                cur_w += p.width
        pending.clear()

    def new_line(next_start: int) -> None:
        nonlocal cur, cur_w, cur_start
        lines.append((cur, cur_start, next_start))
        cur, cur_w, cur_start = [], 0, next_start

    n = len(units)
    i = 0
    while i < n:
        u = units[i]
        if u.kind == "break":
            add_fitting_pending()
            new_line(u.idxs[0])
            cur_start = u.idxs[-1] + 1
            i += 1
            continue
        if u.kind == "space":
            pending.append(u)
            i += 1
            continue
        j = i
        while j < n and units[j].kind == "text":
            j += 1
        word = units[i:j]
        ww = sum(w.width for w in word)
        pw = sum(p.width for p in pending)
        if cur_w + pw + ww <= width:
            cur.extend(pending)
            cur.extend(word)
            cur_w += pw + ww
            pending.clear()
        else:
            pending.clear()  # spaces at a wrap point are not shown
            if cur:
                new_line(word[0].idxs[0])
            if ww <= width:
                cur.extend(word)
                cur_w = ww
            else:  # a word longer than the line: break it
                for w in word:
                    if w.width > width:
                        w = w._replace(glyph=ELLIPSIS, width=1)
                    if cur and cur_w + w.width > width:
                        new_line(w.idxs[0])
                    cur.append(w)
                    cur_w += w.width
        i = j
    add_fitting_pending()
    lines.append((cur, cur_start, para_len))
    return lines
