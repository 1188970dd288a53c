"""Measured quality: translate a reference file's Arabic and score the English against it.

Three outputs of the same model are scored side by side: raw (the model's best hypothesis),
enforced (the n-best choice and the forbidden→approved fixes, no repair) and repaired (what
`workbench translate` stores). Each gets BLEU and chrF (sacrebleu, imported when scoring) and
term accuracy, the WMT terminology task's measure: of the glossary terms found in the Arabic,
the share whose approved rendering is in the English. Nothing is written to the database.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import InvalidValue
from workbench.mt import enforce
from workbench.mt.engine import Hypotheses

SYSTEMS = ("raw", "enforced", "repaired")
BATCH = 32


class ReferenceError_(InvalidValue):
    """A reference file that cannot be read as Arabic/English pairs."""


def read_reference(path: Path | str) -> list[tuple[str, str]]:
    """(Arabic, English) pairs of a UTF-8 TSV whose header names the columns `ar` and `en`
    (other columns are ignored); one clear line for anything else."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    except FileNotFoundError:
        raise ReferenceError_(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ReferenceError_(f"{path}: a folder, not a reference file") from None
    except UnicodeDecodeError:
        raise ReferenceError_(f"{path}: not UTF-8 text") from None
    except (OSError, csv.Error) as exc:
        raise ReferenceError_(f"{path}: cannot be read ({exc})") from None
    if not rows:
        raise ReferenceError_(f"{path}: empty; expected a TSV with a header row naming the "
                              "columns ar and en")
    header = [c.strip().lower().lstrip("\ufeff") for c in rows[0]]
    if "ar" not in header or "en" not in header:
        shown = "\t".join(rows[0])[:80]
        raise ReferenceError_(f"{path}: the header row must name the columns ar and en "
                              f"(tab-separated); found {shown!r}")
    a, e = header.index("ar"), header.index("en")
    pairs = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) <= max(a, e):
            raise ReferenceError_(f"{path}: line {number} has {len(row)} column(s), "
                                  f"the header {len(header)}")
        ar, en = row[a].strip(), row[e].strip()
        if not ar or not en:
            raise ReferenceError_(f"{path}: line {number}: empty ar or en")
        pairs.append((ar, en))
    if not pairs:
        raise ReferenceError_(f"{path}: no pairs under the header")
    return pairs


@dataclass
class Scores:
    bleu: float
    chrf: float
    terms: int            # glossary term occurrences in the Arabic
    terms_approved: int   # ... rendered as approved

    @property
    def term_accuracy(self) -> float | None:
        return self.terms_approved / self.terms if self.terms else None

    def as_dict(self) -> dict:
        return {"bleu": round(self.bleu, 2), "chrf": round(self.chrf, 2), "terms": self.terms,
                "terms_approved": self.terms_approved, "term_accuracy": self.term_accuracy}


@dataclass
class Evaluation:
    model: str
    segments: int
    scores: dict[str, Scores] = field(default_factory=dict)     # by system
    outputs: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"model": self.model, "segments": self.segments,
                "scores": {k: v.as_dict() for k, v in self.scores.items()}}


def term_counts(glossary, arabic: str, english: str) -> tuple[int, int]:
    """(terms found in the Arabic, of those rendered as approved in the English); each term
    counted once per segment, approved terms only (drafts are still under discussion)."""
    wanted = {h.term_id for h in glossary.find(arabic)
              if glossary.terms[h.term_id].status == "approved"}
    if not wanted:
        return 0, 0
    approved = {h.term_id for h in glossary.find_en(english, only=wanted) if h.kind == "approved"}
    return len(wanted), len(approved & wanted)


def evaluate(pairs: list[tuple[str, str]], engine, glossary) -> Evaluation:
    """Translate the pairs' Arabic with `engine` and score the three outputs."""
    sources = [ar for ar, _ in pairs]
    outputs: dict[str, list[str]] = {s: [] for s in SYSTEMS}
    n = max(1, int(getattr(engine, "hypotheses", 1)))
    for start in range(0, len(sources), BATCH):
        part = sources[start:start + BATCH]
        for arabic, hyps in zip(part, engine.translate_batch(part, n)):
            outputs["raw"].append(hyps[0] if hyps else "")
            outputs["enforced"].append(enforce.choose(glossary, arabic,
                                                      Hypotheses(list(hyps))).text)
            outputs["repaired"].append(enforce.choose(glossary, arabic, hyps).text)
    result = Evaluation(engine.model, len(pairs), outputs=outputs)
    references = [en for _, en in pairs]
    for system, texts in outputs.items():
        result.scores[system] = score(glossary, sources, texts, references)
    return result


def score(glossary, sources: list[str], texts: list[str], references: list[str]) -> Scores:
    import sacrebleu
    bleu = sacrebleu.corpus_bleu(texts, [references]).score
    chrf = sacrebleu.corpus_chrf(texts, [references]).score
    found = approved = 0
    for arabic, english in zip(sources, texts):
        f, a = term_counts(glossary, arabic, english)
        found, approved = found + f, approved + a
    return Scores(bleu, chrf, found, approved)
