"""What glossaries from other tools lack, and how an import fills it in.

Other tools' files carry no category of ours, ids of their own ("C-1", an Arabic term, none
at all) and, in translate-toolkit's csv2tbx output, placeholder languages. The parsers ask
this module, and count what they filled in (`Filled`), so the import can say how many terms
got the default category and how many ids were made ours:

- the category: the file's subject field when it names one of ours, else `Filled.category`
  (DEFAULT_CATEGORY unless `workbench glossary import --category` says);
- the id: kept when it is a valid id of ours; an id that is not becomes a slug of it
  ("C-1" → "c-1", and the original kept in the note: "source id: C-1"); a missing or
  non-Latin id is derived from the Arabic term (a romanised slug and a short hash of its
  normalised form, so the same term gets the same id on every import, and two terms that
  romanise alike do not collide).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from workbench import arabic
from workbench.terms.model import CATEGORIES, ID_RE

DEFAULT_CATEGORY = CATEGORIES[0]
SOURCE_ID_NOTE = "source id: "
_ROMAN = str.maketrans({
    "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d",
    "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t",
    "ظ": "z", "ع": "a", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m",
    "ن": "n", "ه": "h", "و": "w", "ي": "y", "ى": "a", "ء": "", "ة": "a"})
_NOT_ID = re.compile(r"[^a-z0-9_-]+")


@dataclass
class Filled:
    """What an import filled in: the default category and its count, ids made ours."""

    category: str = DEFAULT_CATEGORY
    categories: int = 0      # terms given the default category
    ids: int = 0             # terms whose id was derived or made ours

    def category_for(self, subject: str | None) -> str:
        key = (subject or "").strip().lower().replace(" ", "_").replace("-", "_")
        if key in CATEGORIES:
            return key
        self.categories += 1
        return self.category

    def id_for(self, original: str | None, term_ar: str) -> tuple[str, str]:
        """(our id, the original id when it was not ours, else "")."""
        original = (original or "").strip()
        if ID_RE.fullmatch(original):
            return original, ""
        self.ids += 1
        return slug(original) or id_from_arabic(term_ar), original


def slug(original: str) -> str:
    """An id of ours from another tool's Latin id ("" when it has no Latin letters)."""
    text = unicodedata.normalize("NFKD", original).encode("ascii", "ignore").decode().lower()
    text = _NOT_ID.sub("-", text).strip("-_")
    if not re.search("[a-z]", text):
        return ""
    if not text[0].isalpha():
        text = "t-" + text
    return text[:64].rstrip("-_")


def id_from_arabic(term_ar: str) -> str:
    """A stable id for an Arabic term: its romanised form and a hash of its normalised form."""
    key = arabic.normalize(term_ar)
    roman = _NOT_ID.sub("-", key.translate(_ROMAN).lower()).strip("-_")[:40].rstrip("-_")
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]
    return f"{roman}-{digest}" if roman and roman[0].isalpha() else f"term-{digest}"


def note_with_source_id(note: str, original: str) -> str:
    """The note with the original id kept, when the id was not ours."""
    original = "".join(c for c in " ".join(original.split()) if c.isprintable())
    if not original:
        return note
    return f"{note} ({SOURCE_ID_NOTE}{original})" if note else f"{SOURCE_ID_NOTE}{original}"
