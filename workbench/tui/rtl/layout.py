"""Logical text to visual terminal lines, with highlights mapped to the cells that draw them.

This is where the other modules meet: each paragraph gets its direction and levels, is cut
into units and wrapped, and each line is reordered and padded; highlights given in logical
offsets come back as spans of visual columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rich.cells import cell_len
from rich.text import Text

from workbench.tui.rtl.cells import Unit, units
from workbench.tui.rtl.direction import base_level, bidi_class, paragraphs
from workbench.tui.rtl.levels import embedding_levels
from workbench.tui.rtl.reorder import line_levels, mirrored, visual_order
from workbench.tui.rtl.wrapping import wrap

MODES = ("reorder", "terminal")


@dataclass
class VisualLine:
    """One terminal line.

    ``text`` is printed left to right as is.  ``spans`` are highlight spans in visual cell
    columns of ``text`` (padding included).  ``logical_start`` / ``logical_end`` delimit the
    slice of the input this line comes from; the lines of a paragraph tile it (spaces dropped
    at a wrap point belong to the line before), paragraph separators belong to no line.

    Extra fields: ``rtl`` is the paragraph direction; ``cells[col]`` is the tuple of logical
    offsets drawn in visual column ``col`` (``()`` for padding); ``offsets[col]`` is the index
    in ``text`` where the glyph of column ``col`` starts, with one more entry ``len(text)``.
    """

    text: str
    spans: list[tuple[int, int, str]]
    logical_start: int
    logical_end: int
    rtl: bool = False
    cells: list[tuple[int, ...]] = field(default_factory=list, repr=False)
    offsets: list[int] = field(default_factory=list, repr=False)


def visual_lines(
    text: str,
    width: int,
    highlights: Sequence[tuple[int, int, str]] = (),
    mode: str = "reorder",
    base: str | None = None,
    *,
    keep_harakat: bool = False,
) -> list[VisualLine]:
    """Lay out LOGICAL ``text`` as VISUAL terminal lines of at most ``width`` cells (``width``
    below 1 is taken as 1).

    ``highlights`` are ``(start, end, style)`` in logical character offsets of ``text``
    (clamped to it; empty ones ignored).  ``mode`` is "reorder" or "terminal" (see the package
    docstring).  ``base`` forces every paragraph's direction ("rtl"/"ltr"); by default each
    paragraph takes the direction of its first strong character.  ``keep_harakat`` (reorder
    mode) prints harakat as zero-width marks after their letter instead of dropping them.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    width = max(1, int(width))
    hl: list[tuple[int, int, str]] = []
    for start, end, style in highlights:
        start, end = max(0, int(start)), min(len(text), int(end))
        if start < end:
            hl.append((start, end, style))
    reorder = mode == "reorder"
    result: list[VisualLine] = []
    for p_start, para in paragraphs(text):
        level = base_level(para, base)
        para_units, levels = _prepare(para, level, reorder, keep_harakat)
        for line_units, l_start, l_end in wrap(para_units, width, len(para)):
            if reorder:
                line_units = _reorder_line(line_units, levels, para, level)
            result.append(_build_line(line_units, p_start, l_start, l_end, width, bool(level), reorder, hl))
    return result


@lru_cache(maxsize=512)
def _prepare(
    para: str, level: int, reorder: bool, keep_harakat: bool
) -> tuple[tuple[Unit, ...], tuple[int, ...]]:
    """Units and per-character levels of one paragraph (cached: the UI redraws the same text
    often)."""
    levels = tuple(embedding_levels(para, level)) if reorder else ()
    return units(para, reorder, keep_harakat), levels


def _reorder_line(line: list[Unit], levels: Sequence[int], para: str, level: int) -> list[Unit]:
    """The units of one line in visual order, mirrored where they run right to left."""
    classes = []
    for u in line:
        cls = bidi_class(para[u.base])
        classes.append("WS" if u.kind == "space" and cls not in ("S", "B") else cls)
    lv = line_levels(classes, [levels[u.base] for u in line], level)
    visual = []
    for k in visual_order(lv):
        u = line[k]
        if lv[k] % 2 and (glyph := mirrored(u.glyph)) != u.glyph:
            u = u._replace(glyph=glyph)
        visual.append(u)
    return visual


def _build_line(
    line: list[Unit],
    p_start: int,
    l_start: int,
    l_end: int,
    width: int,
    rtl: bool,
    align: bool,
    highlights: list[tuple[int, int, str]],
) -> VisualLine:
    used = sum(u.width for u in line)
    pad = width - used if (align and rtl) else 0
    parts = [" " * pad]
    cells: list[tuple[int, ...]] = [()] * pad
    offsets: list[int] = list(range(pad))
    pos = pad
    for u in line:
        idxs = tuple(p_start + i for i in u.idxs)
        cells.extend([idxs] * u.width)
        offsets.extend([pos] * u.width)
        parts.append(u.glyph)
        pos += len(u.glyph)
    offsets.append(pos)
    spans = _spans(cells, highlights) if line else []
    return VisualLine("".join(parts), spans, p_start + l_start, p_start + l_end, rtl, cells, offsets)


Span = tuple[int, int, str]


def _spans(cells: list[tuple[int, ...]], highlights: list[Span]) -> list[Span]:
    """Runs of columns that draw a highlighted character, per highlight."""
    if not highlights:
        return []
    drawn = [i for cell in cells for i in cell]
    lo, hi = min(drawn), max(drawn)
    spans: list[Span] = []
    for start, end, style in highlights:
        if end <= lo or start > hi:
            continue
        run_start = None
        for col, cell in enumerate(cells):
            hit = any(start <= i < end for i in cell)
            if hit and run_start is None:
                run_start = col
            elif not hit and run_start is not None:
                spans.append((run_start, col, style))
                run_start = None
        if run_start is not None:
            spans.append((run_start, len(cells), style))
    return spans


def to_rich_text(lines: list[VisualLine]) -> Text:
    """Join ``lines`` with newlines into a ``rich.text.Text`` carrying the highlight spans as
    styles (later highlights layer over earlier ones)."""
    out = Text()
    for n, line in enumerate(lines):
        if n:
            out.append("\n")
        base = len(out.plain)
        out.append(line.text)
        offsets = line.offsets if line.offsets else _column_offsets(line.text)
        last = len(offsets) - 1
        for start_col, end_col, style in line.spans:
            a = offsets[min(max(start_col, 0), last)]
            b = offsets[min(max(end_col, 0), last)]
            if a < b:
                out.stylize(style, base + a, base + b)
    return out


def _column_offsets(text: str) -> list[int]:
    """Index in ``text`` where each cell column starts, plus ``len(text)``."""
    offsets: list[int] = []
    for k, ch in enumerate(text):
        offsets.extend([k] * cell_len(ch))
    offsets.append(len(text))
    return offsets


def logical_to_visual(lines: Sequence[VisualLine], index: int) -> tuple[int, int] | None:
    """(line number, first visual column) where logical offset ``index`` is drawn, or None
    when it is not drawn (bidi control, space at a wrap point, paragraph separator, out of
    range)."""
    for n, line in enumerate(lines):
        if line.logical_start <= index < max(line.logical_end, line.logical_start + 1):
            for col, cell in enumerate(line.cells):
                if index in cell:
                    return n, col
    return None


def visual_to_logical(lines: Sequence[VisualLine], line_no: int, col: int) -> int | None:
    """Logical offset drawn at (``line_no``, ``col``); None for padding or past the end (for a
    ligature or a marked letter, its first character)."""
    if not 0 <= line_no < len(lines):
        return None
    cells = lines[line_no].cells
    if not 0 <= col < len(cells) or not cells[col]:
        return None
    return min(cells[col])
