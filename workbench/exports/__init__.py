"""The corpus exports put together: the dump's record parts (term hits, the English, claims)
passed explicitly to the generic writers of `corpus.export` and `corpus.formats`.

This module sits above terms, mt and claims, the layers it brings together, so that
`corpus/` imports none of them. Every format takes the same `origins` filter
(`workbench export corpus --origin`): only segments whose English comes from one of these
origins (`mt.english.ORIGIN_CHOICES`; None or "any": every segment, translated or not).
"""

from __future__ import annotations

from typing import Callable, Collection, Iterator, Sequence, TextIO

from sqlite_utils import Database

from workbench.claims.store import claims_part
from workbench.corpus import export as dump
from workbench.corpus import formats
from workbench.csvfile import SPREADSHEET, Policy
from workbench.mt.english import english_of, wanted
from workbench.terms.hits import term_hits_part


def translation_part(db: Database, segment_ids: list[int]) -> dict[int, dict]:
    """Each record's `translation`: the segment's English with its origin and provenance
    (`English.to_record`), null when it has none (a glossary gloss is never exported)."""
    found = english_of(db, segment_ids)
    return {sid: {"translation": found[sid].to_record() if sid in found else None}
            for sid in segment_ids}


PARTS: dict[str, Sequence[dump.RecordPart]] = {
    "jsonl": (term_hits_part, translation_part, claims_part),
    "tmx": (translation_part,),
    "csv": (translation_part, claims_part),
}


def corpus_records(db: Database, document_id: int | None = None,
                   origins: Collection[str] | None = None,
                   parts: Sequence[dump.RecordPart] = PARTS["jsonl"]) -> Iterator[dict]:
    """The dump's records with these parts, those of segments whose English passes `origins`."""
    for record in dump.iter_records(db, document_id, parts=parts):
        english = record.get("translation")
        if wanted(english["origin"] if english else None, origins):
            yield record


def write_jsonl(db: Database, out: TextIO, document_id: int | None = None,
                on_record: Callable[[], None] | None = None,
                origins: Collection[str] | None = None) -> int:
    return dump.dump_jsonl(corpus_records(db, document_id, origins, PARTS["jsonl"]), out,
                           on_record)


def write_tmx(db: Database, out: TextIO, document_id: int | None = None,
              on_record: Callable[[], None] | None = None,
              origins: Collection[str] | None = None) -> int:
    return formats.write_tmx(corpus_records(db, document_id, origins, PARTS["tmx"]), out,
                             on_record)


def write_csv(db: Database, out: TextIO, document_id: int | None = None,
              on_record: Callable[[], None] | None = None,
              origins: Collection[str] | None = None, policy: Policy = SPREADSHEET) -> int:
    return formats.write_csv(corpus_records(db, document_id, origins, PARTS["csv"]), out,
                             on_record, policy)


CORPUS_WRITERS = {"jsonl": write_jsonl, "tmx": write_tmx, "csv": write_csv}
