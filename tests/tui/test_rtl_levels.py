"""The bidi levels and line order against Unicode's conformance files, every case.

BidiTest.txt gives sequences of bidi classes (no brackets); BidiCharacterTest.txt gives real
text, with bracket pairs, numbers and isolates.  Both come with Debian's ``unicode-data``
package (``/usr/share/unicode``), which ``make test`` installs.  Without them these tests fail:
they are the oracle for workbench/tui/rtl/levels.py, so their absence must not look like a pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.tui.rtl import is_rtl, make_tables
from workbench.tui.rtl.direction import bidi_class, first_strong
from workbench.tui.rtl.levels import bracket_of, embedding_levels, resolve
from workbench.tui.rtl.reorder import line_levels, visual_order

UCD = Path("/usr/share/unicode")


def ucd_file(name: str) -> Path:
    path = UCD / name
    assert path.is_file(), (
        f"{path} is missing: install Debian's unicode-data package "
        "(apt-get install unicode-data, as `make test` does)"
    )
    return path


def data_lines(name: str):
    with ucd_file(name).open(encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                yield line


def levels_and_order(classes, base, brackets=None):
    levels = line_levels(classes, resolve(classes, base, brackets), base)
    return levels, visual_order(levels)


def text_levels_agree(text, base):
    """``embedding_levels`` (the layout's entry point, with its shortcut for plain
    left-to-right text) gives the levels ``resolve`` gives, wherever X9 keeps a character."""
    resolved = resolve([bidi_class(ch) for ch in text], base, [bracket_of(ch) for ch in text])
    filled = embedding_levels(text, base)
    return all(r is None or r == f for r, f in zip(resolved, filled, strict=True))


def test_bidi_test_txt():
    failures = []
    cases = 0
    expected_levels: list[int | None] = []
    expected_order: list[int] = []
    for line in data_lines("BidiTest.txt"):
        if line.startswith("@Levels:"):
            expected_levels = [None if x == "x" else int(x) for x in line.split(":")[1].split()]
            continue
        if line.startswith("@Reorder:"):
            expected_order = [int(x) for x in line.split(":")[1].split()]
            continue
        if line.startswith("@"):
            continue
        data, bitset = line.split(";")
        classes = data.split()
        for bit, base in ((1, None), (2, 0), (4, 1)):
            if not int(bitset, 16) & bit:
                continue
            cases += 1
            if base is None:  # auto: P2/P3 on the classes
                base = 1 if first_strong(classes) in ("R", "AL") else 0
            got = levels_and_order(classes, base)
            if got != (expected_levels, expected_order):
                failures.append((data, bit, got, expected_levels, expected_order))
    assert cases > 700_000  # the whole file was read
    assert failures[:10] == [] and len(failures) == 0


def test_bidi_character_test_txt():
    failures = []
    cases = 0
    for line in data_lines("BidiCharacterTest.txt"):
        codes, direction, paragraph_level, levels, order = line.split(";")
        text = "".join(chr(int(code, 16)) for code in codes.split())
        cases += 1
        if direction == "2":  # auto
            base = 1 if is_rtl(text) else 0
        else:
            base = int(direction)
        classes = [bidi_class(ch) for ch in text]
        got = levels_and_order(classes, base, [bracket_of(ch) for ch in text])
        expected = ([None if x == "x" else int(x) for x in levels.split()],
                    [int(x) for x in order.split()])
        if base != int(paragraph_level) or got != expected or not text_levels_agree(text, base):
            failures.append((codes, direction, base, got, expected))
    assert cases > 90_000
    assert failures[:10] == [] and len(failures) == 0


def test_tables_are_generated_from_the_ucd():
    ucd_file("BidiBrackets.txt")
    committed = Path(make_tables.__file__).with_name("tables.py").read_text(encoding="utf-8")
    assert make_tables.render(UCD) == committed, "regenerate: python -m workbench.tui.rtl.make_tables"


@pytest.mark.parametrize("text, base, expected", [
    # worked by hand; the first is the first example of UAX #9 section 3.4
    ("car means CAR.", 0, [0] * 10 + [1] * 3 + [0]),
    ("CAR MEANS car.", 1, [1] * 10 + [2] * 3 + [1]),
    # numbers after Arabic are Arabic numbers (W2), two levels up in an LTR paragraph
    ("AB 12", 0, [1, 1, 1, 2, 2]),
    # a bracket pair around Latin inside Arabic stays with the Arabic (N0)
    ("AB (cd) EF", 1, [1, 1, 1, 1, 2, 2, 1, 1, 1, 1]),
])
def test_worked_examples(text, base, expected):
    # Capitals stand for Arabic letters, as in the examples of UAX #9.
    arabic = {c: chr(0x0627 + k) for k, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
    text = "".join(arabic.get(c, c) for c in text)
    classes = [bidi_class(ch) for ch in text]
    assert line_levels(classes, embedding_levels(text, base), base) == expected
