"""`merge`: bring another annotator's copy of the corpus into this database.

Everything happens in one transaction, so a merge either completes or leaves this
database exactly as it was. The other database is only read. In order:

0. every row the merge reads is checked with the rules our writers apply (`team.validate`):
   a row the workbench would not write refuses the merge before anything is written;
1. documents and segments are matched by content (`team.corpus`), and the documents we
   lack are copied;
2. claim types, glossary terms, incidents, post-edits and claims are merged
   (`team.tables`, deciding field by field with `team.reconcile`): what we lack is added,
   what they changed on top of our value is taken, and a real disagreement becomes a
   conflict while our value stays;
3. their conflicts and their history are imported (`team.imports`);
4. the merge's own changes are written to history by whoever ran it; the `merges` row
   names the source and the range of history entries the merge wrote.

A merge that finds nothing new writes nothing at all, so merging twice equals merging once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from sqlite_utils import Database

from workbench.errors import InvalidValue
from workbench.store.history import now
from workbench.team import corpus, imports, scratch, tables, validate
from workbench.team.journal import Journal
from workbench.team.source import attached
from workbench.team.state import MergeState

@dataclass
class MergeResult:
    source: str
    merge_id: int | None            # None when there was nothing to merge
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.merge_id is not None

    def to_dict(self) -> dict:
        return {"source": self.source, "merge_id": self.merge_id, "changed": self.changed,
                "counts": self.counts}

    def summary(self) -> str:
        if not self.changed:
            return f"{self.source}: nothing new to merge"
        parts = [f"{n} {what}" for what, n in self.counts.items() if n]
        return f"merged {self.source}: " + ", ".join(parts)


def merge(db: Database, other_path: str | Path, annotator: str,
          on_step: Callable[[str], None] | None = None) -> MergeResult:
    """Merge the database at `other_path` into `db`; see the module docstring.

    `on_step` is called with the name of each step as it starts (for a progress display).
    Raises MergeError or DatabaseError_ (one line) for a file that cannot be merged,
    among them one holding a row the workbench would not write (see team.validate).
    """
    if not annotator or not str(annotator).strip():
        raise InvalidValue("no annotator: set --annotator NAME or WORKBENCH_ANNOTATOR")
    annotator, other_path = str(annotator).strip(), Path(other_path)
    report = on_step or (lambda step: None)
    from workbench.mt import reenforce
    terms_before = reenforce.terms_state(db)
    with attached(db, other_path) as other:
        validate.check_rows(db, other.path)  # every row they hold, before anything is written
        try:
            with db.atomic():
                at = now()
                first = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM history").fetchone()[0]
                merge_id = db.execute(
                    "INSERT INTO merges (source, merged_by, merged_at, history_from) VALUES (?, ?, ?, ?)",
                    [str(other_path), annotator, at, first]).lastrowid
                state = MergeState(db, other, annotator, at, merge_id, Journal(db, annotator, at))
                _run(state, report)
                changed = (len(state.journal) or state.counts["history imported"]
                           or state.counts["documents added"])
                if not changed:
                    db.execute("DELETE FROM merges WHERE id = ?", [merge_id])
                    return MergeResult(str(other_path), None, {})
                counts = {k: v for k, v in sorted(state.counts.items()) if v}
                db.execute("UPDATE merges SET summary = ?, history_to = "
                           "(SELECT COALESCE(MAX(id), 0) FROM history) WHERE id = ?",
                           [json.dumps(counts), merge_id])
        finally:
            scratch.drop(db)
    reenforce.after_glossary_change(db, reenforce.changed_since(db, terms_before))
    return MergeResult(str(other_path), merge_id, counts)


def _run(state: MergeState, report) -> None:
    db = state.db
    scratch.create(db)
    report("documents")
    documents, segments = corpus.map_corpus(db, state.other)
    state.counts["documents added"] += documents
    state.counts["segments added"] += segments
    state.load_conflicts()
    for step, fn in (("claim types", tables.merge_claim_types), ("glossary", tables.merge_terms),
                     ("incidents", tables.merge_incidents), ("post-edits", tables.merge_translations),
                     ("claims", tables.merge_claims)):
        report(step)
        fn(state)
    state.id_maps["translations"] = corpus.segment_map(db)
    report("conflicts")
    imports.import_conflicts(state)
    state.flush_conflicts()
    state.journal.flush()       # the merge's own entries first, then theirs:
    db.execute("UPDATE merges SET imported_from = (SELECT COALESCE(MAX(id), 0) + 1 FROM history) "
               "WHERE id = ?", [state.merge_id])
    report("history")
    imports.import_history(state)

