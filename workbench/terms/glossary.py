"""The glossary as the rest of the workbench uses it: terms compiled into matchers.

`load(db)` returns the compiled glossary of a database and keeps it with that database
object until the glossary revision changes. The revision is a counter in `meta` that
triggers on the terms table raise on every insert, update and delete, whoever writes, so
nothing has to remember to invalidate it.

Status: approved and draft terms are matched (a hit carries the term's status, and QA
marks problems of draft terms as advisory); deprecated terms stay in the glossary but are
not matched, so they are neither highlighted nor enforced, and a deprecated long form
never hides the live term inside it.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable

from sqlite_utils import Database

from workbench.terms.matcher import ArabicMatcher, EnglishMatcher
from workbench.terms.model import Term

REV_KEY = "glossary_rev"


@dataclass(frozen=True)
class Hit:
    """An occurrence of a term in an Arabic text (offsets into the raw text)."""

    term_id: str
    term_ar: str
    surface: str
    start: int
    end: int
    form: str = ""          # the term form or variant that matched
    status: str = "approved"

    def to_dict(self) -> dict:
        return {"term_id": self.term_id, "term_ar": self.term_ar, "surface": self.surface,
                "start": self.start, "end": self.end, "form": self.form, "status": self.status}


@dataclass(frozen=True)
class EnHit:
    """An English rendering of a term found in an English text."""

    term_id: str
    kind: str               # approved | acceptable | forbidden
    rendering: str          # the rendering as written in the glossary
    surface: str            # as written in the text
    start: int
    end: int


class Glossary:
    """Terms by id, with an Arabic matcher and an English one (built on first use)."""

    def __init__(self, terms: Iterable[Term], rev: int = 0):
        self.terms: dict[str, Term] = {t.id: t for t in terms}
        self.rev = rev

    @cached_property
    def _arabic(self) -> ArabicMatcher:
        m = ArabicMatcher()
        for t in self.terms.values():
            if t.status != "deprecated":
                for form in t.arabic_forms:
                    m.add(form, (t.id, form))
        return m

    @cached_property
    def _english(self) -> EnglishMatcher:
        m = EnglishMatcher()
        for t in self.terms.values():
            if t.status != "deprecated":
                for kind, text in t.renderings():
                    m.add(text, (t.id, kind, text))
        return m

    def find(self, text: str) -> list[Hit]:
        """Every term occurrence in an Arabic text, in order, never overlapping."""
        hits = []
        for m in self._arabic.find(text):
            seen = set()
            for term_id, form in m.payloads:
                if term_id in seen:
                    continue
                seen.add(term_id)
                t = self.terms[term_id]
                hits.append(Hit(term_id, t.term_ar, m.surface, m.start, m.end, form, t.status))
        return hits

    def find_en(self, text: str, only: Iterable[str] | None = None) -> list[EnHit]:
        """Every glossary rendering in an English text; a span can be several terms' rendering.

        With `only`, renderings of other terms are ignored, also when they would have
        overlapped (QA passes the terms of the Arabic source).
        """
        keep = None
        if only is not None:
            wanted = set(only)
            keep = lambda payload: payload[0] in wanted  # noqa: E731
        return [EnHit(term_id, kind, rendering, m.surface, m.start, m.end)
                for m in self._english.find(text, keep) for term_id, kind, rendering in m.payloads]

    def __len__(self) -> int:
        return len(self.terms)


_LOADED: "weakref.WeakKeyDictionary[Database, Glossary]" = weakref.WeakKeyDictionary()


def revision(db: Database) -> int:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [REV_KEY]).fetchone()
    return int(row[0]) if row else 0


def load(db: Database) -> Glossary:
    """The compiled glossary of this database, rebuilt only when its revision has moved."""
    rev = revision(db)
    cached = _LOADED.get(db)
    if cached is not None and cached.rev == rev:
        return cached
    from workbench.terms.store import list_terms
    glossary = Glossary(list_terms(db), rev)
    _LOADED[db] = glossary
    return glossary
