"""One actor, many names: قسد, قوات سوريا الديمقراطية and "SDF" are the same actor.

The glossary already says so: two actor terms name one actor when the approved rendering of
one is an approved or acceptable rendering of the other (`sdf-acronym` is "SDF" and accepts
"Syrian Democratic Forces"; `sdf` is "Syrian Democratic Forces" and accepts "SDF").
Renderings are compared by the English matcher's own phrase keys, so case and plural do not
split an actor. Terms linked that way form one actor, named by the id that sorts first of
those whose approved rendering the others accept most (`sdf`, `daesh`).

Names are found in text with the glossary's matchers (Arabic forms and variants through
`find`, English renderings through `find_en`), never with a private normaliser.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable

from workbench.terms.matcher import en_phrase_key


@dataclass(frozen=True)
class Actor:
    id: str          # the actor's id: one term id standing for all its terms
    name: str        # its approved English name


class ActorIndex:
    """The glossary's actors grouped into one id per actor."""

    def __init__(self, glossary: Any) -> None:
        self.glossary = glossary
        terms = {tid: t for tid, t in getattr(glossary, "terms", {}).items()
                 if getattr(t, "category", "") == "actor"}
        self._actor_terms = set(terms)
        by_key: dict[tuple, set[str]] = {}
        for tid, term in terms.items():
            for text in (term.approved_en, *getattr(term, "acceptable_en", ())):
                by_key.setdefault(en_phrase_key(text), set()).add(tid)
        parent = {tid: tid for tid in terms}

        def root(t: str) -> str:
            while parent[t] != t:
                parent[t] = parent[parent[t]]
                t = parent[t]
            return t

        accepted_by: Counter[str] = Counter()
        for tid, term in terms.items():
            for other in by_key.get(en_phrase_key(term.approved_en), ()):
                if other != tid:
                    accepted_by[tid] += 1
                    parent[root(other)] = root(tid)
        members: dict[str, list[str]] = {}
        for tid in terms:
            members.setdefault(root(tid), []).append(tid)
        self._of: dict[str, Actor] = {}
        self._names: dict[str, list[Actor]] = {}     # free actor names, read once each
        for group in members.values():
            head = min(group, key=lambda t: (-accepted_by[t], t))
            actor = Actor(head, terms[head].approved_en)
            for tid in group:
                self._of[tid] = actor

    def actor(self, term_id: str | None) -> Actor | None:
        """The actor a term names (None for a term that is not an actor)."""
        return self._of.get(term_id or "")

    def in_text(self, text: str, language: str = "ar") -> list[Actor]:
        """The actors named in a text, in order, each once."""
        if not text or self.glossary is None:
            return []
        ids = [h.term_id for h in self.glossary.find(text)]
        if language != "ar" or not ids:
            find_en = getattr(self.glossary, "find_en", None)
            if callable(find_en):
                ids += [h.term_id for h in find_en(text)]
        return _unique(self.actor(t) for t in ids)

    def of_claim(self, actors: Iterable[dict], content: str = "",
                 language: str = "ar") -> list[Actor]:
        """The actors of a claim: those it lists (by glossary id, else by name read with the
        matchers); a claim that lists none, by the actors its words name."""
        found: list[Actor | None] = []
        for item in actors or ():
            actor = self.actor(item.get("term_id"))
            if actor is None and item.get("name"):
                name = str(item["name"])
                if name not in self._names:
                    self._names[name] = self.in_text(name, "en")
                found += self._names[name]
            else:
                found.append(actor)
        if not found:
            found = self.in_text(content, language)
        return _unique(found)


def _unique(actors: Iterable[Actor | None]) -> list[Actor]:
    seen: dict[str, Actor] = {}
    for actor in actors:
        if actor is not None and actor.id not in seen:
            seen[actor.id] = actor
    return list(seen.values())
