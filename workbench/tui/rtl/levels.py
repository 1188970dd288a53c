"""Resolved embedding levels of one paragraph: UAX #9 rules X1-X10, W1-W7, N0-N2 and I1-I2.

Why our own: python-bidi 0.6 offers only ``get_display`` and ``get_base_level``; no public API
returns levels, and its bundled pure-Python algorithm predates isolates and bracket pairs.  A
layout that highlights and wraps must know the level of every character, so the algorithm
lives here, checked against every case of Unicode's BidiTest.txt and BidiCharacterTest.txt.

Characters removed by rule X9 (embedding controls, BN) get ``None`` from ``resolve``; the text
API gives them the level of the character before them, as UAX #9 section 5.2 suggests.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import cache

from workbench.tui.rtl.direction import ISOLATE_INITIATORS, bidi_class, first_strong
from workbench.tui.rtl.tables import BRACKET_PAIRS

MAX_DEPTH = 125  # BD2
_MAX_BRACKET_STACK = 63  # BD16
REMOVED_BY_X9 = frozenset(("RLE", "LRE", "RLO", "LRO", "PDF", "BN"))
# Classes that can put a character above level 0 in a left-to-right paragraph.
_RAISING = frozenset(("R", "AL", "AN", "RLE", "LRE", "RLO", "LRO", "RLI", "LRI", "FSI"))
_NEUTRAL_OR_ISOLATE = frozenset(("B", "S", "WS", "ON", "LRI", "RLI", "FSI", "PDI"))
# Direction a resolved type counts as in N0 and N1 (numbers count as R).
_STRONG_DIR = {"L": "L", "R": "R", "EN": "R", "AN": "R"}

Bracket = tuple[str, bool]  # (canonical opening bracket, is opening)


def embedding_levels(text: str, base_level: int) -> list[int]:
    """Resolved level of every character of ``text`` (one paragraph), before line rules."""
    classes = [bidi_class(ch) for ch in text]
    if base_level == 0 and _RAISING.isdisjoint(classes):
        return [0] * len(text)  # nothing can raise a level: the common English case
    resolved = resolve(classes, base_level, [bracket_of(ch) for ch in text])
    levels = []
    previous = base_level
    for level in resolved:
        previous = previous if level is None else level
        levels.append(previous)
    return levels


def bracket_of(ch: str) -> Bracket | None:
    """The paired-bracket properties of ``ch``, with canonical equivalents (U+2329 and
    U+3008) made one, or None."""
    if ch in BRACKET_PAIRS:
        return unicodedata.normalize("NFD", ch), True
    opening = _closing_to_opening().get(ch)
    return None if opening is None else (unicodedata.normalize("NFD", opening), False)


@cache
def _closing_to_opening() -> dict[str, str]:
    return {close: opening for opening, close in BRACKET_PAIRS.items()}


def resolve(
    classes: Sequence[str], base_level: int, brackets: Sequence[Bracket | None] | None = None
) -> list[int | None]:
    """Levels for a paragraph given as bidi classes, ``None`` where X9 removes the character.

    ``brackets`` gives each position's paired-bracket properties (see ``bracket_of``); without
    it, rule N0 finds no pairs, which is what BidiTest.txt assumes.
    """
    n = len(classes)
    matching_pdi, matched_pdis = _match_isolates(classes)
    types = list(classes)
    levels = _explicit_levels(classes, types, base_level, matching_pdi)
    kept = [i for i in range(n) if classes[i] not in REMOVED_BY_X9]
    sequences = _isolating_run_sequences(classes, levels, kept, base_level, matching_pdi, matched_pdis)
    for seq, sos, eos in sequences:
        _resolve_sequence(seq, sos, eos, levels[seq[0]], classes, types, levels, brackets)
    result: list[int | None] = [None] * n
    for i in kept:
        result[i] = levels[i]
    return result


def _match_isolates(classes: Sequence[str]) -> tuple[dict[int, int], set[int]]:
    """BD9: each isolate initiator's matching PDI, and the set of matched PDIs."""
    matching: dict[int, int] = {}
    open_: list[int] = []
    for i, cls in enumerate(classes):
        if cls in ISOLATE_INITIATORS:
            open_.append(i)
        elif cls == "PDI" and open_:
            matching[open_.pop()] = i
        elif cls == "B":
            open_.clear()
    return matching, set(matching.values())


def _explicit_levels(
    classes: Sequence[str], types: list[str], base_level: int, matching_pdi: dict[int, int]
) -> list[int]:
    """Rules X1-X8: embedding levels from the explicit controls; overrides rewrite ``types``."""
    n = len(classes)
    levels = [base_level] * n
    stack: list[tuple[int, str | None, bool]] = [(base_level, None, False)]  # level, override, isolate
    overflow_isolates = overflow_embeddings = valid_isolates = 0
    for i, cls in enumerate(classes):
        level, override, _ = stack[-1]
        if cls in ("RLE", "LRE", "RLO", "LRO"):  # X2-X5
            levels[i] = level
            new = _next_level(level, cls[0] == "R")
            if new <= MAX_DEPTH and not overflow_isolates and not overflow_embeddings:
                stack.append((new, {"RLO": "R", "LRO": "L"}.get(cls), False))
            elif not overflow_isolates:
                overflow_embeddings += 1
        elif cls in ISOLATE_INITIATORS:  # X5a-X5c
            levels[i] = level
            if override:
                types[i] = override
            if cls == "FSI":
                end = matching_pdi.get(i, n)
                rtl = first_strong(classes[i + 1 : end]) in ("R", "AL")
            else:
                rtl = cls == "RLI"
            new = _next_level(level, rtl)
            if new <= MAX_DEPTH and not overflow_isolates and not overflow_embeddings:
                valid_isolates += 1
                stack.append((new, None, True))
            else:
                overflow_isolates += 1
        elif cls == "PDI":  # X6a
            if overflow_isolates:
                overflow_isolates -= 1
            elif valid_isolates:
                overflow_embeddings = 0
                while not stack[-1][2]:
                    stack.pop()
                stack.pop()
                valid_isolates -= 1
            level, override, _ = stack[-1]
            levels[i] = level
            if override:
                types[i] = override
        elif cls == "PDF":  # X7
            if overflow_isolates:
                pass
            elif overflow_embeddings:
                overflow_embeddings -= 1
            elif not stack[-1][2] and len(stack) >= 2:
                stack.pop()
            levels[i] = stack[-1][0]
        elif cls == "B":  # X8
            levels[i] = base_level
            stack = [(base_level, None, False)]
            overflow_isolates = overflow_embeddings = valid_isolates = 0
        else:  # X6 (BN keeps the level too, though X9 removes it)
            levels[i] = level
            if override and cls != "BN":
                types[i] = override
    return levels


def _next_level(level: int, rtl: bool) -> int:
    """The least odd (``rtl``) or even level greater than ``level``."""
    return level + 1 + (level + 1) % 2 if not rtl else level + 1 + level % 2


def _isolating_run_sequences(classes, levels, kept, base_level, matching_pdi, matched_pdis):
    """BD13 and X10: the isolating run sequences, each with its sos and eos (all computed
    before any is resolved: sos and eos compare explicit levels, not resolved ones)."""
    sequences = []
    runs: list[list[int]] = []
    for i in kept:
        if runs and levels[runs[-1][-1]] == levels[i]:
            runs[-1].append(i)
        else:
            runs.append([i])
    run_at = {run[0]: run for run in runs}
    position = {i: k for k, i in enumerate(kept)}
    for run in runs:
        if run[0] in matched_pdis:
            continue  # it continues the sequence of its isolate initiator
        seq = list(run)
        while classes[seq[-1]] in ISOLATE_INITIATORS and matching_pdi.get(seq[-1]) in run_at:
            seq.extend(run_at[matching_pdi[seq[-1]]])
        level = levels[seq[0]]
        k = position[seq[0]]
        before = levels[kept[k - 1]] if k > 0 else base_level
        k = position[seq[-1]]
        if classes[seq[-1]] in ISOLATE_INITIATORS or k + 1 == len(kept):
            after = base_level
        else:
            after = levels[kept[k + 1]]
        sequences.append((seq, "R" if max(before, level) % 2 else "L", "R" if max(after, level) % 2 else "L"))
    return sequences


def _resolve_sequence(seq, sos, eos, level, classes, types, levels, brackets) -> None:
    """Rules W1-W7, N0-N2 and I1-I2 on one isolating run sequence."""
    t = [types[i] for i in seq]
    _weak_types(t, sos)
    embedding = "R" if level % 2 else "L"
    if brackets is not None:
        _bracket_pairs(t, seq, sos, embedding, classes, brackets)
    _neutral_types(t, sos, eos, embedding)
    for i, typ in zip(seq, t, strict=True):  # I1, I2
        if level % 2 == 0:
            levels[i] = level + (1 if typ == "R" else 2 if typ in ("AN", "EN") else 0)
        elif typ in ("L", "EN", "AN"):
            levels[i] = level + 1


def _weak_types(t: list[str], sos: str) -> None:
    """Rules W1-W7 in place."""
    n = len(t)
    previous = sos
    for k in range(n):  # W1
        if t[k] == "NSM":
            t[k] = previous
        else:
            previous = "ON" if t[k] in ISOLATE_INITIATORS or t[k] == "PDI" else t[k]
    strong = sos
    for k in range(n):  # W2, W3
        if t[k] in ("L", "R", "AL"):
            strong = t[k]
            if t[k] == "AL":
                t[k] = "R"
        elif t[k] == "EN" and strong == "AL":
            t[k] = "AN"
    for k in range(1, n - 1):  # W4
        if t[k] == "ES" and t[k - 1] == "EN" == t[k + 1]:
            t[k] = "EN"
        elif t[k] == "CS" and t[k - 1] == t[k + 1] and t[k - 1] in ("EN", "AN"):
            t[k] = t[k - 1]
    k = 0
    while k < n:  # W5
        if t[k] != "ET":
            k += 1
            continue
        end = k
        while end < n and t[end] == "ET":
            end += 1
        if (k > 0 and t[k - 1] == "EN") or (end < n and t[end] == "EN"):
            t[k:end] = ["EN"] * (end - k)
        k = end
    strong = sos
    for k in range(n):  # W6, W7
        if t[k] in ("ES", "ET", "CS"):
            t[k] = "ON"
        elif t[k] in ("L", "R"):
            strong = t[k]
        elif t[k] == "EN" and strong == "L":
            t[k] = "L"


def _bracket_pairs(t, seq, sos, embedding, classes, brackets) -> None:
    """Rule N0: a bracket pair takes the direction of what it encloses (BD14-BD16)."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for k, i in enumerate(seq):
        bracket = brackets[i]
        if bracket is None or t[k] != "ON":
            continue
        key, opening = bracket
        if opening:
            if len(stack) == _MAX_BRACKET_STACK:
                break
            stack.append((key, k))
            continue
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth][0] == key:
                pairs.append((stack[depth][1], k))
                del stack[depth:]
                break
    for o, c in sorted(pairs):
        inside = {_STRONG_DIR.get(typ) for typ in t[o + 1 : c]}
        if embedding in inside:
            direction = embedding
        elif inside - {None}:  # only the opposite direction inside: look before the pair
            direction = next((_STRONG_DIR[typ] for typ in reversed(t[:o]) if typ in _STRONG_DIR), sos)
        else:
            continue
        for k in (o, c):
            t[k] = direction
            k += 1
            while k < len(t) and classes[seq[k]] == "NSM":
                t[k] = direction
                k += 1


def _neutral_types(t: list[str], sos: str, eos: str, embedding: str) -> None:
    """Rules N1 and N2: a run of neutrals between two strong types of the same direction takes
    it; any other takes the embedding direction."""
    n = len(t)
    k = 0
    while k < n:
        if t[k] not in _NEUTRAL_OR_ISOLATE:
            k += 1
            continue
        start = k
        while k < n and t[k] in _NEUTRAL_OR_ISOLATE:
            k += 1
        before = _STRONG_DIR[t[start - 1]] if start else sos
        after = _STRONG_DIR[t[k]] if k < n else eos
        t[start:k] = [before if before == after else embedding] * (k - start)
