"""A glossary term: one Arabic concept, its approved English rendering, and the rules around it.

A `Term` is valid by construction: `__post_init__` canonicalizes it (strings stripped, lists as
tuples without empty items) and raises InvalidValue naming the field when something is wrong.
Every exchange format and the term store therefore hold the same, already checked value,
which is what makes round trips lossless.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime

from workbench import arabic
from workbench.errors import InvalidValue

CATEGORIES = ("actor", "place", "operation", "loaded_term", "title", "event")
STATUSES = ("approved", "draft", "deprecated")
KINDS = ("approved", "acceptable", "forbidden")  # kinds of English rendering

# Columns in the order of glossary/glossary.tsv; the order every tabular format uses.
COLUMNS = ("id", "term_ar", "variants_ar", "approved_en", "acceptable_en", "forbidden_en",
           "category", "vocabulary", "note", "related", "status", "changed_by", "changed_at")
LIST_FIELDS = ("variants_ar", "acceptable_en", "forbidden_en", "related")
REQUIRED = ("id", "term_ar", "approved_en", "category")
LIST_SEPARATOR = " | "

ID_RE = re.compile(r"[a-z][a-z0-9_-]{0,63}")
_ARABIC_RE = re.compile(f"[{arabic.ARABIC_LETTER}]")
_BREAKS_RE = re.compile(r"[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


@dataclass(frozen=True)
class Term:
    id: str
    term_ar: str
    approved_en: str
    category: str
    variants_ar: tuple[str, ...] = ()
    acceptable_en: tuple[str, ...] = ()
    forbidden_en: tuple[str, ...] = ()
    vocabulary: str = ""
    note: str = ""
    related: tuple[str, ...] = ()
    status: str = "approved"
    changed_by: str = ""
    changed_at: str = ""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in LIST_FIELDS:
                value = _clean_list(f.name, value)
            else:
                value = _clean_scalar(f.name, value)
            object.__setattr__(self, f.name, value)
        _validate(self)

    @property
    def arabic_forms(self) -> tuple[str, ...]:
        """The term and its variants: every Arabic form the matcher looks for."""
        return (self.term_ar, *self.variants_ar)

    def renderings(self) -> list[tuple[str, str]]:
        """(kind, English text) for every rendering, approved first."""
        return ([("approved", self.approved_en)]
                + [("acceptable", r) for r in self.acceptable_en]
                + [("forbidden", r) for r in self.forbidden_en])

    def to_dict(self) -> dict:
        """Plain values in column order, lists as lists (the JSON shape)."""
        d = asdict(self)
        return {c: list(d[c]) if c in LIST_FIELDS else d[c] for c in COLUMNS}

    def to_row(self) -> dict:
        """The database row: lists as JSON arrays."""
        d = self.to_dict()
        for c in LIST_FIELDS:
            d[c] = json.dumps(d[c], ensure_ascii=False)
        return d

    @classmethod
    def from_row(cls, row: dict) -> "Term":
        values = {c: row[c] for c in COLUMNS if c in row}
        for c in LIST_FIELDS:
            if c in values and isinstance(values[c], str):
                values[c] = json.loads(values[c] or "[]")
        return cls(**values)

    @classmethod
    def from_mapping(cls, values: dict) -> "Term":
        """Build from user data (a parsed file row): unknown or missing fields are errors."""
        unknown = sorted(set(values) - set(COLUMNS))
        if unknown:
            raise InvalidValue(f"unknown field(s): {', '.join(unknown)}")
        missing = [c for c in REQUIRED if values.get(c) is None
                   or (isinstance(values[c], str) and not values[c].strip())]
        if missing:
            raise InvalidValue(f"{missing[0]} is empty")
        return cls(**values)


def shown(text: str) -> str:
    """A value from a file as it may appear in a one-line message: as is when printable,
    else quoted with its line breaks and control characters escaped."""
    return text if text.isprintable() else repr(text)


def split_list(text: str) -> list[str]:
    """A ` | `-separated cell as its items."""
    return [item.strip() for item in text.split("|")] if text.strip() else []


def join_list(items) -> str:
    return LIST_SEPARATOR.join(items)


def _clean_scalar(name: str, value) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidValue(f"{name}: expected text, got {type(value).__name__}")
    if _BREAKS_RE.search(value):
        raise InvalidValue(f"{name}: contains a tab or line break")
    if any(_unfit(c) for c in value):
        raise InvalidValue(f"{name}: contains a control character")
    return value.strip()


def _unfit(ch: str) -> bool:
    """Characters no exchange format can carry intact (XML forbids them)."""
    return unicodedata.category(ch) in ("Cc", "Cs") or ch in "\ufffe\uffff"


def _clean_list(name: str, value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = split_list(value)
    if not isinstance(value, (list, tuple)):
        raise InvalidValue(f"{name}: expected a list, got {type(value).__name__}")
    out = []
    for item in value:
        item = _clean_scalar(name, item)
        if "|" in item:
            raise InvalidValue(f"{name}: item {item!r} contains '|', the list separator")
        if item:
            out.append(item)
    return tuple(out)


def _validate(t: Term) -> None:
    if not ID_RE.fullmatch(t.id):
        raise InvalidValue(f"id {t.id!r}: use lowercase ASCII letters, digits, '-' or '_', "
                           "starting with a letter (at most 64 characters)")
    for name, text in [("term_ar", t.term_ar)] + [("variants_ar", v) for v in t.variants_ar]:
        if not has_arabic_letter(text):
            raise InvalidValue(f"{name}: {text!r} has no Arabic letters (tatweel and "
                               "diacritics alone do not make a term)")
    if not t.approved_en:
        raise InvalidValue("approved_en is empty")
    if not t.term_ar:
        raise InvalidValue("term_ar is empty")
    if t.category not in CATEGORIES:
        raise InvalidValue(f"category {t.category!r}: use one of {', '.join(CATEGORIES)}")
    if t.status not in STATUSES:
        raise InvalidValue(f"status {t.status!r}: use one of {', '.join(STATUSES)}")
    for rel in t.related:
        if not ID_RE.fullmatch(rel):
            raise InvalidValue(f"related: {rel!r} is not a term id")
        if rel == t.id:
            raise InvalidValue("related: a term cannot be related to itself")
    if t.changed_at:
        try:
            (date if len(t.changed_at) == 10 else datetime).fromisoformat(t.changed_at)
        except ValueError:
            raise InvalidValue(f"changed_at {t.changed_at!r}: not an ISO date (YYYY-MM-DD)") from None
    from workbench.terms.matcher import en_phrase_key
    for name, text in _named_renderings(t):
        if not en_phrase_key(text):
            raise InvalidValue(f"{name}: {text!r} has no words")
    allowed = {en_phrase_key(r): r for r in (t.approved_en, *t.acceptable_en)}
    for bad in t.forbidden_en:
        clash = allowed.get(en_phrase_key(bad))
        if clash is not None:
            raise InvalidValue(f"forbidden_en {bad!r} matches the allowed rendering {clash!r}")


def has_arabic_letter(text: str) -> bool:
    """Whether a form keeps a letter once normalized: the matcher drops tatweel and harakat,
    so a form of only those would leave it nothing to look for."""
    return bool(_ARABIC_RE.search(arabic.normalize(text)))


def _named_renderings(t: Term) -> list[tuple[str, str]]:
    return ([("approved_en", t.approved_en)] + [("acceptable_en", r) for r in t.acceptable_en]
            + [("forbidden_en", r) for r in t.forbidden_en])
