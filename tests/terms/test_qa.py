"""Terminology QA on hand-made translated segments."""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.terms import qa
from workbench.terms.glossary import Glossary

ARABIC = "قالت قوى الأمن الداخلي إن مرتزقة داعش هاجموا نقطة في دير الزور"


def kinds(problems):
    return [(p.kind, p.term_id, p.found) for p in problems]


def test_clean_translation_has_no_problem(small):
    english = "The Internal Security Forces said ISIS mercenaries attacked a post in Deir ez-Zor."
    assert qa.check(small, ARABIC, english) == []
    assert qa.enforce(small, ARABIC, english) == english


def test_acceptable_rendering_is_not_a_problem(small):
    english = "The Asayish said Islamic State mercenaries attacked a post in Deir ez-Zor."
    assert qa.check(small, ARABIC, english) == []


def test_missing_rendering(small):
    english = "The police said ISIS mercenaries attacked a post in Deir ez-Zor."
    [problem] = qa.check(small, ARABIC, english)
    assert (problem.kind, problem.term_id, problem.found) == ("missing", "isf", None)
    assert problem.approved == "Internal Security Forces"
    assert problem.suggestion == "Internal Security Forces"
    assert problem.start is None and problem.end is None
    assert problem.surface_ar == "قوى الأمن الداخلي"
    assert problem.fix(english) is None          # nothing to replace: no automatic fix


def test_forbidden_renderings_with_fixes(small):
    english = "The Internal Security Forces said ISIL militants attacked a post in Deir El-Zor."
    problems = qa.check(small, ARABIC, english)
    assert kinds(problems) == [("forbidden", "murtazaqa", "militants"),
                               ("forbidden", "daesh", "ISIL"),
                               ("forbidden", "deir-ez-zor", "Deir El-Zor")]
    militants = problems[0]
    assert english[militants.start:militants.end] == "militants"
    assert militants.fix(english) == ("The Internal Security Forces said ISIL mercenaries "
                                      "attacked a post in Deir El-Zor.")
    assert militants.suggestion == militants.fix(english)
    assert qa.enforce(small, ARABIC, english) == (
        "The Internal Security Forces said ISIS mercenaries attacked a post in Deir ez-Zor.")
    # each fix still applies after the others have shifted the text
    text = english
    for p in reversed(problems):
        text = p.fix(text)
    assert text == qa.enforce(small, ARABIC, english)
    assert qa.check(small, ARABIC, text) == []


def test_fix_keeps_number_and_sentence_capital(small):
    arabic = "قتل مرتزق في الهجوم"
    english = "Militants attacked. A militant was killed."
    problems = qa.check(small, arabic, english)
    assert [p.found for p in problems] == ["Militants", "militant"]
    assert problems[0].replacement == "Mercenaries"
    assert problems[1].replacement == "mercenary"
    assert qa.enforce(small, arabic, english) == "Mercenaries attacked. A mercenary was killed."


def test_fix_relocates_in_an_edited_text(small):
    english = "ISIL claimed it."
    [problem] = qa.check(small, "تبنى داعش الهجوم", english)
    assert problem.fix("Yesterday ISIL claimed it.") == "Yesterday ISIS claimed it."
    assert problem.fix("Then ISIL and ISIL") is None     # two places: not unambiguous
    assert problem.fix("nothing here") is None


def test_forbidden_of_a_term_absent_from_the_arabic_is_ignored(small):
    assert qa.check(small, "هاجم مرتزقة القرية", "Mercenaries attacked; ISIL was not there.") == []


def test_ambiguous_forbidden_span_gets_no_automatic_fix(small):
    arabic = "قوات سوريا الديمقراطية تتهم الانفصاليين"
    english = "Kurdish forces accuse separatists"
    problems = qa.check(small, arabic, english)
    forbidden = [p for p in problems if p.kind == "forbidden"]
    assert {p.term_id for p in forbidden} == {"sdf"}    # separatists is rendered: no problem
    [sdf] = forbidden
    assert sdf.replacement == "Syrian Democratic Forces"
    english2 = "Kurdish forces said so"
    problems2 = qa.check(small, arabic, english2)
    ambiguous = [p for p in problems2 if p.kind == "forbidden"]
    assert {p.term_id for p in ambiguous} == {"sdf", "separatists"}
    assert all(p.replacement is None and p.fix(english2) is None for p in ambiguous)
    assert qa.enforce(small, arabic, english2) == english2


def test_draft_problems_are_advisory_and_not_enforced(small):
    arabic = "قال التحالف"
    english = "the alliance said"
    [problem] = qa.check(small, arabic, english)
    assert problem.kind == "forbidden" and problem.advisory
    assert problem.fix(english) == "the Coalition said"
    assert qa.enforce(small, arabic, english) == english


def test_deprecated_terms_are_not_enforced(small):
    arabic = "تنظيم الدولة الإسلامية في العراق والشام"
    english = "Islamic State in Iraq and the Levant"
    # only the live term inside is checked, and its approved rendering is there
    assert qa.check(small, arabic, english) == []


def test_enforce_replaces_acceptable_when_approved_is_absent(small):
    arabic = "قالت قوات سوريا الديمقراطية إن قوات سوريا الديمقراطية انتشرت"
    assert qa.enforce(small, arabic, "The SDF said the SDF deployed") == (
        "The Syrian Democratic Forces said the Syrian Democratic Forces deployed")
    # approved present: the acronym after first mention stays
    kept = "The Syrian Democratic Forces (SDF) said the SDF deployed"
    assert qa.enforce(small, arabic, kept) == kept


def test_enforce_does_not_double_the_article(small):
    approved = Glossary([replace(t, status="approved") if t.id == "coalition" else t
                         for t in small.terms.values()])
    assert qa.enforce(approved, "قال التحالف", "the International Coalition said") == (
        "the Coalition said")
    assert qa.enforce(approved, "قال التحالف", "The alliance said") == "The Coalition said"


def test_gloss_lists_approved_renderings_in_order(small):
    assert qa.gloss(small, ARABIC + " ومرتزقة") == (
        "Internal Security Forces; mercenaries; ISIS; Deir ez-Zor")
    assert qa.gloss(small, "لا شيء هنا") == ""


def test_real_glossary_sentence(real):
    arabic = "كثفت قوى الأمن الداخلي عملياتها ضد خلايا الـ.ـمرتزقة بدير الزور"
    english = "The Interior Security Forces stepped up operations against militant cells in Deir-ez-Zor"
    fixed = qa.enforce(real, arabic, english)
    assert fixed == ("The Internal Security Forces stepped up operations against mercenary cells "
                     "in Deir ez-Zor")
    assert qa.check(real, arabic, fixed) == []


# --- long translations (issue 11) --------------------------------------------------------

def test_a_long_translation_with_forbidden_renderings_in_every_sentence(small):
    """Each problem used to carry its own copy of the fixed English, and each fix was applied
    by copying the whole text: quadratic in the number of problems."""
    arabic = "قالت مصادر إن مرتزقة داعش هاجموا نقطة"
    sentence = "Sources said ISIL militants attacked a post. "
    english = sentence * 10_000
    problems = qa.check(small, arabic, english)
    assert len(problems) == 20_000
    assert {(p.term_id, p.found) for p in problems} == {("murtazaqa", "militants"), ("daesh", "ISIL")}
    last = problems[-1]
    assert (last.start, last.found) == (len(english) - len(sentence) + len("Sources said "), "ISIL")
    assert last.suggestion == english[:-len(sentence)] + "Sources said ISIS militants attacked a post. "
    assert qa.enforce(small, arabic, english) == "Sources said ISIS mercenaries attacked a post. " * 10_000


_SENTENCE_START = re.compile(r"(?:^|[.!?…:]\s+|\n)[\"'“‘(«\s]*$")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list(".!?…: \n\t\"'“‘(«aT") + ["the", "The", "THE", "xthe", "\u00a0"]),
                max_size=12).map("".join), st.integers(0, 60))
def test_sentence_starts_and_articles_are_read_as_the_patterns_read_them(english, start):
    """Read backwards from the replacement instead of searching all the English before it."""
    start = min(start, len(english))
    assert qa._starts_sentence(english, start) == bool(_SENTENCE_START.search(english[:start]))
    assert qa._after_the(english, start) == bool(re.search(r"\bthe\s+$", english[:start], re.IGNORECASE))
