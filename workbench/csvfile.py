"""The one CSV policy: how every CSV the workbench writes (corpus, claims, glossary, events,
history) treats formula cells, quoting, line ends and the byte-order mark.

- Formula cells. A spreadsheet runs a cell that starts with = + - @, a tab or a CR as a
  formula, and our text is copied from partisan sources («-13 …», "=HYPERLINK(…)"). By
  default (files meant for spreadsheets) such a cell is written with a ' in front, which
  Excel and LibreOffice show instead of running it. The guard changes the bytes a program
  reads, so `raw=True` (`--raw` on the command line) writes every value exactly as stored,
  for pipelines; the workbench's own CSV readers take the guard off again (`unguard`).
- Every cell is quoted and rows end in LF, so a CR or LF inside a cell survives whatever
  newline mode a reader uses; the file is UTF-8.
- `bom=True` (`--bom`) starts the file with a UTF-8 byte-order mark, without which Excel
  opened by double-click reads UTF-8 as a legacy code page and garbles the Arabic.
  Python (`utf-8-sig`) and pandas read it either way.

This module imports nothing of the workbench, so every layer may use it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from typing import Iterable, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"
BOM = "\ufeff"


@dataclass(frozen=True)
class Policy:
    raw: bool = False       # values exactly as stored (no formula guard)
    bom: bool = False       # a UTF-8 byte-order mark first


SPREADSHEET = Policy()
RAW = Policy(raw=True)


def _formula(text: str) -> bool:
    """Starts like a formula, after any guards: a value that itself starts with '= is
    guarded too, so that `unguard` can give back every value exactly."""
    return text.lstrip(GUARD).startswith(FORMULA_STARTS)


_FIRST = frozenset("".join(FORMULA_STARTS) + GUARD)


def guarded(value):
    """A cell a spreadsheet shows instead of running: a ' before a formula start."""
    if isinstance(value, str) and value[:1] in _FIRST and _formula(value):
        return GUARD + value
    return value


def unguard(cell: str) -> str:
    """The value of a cell `guarded` wrote (what a reader of our CSVs does first)."""
    if cell.startswith(GUARD) and _formula(cell):
        return cell[1:]
    return cell


class Writer:
    """csv.writer under the policy: `writerow` takes the values, `None` written empty."""

    def __init__(self, out: TextIO, policy: Policy = SPREADSHEET):
        if policy.bom:
            out.write(BOM)
        self._raw = policy.raw
        self._writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def writerow(self, values: Iterable) -> None:
        self._writer.writerow(values if self._raw else map(guarded, values))

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)
