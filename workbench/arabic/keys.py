"""Tokens, proclitic stripping and the keys full-text search indexes."""

from __future__ import annotations

import re

from .lexicon import PROCLITICS, longest_first

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Word tokens of a (normalized) text with their offsets; punctuation is skipped."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def word_tokenize(text: str) -> list[str]:
    """camel-tools' simple word tokenizer (words and punctuation as separate tokens)."""
    from camel_tools.tokenizers.word import simple_word_tokenize
    return simple_word_tokenize(text)


_PROCLITICS = longest_first(PROCLITICS)


def strip_proclitics(token: str, min_stem: int = 2) -> str:
    """The token without its longest proclitic chain that leaves a stem of min_stem+ letters."""
    for p in _PROCLITICS:
        if token.startswith(p) and len(token) - len(p) >= min_stem:
            return token[len(p):]
    return token


# The same chains as one pattern, for indexing whole texts at C speed: the longest chain that
# leaves a stem of three or more letters. The lookahead names the letters a chain can start
# with, so the search skips every other character without trying the alternatives.
_CLITIC_RE = re.compile(
    rf"\b(?=[{''.join(sorted({c[0] for c in PROCLITICS}))}])"
    rf"(?:{'|'.join(_PROCLITICS)})(?=[\u0621-\u064a]{{3}})")


def search_keys(norm_text: str) -> str:
    """Text indexed for full-text search: each Arabic token reduced to its stem."""
    return _CLITIC_RE.sub("", norm_text)
