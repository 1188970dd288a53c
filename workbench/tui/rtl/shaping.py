"""Arabic shaping with an index map: which presentation-form glyph draws which letters.

Terminals draw each code point on its own, so Arabic letters must be replaced by their joined
presentation forms before printing.  arabic-reshaper picks the forms but gives no index map,
and highlighting needs one.  So it is given only letters (harakat are taken out first and put
back here), told not to form ligatures, and its output is aligned back one glyph per letter,
checked by compatibility decomposition (a presentation form decomposes to its letter).  The one
ligature a reader expects, lam-alef, is formed here, where its two offsets are known.

The reshaper is built on first use, not at import: the UI starts without it.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from functools import cache

_ZWNJ, _ZWJ = "\u200c", "\u200d"
_ARABIC_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LAM_INITIAL, _LAM_MEDIAL = "\ufedf", "\ufee0"
# alef (plain, hamza above, hamza below, madda) -> lam-alef ligature (isolated, final form)
_LAM_ALEF = {
    "\u0627": ("\ufefb", "\ufefc"),
    "\u0623": ("\ufef7", "\ufef8"),
    "\u0625": ("\ufef9", "\ufefa"),
    "\u0622": ("\ufef5", "\ufef6"),
}

Piece = tuple[str, list[int]]  # (glyph, logical offsets it draws), glyph "" when not drawn


class ShapingWarning(RuntimeWarning):
    """arabic-reshaper's output could not be mapped back to the letters: shown unshaped."""


class _AlignError(Exception):
    pass


@cache
def is_haraka(ch: str) -> bool:
    """An Arabic combining mark (fatha, shadda, tanween, Quranic marks): zero-width, dropped
    in terminals by default because most draw it in a cell of its own."""
    return unicodedata.category(ch) == "Mn" and _ARABIC_RE.match(ch) is not None


@cache
def _reshaper():
    from arabic_reshaper import ArabicReshaper

    return ArabicReshaper(configuration={
        "language": "Arabic",
        "delete_harakat": False,  # harakat are taken out before; anything else stays in place
        "shift_harakat_position": False,
        "delete_tatweel": False,  # tatweel is a visible, one-cell letter
        "support_zwj": True,
        "use_unshaped_instead_of_isolated": False,
        "support_ligatures": False,  # lam-alef is formed here; others are missing in terminal fonts
    })


def reshape(text: str) -> str:
    """``text`` as the glyphs the layout draws for it, in logical order: presentation forms,
    lam-alef ligatures, harakat and joiners dropped."""
    glyphs = "".join(glyph for glyph, _ in shape(list(enumerate(text)), keep_harakat=False))
    return glyphs.replace(_ZWJ, "").replace(_ZWNJ, "")


def shape(chars: list[tuple[int, str]], keep_harakat: bool) -> list[Piece]:
    """Pieces in logical order for ``chars`` ((logical offset, char) pairs), one per glyph.

    Harakat become zero-width pieces (their mark when ``keep_harakat``, else ""), folded into
    a lam-alef ligature when they sit between its letters.  If the reshaper's output cannot be
    aligned, a ``ShapingWarning`` is issued and each word that fails is left unshaped.
    """
    if not any(_ARABIC_RE.match(ch) for _, ch in chars):
        return _unshaped(chars, keep_harakat)
    try:
        return _align(chars, keep_harakat)
    except _AlignError:
        pass
    warnings.warn(
        f"arabic-reshaper output does not align with {''.join(ch for _, ch in chars)!r}: "
        "words that fail alone are shown unshaped", ShapingWarning, stacklevel=2)
    pieces: list[Piece] = []
    word: list[tuple[int, str]] = []
    for item in [*chars, (-1, " ")]:  # shaping never crosses a space
        if item[1] != " ":
            word.append(item)
            continue
        try:
            pieces.extend(_align(word, keep_harakat) if word else [])
        except _AlignError:
            pieces.extend(_unshaped(word, keep_harakat))
        word = []
        if item[0] >= 0:
            pieces.append((" ", [item[0]]))
    return pieces


def _unshaped(chars: list[tuple[int, str]], keep_harakat: bool) -> list[Piece]:
    return [("" if not keep_harakat and is_haraka(ch) else ch, [i]) for i, ch in chars]


def _align(chars: list[tuple[int, str]], keep_harakat: bool) -> list[Piece]:
    letters = [ch for _, ch in chars if not is_haraka(ch)]
    out = _reshaper().reshape("".join(letters))
    pieces: list[Piece] = []
    j = 0
    for i, ch in chars:
        if is_haraka(ch):
            pieces.append((ch if keep_harakat else "", [i]))
        elif j < len(out) and (out[j] == ch or _decomposed(out[j]) == _decomposed(ch)):
            pieces.append((out[j], [i]))
            j += 1
        elif ch == _ZWJ:  # the reshaper drops a ZWJ once it has done its work
            pieces.append(("", [i]))
        else:
            raise _AlignError
    if j != len(out):
        raise _AlignError
    return _lam_alef(pieces, chars)


@cache
def _decomposed(ch: str) -> str:
    return unicodedata.normalize("NFKD", ch)


def _lam_alef(pieces: list[Piece], chars: list[tuple[int, str]]) -> list[Piece]:
    """Join a lam that connects to an alef into one ligature glyph (harakat between them ride
    on it): the reshaper gave the lam its initial or medial form only if it joins."""
    source = dict(chars)
    result: list[Piece] = []
    k = 0
    while k < len(pieces):
        glyph, idxs = pieces[k]
        if glyph in (_LAM_INITIAL, _LAM_MEDIAL):
            m = k + 1
            while m < len(pieces) and is_haraka(source[pieces[m][1][0]]):
                m += 1
            alef = source[pieces[m][1][0]] if m < len(pieces) else ""
            if alef in _LAM_ALEF:
                marks = pieces[k + 1 : m]  # their glyphs are "" unless harakat are kept
                ligature = _LAM_ALEF[alef][glyph == _LAM_MEDIAL] + "".join(g for g, _ in marks)
                result.append((ligature, idxs + [i for _, ix in marks for i in ix] + pieces[m][1]))
                k = m + 1
                continue
        result.append((glyph, idxs))
        k += 1
    return result
