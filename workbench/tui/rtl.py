"""Right-to-left text for terminals that do not do bidi or Arabic shaping.

Most terminal emulators (and tmux) print cells strictly left to right and draw
each code point on its own, so Arabic stored in logical order shows up
backwards and with unjoined letters.  This module turns LOGICAL text (as it is
stored) into VISUAL lines that such a terminal displays correctly:

* ``mode="reorder"`` (default): each paragraph gets its direction (rules
  P2/P3, or ``base``), its bidi embedding levels are resolved over the whole
  paragraph (python-bidi), the paragraph is shaped into Arabic presentation
  forms (arabic-reshaper, lam-alef ligatures included), wrapped to ``width``
  cells on spaces (over-long words are broken), and only then is every line
  reordered on its own (rules L1, L2, L4 of UAX #9).  RTL lines are
  right-aligned (left-padded to ``width``), LTR lines are left as they are.
* ``mode="terminal"``: for terminals that do bidi and shaping themselves
  (mlterm, Konsole, VTE with bidi enabled).  The text is wrapped the same way
  but left unshaped and in logical order, and **no alignment is applied**:
  padding would be reordered by the terminal together with the text (leading
  spaces of an RTL line would end up at its right), and such terminals align
  RTL paragraphs themselves.

Highlights are given as ``(start, end, style)`` in logical character offsets
of the input; they come back as ``(start_col, end_col, style)`` spans in the
visual columns of each line.  A highlight may become several spans (a term
split by a Latin word or by a line break).  The mapping is exact at the level
of terminal cells: a cell that draws several logical characters (a lam-alef
ligature, a letter with its harakat) is highlighted when any of them is.

Bidi controls (LRM, RLM, ALM, LRE..PDF, LRI..PDI) influence the levels but are
never printed; ZWJ/ZWNJ drive shaping and are then dropped in reorder mode.
Harakat are left out in reorder mode by default (``keep_harakat=True`` keeps
them as zero-width combining marks right after their letter's glyph).

How the index mapping is obtained: python-bidi 0.6 has no level or index
API, so the resolved embedding levels are read from the ``BidiInfo`` dump of
``bidi.get_display(..., debug=True)`` (one level per UTF-8 byte, mapped back
to characters; python-bidi's bundled pure-Python algorithm is the fallback),
and lines are reordered here with L1/L2 on units that remember their logical
offsets.  arabic-reshaper has no index map either; its output is aligned back
to the input (every glyph is a form of one letter or a lam-alef ligature of
two letters; harakat and ZWJ are dropped).

Limitations: a terminal that does bidi itself (VTE with bidi on, mlterm,
Konsole) reverses reorder-mode output a second time - use ``mode="terminal"``
there.  Only lam-alef ligatures are formed.  A glyph wider than the whole
line (a CJK character when ``width`` is 1) is shown as an ellipsis.  Widths
are rich's ``cell_len``, which may differ from a given terminal's for emoji
sequences.  Leading spaces of a paragraph that do not fit with its first word
are dropped, as are spaces at a wrap point.

This module is pure: it imports rich (for cell widths and ``Text``) but not
Textual.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple, Sequence

from rich.cells import cell_len
from rich.text import Text

import bidi

try:  # python-bidi ships the mirroring table with its pure-Python algorithm
    from bidi.algorithm import MIRRORED as _MIRRORED
except Exception:  # pragma: no cover - depends on the python-bidi version
    _MIRRORED = {
        "(": ")", ")": "(", "[": "]", "]": "[", "{": "}", "}": "{",
        "<": ">", ">": "<", "«": "»", "»": "«", "‹": "›", "›": "‹",
    }

try:
    from arabic_reshaper import ArabicReshaper
    from arabic_reshaper.arabic_reshaper import HARAKAT_RE as _HARAKAT_RE
    from arabic_reshaper.letters import LETTERS_ARABIC as _LETTERS
    from arabic_reshaper.ligatures import LIGATURES as _LIGATURES
except Exception:  # pragma: no cover - shaping is then skipped
    ArabicReshaper = None  # type: ignore[assignment]
    _HARAKAT_RE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u08d4-\u08ff]")
    _LETTERS = {}
    _LIGATURES = ()

__all__ = [
    "VisualLine",
    "visual_lines",
    "to_rich_text",
    "is_rtl",
    "logical_to_visual",
    "visual_to_logical",
]

MODES = ("reorder", "terminal")

# Explicit bidi formatting characters (never printed).
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_ZWNJ, _ZWJ = "\u200c", "\u200d"
_JOINERS = frozenset((_ZWNJ, _ZWJ))
# Paragraph separators (bidi class B); "\r\n" counts as one.
_PARA_SEP_RE = re.compile(r"\r\n|[\n\r\x1c\x1d\x1e\x85\u2029]")
# Forced line breaks inside a paragraph.
_LINE_BREAKS = frozenset("\x0b\x0c\u2028")
# Spaces that do not allow a line break.
_NO_BREAK_SPACES = frozenset("\xa0\u2007\u202f")
_ARABIC_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_ISOLATE_INITIATORS = frozenset(("LRI", "RLI", "FSI"))
_ELLIPSIS = "\u2026"


@dataclass
class VisualLine:
    """One terminal line.

    ``text`` is printed left to right as is.  ``spans`` are highlight spans in
    visual cell columns of ``text`` (padding included).  ``logical_start`` /
    ``logical_end`` delimit the slice of the input this line comes from; the
    lines of a paragraph tile it (spaces dropped at a wrap point belong to the
    line before), paragraph separators belong to no line.

    Extra fields: ``rtl`` is the paragraph direction; ``cells[col]`` is the
    tuple of logical offsets drawn in visual column ``col`` (``()`` for
    padding); ``offsets[col]`` is the index in ``text`` where the glyph of
    column ``col`` starts, with one more entry ``len(text)`` at the end.
    """

    text: str
    spans: list[tuple[int, int, str]]
    logical_start: int
    logical_end: int
    rtl: bool = False
    cells: list[tuple[int, ...]] = field(default_factory=list, repr=False)
    offsets: list[int] = field(default_factory=list, repr=False)


class _Unit(NamedTuple):
    """A glyph that takes whole cells, with the logical offsets it draws."""

    glyph: str  # what is printed (may hold trailing zero-width marks)
    idxs: tuple[int, ...]  # paragraph-relative logical offsets, ascending
    base: int  # offset whose bidi level/class governs the unit
    kind: str  # "text", "space" or "break"
    width: int  # cell_len(glyph)


# --------------------------------------------------------------------------
# Paragraph direction


def _first_strong(text: str) -> str | None:
    """Class of the first strong character outside isolates (P2), per text."""
    depth = 0
    for ch in text:
        if ch in "\n\r\x1c\x1d\x1e\x85\u2029":
            depth = 0  # isolates end with their paragraph
            continue
        cls = unicodedata.bidirectional(ch)
        if cls in _ISOLATE_INITIATORS:
            depth += 1
        elif cls == "PDI":
            if depth:
                depth -= 1
        elif depth == 0 and cls in ("L", "R", "AL"):
            return cls
    return None


def is_rtl(text: str) -> bool:
    """True when the first strong character (rules P2/P3: characters between
    an isolate initiator and its PDI are skipped) is right-to-left.

    The search runs on past paragraph separators, so a text whose first
    paragraph is blank or neutral takes the direction of the next one.  No
    strong character at all gives left-to-right.
    """
    return _first_strong(text) in ("R", "AL")


# --------------------------------------------------------------------------
# Bidi levels


def _rust_levels(para: str, base_level: int) -> list[int]:
    """Resolved embedding levels per character, from python-bidi's Rust core.

    python-bidi >= 0.5 exposes no level API, but ``get_display(debug=True)``
    returns the Debug dump of unicode-bidi's ``BidiInfo`` whose ``levels``
    vector has one entry per UTF-8 byte.  Raises on anything unexpected.
    """
    dump = bidi.get_display(para, base_dir="R" if base_level else "L", debug=True)
    if not isinstance(dump, str):
        raise ValueError("unexpected debug output")
    # The text field is a Rust string literal in which newlines are escaped,
    # so a real newline + indentation only occurs between fields.
    start = dump.index("\n    levels: [")
    end = dump.index("\n    ],", start)
    per_byte = [int(n) for n in re.findall(r"Level\(\s*(\d+),?\s*\)", dump[start:end])]
    encoded_len = len(para.encode("utf-8"))
    if len(per_byte) != encoded_len:
        raise ValueError("level count does not match the byte count")
    levels = []
    offset = 0
    for ch in para:
        levels.append(per_byte[offset])
        offset += len(ch.encode("utf-8"))
    return levels


def _python_levels(para: str, base_level: int) -> list[int]:
    """Fallback: python-bidi's bundled pure-Python implementation (older UBA:
    no isolates or bracket pairs)."""
    from bidi import algorithm as alg

    storage = alg.get_empty_storage()
    storage["base_level"] = base_level
    storage["base_dir"] = ("L", "R")[base_level]
    alg.get_embedding_levels(para, storage, False, False)
    for i, ch in enumerate(storage["chars"]):
        ch["idx"] = i
    alg.explicit_embed_and_overrides(storage, False)
    alg.resolve_weak_types(storage, False)
    alg.resolve_neutral_types(storage, False)
    alg.resolve_implicit_levels(storage, False)
    levels = [base_level] * len(para)
    for ch in storage["chars"]:
        levels[ch["idx"]] = ch["level"]
    return levels


def _levels(para: str, base_level: int) -> list[int]:
    if not para:
        return []
    if base_level == 0 and not any(
        unicodedata.bidirectional(c) in ("R", "AL", "AN", "RLE", "RLO", "RLI", "FSI") for c in para
    ):
        return [0] * len(para)  # nothing can raise a level: skip the algorithm
    try:
        return _rust_levels(para, base_level)
    except Exception:
        return _python_levels(para, base_level)


# --------------------------------------------------------------------------
# Shaping


def _make_reshaper():
    if ArabicReshaper is None:
        return None, {}
    lam_alef = {
        "ARABIC LIGATURE LAM WITH ALEF",
        "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA ABOVE",
        "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA BELOW",
        "ARABIC LIGATURE LAM WITH ALEF WITH MADDA ABOVE",
    }
    config = {
        "language": "Arabic",
        "delete_harakat": True,  # re-attached by the aligner if wanted
        "shift_harakat_position": False,
        "delete_tatweel": False,  # tatweel is a visible, one-cell letter
        "support_zwj": True,
        "use_unshaped_instead_of_isolated": False,
        "support_ligatures": True,
    }
    # Only lam-alef: the word/sentence ligatures (e.g. U+FDF2 ALLAH) are
    # wide or missing in terminal fonts.
    for name, _replacement in _LIGATURES:
        config[name] = name in lam_alef
    ligature_len: dict[str, int] = {}
    for name, (match, forms) in _LIGATURES:
        if name in lam_alef:
            for form in forms:
                if form:
                    ligature_len[form] = len(match)
    return ArabicReshaper(configuration=config), ligature_len


_RESHAPER, _LIGATURE_LEN = _make_reshaper()


class _AlignError(Exception):
    pass


def _align_shaped(chars: list[tuple[int, str]], keep_harakat: bool) -> list[tuple[str, list[int]]]:
    """Reshape ``chars`` ((logical offset, char) pairs) and return
    (glyph, offsets) pieces in logical order, one per output glyph; harakat
    and joiners dropped by the reshaper become zero-width pieces.

    arabic-reshaper gives no index map, but it is order-preserving: every
    output glyph is a contextual form of one input letter, or a lam-alef
    ligature of a known number of letters (harakat in between skipped).
    """
    if _RESHAPER is None:
        raise _AlignError
    out = _RESHAPER.reshape("".join(ch for _, ch in chars))
    pieces: list[tuple[str, list[int]]] = []
    j = k = 0
    n = len(chars)
    while k < n:
        i, ch = chars[k]
        glyph = out[j] if j < len(out) else None
        if glyph is not None and (glyph == ch or glyph in _LETTERS.get(ch, ())):
            pieces.append((glyph, [i]))
            j += 1
            k += 1
        elif _HARAKAT_RE.match(ch):
            pieces.append((ch if keep_harakat else "", [i]))
            k += 1
        elif ch == _ZWJ:
            pieces.append(("", [i]))
            k += 1
        elif glyph is not None and glyph in _LIGATURE_LEN:
            need = _LIGATURE_LEN[glyph]
            idxs: list[int] = []
            marks: list[str] = []
            while k < n and need:
                i2, ch2 = chars[k]
                if idxs and _HARAKAT_RE.match(ch2):
                    marks.append(ch2)
                else:
                    need -= 1
                idxs.append(i2)
                k += 1
            if need:
                raise _AlignError
            pieces.append((glyph + ("".join(marks) if keep_harakat else ""), idxs))
            j += 1
        else:
            raise _AlignError
    if j != len(out):
        raise _AlignError
    return pieces


def _shape(chars: list[tuple[int, str]], keep_harakat: bool) -> list[tuple[str, list[int]]]:
    """Shape with a per-word retry, leaving a word unshaped if all else fails."""
    identity = [
        ("" if (not keep_harakat and _HARAKAT_RE.match(ch)) else ch, [i]) for i, ch in chars
    ]
    if not any(_ARABIC_RE.match(ch) for _, ch in chars):
        return identity
    try:
        return _align_shaped(chars, keep_harakat)
    except (_AlignError, IndexError):
        pass
    # Shaping never crosses a space; retry word by word.
    pieces: list[tuple[str, list[int]]] = []
    word: list[tuple[int, str]] = []

    def flush_word() -> None:
        if not word:
            return
        try:
            pieces.extend(_align_shaped(word, keep_harakat))
        except (_AlignError, IndexError):
            pieces.extend(
                ("" if (not keep_harakat and _HARAKAT_RE.match(ch)) else ch, [i]) for i, ch in word
            )
        word.clear()

    for i, ch in chars:
        if ch == " ":
            flush_word()
            pieces.append((ch, [i]))
        else:
            word.append((i, ch))
    flush_word()
    return pieces


# --------------------------------------------------------------------------
# Paragraph preparation (cached: the TUI re-renders the same text often)


def _is_break_space(ch: str) -> bool:
    return ch == "\t" or (unicodedata.category(ch) == "Zs" and ch not in _NO_BREAK_SPACES)


def _terminal_pieces(kept: list[tuple[int, str]]) -> list[tuple[str, list[int]]]:
    """Unshaped pieces for terminal mode.

    rich measures a ZWJ as joining the next character into the same cell
    (emoji sequences), so a ZWJ between two visible characters is glued to
    the one after it (and both ride on the glyph before); any other ZWJ is
    dropped.
    """
    pieces: list[tuple[str, list[int]]] = []
    after_visible = False  # the last drawn piece is a visible non-space glyph
    k = 0
    while k < len(kept):
        i, ch = kept[k]
        if ch == _ZWJ:
            nxt = kept[k + 1][1] if k + 1 < len(kept) else " "
            if after_visible and not _is_break_space(nxt) and nxt != "\u2028":
                pieces.append((ch + nxt, [i, kept[k + 1][0]]))
                k += 2
                continue
            pieces.append(("", [i]))
        else:
            pieces.append((ch, [i]))
            if _is_break_space(ch) or ch == "\u2028":
                after_visible = False
            elif cell_len(ch) > 0:
                after_visible = True
        k += 1
    return pieces


@lru_cache(maxsize=512)
def _prepare(para: str, base_level: int, mode: str, keep_harakat: bool) -> tuple[tuple[_Unit, ...], tuple[int, ...]]:
    """Units (logical order) and per-character levels of one paragraph."""
    reorder = mode == "reorder"
    # Characters that take part in shaping: bidi controls are transparent to
    # joining and are never printed; other C0/C1 controls are dropped.
    kept: list[tuple[int, str]] = []
    for i, ch in enumerate(para):
        if ch in BIDI_CONTROLS:
            continue
        if ch == "\t":
            kept.append((i, " "))
        elif ch in _LINE_BREAKS:
            kept.append((i, "\u2028"))
        elif unicodedata.category(ch) == "Cc":
            continue
        elif "\ud800" <= ch <= "\udfff":
            kept.append((i, "\ufffd"))  # a lone surrogate cannot be printed
        else:
            kept.append((i, ch))
    if reorder:
        pieces = _shape(kept, keep_harakat)
    else:
        pieces = _terminal_pieces(kept)

    units: list[_Unit] = []
    prefix_idxs: list[int] = []
    for glyph, idxs in pieces:
        src = para[idxs[0]]
        if reorder:
            glyph = "".join(c for c in glyph if c not in _JOINERS)
        if src in _LINE_BREAKS or glyph == "\u2028":
            units.append(_Unit("", tuple(idxs), idxs[0], "break", 0))
            prefix_idxs = []  # orphan marks before a break are not drawn
            continue
        width = cell_len(glyph)
        if width == 0:
            # Zero-width: belongs to the glyph before it (a mark on its base).
            if units and units[-1].kind != "break":
                last = units[-1]
                new_glyph = last.glyph + glyph
                units[-1] = last._replace(
                    glyph=new_glyph,
                    idxs=last.idxs + tuple(idxs),
                    width=cell_len(new_glyph),
                )
            else:
                # Nothing to sit on: not printed (a leading mark, or a
                # variation selector, would otherwise change how the cell
                # before it is measured after reordering), but the offsets
                # go with the next glyph.
                prefix_idxs.extend(idxs)
            continue
        kind = "space" if _is_break_space(src) else "text"
        all_idxs = tuple(prefix_idxs) + tuple(idxs)
        prefix_idxs = []
        units.append(_Unit(glyph, all_idxs, idxs[0], kind, cell_len(glyph)))
    levels = tuple(_levels(para, base_level)) if reorder else ()
    return tuple(units), levels


# --------------------------------------------------------------------------
# Wrapping


def _wrap(units: Sequence[_Unit], width: int, para_len: int) -> list[tuple[list[_Unit], int, int]]:
    """Greedy wrap on break spaces; returns (units, start, end) per line with
    paragraph-relative logical bounds that tile the paragraph."""
    lines: list[tuple[list[_Unit], int, int]] = []
    cur: list[_Unit] = []
    cur_w = 0
    cur_start = 0
    pending: list[_Unit] = []  # spaces since the last word

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
                        w = w._replace(glyph=_ELLIPSIS, width=1)
                    if cur and cur_w + w.width > width:
                        new_line(w.idxs[0])
                    cur.append(w)
                    cur_w += w.width
        i = j
    add_fitting_pending()
    lines.append((cur, cur_start, para_len))
    return lines


# --------------------------------------------------------------------------
# Line reordering (UAX #9 L1, L2, L4)


def _reorder_line(units: list[_Unit], levels: Sequence[int], para: str, base_level: int) -> list[_Unit]:
    if not units:
        return []
    lv = [levels[u.base] for u in units]
    # L1: segment separators (tabs), and whitespace before them or at the end
    # of the line, go back to the paragraph level.
    trailing = True
    for k in range(len(units) - 1, -1, -1):
        cls = unicodedata.bidirectional(para[units[k].base])
        if cls == "S":
            lv[k] = base_level
            trailing = True
        elif trailing and (cls == "WS" or units[k].kind == "space"):
            lv[k] = base_level
        else:
            trailing = False
    # L2: reverse every run at level >= L, from the highest level down to
    # the lowest odd level.
    order = list(range(len(units)))
    highest = max(lv)
    lowest_odd = min((x for x in lv if x % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        k = 0
        while k < len(order):
            if lv[order[k]] >= level:
                m = k
                while m < len(order) and lv[order[m]] >= level:
                    m += 1
                order[k:m] = order[k:m][::-1]
                k = m
            else:
                k += 1
    # L4: mirrored glyphs in right-to-left runs.
    visual = []
    for k in order:
        u = units[k]
        if lv[k] % 2 and u.glyph and u.glyph[0] in _MIRRORED:
            u = u._replace(glyph=_MIRRORED[u.glyph[0]] + u.glyph[1:])
        visual.append(u)
    return visual


# --------------------------------------------------------------------------
# Public API


def _base_level(para: str, base: str | None) -> int:
    if base is None or base == "auto":
        return 1 if is_rtl(para) else 0
    b = base.lower()
    if b in ("rtl", "r"):
        return 1
    if b in ("ltr", "l"):
        return 0
    raise ValueError(f"base must be None, 'rtl' or 'ltr', not {base!r}")


def _paragraphs(text: str) -> list[tuple[int, str]]:
    paras = []
    pos = 0
    for m in _PARA_SEP_RE.finditer(text):
        paras.append((pos, text[pos : m.start()]))
        pos = m.end()
    paras.append((pos, text[pos:]))
    return paras


def visual_lines(
    text: str,
    width: int,
    highlights: Sequence[tuple[int, int, str]] = (),
    mode: str = "reorder",
    base: str | None = None,
    *,
    keep_harakat: bool = False,
) -> list[VisualLine]:
    """Lay out LOGICAL ``text`` as VISUAL terminal lines of at most ``width``
    cells (``width`` below 1 is taken as 1).

    ``highlights`` are ``(start, end, style)`` in logical character offsets
    of ``text`` (clamped to it; empty ones ignored).  ``mode`` is "reorder"
    or "terminal" (see the module docstring).  ``base`` forces every
    paragraph's direction ("rtl"/"ltr"); by default each paragraph takes the
    direction of its first strong character.  ``keep_harakat`` (reorder mode)
    prints harakat as zero-width marks after their letter instead of
    dropping them.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    width = max(1, int(width))
    n_text = len(text)
    hl: list[tuple[int, int, str]] = []
    for h in highlights:
        start, end, style = h
        start, end = max(0, int(start)), min(n_text, int(end))
        if start < end:
            hl.append((start, end, style))

    result: list[VisualLine] = []
    for p_start, para in _paragraphs(text):
        base_level = _base_level(para, base)
        rtl = bool(base_level)
        units, levels = _prepare(para, base_level, mode, keep_harakat)
        for line_units, l_start, l_end in _wrap(units, width, len(para)):
            if mode == "reorder":
                line_units = _reorder_line(line_units, levels, para, base_level)
            result.append(
                _build_line(line_units, p_start, l_start, l_end, width, rtl, mode == "reorder", hl)
            )
    return result


def _build_line(
    units: list[_Unit],
    p_start: int,
    l_start: int,
    l_end: int,
    width: int,
    rtl: bool,
    align: bool,
    highlights: list[tuple[int, int, str]],
) -> VisualLine:
    used = sum(u.width for u in units)
    pad = width - used if (align and rtl) else 0
    parts = [" " * pad]
    cells: list[tuple[int, ...]] = [()] * pad
    offsets: list[int] = list(range(pad))
    pos = pad
    for u in units:
        idxs = tuple(p_start + i for i in u.idxs)
        cells.extend([idxs] * u.width)
        offsets.extend([pos] * u.width)
        parts.append(u.glyph)
        pos += len(u.glyph)
    offsets.append(pos)
    line_text = "".join(parts)
    abs_start, abs_end = p_start + l_start, p_start + l_end

    spans: list[tuple[int, int, str]] = []
    if highlights and units:
        lo = min(i for u in units for i in u.idxs) + p_start
        hi = max(i for u in units for i in u.idxs) + p_start
        for start, end, style in highlights:
            if end <= lo or start > hi:
                continue
            col = 0
            run_start = None
            for cell in cells:
                hit = any(start <= i < end for i in cell)
                if hit and run_start is None:
                    run_start = col
                elif not hit and run_start is not None:
                    spans.append((run_start, col, style))
                    run_start = None
                col += 1
            if run_start is not None:
                spans.append((run_start, col, style))
    return VisualLine(line_text, spans, abs_start, abs_end, rtl, cells, offsets)


def _column_offsets(text: str) -> list[int]:
    """Index in ``text`` where each cell column starts, plus ``len(text)``."""
    offsets: list[int] = []
    for k, ch in enumerate(text):
        offsets.extend([k] * cell_len(ch))
    offsets.append(len(text))
    return offsets


def to_rich_text(lines: list[VisualLine]) -> Text:
    """Join ``lines`` with newlines into a ``rich.text.Text`` carrying the
    highlight spans as styles (later highlights layer over earlier ones)."""
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


def logical_to_visual(lines: Sequence[VisualLine], index: int) -> tuple[int, int] | None:
    """(line number, first visual column) where logical offset ``index`` is
    drawn, or None when it is not drawn (bidi control, space at a wrap
    point, paragraph separator, out of range)."""
    for n, line in enumerate(lines):
        if line.logical_start <= index < max(line.logical_end, line.logical_start + 1):
            for col, cell in enumerate(line.cells):
                if index in cell:
                    return n, col
    return None


def visual_to_logical(lines: Sequence[VisualLine], line_no: int, col: int) -> int | None:
    """Logical offset drawn at (``line_no``, ``col``); None for padding or
    past the end (for a ligature or a marked letter, its first character)."""
    if not 0 <= line_no < len(lines):
        return None
    cells = lines[line_no].cells
    if not 0 <= col < len(cells) or not cells[col]:
        return None
    return min(cells[col])
