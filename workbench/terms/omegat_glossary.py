"""OmegaT's glossary both ways: UTF-8 text, one entry a line, tab-separated source, target
and an optional comment; lines starting with # are comments (OmegaT reads .txt, .utf8 and
.tab files in a project's glossary/ folder this way).

OmegaT offers every target it reads, so only the approved rendering is a target; the
acceptable and forbidden ones go in the comment, which OmegaT shows beside it:

    داعش	ISIS	also: Islamic State; not: ISIL, Da'ish, Daash; vocabulary of …; <note>

One line per Arabic form (the term and its variants), terms in Arabic order; deprecated
terms are left out.
Reading takes that comment apart again, so a glossary written here comes back with its
renderings, variants and status. A file written by OmegaT or by hand is read the same way:
a source seen again (as the matcher normalises it) adds its form as a variant and its target
as an acceptable rendering, and consecutive lines with the same target and comment are one
term's variants. Ids and categories are filled in
(terms.foreign).
"""

from __future__ import annotations

from workbench import arabic
from workbench.errors import GlossaryFormatError, InvalidValue
from workbench.terms.foreign import Filled
from workbench.terms.model import Term, shown

DRAFT, ALSO, NOT, VOCABULARY = "[draft]", "also: ", "not: ", "vocabulary of "
_OLD_NOT = "never: "            # what 0.2 wrote for `not: `
SEPARATOR, ITEMS = "; ", ", "


def comment(t: Term) -> str:
    """The comment column of a term's lines."""
    parts = []
    if t.status == "draft":
        parts.append(DRAFT)
    if t.acceptable_en:
        parts.append(ALSO + ITEMS.join(t.acceptable_en))
    if t.forbidden_en:
        parts.append(NOT + ITEMS.join(t.forbidden_en))
    if t.vocabulary:
        parts.append(VOCABULARY + t.vocabulary)
    if t.note:
        parts.append(t.note)
    return SEPARATOR.join(parts)


def dump(terms: list[Term]) -> str:
    """The glossary file, terms in the order of their Arabic (ids are not in the file, so the
    order does not depend on them and a file read back is written back the same)."""
    rows = []
    for t in sorted(terms, key=lambda t: (t.term_ar, t.approved_en)):
        if t.status == "deprecated":
            continue
        note = comment(t)
        for form in t.arabic_forms:
            rows.append(f"{form}\t{t.approved_en}\t{note}" if note else f"{form}\t{t.approved_en}")
    return "".join(row + "\n" for row in rows)


def _read_comment(text: str, entry: dict) -> None:
    """Fill status, acceptable, forbidden, vocabulary and note from a comment."""
    notes = []
    for part in (p.strip() for p in text.split(SEPARATOR.strip())):
        if part == DRAFT:
            entry["status"] = "draft"
        elif part.startswith(ALSO):
            entry["acceptable_en"] += [i.strip() for i in part[len(ALSO):].split(",")]
        elif part.startswith((NOT, _OLD_NOT)):
            start = len(NOT) if part.startswith(NOT) else len(_OLD_NOT)
            entry["forbidden_en"] += [i.strip() for i in part[start:].split(",")]
        elif part.startswith(VOCABULARY) and not entry["vocabulary"]:
            entry["vocabulary"] = part[len(VOCABULARY):].strip()
        elif part:
            notes.append(part)
    if notes:
        entry["note"] = SEPARATOR.join(filter(None, [entry["note"], *notes]))


def parse(text: str, name: str, filled: Filled) -> list[tuple[int, Term]]:
    """The terms of an OmegaT glossary; a line with one column is refused, naming it."""
    entries: list[dict] = []
    by_source: dict[str, dict] = {}
    previous: tuple[str, str] | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) < 2:
            raise GlossaryFormatError(f"{name}:{number}: one column; an OmegaT glossary line "
                                      "is source, target and comment, separated by tabs")
        source, target, note = cells[0], cells[1], SEPARATOR.join(filter(None, cells[2:]))
        if not source or not target:
            raise GlossaryFormatError(f"{name}:{number}: the "
                                      f"{'source' if not source else 'target'} is empty")
        key = arabic.normalize(source)
        if key in by_source:               # a term seen before: another form or target
            entry = by_source[key]
            if source != entry["term_ar"] and source not in entry["variants_ar"]:
                entry["variants_ar"].append(source)
            if target != entry["approved_en"] and target not in entry["acceptable_en"]:
                entry["acceptable_en"].append(target)
            previous = None
            continue
        if previous == (target, note) and entries:   # the previous term's variant
            entries[-1]["variants_ar"].append(source)
            by_source[key] = entries[-1]
            continue
        entry = {"line": number, "term_ar": source, "variants_ar": [], "approved_en": target,
                 "acceptable_en": [], "forbidden_en": [], "vocabulary": "", "note": "",
                 "status": "approved"}
        _read_comment(note, entry)
        entries.append(entry)
        by_source[key] = entry
        previous = (target, note)
    if not entries:
        raise GlossaryFormatError(f"{name}:1: no glossary entries (source, target, comment)")
    out = []
    for entry in entries:
        line = entry.pop("line")
        entry["id"], _ = filled.id_for(None, entry["term_ar"])
        entry["category"] = filled.category_for(None)
        try:
            out.append((line, Term.from_mapping(entry)))
        except InvalidValue as exc:
            raise GlossaryFormatError(f"{name}:{line}: term {shown(entry['term_ar'])}: "
                                      f"{exc}") from None
    return out
