"""A translation run: give segments English MT that follows the glossary, through the memory.

Each batch is translated, enforced and committed in its own transaction, so an interrupted run
(Ctrl-C, kill, a crash) keeps every finished segment and the next run carries on from there.
Segments already translated by this model are skipped; segments whose content the model has
translated before (in any document) are linked to that translation without asking the model.
While one batch is enforced and saved, the model already works on the next (`engine.submit`),
so glossary enforcement and database writes cost little of the model's throughput.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import asdict, dataclass, field
from typing import Callable

from sqlite_utils import Database

from workbench.errors import NotFound
from workbench.mt import enforce, memory, reenforce

ProgressFn = Callable[[int, int, list[int]], None]   # (done, total, segment ids just saved)


@dataclass
class Report:
    engine: str
    model: str
    model_version: str
    requested: int = 0       # segments asked for
    arabic: int = 0          # of those, Arabic (only Arabic is translated)
    already: int = 0         # already translated by this model: nothing to do
    from_memory: int = 0     # same content translated before: linked, the model not asked
    translated: int = 0      # given new MT in this run
    model_inputs: int = 0    # distinct texts sent to the model
    split: int = 0           # of those, longer than the model's limit: translated in pieces
    with_hits: int = 0       # newly translated segments that contain glossary terms
    raw_clean: int = 0       # ... whose raw MT passes terminology QA
    enforced_clean: int = 0  # ... whose MT passes it after n-best choice and fixes
    clean: int = 0           # ... whose MT passes it after missing-term repair as well
    repaired: int = 0        # ... whose MT had missing terms repaired
    remaining: int = 0       # still untranslated (interrupted, or beyond --limit)
    interrupted: bool = False
    seconds: float = 0.0
    max_input_tokens: int | None = None
    split_segments: list[int] = field(default_factory=list)
    # document id -> [with_hits, raw_clean, enforced_clean, clean, repaired]
    documents: dict[int, list[int]] = field(default_factory=dict)

    @property
    def compliance_raw(self) -> float | None:
        """QA-clean ÷ segments with glossary hits, for the model's own output."""
        return self.raw_clean / self.with_hits if self.with_hits else None

    @property
    def compliance_enforced(self) -> float | None:
        """QA-clean ÷ segments with glossary hits, after enforcement, before repair."""
        return self.enforced_clean / self.with_hits if self.with_hits else None

    @property
    def compliance(self) -> float | None:
        """QA-clean ÷ segments with glossary hits, after enforcement and repair."""
        return self.clean / self.with_hits if self.with_hits else None

    def as_dict(self) -> dict:
        out = {**asdict(self), "compliance_raw": self.compliance_raw,
               "compliance_enforced": self.compliance_enforced, "compliance": self.compliance}
        out["documents"] = {str(doc): dict(zip(DOCUMENT_COUNTS, counts))
                            for doc, counts in self.documents.items()}
        return out


DOCUMENT_COUNTS = ("with_hits", "raw_clean", "enforced_clean", "clean", "repaired")


def select_segments(db: Database, document_ids: list[int] | None = None) -> list[int]:
    """Ids of the Arabic segments of these documents (of every current document if None)."""
    if document_ids is None:
        sql = ("SELECT s.id FROM segments s JOIN documents d ON d.id = s.document_id "
               "WHERE d.is_current = 1 AND s.language = 'ar' ORDER BY s.document_id, s.position")
        return [r[0] for r in db.execute(sql)]
    out = []
    for doc in document_ids:
        if db.execute("SELECT 1 FROM documents WHERE id = ?", [doc]).fetchone() is None:
            raise NotFound(f"document {doc}: no such document")
        out.extend(r[0] for r in db.execute(
            "SELECT id FROM segments WHERE document_id = ? AND language = 'ar' ORDER BY position",
            [doc]))
    return out


def _load(db: Database, segment_ids: list[int]) -> list[tuple]:
    rows: dict[int, tuple] = {}
    for part in memory.chunks(segment_ids):
        sql = (f"SELECT id, raw, norm, hash, language, document_id FROM segments "
               f"WHERE id IN ({', '.join('?' * len(part))})")
        rows.update((r[0], r) for r in db.execute(sql, part))
    missing = [sid for sid in segment_ids if sid not in rows]
    if missing:
        raise NotFound(f"segment {missing[0]}: no such segment")
    return [rows[sid] for sid in segment_ids]


def translate_segments(db: Database, segment_ids: list[int], engine,
                       on_progress: ProgressFn | None = None,
                       should_stop: Callable[[], bool] | None = None,
                       limit: int | None = None, glossary=None) -> Report:
    """Translate the segments that need it; see the module docstring.

    `limit` caps how many segments get new MT in this run. `should_stop` is asked between
    batches; when it says yes the run ends cleanly with `interrupted` set.
    """
    started = time.perf_counter()
    report = Report(engine.name, engine.model, engine.model_version,
                    max_input_tokens=getattr(getattr(engine, "config", None), "max_input_tokens",
                                             None))
    ids = list(dict.fromkeys(segment_ids))
    report.requested = len(ids)
    rows = [r for r in _load(db, ids) if r[4] == "ar"]
    report.arabic = len(rows)
    done = memory.current_segments(db, engine, [r[0] for r in rows])
    report.already = len(done)
    todo = [r for r in rows if r[0] not in done]

    known = memory.lookup(db, engine, [r[3] for r in todo])
    linked = [(r[0], known[r[3]]) for r in todo if r[3] in known]
    if linked:
        with db.atomic():
            memory.link(db, linked)
        report.from_memory = len(linked)

    groups: dict[str, list[tuple]] = {}   # hash -> its segments, in first-seen order
    for r in todo:
        if r[3] not in known:
            groups.setdefault(r[3], []).append(r)
    sources = list(groups.values())
    if limit is not None:
        taken, count = [], 0
        for group in sources:
            if count >= limit:
                break
            taken.append(group)
            count += len(group)
        report.remaining = sum(len(g) for g in sources[len(taken):])
        sources = taken
    total = sum(len(g) for g in sources)

    if sources and glossary is None:
        from workbench.terms.glossary import load
        glossary = load(db)
    n_best = max(1, int(getattr(engine, "hypotheses", 1)))
    size = max(1, int(getattr(engine, "batch_size", 32)))
    texts = [group[0][1] for group in sources]
    measure = getattr(engine, "input_lengths", None)
    batches = _length_sorted_batches(sources, size, measure(texts) if measure else None)
    submit = _submitter(engine)
    pending: deque = deque()   # submitted batches, oldest first, LOOKAHEAD ahead of the one saved
    for k, batch in enumerate(batches):
        if should_stop is not None and should_stop():
            report.interrupted = True
            report.remaining += sum(len(g) for b in batches[k:] for g in b)
            break
        while len(pending) <= LOOKAHEAD and k + len(pending) < len(batches):
            pending.append(submit([g[0][1] for g in batches[k + len(pending)]], n_best))
        hypotheses = pending.popleft()()
        saved = _save_batch(db, engine, glossary, batch, hypotheses, report)
        if on_progress is not None:
            on_progress(report.translated, total, saved)
    report.seconds = time.perf_counter() - started
    return report


def _submitter(engine) -> Callable:
    """engine.submit when the engine can translate in the background, else a synchronous stand-in."""
    if hasattr(engine, "submit"):
        return engine.submit

    def submit(texts: list[str], n: int):
        result = engine.translate_batch(texts, n)
        return lambda: result
    return submit


LOOKAHEAD = 2    # batches queued in the engine beyond the one awaited, so the model never waits
SORT_WINDOW = 8  # batches: sorted by length within this window, so progress stays in reading order


def _length_sorted_batches(sources: list[list[tuple]], size: int,
                           lengths: list[int] | None = None) -> list[list[list[tuple]]]:
    """Batches of similar-length sources (less padding and fewer idle beams for the model, as
    CTranslate2 does within one call), sorted only within a window of a few batches.

    `lengths` are the inputs' lengths in model tokens when the engine can tell them (the
    order CTranslate2 itself sorts by); characters otherwise, a weaker guide.
    """
    if lengths is None:
        lengths = [len(group[0][1]) for group in sources]
    window = size * SORT_WINDOW
    batches = []
    for start in range(0, len(sources), window):
        order = sorted(range(start, min(start + window, len(sources))), key=lengths.__getitem__)
        chunk = [sources[i] for i in order]
        batches += [chunk[i:i + size] for i in range(0, len(chunk), size)]
    return batches


def _save_batch(db: Database, engine, glossary, batch: list[list[tuple]], hypotheses,
                report: Report) -> list[int]:
    """Enforce the glossary on one batch and commit it, with its counts, in one transaction."""
    tm_rows, saved = [], []
    rev = getattr(glossary, "rev", None)
    for group, hyps in zip(batch, hypotheses):
        choice = enforce.choose(glossary, group[0][1], hyps)
        pieces = getattr(hyps, "pieces", 1)
        extra = {"hypothesis": choice.chosen} if choice.chosen else {}
        if pieces > 1:
            extra["pieces"] = pieces
            report.split += 1
            report.split_segments.extend(r[0] for r in group)
        tm_rows.append((group[0][3], group[0][2], choice.raw, choice.text, extra,
                        reenforce.nbest_json(hyps), reenforce.repairs_json(choice.repairs), rev))
        if choice.has_hits:
            counts = (1, choice.raw_clean, choice.clean_before_repair, choice.clean,
                      bool(choice.repairs))
            report.with_hits += len(group)
            report.raw_clean += len(group) * choice.raw_clean
            report.enforced_clean += len(group) * choice.clean_before_repair
            report.clean += len(group) * choice.clean
            report.repaired += len(group) * bool(choice.repairs)
            for r in group:
                doc = report.documents.setdefault(r[5], [0] * len(DOCUMENT_COUNTS))
                for k, n in enumerate(counts):
                    doc[k] += n
        saved.extend(r[0] for r in group)
    with db.atomic():
        tm_ids = memory.store(db, engine, tm_rows)
        memory.link(db, [(r[0], tm_ids[r[3]]) for g in batch for r in g])
    report.model_inputs += len(batch)
    report.translated += len(saved)
    return saved
