"""Finding many terms at once: one token trie walked over the words of a text.

Both sides work the same way. The text is split at white space into raw words; each
distinct raw word is turned once (and cached) into its tokens, and each token into the
*candidate keys* it could stand for. The trie holds every term as a sequence of keys, so
one left-to-right pass over the tokens finds every term, however many terms there are.
Offsets are always into the raw text.

Arabic: a raw word is normalized with `arabic.normalize_with_offsets` (diacritics, tatweel
and the tatweel-dot obfuscation gone, alef/hamza, ta marbuta and alef maksura folded), so
«الـ.ـمرتزقة» and «المرتزقه» are both «المرتزقه». Its candidate keys are the token with
every proclitic chain (و ف, ب ك ل, ال, لل and their combinations) and every pronoun
suffix (ه ها هم هما هن كم كما كن نا, and the tanween alef) taken off, as long as two
letters remain. A term word written with the article needs it in the text (alone or
merged into لل); a term word without it matches with or without. A key only counts if
it equals a term word exactly, so a term never matches inside a longer word: الأمنية
is not الأمن and تعزيزات is not تعزيز. A final ه is read as «his» only where the raw
text has ه, not ة.

English: tokens are words with inner hyphens and apostrophes («Deir ez-Zor» is two
tokens, «Deir-ez-Zor» one), compared case- and accent-insensitively, with plural and
possessive endings taken off («IEDs», «mercenary», «SDF's»). All-capital words are
acronyms and keep their final s («ISIS», «HTS»).

Consecutive tokens of a term must be separated by white space only. Where matches
overlap, the leftmost wins, then the longest.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from workbench import arabic
from workbench.arabic import lexicon

_WORD_RE = re.compile(r"\S+")
_CACHE_LIMIT = 200_000

# --- the trie and the scan, shared by both languages -------------------------------------


class _Node:
    __slots__ = ("children", "payloads")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.payloads: list[Any] = []


@dataclass(frozen=True)
class Match:
    """A span of the raw text and what was found there (one payload per term and form)."""

    start: int
    end: int
    surface: str
    payloads: tuple


# A token of a raw word: (candidate keys, start and end in the raw word, whether it touches
# the word's start and end, i.e. whether it can join a term with the previous/next word).
Token = tuple[tuple[str, ...], int, int, bool, bool]


class TokenTrie:
    """Terms as sequences of keys; `find` walks the text's tokens once."""

    def __init__(self, tokenize: Callable[[str, frozenset], tuple[Token, ...] | None]):
        self._root = _Node()
        self._vocab: set[str] = set()
        self._frozen: frozenset[str] | None = None
        self._tokenize = tokenize
        self._cache: dict[str, tuple[Token, ...] | None] = {}
        self.size = 0

    def add_keys(self, keys: tuple[str, ...], payload: Any) -> None:
        if not keys:
            return
        node = self._root
        for key in keys:
            node = node.children.setdefault(key, _Node())
            self._vocab.add(key)
        if payload not in node.payloads:
            node.payloads.append(payload)
            self.size += 1
        self._frozen = None
        self._cache.clear()

    def _word(self, word: str) -> tuple[Token, ...] | None:
        info = self._cache.get(word, False)
        if info is False:
            if self._frozen is None:
                self._frozen = frozenset(self._vocab)
            info = self._tokenize(word, self._frozen)
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            self._cache[word] = info
        return info

    def find(self, text: str, keep: Callable[[Any], bool] | None = None) -> list[Match]:
        """Matches in the text; with `keep`, only payloads it accepts compete for a span."""
        found = self._scan(text)
        if keep is not None:
            found = [(s, e, kept) for s, e, payloads in found
                     if (kept := [p for p in payloads if keep(p)])]
        return _leftmost_longest(text, found)

    def _scan(self, text: str) -> list[tuple[int, int, list]]:
        root = self._root.children
        found: list[tuple[int, int, list]] = []
        active: list[tuple[_Node, int]] = []   # partial matches: (trie node, raw start)
        joinable = False                       # the previous token touched its word's end
        word_info, cache = self._word, self._cache
        for m in _WORD_RE.finditer(text):
            word = m.group()
            info = cache.get(word, False)      # self._word, inlined: this runs for every word
            if info is False:
                info = word_info(word)
            if info is None:
                active = []
                continue
            base = m.start()
            for cands, rs, re_, at_start, at_end in info:
                new: list[tuple[_Node, int]] = []
                if cands:
                    end = base + re_
                    if active and joinable and at_start:
                        for node, start in active:
                            children = node.children
                            for c in cands:
                                child = children.get(c)
                                if child is not None:
                                    if child.payloads:
                                        found.append((start, end, child.payloads))
                                    if child.children:
                                        new.append((child, start))
                    start = base + rs
                    for c in cands:
                        child = root.get(c)
                        if child is not None:
                            if child.payloads:
                                found.append((start, end, child.payloads))
                            if child.children:
                                new.append((child, start))
                active = new
                joinable = at_end
        return found


def _leftmost_longest(text: str, found: list[tuple[int, int, list]]) -> list[Match]:
    if not found:
        return []
    merged: dict[tuple[int, int], list] = {}
    for start, end, payloads in found:
        bucket = merged.setdefault((start, end), [])
        for p in payloads:
            if p not in bucket:
                bucket.append(p)
    out: list[Match] = []
    last_end = -1
    for (start, end) in sorted(merged, key=lambda span: (span[0], -span[1])):
        if start >= last_end:
            out.append(Match(start, end, text[start:end], tuple(merged[(start, end)])))
            last_end = end
    return out


# --- Arabic ------------------------------------------------------------------------------

_ARTICLE = lexicon.ARTICLE
# Proclitic chains, "" included: conjunction, preposition, article, and لل (ل + ال).
_PREFIXES = tuple(sorted(lexicon.PROCLITICS | {""}, key=len))
_ARTICLE_PREFIXES = frozenset(p for p in _PREFIXES if p.endswith(_ARTICLE) or p.endswith("لل"))
# Pronoun suffixes (his, her, their, your, our) and the tanween alef of «هجوماً».
_SUFFIXES = ("", "ه", "ها", "هم", "هما", "هن", "كم", "كما", "كن", "نا", "ا")
_MIN_STEM = 2
_PREFIX_SET = frozenset(_PREFIXES)
_SUFFIX_SET = frozenset(_SUFFIXES)
_LONGEST_PREFIX = max(map(len, _PREFIXES))
_LONGEST_SUFFIX = max(map(len, _SUFFIXES))


def _arabic_candidates(token: str, vocab: frozenset[str]) -> list[tuple[str, bool]]:
    """Term-word keys a normalized token can stand for, as (key, read with suffix ه).

    Every split proclitics + stem + suffix that leaves two letters is tried; ta marbuta
    and alef maksura come back before a suffix (خليتها → خليه, قواها → قوي); after an
    article-bearing prefix the stem is also tried with the article (للحسكة → الحسكه).
    """
    out: list[tuple[str, bool]] = []
    n = len(token)
    suffixes = [""] + [token[-k:] for k in range(1, min(_LONGEST_SUFFIX, n - _MIN_STEM) + 1)
                       if token[-k:] in _SUFFIX_SET]
    for k in range(min(_LONGEST_PREFIX, n - _MIN_STEM) + 1):
        prefix = token[:k]
        if prefix not in _PREFIX_SET:
            continue
        rest = token[k:]
        article = prefix in _ARTICLE_PREFIXES
        for suffix in suffixes:
            if len(rest) - len(suffix) < _MIN_STEM:
                continue
            base = rest[:len(rest) - len(suffix)] if suffix else rest
            bases = [base]
            if suffix and suffix != "ا":
                if base[-1] == "ت":              # ta marbuta before a suffix: خليته
                    bases.append(base[:-1] + "ه")
                elif base[-1] == "ا":            # alef maksura before a suffix: قواها
                    bases.append(base[:-1] + "ي")
            his = suffix == "ه"
            for b in bases:
                if b in vocab:
                    out.append((b, his))
                if article and _ARTICLE + b in vocab:
                    out.append((_ARTICLE + b, his))
    return out


def arabic_word_tokens(word: str, vocab: frozenset[str]) -> tuple[Token, ...] | None:
    """The tokens of one raw Arabic word with their candidate keys (None: nothing to find)."""
    toks = arabic.tokens(arabic.normalize(word))
    found = [_arabic_candidates(tok, vocab) for tok, _, _ in toks]
    if not any(found):
        return None
    norm = arabic.normalize_with_offsets(word)
    out: list[Token] = []
    for (tok, s, e), cands in zip(toks, found):
        keys: list[str] = []
        for key, his in cands:
            # «مسلحة» is not «مسلح» + «his»: read a final ه as a suffix only if the raw
            # letter is ه, not ة
            if his and word[norm.offsets[e - 1]] == "\u0629":
                continue
            if key not in keys:
                keys.append(key)
        out.append((tuple(keys), *norm.word_span(s, e), s == 0, e == len(norm.text)))
    return tuple(out)


def arabic_keys(form: str) -> tuple[str, ...]:
    """A term form as trie keys: its normalized words, articles kept."""
    return tuple(tok for tok, _, _ in arabic.tokens(arabic.normalize(form)))


class ArabicMatcher(TokenTrie):
    def __init__(self) -> None:
        super().__init__(arabic_word_tokens)

    def add(self, form: str, payload: Any) -> None:
        self.add_keys(arabic_keys(form), payload)


# --- English -----------------------------------------------------------------------------

_EN_TOKEN_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_KEEP_S = ("ss", "us", "is")


def fold_en(token: str) -> str:
    """An English token for comparison: no possessive, accents or case."""
    token = token.replace("’", "'")
    if token[-2:].lower() == "'s":
        token = token[:-2]
    decomposed = unicodedata.normalize("NFKD", token)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def singular(word: str) -> str:
    """A light singular of a folded English word: enough to equate cells/cell, IEDs/IED."""
    if len(word) <= 3:
        return word
    if word.endswith("men") and len(word) > 4:
        return word[:-3] + "man"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(_KEEP_S):
        return word[:-1]
    return word


def plural(word: str) -> str:
    """The regular plural of an English word (for fitting a replacement to its context)."""
    lower = word.lower()
    if lower.endswith("y") and len(word) > 1 and lower[-2] not in "aeiou":
        return word[:-1] + "ies"
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def _is_acronym(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _en_text_keys(token: str) -> tuple[str, ...]:
    folded = fold_en(token)
    keys = [singular(folded)]
    if _is_acronym(token) and folded not in keys:
        keys.append(folded)
    return tuple(keys)


def _en_phrase_token_key(token: str) -> str:
    folded = fold_en(token)
    return folded if _is_acronym(token) else singular(folded)


def en_phrase_key(phrase: str) -> tuple[str, ...]:
    """An English rendering as trie keys (equal keys: the matcher cannot tell them apart)."""
    return tuple(_en_phrase_token_key(m.group()) for m in _EN_TOKEN_RE.finditer(phrase))


def english_word_tokens(word: str, vocab: frozenset[str]) -> tuple[Token, ...] | None:
    out: list[Token] = []
    any_cands = False
    for m in _EN_TOKEN_RE.finditer(word):
        cands = tuple(k for k in _en_text_keys(m.group()) if k in vocab)
        any_cands = any_cands or bool(cands)
        rest = len(word) - m.end()      # touches the end, or only an apostrophe follows
        at_end = rest == 0 or (rest == 1 and word[-1] in "'’")
        out.append((cands, m.start(), m.end(), m.start() == 0, at_end))
    return tuple(out) if any_cands else None


class EnglishMatcher(TokenTrie):
    def __init__(self) -> None:
        super().__init__(english_word_tokens)

    def add(self, phrase: str, payload: Any) -> None:
        self.add_keys(en_phrase_key(phrase), payload)


def iter_en_tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """English word tokens of a text with their offsets (for QA's fix-ups)."""
    for m in _EN_TOKEN_RE.finditer(text):
        yield m.group(), m.start(), m.end()
