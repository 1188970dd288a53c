"""Word alignments from a model's attention: which Arabic words each English word came from.

CTranslate2 returns, for every target piece, the decoder's attention over the source pieces
(`return_attention=True`; which layer and how many heads is fixed when a model is
converted). We keep it at word level, the level a glossary term lives at, and sparse: for each
English word (a whitespace-separated token of the decoded text) the few Arabic words (tokens
of the raw text, `str.split()`) it attends to most, with their share in whole percent. That is
small enough to store with every hypothesis, and enough to find, long after the model ran,
the English words that render a term the glossary gains later (`mt.repair`).

A word starts at every piece that starts with SentencePiece's "▁"; when the pieces and the
text disagree on the number of words (a model that splits differently), there is no
alignment rather than a wrong one.
"""

from __future__ import annotations

import math
from typing import Sequence

WORD_START = "▁"
KEEP = 3            # source words kept per target word
MIN_SHARE = 5       # percent: smaller shares are dropped

Alignment = list[list[int]]     # per target word: [source word, percent, source word, percent…]


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each whitespace-separated word of a text."""
    spans, start = [], None
    for i, ch in enumerate(text):
        if ch.isspace():
            if start is not None:
                spans.append((start, i))
                start = None
        elif start is None:
            start = i
    if start is not None:
        spans.append((start, len(text)))
    return spans


def from_attention(source_pieces: Sequence[str], target_pieces: Sequence[str],
                   attention: Sequence[Sequence[float]], source_words: int,
                   target_words: int, source_starts: list[int] | None = None
                   ) -> Alignment | None:
    """The word alignment of one hypothesis, or None when the pieces do not match the texts'
    word counts. `attention[i][j]`: target piece i's weight on source piece j. A source
    word's weight is the sum over its pieces; a target word's, the mean over its pieces.
    `source_starts` (word_starts of the source) saves recounting them per hypothesis."""
    import numpy as np     # a CTranslate2 dependency; only needed once a model runs
    if not target_pieces or not source_pieces:
        return None
    src = source_starts if source_starts is not None else word_starts(source_pieces)
    tgt = word_starts(target_pieces)
    if len(src) != source_words or len(tgt) != target_words:
        return None
    weights = np.asarray(attention[:len(target_pieces)], dtype=np.float64)
    if weights.ndim != 2 or weights.shape[0] != len(target_pieces) \
            or weights.shape[1] < len(source_pieces):
        return None
    weights = np.add.reduceat(weights[:, :len(source_pieces)], src, axis=1)
    counts = [b - a for a, b in zip(tgt, tgt[1:] + [len(target_pieces)])]
    weights = np.add.reduceat(weights, tgt, axis=0) / np.asarray(counts)[:, None]
    top = np.argsort(-weights, axis=1, kind="stable")[:, :KEEP]
    shares = np.rint(100 * np.take_along_axis(weights, top, axis=1)).astype(int)
    return [[v for j, share in zip(words, values) if share >= MIN_SHARE for v in (j, share)]
            for words, values in zip(top.tolist(), shares.tolist())]


def word_starts(pieces: Sequence[str]) -> list[int]:
    """The index of each word's first piece."""
    return [k for k, piece in enumerate(pieces) if k == 0 or piece.startswith(WORD_START)]


def shift(alignment: Alignment, source_offset: int) -> Alignment:
    """The alignment of a piece of a longer input, its source words counted from the input's start."""
    return [[v + source_offset if k % 2 == 0 else v for k, v in enumerate(cell)]
            for cell in alignment]


def scores(alignment: Alignment, source_words: set[int]) -> list[float]:
    """Each target word's share (0..1) of attention on these source words."""
    out = []
    for cell in alignment:
        out.append(sum(cell[k + 1] for k in range(0, len(cell), 2) if cell[k] in source_words)
                   / 100)
    return out


def source_words_of(text: str, start: int, end: int) -> set[int]:
    """The indices of a text's words that overlap [start, end)."""
    return {k for k, (s, e) in enumerate(word_spans(text)) if s < end and e > start}


def diagonal(source_words: set[int], n_source: int, n_target: int) -> list[float]:
    """A prior for each target word (0..1): near where the source words sit, scaled to the
    target's length. Attention times this prior finds a term's English more often than
    attention alone (bench/bench_mt.py measures both on the fixture model)."""
    if not source_words or not n_source or not n_target:
        return [1.0] * n_target
    centre = (sum(source_words) / len(source_words) + 0.5) / n_source * n_target
    width = 0.25 * n_target + 1
    return [math.exp(-((k + 0.5 - centre) / width) ** 2) for k in range(n_target)]


def well_formed(alignment) -> bool:
    """Whether a stored alignment has the shape above (one from a damaged or foreign database
    repairs nothing rather than failing)."""
    return isinstance(alignment, list) and all(
        isinstance(cell, list) and len(cell) % 2 == 0
        and all(type(v) is int and v >= 0 for v in cell) for cell in alignment)
