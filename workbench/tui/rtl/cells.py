"""Units: what a terminal draws in whole cells, each remembering the logical offsets it shows.

Everything after this step (wrapping, reordering, highlighting) moves units, never characters,
so a letter never loses its marks and a highlight always lands on the cells of its letters.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

from rich.cells import cell_len

from workbench.tui.rtl.shaping import Piece, shape

# Explicit bidi formatting characters: they steer the levels but are never printed.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_ZWNJ, _ZWJ = "\u200c", "\u200d"
# Forced line breaks inside a paragraph.
LINE_BREAKS = frozenset("\x0b\x0c\u2028")
# Spaces that do not allow a line break.
_NO_BREAK_SPACES = frozenset("\xa0\u2007\u202f")


class Unit(NamedTuple):
    """A glyph that takes whole cells, with the logical offsets it draws."""

    glyph: str  # what is printed (may hold trailing zero-width marks)
    idxs: tuple[int, ...]  # paragraph-relative logical offsets
    base: int  # offset whose bidi level/class governs the unit
    kind: str  # "text", "space" or "break"
    width: int  # cell_len(glyph)


def is_break_space(ch: str) -> bool:
    """A space a line may be wrapped at (tabs included, no-break spaces not)."""
    return ch == "\t" or (unicodedata.category(ch) == "Zs" and ch not in _NO_BREAK_SPACES)


def units(para: str, shaped: bool, keep_harakat: bool) -> tuple[Unit, ...]:
    """The units of one paragraph in logical order; ``shaped`` joins Arabic letters (reorder
    mode), else the text stays as typed for a terminal that shapes it itself."""
    kept = _printable(para)
    pieces = shape(kept, keep_harakat) if shaped else _terminal_pieces(kept)
    result: list[Unit] = []
    prefix_idxs: list[int] = []
    for glyph, idxs in pieces:
        src = para[idxs[0]]
        if shaped and (_ZWJ in glyph or _ZWNJ in glyph):
            glyph = glyph.replace(_ZWJ, "").replace(_ZWNJ, "")
        if src in LINE_BREAKS or glyph == "\u2028":
            result.append(Unit("", tuple(idxs), idxs[0], "break", 0))
            prefix_idxs = []  # orphan marks before a break are not drawn
            continue
        width = cell_len(glyph)
        if width == 0:
            # Zero-width: belongs to the glyph before it (a mark on its base).
            if result and result[-1].kind != "break":
                last = result[-1]
                new_glyph = last.glyph + glyph
                result[-1] = last._replace(
                    glyph=new_glyph, idxs=last.idxs + tuple(idxs), width=cell_len(new_glyph)
                )
            else:
                # Nothing to sit on: not printed (a leading mark, or a variation selector, would
                # otherwise change how the cell before it is measured after reordering), but
                # the offsets go with the next glyph.
                prefix_idxs.extend(idxs)
            continue
        kind = "space" if is_break_space(src) else "text"
        result.append(Unit(glyph, tuple(prefix_idxs) + tuple(idxs), idxs[0], kind, width))
        prefix_idxs = []
    return tuple(result)


def _printable(para: str) -> list[tuple[int, str]]:
    """(offset, char) of what takes part in shaping: bidi controls are transparent to joining
    and never printed, other C0/C1 controls are dropped, tabs and forced breaks normalised."""
    kept: list[tuple[int, str]] = []
    for i, ch in enumerate(para):
        if ch in BIDI_CONTROLS:
            continue
        if ch == "\t":
            kept.append((i, " "))
        elif ch in LINE_BREAKS:
            kept.append((i, "\u2028"))
        elif unicodedata.category(ch) == "Cc":
            continue
        elif "\ud800" <= ch <= "\udfff":
            kept.append((i, "\ufffd"))  # a lone surrogate cannot be printed
        else:
            kept.append((i, ch))
    return kept


def _terminal_pieces(kept: list[tuple[int, str]]) -> list[Piece]:
    """Unshaped pieces for terminal mode.

    rich measures a ZWJ as joining the next character into the same cell (emoji sequences), so
    a ZWJ between two visible characters is glued to the one after it (and both ride on the
    glyph before); any other ZWJ is dropped.
    """
    pieces: list[Piece] = []
    after_visible = False  # the last drawn piece is a visible non-space glyph
    k = 0
    while k < len(kept):
        i, ch = kept[k]
        if ch == _ZWJ:
            nxt = kept[k + 1][1] if k + 1 < len(kept) else " "
            if after_visible and not is_break_space(nxt) and nxt != "\u2028":
                pieces.append((ch + nxt, [i, kept[k + 1][0]]))
                k += 2
                continue
            pieces.append(("", [i]))
        else:
            pieces.append((ch, [i]))
            if is_break_space(ch) or ch == "\u2028":
                after_visible = False
            elif cell_len(ch) > 0:
                after_visible = True
        k += 1
    return pieces
