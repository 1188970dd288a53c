"""The English of a segment: one answer for the passage view, every export, claims and QA.

For an Arabic segment the first of these that exists is its English:

1. its own post-edit (a blank one counts as none, as `memory.save_postedit` stores it);
2. a 100% match: the newest post-edit of another segment with the same content
   (`memory.postedit_matches`), shown and exported until an annotator accepts it or writes
   their own;
3. the machine translation it is linked to (a blank one counts as none);
4. only when a glossary is given: a glossary gloss, the approved renderings of its terms.
   A gloss is not a translation (`translated` is false) and no export of translations ever
   emits one.

An English source segment has no English of this kind (origin None). With a glossary, a
translated segment's English is also checked against it (terms.qa): `problems`.

`english_of` answers for many segments at once; `choose` and `assess` are the pure rules it
applies, for callers that already hold the rows (the UI checks a segment only when it shows).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Collection, Iterable

from workbench.mt import memory
from workbench.store.documents import get_document
from workbench.terms import qa
from workbench.terms.glossary import Glossary, load

if TYPE_CHECKING:
    from sqlite_utils import Database

POSTEDIT, MATCH, MT, GLOSS = "postedit", "match", "mt", "gloss"
TRANSLATIONS = (POSTEDIT, MATCH, MT)       # the origins that are translations (not GLOSS)
ANY = "any"
ORIGIN_CHOICES = (*TRANSLATIONS, ANY)       # what `--origin` takes
GLOSS_LABEL = "glossary gloss, not a translation"


@dataclass(frozen=True)
class MachineTranslation:
    """The MT a segment is linked to, whether or not it is the segment's English."""

    text: str
    raw: str | None
    engine: str | None
    model: str | None
    model_version: str | None
    settings: dict | None
    at: str | None
    tm_id: int | None
    repairs: tuple = ()      # missing-term repairs (mt.repair), as stored: the model overruled

    @property
    def name(self) -> str:
        """engine model version, as TMX's x-mt-engine and the CSV give it."""
        return " ".join(p for p in (self.engine, self.model, self.model_version) if p)

    def to_record(self) -> dict:
        return {"text": self.text, "raw": self.raw, "engine": self.engine, "model": self.model,
                "model_version": self.model_version, "settings": self.settings, "at": self.at}


@dataclass(frozen=True)
class English:
    """A segment's English and where it comes from."""

    segment_id: int
    text: str | None = None
    origin: str | None = None               # POSTEDIT, MATCH, MT, GLOSS or None (no English)
    by: str | None = None                   # POSTEDIT, MATCH: who wrote the post-edit
    at: str | None = None                   # POSTEDIT, MATCH: when it was written; MT: made
    match_from: int | None = None           # MATCH: the segment the post-edit was made on
    mt: MachineTranslation | None = None    # the segment's MT, whatever the origin
    problems: tuple[qa.Problem, ...] | None = None   # terminology QA; None: not checked

    @property
    def translated(self) -> bool:
        return self.origin in TRANSLATIONS

    @property
    def passes_qa(self) -> bool | None:
        """No problem of an approved term (draft terms only warn); None when not checked."""
        if self.problems is None:
            return None
        return not any(not p.advisory for p in self.problems)

    @property
    def label(self) -> str:
        """Where the English comes from, in words."""
        if self.origin == POSTEDIT:
            return f"post-edit by {self.by}" if self.by else "post-edit"
        if self.origin == MATCH:
            return f"100% match: {self.by}'s post-edit of segment {self.match_from}"
        if self.origin == MT:
            label = f"machine translation ({self.mt.name})" if self.mt else "machine translation"
            if self.mt is not None and self.mt.repairs:
                label += f", repaired: {len(self.mt.repairs)} term(s)"
            return label
        if self.origin == GLOSS:
            return GLOSS_LABEL
        return "no translation"

    def to_record(self) -> dict | None:
        """The exports' `translation`: the English with its provenance; None unless it is a
        translation (a gloss is never exported as one)."""
        if not self.translated:
            return None
        human = {"text": self.text, "by": self.by, "at": self.at}
        return {"text": self.text, "origin": self.origin, "by": self.by, "at": self.at,
                "postedit": human if self.origin == POSTEDIT else None,
                "match": {**human, "segment_id": self.match_from} if self.origin == MATCH
                else None,
                "mt": self.mt.to_record() if self.mt else None}


def wanted(origin: str | None, origins: Collection[str] | None) -> bool:
    """Does English of this origin pass an `--origin` filter (None or ANY: everything)?"""
    return not origins or ANY in origins or origin in origins


# --- the rules ----------------------------------------------------------------------------

def _machine(stored: dict | None) -> MachineTranslation | None:
    if stored is None or memory.blank(stored["mt_text"]):
        return None
    return MachineTranslation(stored["mt_text"], stored["mt_raw"], stored["engine"],
                              stored["model"], stored["model_version"], stored["settings"],
                              stored["mt_at"], stored["tm_id"], tuple(stored.get("repairs") or ()))


def choose(segment_id: int, language: str, stored: dict | None,
           match: dict | None = None) -> English:
    """The English of one segment from its stored row (`memory.translations_for`) and its
    100% match (`memory.postedit_matches`), by the precedence above (without the gloss)."""
    if language != "ar":
        return English(segment_id)
    mt = _machine(stored)
    if stored is not None and not memory.blank(stored["postedit"]):
        return English(segment_id, stored["postedit"], POSTEDIT, stored["postedit_by"],
                       stored["postedit_at"], mt=mt)
    if match is not None and not memory.blank(match["text"]):
        return English(segment_id, match["text"], MATCH, match["by"], match["at"],
                       match["segment_id"], mt=mt)
    if mt is not None:
        return English(segment_id, mt.text, MT, at=mt.at, mt=mt)
    return English(segment_id)


def assess(english: English, raw: str, glossary: Glossary, language: str = "ar") -> English:
    """With a glossary: a translation checked against it, or (no translation) a gloss."""
    if language != "ar":
        return english
    if english.translated:
        return replace(english, problems=tuple(qa.check(glossary, raw, english.text)))
    if english.origin is None:
        gloss = qa.gloss(glossary, raw)
        if gloss:
            return replace(english, text=gloss, origin=GLOSS)
    return english


# --- for many segments at once ------------------------------------------------------------

def english_of(db: Database, segment_ids: Iterable[int],
               glossary: Glossary | None = None) -> dict[int, English]:
    """{segment_id: English} for every one of the segments that exists (origin None where
    there is no English). With a glossary: translations are checked, the rest glossed."""
    ids = list(dict.fromkeys(segment_ids))
    segments: dict[int, tuple[str, str | None]] = {}
    raw_column = "raw" if glossary is not None else "NULL"     # the text only to check it
    for part in memory.chunks(ids):
        marks = ", ".join("?" * len(part))
        segments.update((sid, (language, raw)) for sid, language, raw in db.execute(
            f"SELECT id, language, {raw_column} FROM segments WHERE id IN ({marks})", part))
    stored = memory.translations_for(db, ids)
    unedited = [sid for sid in ids if segments.get(sid, ("",))[0] == "ar"
                and memory.blank((stored.get(sid) or {}).get("postedit"))]
    matches = memory.postedit_matches(db, unedited)
    out: dict[int, English] = {}
    for sid in ids:
        if sid not in segments:
            continue
        language, raw = segments[sid]
        found = choose(sid, language, stored.get(sid), matches.get(sid))
        out[sid] = found if glossary is None else assess(found, raw, glossary, language)
    return out


def check_corpus(db: Database, document_id: int | None = None,
                 chunk: int = memory.CHUNK) -> tuple[int, list[qa.SegmentReport]]:
    """Terminology QA of every translated segment (of one document) as `english_of` has it,
    100% matches included: (segments checked, reports of those with problems)."""
    glossary = load(db)
    where, params = "", []
    if document_id is not None:
        get_document(db, document_id)       # NotFound for a bad id
        where, params = "AND d.id = ?", [document_id]
    cursor = db.execute(
        "SELECT s.id, s.document_id, s.position, s.raw FROM segments s "
        "JOIN documents d ON d.id = s.document_id "
        f"WHERE d.is_current = 1 AND s.language = 'ar' {where} "
        "ORDER BY s.document_id, s.position", params)
    checked, reports = 0, []
    while part := cursor.fetchmany(chunk):
        found = english_of(db, [r[0] for r in part])
        for sid, doc_id, position, raw in part:
            if not found[sid].translated:
                continue
            checked += 1
            english = assess(found[sid], raw, glossary)
            if english.problems:
                reports.append(qa.SegmentReport(sid, doc_id, position, raw, english.text,
                                                list(english.problems)))
    return checked, reports
