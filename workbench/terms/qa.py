"""Terminology QA: does an English translation render the glossary terms of its Arabic source?

For each term found in the Arabic (approved and draft terms; deprecated ones are not
matched), the English must contain the approved rendering or an acceptable one, and must
not contain a forbidden one. Presence is what is checked, not counts: translations merge
and pronominalize repeated mentions. Forbidden renderings only matter for terms the
Arabic contains ("elements" is wrong for عناصر, not in every sentence). A span that is an
allowed rendering of another term found in the same Arabic is not a problem.

Problems of draft terms are advisory. `enforce` applies the unambiguous fixes of approved
terms only: draft renderings are still under discussion.

Plain values in, plain dataclasses out: the translation layer and the terminal UI call
`check`, `gloss` and `enforce` without a database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workbench.terms.glossary import EnHit, Glossary, Hit
from workbench.terms.matcher import fold_en, iter_en_tokens, plural, singular

_OPENING_MARKS = "\"'“‘(«"    # with white space, what may come between a sentence end and its first word
_SENTENCE_ENDS = ".!?…:"


@dataclass(frozen=True)
class Problem:
    kind: str                   # "missing" | "forbidden"
    term_id: str
    term_ar: str
    approved: str
    found: str | None           # the offending English surface (forbidden)
    start: int | None           # its span in the English (forbidden)
    end: int | None
    english: str = field(repr=False)   # the English checked, when there is a replacement
    advisory: bool = False      # the term is a draft: a warning, not a rule
    replacement: str | None = None   # what replaces `found` (None: no automatic fix)
    surface_ar: str = ""        # where the term is in the Arabic

    @property
    def suggestion(self) -> str:
        """forbidden: the fixed English text; missing (or no unambiguous fix): the rendering
        to use. Built when asked for: a long translation with many problems would otherwise
        hold a copy of itself per problem."""
        if self.kind == "forbidden" and self.replacement is not None:
            return self.english[:self.start] + self.replacement + self.english[self.end:]
        return self.approved

    def fix(self, english: str) -> str | None:
        """The English with this problem fixed, or None when there is no unambiguous fix."""
        if self.kind != "forbidden" or self.replacement is None or self.found is None:
            return None
        if self.start is not None and english[self.start:self.end] == self.found:
            return english[:self.start] + self.replacement + english[self.end:]
        spans = [(s, e) for _, s, e in _phrase_spans(english, self.found)]
        if len(spans) != 1:
            return None
        s, e = spans[0]
        return english[:s] + _adjust(english, s, e, self.approved, self.found) + english[e:]

    def to_dict(self) -> dict:
        return {"kind": self.kind, "term_id": self.term_id, "term_ar": self.term_ar,
                "surface_ar": self.surface_ar, "approved": self.approved, "found": self.found,
                "start": self.start, "end": self.end, "suggestion": self.suggestion,
                "replacement": self.replacement, "advisory": self.advisory}


def check(glossary: Glossary, arabic_raw: str, english: str) -> list[Problem]:
    """The terminology problems of one translated segment, in the order of the Arabic."""
    ar_hits = _first_hits(glossary.find(arabic_raw))
    return _problems(glossary, ar_hits, glossary.find_en(english, only=set(ar_hits)), english)


def _problems(glossary: Glossary, ar_hits: dict[str, Hit], en_hits: list[EnHit],
              english: str) -> list[Problem]:
    allowed_spans = _allowed_spans(en_hits)
    forbidding = _forbidding(en_hits)
    by_term = _by_term(en_hits)
    rendered = {h.term_id for h in en_hits if h.kind != "forbidden"}
    problems: list[Problem] = []
    for term_id, hit in ar_hits.items():
        term = glossary.terms[term_id]
        bad = []
        for h in by_term.get(term_id, ()):
            if h.kind != "forbidden" or allowed_spans.get((h.start, h.end)):
                continue      # allowed here, or an allowed rendering of another term
            owners = _owners(forbidding, h, rendered)
            if term_id in owners:
                bad.append((h, owners))
        advisory = term.status == "draft"
        for h, owners in bad:
            replacement = _replacement_for(glossary, h, owners, english)
            problems.append(Problem("forbidden", term_id, term.term_ar, term.approved_en,
                                    h.surface, h.start, h.end,
                                    english if replacement is not None else "", advisory,
                                    replacement, hit.surface))
        if term_id not in rendered and not bad:
            problems.append(Problem("missing", term_id, term.term_ar, term.approved_en, None,
                                    None, None, "", advisory, None, hit.surface))
    return problems


def gloss(glossary: Glossary, arabic_raw: str) -> str:
    """The approved renderings of the terms in an Arabic text, in order, each once.

    Not a translation: the UI shows it, labelled as a glossary gloss, when no MT model is
    installed.
    """
    return "; ".join(dict.fromkeys(glossary.terms[hit.term_id].approved_en
                                   for hit in glossary.find(arabic_raw)))


def enforce(glossary: Glossary, arabic_raw: str, english: str) -> str:
    """The English with every unambiguous fix applied (approved terms only): forbidden
    renderings, and acceptable ones where the approved rendering is absent, become the
    approved rendering."""
    ar_hits = _first_hits(glossary.find(arabic_raw))
    present = set(ar_hits)
    en_hits = glossary.find_en(english, only=present)
    edits: dict[tuple[int, int], str] = {}
    for problem in _problems(glossary, ar_hits, en_hits, english):
        if problem.kind == "forbidden" and not problem.advisory and problem.replacement is not None:
            edits[(problem.start, problem.end)] = problem.replacement
    allowed_spans = _allowed_spans(en_hits)
    by_term = _by_term(en_hits)
    for term_id in present:
        term = glossary.terms[term_id]
        mine = by_term.get(term_id, [])
        if term.status != "approved" or any(h.kind == "approved" for h in mine):
            continue
        for h in mine:
            if h.kind == "acceptable" and allowed_spans[(h.start, h.end)] == {term_id}:
                edits.setdefault((h.start, h.end), _adjust(english, h.start, h.end,
                                                           term.approved_en, h.surface))
    # right to left, each edit ending before the one applied after it; then one join
    applied: list[tuple[int, int, str]] = []
    last = len(english) + 1
    for (start, end), text in sorted(edits.items(), reverse=True):
        if end <= last:
            applied.append((start, end, text))
            last = start
    pieces, pos = [], 0
    for start, end, text in reversed(applied):
        pieces += (english[pos:start], text)
        pos = end
    pieces.append(english[pos:])
    return "".join(pieces)


# --- helpers -----------------------------------------------------------------------------

def _first_hits(hits: list[Hit]) -> dict[str, Hit]:
    out: dict[str, Hit] = {}
    for h in hits:
        out.setdefault(h.term_id, h)
    return out


def _allowed_spans(en_hits: list[EnHit]) -> dict[tuple[int, int], set[str]]:
    """For each English span, the terms of the Arabic it is an allowed rendering of."""
    spans: dict[tuple[int, int], set[str]] = {}
    for h in en_hits:
        bucket = spans.setdefault((h.start, h.end), set())
        if h.kind != "forbidden":
            bucket.add(h.term_id)
    return spans


def _by_term(en_hits: list[EnHit]) -> dict[str, list[EnHit]]:
    out: dict[str, list[EnHit]] = {}
    for h in en_hits:
        out.setdefault(h.term_id, []).append(h)
    return out


def _forbidding(en_hits: list[EnHit]) -> dict[tuple[int, int], set[str]]:
    """For each English span, the terms it is a forbidden rendering of."""
    spans: dict[tuple[int, int], set[str]] = {}
    for h in en_hits:
        if h.kind == "forbidden":
            spans.setdefault((h.start, h.end), set()).add(h.term_id)
    return spans


def _owners(forbidding: dict[tuple[int, int], set[str]], hit: EnHit, rendered: set[str]) -> set[str]:
    """The terms a forbidden span stands for: of the terms that forbid it, those not
    rendered elsewhere in the English (or all of them, if every one is)."""
    owners = forbidding[(hit.start, hit.end)]
    return (owners - rendered) or set(owners)


def _replacement_for(glossary: Glossary, hit: EnHit, owners: set[str], english: str) -> str | None:
    """The approved rendering that replaces a forbidden span, or None when the terms it may
    stand for disagree on the replacement."""
    approved = {glossary.terms[t].approved_en for t in owners}
    if len(approved) != 1:
        return None
    return _adjust(english, hit.start, hit.end, approved.pop(), hit.surface)


def _adjust(english: str, start: int, end: int, rendering: str, found: str | None = None) -> str:
    """The rendering fitted to where it goes: number of the word it replaces, capital at the
    start of a sentence, no doubled «the»."""
    found = english[start:end] if found is None else found
    rendering = _match_number(found, rendering)
    if rendering.lower().startswith("the ") and _after_the(english, start):
        rendering = rendering[4:]
    if found[:1].isupper() and rendering[:1].islower() and _starts_sentence(english, start):
        rendering = rendering[0].upper() + rendering[1:]
    return rendering


def _after_the(english: str, start: int) -> bool:
    r"""Whether the English before `start` ends with the word «the» and white space
    (re.search(r"\bthe\s+$", english[:start], re.I), reading back from start)."""
    p = start
    while p > 0 and english[p - 1].isspace():
        p -= 1
    return p < start and re.search(r"\bthe$", english[max(0, p - 4):p], re.IGNORECASE) is not None


def _starts_sentence(english: str, start: int) -> bool:
    r"""Whether `start` begins a sentence: what re.search(r"(?:^|[.!?…:]\s+|\n)[\"'“‘(«\s]*$",
    english[:start]) tells, read back from start over the opening quotes, brackets and white
    space before it (a search over all the text before every replacement made QA quadratic)."""
    p = start
    while p > 0 and (english[p - 1] in _OPENING_MARKS or english[p - 1].isspace()):
        p -= 1
    return (p == 0 or "\n" in english[p:start]
            or (english[p - 1] in _SENTENCE_ENDS and p < start and english[p].isspace()))


def _match_number(found: str, rendering: str) -> str:
    """Singular for singular: «a militant» becomes «a mercenary», not «a mercenaries»."""
    found_tokens = [t for t, _, _ in iter_en_tokens(found)]
    tokens = list(iter_en_tokens(rendering))
    if not found_tokens or not tokens:
        return rendering
    last_found = fold_en(found_tokens[-1])
    word, s, e = tokens[-1]
    if not (word.islower() and found_tokens[-1].islower()):
        return rendering        # names and acronyms keep their form
    folded = fold_en(word)
    found_plural = singular(last_found) != last_found
    rendering_plural = singular(folded) != folded
    if rendering_plural and not found_plural:
        single = singular(folded)
        if word[:1].isupper():
            single = single[:1].upper() + single[1:]
        return rendering[:s] + single + rendering[e:]
    if found_plural and not rendering_plural:
        return rendering[:s] + plural(word) + rendering[e:]
    return rendering


def _phrase_spans(english: str, phrase: str):
    """Exact, word-bounded occurrences of a phrase in a text."""
    for m in re.finditer(r"(?<![\w'’-])" + re.escape(phrase) + r"(?![\w'’-])", english):
        yield m.group(), m.start(), m.end()


# --- a segment's report ------------------------------------------------------------------

@dataclass(frozen=True)
class SegmentReport:
    """One segment's problems, as `mt.english.check_corpus` (the `qa` command) reports them."""

    segment_id: int
    document_id: int
    position: int
    arabic: str
    english: str            # the English `mt.english` chooses: post-edit, 100% match or MT
    problems: list[Problem]
