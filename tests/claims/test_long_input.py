"""Long and degenerate segments (issue 11): quantities, cues and suggestions answer as they do
on short text, raise nothing and do not hang; the linear rewrites agree with the definitions
they replace. How fast is measured in bench/bench_long.py, never asserted here."""

from __future__ import annotations

import re
import threading
import unicodedata
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench import arabic
from workbench.arabic import obfuscation, rules
from workbench.claims import cues, numbers, quantities
from workbench.claims.cues import attributions
from workbench.claims.quantities import extract_quantities
from workbench.claims.suggest import suggest

from .helpers import add_text, check_quantity_spans

NEWS = ("وقال الناطق باسم قوى الأمن الداخلي، العقيد سليمان العبو، إن الحملة أسفرت عن اعتقال 12 "
        "مشتبهاً بانتمائهم للخلايا النائمة ومقتل أربعة من الـ.ـمرتزقة، وأفادت مصادر محلية بأن نحو "
        "30 عنصراً من داعش قتلوا في ريف دير الزور، ")


def degenerate(kind: str, size: int) -> str:
    """`size` characters of one shape of bad input."""
    def repeat(piece: str) -> str:
        return (piece * (size // len(piece) + 1))[:size]
    return {
        "news without punctuation": lambda: repeat(NEWS),
        "no spaces": lambda: repeat(NEWS.replace(" ", "")),
        "only digits": lambda: repeat("1234567890"),
        "Arabic-Indic digits": lambda: repeat("١٢٣٤٥٦٧٨٩٠"),
        "a run of tatweel": lambda: "ل" + "ـ" * (size - 3) + ". ",
        "obfuscation everywhere": lambda: repeat("قـ.ـسد "),
        "only diacritics": lambda: "ب" + "َ" * (size - 1),
        "diacritics everywhere": lambda: repeat("قَالَ إِنَّ ٥ أَشْخَاصٍ "),
        "a run of spaces": lambda: "قال " + " " * (size - 20) + "إن 5 أشخاص x",
        "only newlines": lambda: "\n" * size,
        "Arabic and Latin alternating": lambda: repeat("مa"),
        "separators": lambda: repeat("1,234,"),
        "quotation marks": lambda: repeat("«قال إن "),
        "one cue after another": lambda: repeat("قال إن 5 مرتزقة "),
        "and and and": lambda: "قال إن 5 أشخاص" + repeat(" and")[:size - 20] + " x",
        "trailers": lambda: "x" + repeat(" has")[:size - 20] + " said 5 people",
    }[kind]()


KINDS = ["news without punctuation", "no spaces", "only digits", "Arabic-Indic digits",
         "a run of tatweel", "obfuscation everywhere", "only diacritics", "diacritics everywhere",
         "a run of spaces", "only newlines", "Arabic and Latin alternating", "separators",
         "quotation marks", "one cue after another", "and and and", "trailers"]


def finishes(fn, seconds: float = 180):
    """fn() in a thread: its result, or a failure after `seconds` rather than a test run that
    hangs (the quadratic steps took minutes on these inputs; now they take about a second)."""
    out: list = []

    def target():
        try:
            out.append(("ok", fn()))
        except BaseException as exc:   # re-raised below, in the test's thread
            out.append(("error", exc))

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert out, f"still running after {seconds:.0f} s"
    status, value = out[0]
    if status == "error":
        raise value
    return value


def check_quantities(text: str, found) -> None:
    check_quantity_spans(text, found)


def check_attributions(text: str, found) -> None:
    for a in found:
        assert 0 <= a.cue.start < a.cue.end <= len(text)
        assert 0 <= a.content[0] <= a.content[1] <= len(text)
        if a.claimant:
            assert 0 <= a.claimant[0] < a.claimant[1] <= len(text)


def check_suggestions(text: str, found) -> None:
    for s in found:
        claim = s.claim
        assert claim.content == text[claim.start:claim.end]
        assert claim.cue == text[claim.cue_start:claim.cue_end]
        for q in claim.quantities:
            assert claim.start <= q["start"] < q["end"] <= claim.end
        check_quantity_spans(text, [SimpleNamespace(**q) for q in claim.quantities])


@pytest.mark.parametrize("kind", KINDS)
def test_every_step_reads_a_degenerate_segment(kind, fresh_db, glossary):
    text = degenerate(kind, 20_000)
    check_quantities(text, extract_quantities(text))
    check_attributions(text, attributions(text, "ar"))
    check_attributions(text, attributions(text, "en"))
    if text.strip():
        [segment] = add_text(fresh_db, text)
        check_suggestions(segment["raw"], suggest(fresh_db, segment["document_id"], glossary))


def test_sensible_answers_on_degenerate_segments():
    assert extract_quantities(degenerate("only digits", 20_000)) == []          # an ID, not a count
    assert [q.value for q in extract_quantities(degenerate("one cue after another", 1600))] == [5] * 100
    assert len(attributions(degenerate("one cue after another", 1600), "ar")) == 100
    assert attributions(degenerate("only newlines", 20_000), "ar") == []
    [said] = attributions(degenerate("and and and", 20_000), "ar")
    assert degenerate("and and and", 20_000)[said.content[0]:said.content[1]].startswith("5 أشخاص")


# Inputs on which a step was quadratic or hung, at twice the size the issue measured.
@pytest.mark.parametrize("kind, step", [
    ("a run of tatweel", "suggest"),              # the obfuscation regex restarted at each tatweel
    ("one cue after another", "suggest"),         # every cue walked every figure and actor
    ("diacritics everywhere", "suggest"),
    ("news without punctuation", "suggest"),
    ("and and and", "attributions"),              # "(?:\s+(?:and|but))+$" backtracked
    ("trailers", "attributions"),
    ("a run of spaces", "attributions"),
    ("Arabic and Latin alternating", "quantities"),
    ("separators", "quantities"),
])
def test_a_long_degenerate_segment_finishes(kind, step, fresh_db, glossary):
    text = degenerate(kind, 400_000)
    if step == "quantities":
        check_quantities(text, finishes(lambda: extract_quantities(text)))
    elif step == "attributions":
        language = "ar" if arabic.detect_language(text) == "ar" else "en"
        check_attributions(text, finishes(lambda: attributions(text, language)))
    else:
        [segment] = add_text(fresh_db, text)
        found = finishes(lambda: suggest(fresh_db, segment["document_id"], glossary))
        check_suggestions(segment["raw"], found)
        if kind == "one cue after another":
            assert len(found) == 400_000 // len("قال إن 5 مرتزقة ")


# --- the linear rewrites against the definitions they replace ---------------------------

def _reference_fold(text: str) -> tuple[str, list[int]]:
    """The figures profile by its definition, one character at a time."""
    dropped = {i for m in obfuscation.OBFUSCATION_RE.finditer(text) for i in range(*m.span())}
    chars, index = [], []
    for pos, ch in enumerate(text):
        if pos in dropped or ch == "\u0640" or unicodedata.category(ch) in ("Mn", "Cf"):
            continue
        if ch in rules.FIGURE_FOLDS:
            ch = rules.FIGURE_FOLDS[ch]
        elif not ch.isascii() and unicodedata.category(ch) == "Nd":
            ch = str(unicodedata.decimal(ch))
        chars.append(ch)
        index.append(pos)
    return "".join(chars), index


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ـ.·قسدأإآىة ١٢٣0,٬٫–َُّ\u200f\u200cx")) | st.characters(),
               max_size=60))
def test_folding_is_the_per_character_definition(text):
    folded = arabic.normalize_with_offsets(text, arabic.FIGURES)
    assert (folded.text, list(folded.offsets)) == _reference_fold(text)
    assert arabic.normalize(text, arabic.FIGURES) == folded.text


def _reference_split(word, lexicon, prefixes=numbers.AR_PREFIXES):
    """ar_split by its definition: the first prefix that starts the word and leaves a word
    of the lexicon."""
    for p in prefixes:
        if word.startswith(p) and (not p or len(word) - len(p) >= 2) and word[len(p):] in lexicon:
            return p, word[len(p):]
    return None


_WORDS = sorted(numbers.AR_NUM) + sorted(numbers.DUALS)[:20] + ["الاف", "عده", "بضع", "عدد", "ست", "لست"]


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(numbers.AR_PREFIXES + ("", "وو", "ا", "x")), st.sampled_from(_WORDS),
       st.sampled_from([numbers.AR_PREFIXES, ("", "ال"), ("",), ("و",), quantities._QUAL_CLITICS]))
def test_clitic_split_is_the_first_prefix_that_fits(prefix, word, prefixes):
    for lexicon in (frozenset(numbers.AR_NUM), numbers.DUALS, numbers.COUNTABLE, numbers._AR_FEW):
        assert numbers.ar_split(prefix + word, lexicon, prefixes) == \
            _reference_split(prefix + word, lexicon, prefixes)
    assert numbers.ar_split(prefix + word, numbers.AR_NUM, prefixes) == \
        _reference_split(prefix + word, numbers.AR_NUM, prefixes)     # a dict works too


class _EveryToken(quantities._Reader):
    """The reader as it was: _at tried at every token, none skipped."""

    def run(self):
        out, i = [], 0
        while i < len(self.toks):
            got = self._quantity_at(i)
            if got is None:
                i += 1
                continue
            q, i = got[0], max(i + 1, got[1])
            if q is not None:
                out.append(q)
                self.floor = i
        return out


_PIECES = st.sampled_from([
    " واحد ", " اثنين ", " ثلاثة ", " وخمسة ", " عشر ", " عشرين ", " مئة ", " ألف ", " آلاف ",
    " عشرات ", " نحو ", " بنحو ", " أكثر من ", " ما يقارب ", " بين ", " و", " إلى ", " من ", " شخصاً ",
    " شخصين ", " عنصرين اثنين ", " أيلول ", " الساعة ", " المادة ", " عام ", " عدة ", " بضعة ", " عدد ",
    " بالمئة ", " في المئة ", " على الأقل ", " الثلاثة ", " لـ", " الـ", " قتلى ", " مدنيين ",
    " one ", " a ", " an ", " hundred ", " and ", " twenty-five ", " Dozens of ", " between ", " to ",
    " more than ", " at least ", " August ", " people ", " of ", " several ", " percent ", " or ",
    "13", "2023", "1,200", "2.5", "+", "%", "-", "/", "10:30", "0933", " ", "،", "."])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_skipping_tokens_that_begin_nothing_changes_nothing(text):
    assert extract_quantities(text) == (_EveryToken(text).run() if text else [])


_AND_BUT_RE = r"(?:\s+(?:and|but))+$"
_EN_TRAILERS_RE = (r"(?:\s+(?:has|have|had|was|were|is|also|later|again|earlier|then|previously|"
                   r"today|yesterday|on\s+\w+|in\s+a\s+statement))+$")
_TRAILING_TEXT = st.lists(st.sampled_from(
    ["and", "but", "has", "on", "in", "a", "statement", "today", "is", "this", "x", "salon", "on_x",
     " ", "  ", "\t", "\n", ",", ".", "-", "\u00a0"]), max_size=14).map("".join)


@settings(max_examples=500, deadline=None)
@given(_TRAILING_TEXT, st.integers(0, 40), st.integers(0, 40))
def test_trailing_words_are_cut_as_the_regex_cut_them(text, a, b):
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    assert cues._cut_trailing(text, start, end, cues._AND_BUT) == cues._cut(text, start, end, _AND_BUT_RE)
    assert cues._cut_trailing(text, start, end, cues._EN_TRAILERS) == \
        cues._cut(text, start, end, _EN_TRAILERS_RE)
    assert cues._cut(text, start, end, r"(?<![\s,])[\s,]*\band$") == \
        cues._cut(text, start, end, r"[\s,]*\band$")


def test_a_long_run_of_and_is_cut_whole():
    text = "content" + " and" * 100_000 + " but"
    assert cues._cut_trailing(text, 0, len(text), cues._AND_BUT) == (0, len("content"))
    assert re.fullmatch(_AND_BUT_RE.removesuffix("$"), text[len("content"):])
