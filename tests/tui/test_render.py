"""The segment block: Arabic beside English, every line the same width, term highlights on
the right letters after reordering, and each English labelled by where it comes from."""

from __future__ import annotations

from rich.cells import cell_len

from workbench.tui import render, rtl
from workbench.tui.passage import (APPROVED, FORBIDDEN, GLOSS, MISSING, MT, POSTEDIT, LoadedGlossary,
                                   SegmentInfo, TermMark, build_info)

ARABIC = "أعلنت قوات سوريا الديمقراطية اعتقال 12 عنصراً من خلايا داعش في ريف دير الزور"
WIDTH = 100


def styled_glyphs(line, style: str) -> str:
    """The characters of a rendered line that carry `style`, left to right."""
    out = []
    for span in line.spans:
        if str(span.style) == style:
            out.append(line.plain[span.start:span.end])
    return "".join(out)


def info(**kwargs) -> SegmentInfo:
    values = dict(id=1, document_id=1, position=0, raw=ARABIC, language="ar")
    values.update(kwargs)
    return SegmentInfo(**values)


def test_every_line_is_exactly_the_block_width():
    english = "The SDF announced the arrest of 12 members of ISIS cells in the Deir ez-Zor countryside"
    for width in (40, 80, 161):
        lines = render.block(info(english=english, origin=MT), width)
        assert {cell_len(line.plain) for line in lines} == {width}


def test_term_highlight_lands_on_the_term_after_reordering():
    start = ARABIC.index("داعش")
    marks = [TermMark(start, start + 4, "daesh", FORBIDDEN)]
    lines = render.block(info(english="ISIL", origin=MT, marks=marks), WIDTH)
    shown = "".join(styled_glyphs(line, render.STATE_STYLES[FORBIDDEN]) for line in lines)
    assert shown == rtl.visual_lines("داعش", 20)[0].text.strip()      # shaped, right to left
    plain = "".join(line.plain for line in lines)
    assert "داعش" not in plain                                       # never in logical order


def test_numbers_and_latin_keep_their_reading_order_inside_arabic():
    """Right to left, the words come in reverse order while a number and a Latin name keep
    theirs: «اعتقال 153 شخصاً في Deir ez-Zor يوم الأحد» reads, from the left of the screen,
    الأحد · يوم · Deir ez-Zor · في · شخصاً · 153 · اعتقال (each Arabic word shaped)."""
    from workbench.tui import rtl
    plain = render.block(info(raw="اعتقال 153 شخصاً في Deir ez-Zor يوم الأحد"), WIDTH)[0].plain

    def at(word: str) -> int:
        shown = (word if word.isascii()
                 else rtl.visual_lines(word, 40, keep_harakat=True)[0].text.strip())
        assert shown in plain, (word, plain)
        return plain.index(shown)
    words = ["الأحد", "يوم", "Deir ez-Zor", "في", "شخصاً", "153", "اعتقال"]
    assert [at(w) for w in words] == sorted(at(w) for w in words)


def test_english_marks_are_coloured_by_state():
    english = "Forces arrested 12 ISIL members"
    start = english.index("ISIL")
    block = render.block(info(english=english, origin=MT,
                              en_marks=[TermMark(start, start + 4, "daesh", FORBIDDEN),
                                        TermMark(0, 6, "sdf", APPROVED)]), WIDTH)
    assert styled_glyphs(block[0], render.STATE_STYLES[FORBIDDEN]) == "ISIL"
    assert styled_glyphs(block[0], render.STATE_STYLES[APPROVED]) == "Forces"


def test_each_english_is_labelled_by_its_origin():
    def status(**kwargs) -> str:
        return render.status_line(info(**kwargs)).plain
    assert "post-edit by maria" in status(english="x", origin=POSTEDIT, postedit_by="maria")
    assert "machine translation" in status(english="x", origin=MT)
    assert "NOT a translation" in status(english="x", origin=GLOSS)
    assert "not translated" in status()
    assert "English source" in status(language="en", raw="An English line.")


def test_qa_summary_counts_problems_by_kind():
    class Problem:
        def __init__(self, kind):
            self.kind = kind
    summary = render.qa_summary(info(english="x", origin=MT,
                                     problems=[Problem(MISSING), Problem(FORBIDDEN),
                                               Problem(MISSING)],
                                     marks=[TermMark(0, 4, "a", MISSING)])).plain
    assert summary == "⚠ 1 forbidden rendering used; 2 approved rendering missing"


def test_a_long_segment_is_flagged():
    long = ARABIC * 40
    assert f"long segment: {len(long):,} characters" in render.status_line(info(raw=long)).plain
    assert "long segment" not in render.status_line(info()).plain


def test_terminal_mode_leaves_the_arabic_in_logical_order():
    lines = render.block(info(), WIDTH, mode="terminal")
    assert ARABIC.split()[0] in lines[0].plain


def test_glossary_states_from_the_real_glossary(sample_db):
    from workbench.mt.english import English
    from workbench.store.db import open_db
    from workbench.terms import glossary
    db = open_db(sample_db)
    loaded = LoadedGlossary(glossary.load(db))
    db.close()
    row = {"id": 9, "document_id": 1, "position": 3, "raw": ARABIC, "language": "ar"}
    checked = build_info(row, English(9, "The SDF arrested 12 ISIL members in the Deir ez-Zor "
                                         "countryside", "mt"), 0, loaded)
    states = {m.term_id: m.state for m in checked.marks}
    assert states["daesh"] == FORBIDDEN
    assert states["deir-ez-zor"] == APPROVED
    assert {m.state for m in checked.en_marks if m.term_id == "daesh"} == {FORBIDDEN}
    glossed = build_info(row, None, 0, loaded)
    assert glossed.origin == GLOSS and "ISIS" in glossed.english
    assert {m.state for m in glossed.marks} == {"pending"}


def test_wrapped_list_text_keeps_the_start_of_an_arabic_title_on_the_first_line():
    title = "قوى الأمن الداخلي تعتقل 12 مشتبهاً بهم في ريف البصيرة"
    lines = render.wrapped(title, 20).split("\n")
    assert len(lines) > 1
    first_word = rtl.visual_lines("قوى", 10)[0].text.strip()
    last_word = rtl.visual_lines("البصيرة", 10)[0].text.strip()
    assert lines[0].rstrip().endswith(first_word)   # right-aligned, beginning at the right edge
    assert last_word in lines[-1]
    assert render.wrapped("Residents say SDF raid on Deir El-Zor village", 20).split("\n")[0] == "Residents say SDF"
