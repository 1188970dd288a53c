"""Glossary enforcement: make a segment's English follow the controlled glossary.

The model is asked for several hypotheses. The best-ranked one that already satisfies the
glossary wins (with acceptable renderings swapped for the approved one); failing that, each
hypothesis in rank order gets every unambiguous fix the terminology QA knows (`qa.enforce`),
and the first that comes out clean wins, else the one with the fewest remaining problems.
An approved term that none of them renders is then repaired (`mt.repair`) when the engine
gave word alignments: the words the model made of it become the approved rendering.
What still breaks a rule stays for terminology QA to flag.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    text: str          # the English to use: chosen hypothesis, fixes applied
    raw: str           # the model's own best hypothesis, untouched
    chosen: int        # rank of the hypothesis `text` came from
    has_hits: bool     # the source contains glossary terms
    raw_clean: bool    # `raw` breaks no glossary rule (advisory problems aside)
    clean: bool        # `text` breaks no glossary rule
    enforced_clean: bool | None = None   # ... before missing-term repair (None: same as clean)
    repairs: tuple = ()                  # mt.repair.Repair records, on hypothesis `chosen`

    @property
    def clean_before_repair(self) -> bool:
        return self.clean if self.enforced_clean is None else self.enforced_clean


class _Remembering:
    """The glossary as terminology QA sees it while one segment is chosen: QA looks up the
    same Arabic and the same English several times (check, enforce, check again); each
    lookup is done once."""

    def __init__(self, glossary):
        self._glossary = glossary
        self.terms = glossary.terms
        self._found: dict = {}

    def find(self, text: str):
        key = ("ar", text)
        if key not in self._found:
            self._found[key] = self._glossary.find(text)
        return self._found[key]

    def find_en(self, text: str, **kwargs):
        key = ("en", text, *((k, frozenset(v) if isinstance(v, (set, frozenset, list)) else v)
                             for k, v in sorted(kwargs.items())))
        if key not in self._found:
            self._found[key] = self._glossary.find_en(text, **kwargs)
        return self._found[key]

    def __getattr__(self, name):
        return getattr(self._glossary, name)


def _broken_rules(glossary, arabic: str, english: str) -> int:
    """How many glossary rules the English breaks (draft terms' problems are advisory)."""
    from workbench.terms import qa
    return sum(not p.advisory for p in qa.check(glossary, arabic, english))


def choose(glossary, arabic: str, hypotheses: list[str]) -> Choice:
    """Pick and fix the translation of `arabic` among the model's `hypotheses` (best first)."""
    from workbench.terms import qa
    raw = hypotheses[0] if hypotheses else ""
    glossary = _Remembering(glossary)
    if not hypotheses or not glossary.find(arabic):
        return Choice(raw, raw, 0, False, True, True)
    counts = []
    for rank, hypothesis in enumerate(hypotheses):
        broken = _broken_rules(glossary, arabic, hypothesis)
        if not broken:  # still swap acceptable renderings for the approved one
            fixed = qa.enforce(glossary, arabic, hypothesis)
            if fixed != hypothesis and _broken_rules(glossary, arabic, fixed):
                fixed = hypothesis
            return Choice(fixed, raw, rank, True, rank == 0, True)
        counts.append(broken)
    best: tuple[int, int, str] | None = None
    for rank, hypothesis in enumerate(hypotheses):
        fixed = qa.enforce(glossary, arabic, hypothesis)
        remaining = _broken_rules(glossary, arabic, fixed) if fixed != hypothesis else counts[rank]
        if remaining == 0:
            return Choice(fixed, raw, rank, True, False, True)
        if best is None or remaining < best[0]:
            best = (remaining, rank, fixed)
    return _repaired(glossary, arabic, hypotheses, raw, *best)


def _repaired(glossary, arabic: str, hypotheses: list[str], raw: str, remaining: int,
              rank: int, fixed: str) -> Choice:
    """The chosen hypothesis with its missing approved terms repaired, when that leaves fewer
    broken rules; else as enforcement left it."""
    from workbench.mt import align, repair
    from workbench.terms import qa
    alignments = getattr(hypotheses, "alignments", None) or ()
    alignment = alignments[rank] if rank < len(alignments) else None
    unrepaired = Choice(fixed, raw, rank, True, False, False)
    if alignment is None or not align.well_formed(alignment):
        return unrepaired
    missing = [p.term_id for p in qa.check(glossary, arabic, fixed)
               if p.kind == "missing" and not p.advisory
               and glossary.terms[p.term_id].status == "approved"]
    if not missing:
        return unrepaired
    text, repairs = repair.repair(glossary, arabic, hypotheses[rank], alignment, missing)
    if not repairs:
        return unrepaired
    text = qa.enforce(glossary, arabic, text)
    left = _broken_rules(glossary, arabic, text)
    if left >= remaining:
        return unrepaired
    return Choice(text, raw, rank, True, False, left == 0, False, tuple(repairs))
