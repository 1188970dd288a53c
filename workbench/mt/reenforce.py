"""Re-enforcement: bring stored machine translation in line with a changed glossary, without
running the model.

Each translation keeps the model's n-best list with its word alignments (`tm.nbest`), so
the choice among hypotheses, the fixes and missing-term repair (`mt.enforce`) can be made
again whenever a term is added or its renderings change: the glossary editor (`t`),
`workbench glossary import` and a team merge call `after_glossary_change` with the terms they
changed; `workbench translate --reenforce` re-enforces everything. Post-edits are human
work: never changed, only flagged for QA (`postedit_flags`) when they now break a rule.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field, replace
from typing import Iterable

from sqlite_utils import Database

from workbench.mt import enforce, memory
from workbench.mt.engine import Hypotheses

_COMPACT = (",", ":")


def nbest_json(hypotheses) -> str:
    """The n-best list as stored with a translation: texts and word alignments."""
    alignments = getattr(hypotheses, "alignments", None)
    value = {"texts": list(hypotheses)}
    if alignments and any(a is not None for a in alignments):
        value["align"] = alignments
    return json.dumps(value, ensure_ascii=False, separators=_COMPACT)


def repairs_json(repairs: Iterable) -> str:
    out = [r.to_dict() if hasattr(r, "to_dict") else r for r in repairs]
    return json.dumps(out, ensure_ascii=False, separators=_COMPACT)


def hypotheses_of(nbest: str | None, mt_raw: str) -> Hypotheses:
    """A stored n-best list back as Hypotheses (just the raw MT for translations made before
    n-best lists were kept)."""
    value = json.loads(nbest) if nbest else {}
    texts = value.get("texts") if isinstance(value, dict) else None
    if not texts or not all(isinstance(t, str) for t in texts):
        return Hypotheses([mt_raw])
    alignments = value.get("align")
    if not isinstance(alignments, list) or len(alignments) != len(texts):
        alignments = None       # each is checked when a repair uses it (align.well_formed)
    return Hypotheses(texts, alignments=alignments)


@dataclass
class Report:
    glossary_rev: int
    checked: int = 0          # translations (tm rows) whose source contains the terms
    changed: int = 0          # ... whose English changed
    repaired: int = 0         # ... whose English now carries missing-term repairs
    problems_before: int = 0  # segments with MT as their English that fail QA, before
    problems_after: int = 0   # ... and after
    postedits_flagged: int = 0
    flagged_segments: list[int] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


_ROWS_SQL = (
    "SELECT m.id, m.mt_raw, m.mt_text, m.nbest, m.repairs, m.settings, "
    "(SELECT s.raw FROM translations t JOIN segments s ON s.id = t.segment_id "
    " WHERE t.tm_id = m.id LIMIT 1) AS raw, "
    "(SELECT count(*) FROM translations t WHERE t.tm_id = m.id "
    " AND (t.postedit IS NULL OR trim(t.postedit) = '')) AS shown "
    "FROM tm m WHERE EXISTS (SELECT 1 FROM translations t WHERE t.tm_id = m.id)")


def _term_filter(db: Database, term_ids: Iterable[str] | None):
    """A matcher for the given terms only (deprecated ones too: their repairs must go), or None
    for every term."""
    if term_ids is None:
        return None
    from workbench.terms.glossary import Glossary
    from workbench.terms.store import list_terms
    wanted = set(term_ids)
    terms = [replace(t, status="approved") for t in list_terms(db) if t.id in wanted]
    return Glossary(terms), wanted


def reenforce(db: Database, term_ids: Iterable[str] | None = None, glossary=None,
              chunk: int = 2000) -> Report:
    """Re-enforce the stored MT of the segments containing these terms (of every segment when
    None), and flag their post-edits that now break a rule. One transaction per chunk."""
    from workbench.terms import qa
    from workbench.terms.glossary import load
    started = time.perf_counter()
    glossary = glossary or load(db)
    report = Report(glossary.rev)
    only = _term_filter(db, term_ids)
    cursor = db.conn.cursor()
    cursor.execute(_ROWS_SQL)
    while rows := cursor.fetchmany(chunk):
        updates = []
        for tm_id, mt_raw, mt_text, nbest, repairs, settings, raw, shown in rows:
            if raw is None:
                continue
            if only is not None and not _concerns(only, raw, repairs):
                continue
            report.checked += 1
            hyps = hypotheses_of(nbest, mt_raw)
            choice = enforce.choose(glossary, raw, hyps)
            new_repairs = repairs_json(choice.repairs)
            if shown:
                after = choice.has_hits and not choice.clean
                before = after if choice.text == mt_text else any(
                    not p.advisory for p in qa.check(glossary, raw, mt_text))
                report.problems_before += shown * before
                report.problems_after += shown * after
            report.repaired += bool(choice.repairs)
            if choice.text == mt_text and new_repairs == repairs:
                continue
            report.changed += 1
            extra = json.loads(settings) if settings else {}
            extra.pop("hypothesis", None)
            if choice.chosen:
                extra["hypothesis"] = choice.chosen
            updates.append((choice.text, new_repairs, glossary.rev,
                            json.dumps(extra, sort_keys=True), tm_id))
        with db.atomic():
            db.conn.executemany("UPDATE tm SET mt_text = ?, repairs = ?, glossary_rev = ?, "
                                "settings = ? WHERE id = ?", updates)
    _flag_postedits(db, glossary, only, report)
    report.seconds = time.perf_counter() - started
    return report


def _concerns(only, raw: str, repairs: str | None) -> bool:
    matcher, wanted = only
    if repairs and any(f'"term_id":{json.dumps(t)}' in repairs for t in wanted):
        return True
    return bool(matcher.find(raw))


def _flag_postedits(db: Database, glossary, only, report: Report) -> None:
    """Flag the post-edits of the affected segments that break a glossary rule now; clear the
    flags of those that no longer do."""
    from workbench.store.history import now
    from workbench.terms import qa
    rows = db.execute(
        "SELECT t.segment_id, s.raw, t.postedit FROM translations t "
        "JOIN segments s ON s.id = t.segment_id WHERE t.postedit IS NOT NULL").fetchall()
    flags, clear, at = [], [], now()
    for sid, raw, postedit in rows:
        if memory.blank(postedit) or (only is not None and not only[0].find(raw)):
            continue
        broken = sorted({p.term_id for p in qa.check(glossary, raw, postedit) if not p.advisory})
        if broken:
            flags.append((sid, glossary.rev, json.dumps(broken), at))
        else:
            clear.append((sid,))
    with db.atomic():
        db.conn.executemany("INSERT OR REPLACE INTO postedit_flags (segment_id, glossary_rev, "
                            "terms, flagged_at) VALUES (?, ?, ?, ?)", flags)
        db.conn.executemany("DELETE FROM postedit_flags WHERE segment_id = ?", clear)
    report.postedits_flagged = len(flags)
    report.flagged_segments = [f[0] for f in flags]


def after_glossary_change(db: Database, term_ids: Iterable[str]) -> Report | None:
    """What every path that changes terms calls afterwards (the editor, glossary import, a
    merge): re-enforce the MT of the segments containing them. None when nothing changed."""
    ids = sorted(set(term_ids))
    if not ids:
        return None
    return reenforce(db, ids)


def flagged_postedits(db: Database) -> dict[int, list[str]]:
    """{segment_id: term ids} of the post-edits a glossary change left breaking a rule."""
    return {sid: json.loads(terms) for sid, terms in
            db.execute("SELECT segment_id, terms FROM postedit_flags")}


def terms_state(db: Database) -> dict[str, tuple]:
    """Every term's stored row: taken before a change, so `changed_since` can tell which."""
    return {row[0]: tuple(row) for row in db.execute("SELECT * FROM terms")}


def changed_since(db: Database, before: dict[str, tuple]) -> set[str]:
    """The ids of the terms added, changed or deleted since `before` (terms_state)."""
    after = terms_state(db)
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
