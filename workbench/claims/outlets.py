"""Each outlet's loaded vocabulary and its claims: what a reader of partisan reporting needs first.

A term is loaded when the glossary says whose word it is (its `vocabulary`: «مرتزقة» is the
word of AANES-aligned media, «ميليشيا» of Syrian opposition media) or files it as a loaded
term. For each outlet (the documents' outlet, current versions only), every use of a loaded
term is counted, with the actor it is used of: the glossary actor named next to it (within
`NEAR` characters, nearest first: «مرتزقة داعش» is said of ISIS, «ميليشيا قسد» of the SDF), or
the term itself when it names an actor. Terms are found by the glossary's own matchers:
Arabic segments through `terms.hits` (stored hits where current), English ones through the
English renderings.

Its claims are counted by type and by verification status. `compare` puts two outlets side
by side: the loaded terms each uses, and the other does not.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sqlite_utils import Database

from workbench.errors import NotFound
from workbench.terms.hits import current_hits

from .actors import ActorIndex
from .incident_suggest import load_actors

NEAR = 24                # characters between a loaded term and the actor it is said of
NO_ACTOR = ""            # a loaded term said of no named actor
NO_OUTLET = "(no outlet)"


@dataclass
class TermUse:
    term_id: str
    term_ar: str
    approved_en: str
    vocabulary: str
    count: int = 0
    documents: int = 0
    of_actors: dict[str, int] = field(default_factory=dict)   # actor name ("" none) -> uses


@dataclass
class Profile:
    outlet: str
    documents: int = 0
    segments: int = 0
    terms: list[TermUse] = field(default_factory=list)        # most used first
    claims_by_type: dict[str, int] = field(default_factory=dict)
    claims_by_status: dict[str, int] = field(default_factory=dict)

    @property
    def claims(self) -> int:
        return sum(self.claims_by_type.values())

    def to_dict(self) -> dict:
        return {**asdict(self), "claims": self.claims}


def is_loaded(term) -> bool:
    return bool(getattr(term, "vocabulary", "")) or getattr(term, "category", "") == "loaded_term"


def _of_actor(actors: ActorIndex, hits: list, at: int) -> str:
    """The actor a loaded term (hits[at]) is used of: itself if it names one, else the
    nearest actor within NEAR characters."""
    hit = hits[at]
    own = actors.actor(hit["term_id"])
    if own is not None:
        return own.name
    best, distance = NO_ACTOR, NEAR + 1
    for other in hits:
        actor = actors.actor(other["term_id"])
        if actor is None or other is hit:
            continue
        gap = max(other["start"] - hit["end"], hit["start"] - other["end"], 0)
        if gap < distance:
            best, distance = actor.name, gap
    return best


def _segment_hits(db: Database, glossary, rows: list[tuple[int, str, str]]) -> dict[int, list]:
    """Each segment's glossary hits ({term_id, start, end}) in text order."""
    arabic = [sid for sid, language, _ in rows if language != "en"]
    out = {sid: list(found) for sid, found in current_hits(db, arabic).items()} if arabic else {}
    for sid, language, raw in rows:
        if language == "en":
            out[sid] = sorted(({"term_id": h.term_id, "start": h.start, "end": h.end}
                               for h in glossary.find_en(raw)), key=lambda h: h["start"])
    return out


def outlet_names(db: Database) -> list[str]:
    return [r[0] for r in db.execute(
        "SELECT DISTINCT COALESCE(NULLIF(outlet, ''), ?) FROM documents WHERE is_current = 1 "
        "ORDER BY 1", [NO_OUTLET])]


def profiles(db: Database, only: list[str] | None = None,
             actors: ActorIndex | None = None) -> list[Profile]:
    """The profile of every outlet (or of those named), in name order."""
    actors = actors if actors is not None else load_actors(db)
    glossary = actors.glossary
    loaded = {tid: t for tid, t in glossary.terms.items() if is_loaded(t)}
    names = outlet_names(db)
    for name in only or []:
        if name not in names:
            raise NotFound(f"outlet {name!r}: no such outlet (known: {', '.join(names)})")
    out = []
    for name in only or names:
        profile = Profile(name)
        outlet_sql = "COALESCE(NULLIF(d.outlet, ''), ?) = ?"
        rows = [tuple(r) for r in db.execute(
            "SELECT s.id, s.language, s.raw, s.document_id FROM segments s JOIN documents d "
            f"ON d.id = s.document_id WHERE d.is_current = 1 AND {outlet_sql} ORDER BY s.id",
            [NO_OUTLET, name])]
        profile.segments = len(rows)
        profile.documents = len({r[3] for r in rows})
        document_of = {r[0]: r[3] for r in rows}
        uses: dict[str, TermUse] = {}
        seen_in: dict[str, set[int]] = {}
        hits = _segment_hits(db, glossary, [r[:3] for r in rows])
        for sid, found in hits.items():
            for n, hit in enumerate(found):
                term = loaded.get(hit["term_id"])
                if term is None:
                    continue
                use = uses.setdefault(term.id, TermUse(term.id, term.term_ar, term.approved_en,
                                                       term.vocabulary))
                use.count += 1
                actor = _of_actor(actors, found, n)
                use.of_actors[actor] = use.of_actors.get(actor, 0) + 1
                seen_in.setdefault(term.id, set()).add(document_of[sid])
        for term_id, use in uses.items():
            use.documents = len(seen_in[term_id])
        profile.terms = sorted(uses.values(), key=lambda u: (-u.count, u.term_id))
        for column, target in (("claim_type", profile.claims_by_type),
                               ("status", profile.claims_by_status)):
            for value, count in db.execute(
                    f"SELECT {column}, COUNT(*) FROM claims WHERE COALESCE(NULLIF(outlet, ''), "
                    "?) = ? GROUP BY 1 ORDER BY 1", [NO_OUTLET, name]):
                target[value] = count
        out.append(profile)
    return out


@dataclass
class Comparison:
    first: Profile
    second: Profile
    only_first: list[str]          # loaded terms (ids) only the first outlet uses
    only_second: list[str]
    both: list[str]

    def to_dict(self) -> dict:
        return {"outlets": [self.first.to_dict(), self.second.to_dict()],
                "only_first": self.only_first, "only_second": self.only_second,
                "both": self.both}


def compare(db: Database, first: str, second: str) -> Comparison:
    """Two outlets side by side: both profiles, and the loaded terms only one of them uses."""
    a, b = profiles(db, [first, second])
    used_a, used_b = {u.term_id for u in a.terms}, {u.term_id for u in b.terms}
    return Comparison(a, b, sorted(used_a - used_b), sorted(used_b - used_a),
                      sorted(used_a & used_b))
