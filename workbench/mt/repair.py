"""Missing-term repair: put the approved rendering where the model dropped or paraphrased a term.

Choosing among hypotheses and swapping forbidden renderings (`mt.enforce`) cannot help when
no hypothesis renders the term at all (المرتزقة → "the fighters"). The model's attention
still says which English words came from the term's Arabic words (`mt.align`): those words
are replaced by the approved rendering, fitted to where it goes (number of the word it
replaces, capital at a sentence start, no doubled "the", a/an before it). When no English
word holds enough of the term's attention, the model dropped it: the rendering is inserted
after the English of the Arabic word before the term.

Words that render another term of the same Arabic, and function words, are never replaced.
Every change is returned as a `Repair`, kept with the translation so a reader can see where
the model was overruled, and why.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from workbench.mt import align
from workbench.terms.qa import _adjust, _starts_sentence   # one rule for fitting a rendering

MIN_SHARE = 0.2      # a word holding less of the term's attention is not its rendering
NEIGHBOUR = 0.6      # a neighbour joins the replaced words at this share of the best word's

FUNCTION_WORDS = frozenset("""
a an the of in on at to for from by with and or but as that this these those which who
whom whose is are was were be been being has have had do does did it its their his her our
your my we they he she i you them him us not no into onto near between during after before
over under about against than then there here also all some any each both
""".split())
_TRIM = "\"'“”‘’()[]«».,;:!?…"
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Repair:
    term_id: str
    term_ar: str         # the term as the glossary has it
    surface_ar: str      # as written in the Arabic
    action: str          # "replaced" | "inserted"
    found: str           # the English words replaced ("" when inserted)
    start: int           # where, in the English before the repair
    end: int
    replacement: str     # what was put there
    share: float         # attention share of the replaced words (of the neighbour, inserted)
    why: str

    def to_dict(self) -> dict:
        return asdict(self)


def repair(glossary, arabic: str, english: str, alignment: align.Alignment | None,
           term_ids: list[str]) -> tuple[str, list[Repair]]:
    """The English with each of these terms (missing from it) given its approved rendering,
    and the repairs made; unchanged without an alignment that fits the English."""
    words = align.word_spans(english)
    if not alignment or not term_ids or len(alignment) != len(words):
        return english, []
    hits: dict[str, object] = {}
    for hit in glossary.find(arabic):
        hits.setdefault(hit.term_id, hit)
    protected = set()
    for h in glossary.find_en(english, only=set(hits)):
        protected.update(k for k, (s, e) in enumerate(words) if s < h.end and e > h.start)
    edits: list[Repair] = []
    for term_id in term_ids:
        hit = hits.get(term_id)
        if hit is None:
            continue
        found = _replace(glossary, arabic, english, words, alignment, hit, protected)
        if found is None:
            found = _insert(glossary, arabic, english, words, alignment, hit)
        if found is not None:
            edit, used = found
            protected |= used
            edits.append(edit)
    return _apply(english, edits)


def _content(word: str) -> bool:
    core = word.strip(_TRIM)
    return bool(_LETTER.search(core)) and core.lower() not in FUNCTION_WORDS


def _replace(glossary, arabic, english, words, alignment, hit, protected):
    term = glossary.terms[hit.term_id]
    source = align.source_words_of(arabic, hit.start, hit.end)
    share = align.scores(alignment, source)
    prior = align.diagonal(source, len(align.word_spans(arabic)), len(words))
    candidates = [k for k, (s, e) in enumerate(words)
                  if k not in protected and _content(english[s:e])]
    if not candidates:
        return None
    best = max(candidates, key=lambda k: share[k] * prior[k])
    if share[best] < MIN_SHARE:
        return None
    most = len(term.approved_en.split())
    first = last = best
    while last - first + 1 < most:
        grow = [k for k in (first - 1, last + 1) if k in candidates
                and share[k] >= max(MIN_SHARE, NEIGHBOUR * share[best])]
        if not grow:
            break
        k = max(grow, key=share.__getitem__)
        first, last = min(first, k), max(last, k)
    start, end = _trimmed(english, words[first][0], words[last][1])
    found = english[start:end]
    rendering = _adjust(english, start, end, term.approved_en, found)
    at, rendering = _article(english, start, rendering)
    edit = Repair(term.id, term.term_ar, hit.surface, "replaced", english[at:end], at, end,
                  rendering, round(sum(share[first:last + 1]) / (last - first + 1), 2),
                  f"no hypothesis renders {hit.surface} as approved; the English aligned "
                  f"with it by the model's attention was replaced")
    return edit, set(range(first, last + 1))


def _insert(glossary, arabic, english, words, alignment, hit):
    """After the English of the Arabic word before the term (before that of the word after
    it, at a text's start); no insertion without any aligned neighbour."""
    term = glossary.terms[hit.term_id]
    source = sorted(align.source_words_of(arabic, hit.start, hit.end))
    n_source = len(align.word_spans(arabic))
    for neighbour, after in ((source[0] - 1, True), (source[-1] + 1, False)):
        if not 0 <= neighbour < n_source or not words:
            continue
        share = align.scores(alignment, {neighbour})
        prior = align.diagonal({neighbour}, n_source, len(words))
        best = max(range(len(words)), key=lambda k: share[k] * prior[k])
        if share[best] < MIN_SHARE:
            continue
        if after:        # after the last of the words the neighbour became
            while best + 1 < len(words) and share[best + 1] >= MIN_SHARE:
                best += 1
            pos = _trimmed(english, *words[best])[1]
        else:
            pos = words[best][0]
        rendering = term.approved_en
        if _starts_sentence(english, pos) and rendering[:1].islower():
            rendering = rendering[0].upper() + rendering[1:]
        text = f" {rendering}" if after else f"{rendering} "
        edit = Repair(term.id, term.term_ar, hit.surface, "inserted", "", pos, pos, text,
                      round(share[best], 2),
                      f"no English word renders {hit.surface}; inserted "
                      f"{'after' if after else 'before'} the English of the neighbouring word")
        return edit, set()
    return None


def _trimmed(english: str, start: int, end: int) -> tuple[int, int]:
    """The span without the punctuation and quotes around the words in it."""
    while start < end and english[start] in _TRIM:
        start += 1
    while end > start and english[end - 1] in _TRIM:
        end -= 1
    return start, end


_ARTICLE = re.compile(r"\b(an?|An?|AN?)\s+$")
_VOWEL_SOUND = re.compile(r"^(?:[aeioAEIO]|u(?!ni|s[eu])|U(?!ni|S[EU])|[FHLMNRSX](?=[A-Z]{1,4}\b))")


def _article(english: str, start: int, rendering: str) -> tuple[int, str]:
    """a/an before the rendering, by its sound; the article itself when the rendering brings
    «the» or is plural. Returns the (possibly earlier) start and the text from there."""
    before = _ARTICLE.search(english[max(0, start - 4):start])
    if before is None:
        return start, rendering
    at = start - (len(english[max(0, start - 4):start]) - before.start())
    article = before.group(1)
    capital = article[0].isupper()
    if rendering.lower().startswith("the "):
        word = "The" if capital else "the"
        return at, f"{word} {rendering[4:]}"
    last = rendering.split()[-1]
    if last.islower() and last.endswith("s") and not last.endswith("ss"):
        rest = rendering[0].upper() + rendering[1:] if capital else rendering
        return at, rest       # «a fighters» cannot be: no article
    an = bool(_VOWEL_SOUND.match(rendering))
    word = ("An" if capital else "an") if an else ("A" if capital else "a")
    return at, f"{word} {rendering}"


def _apply(english: str, edits: list[Repair]) -> tuple[str, list[Repair]]:
    """The edits applied right to left, and those applied (one overlapping an edit already
    applied is dropped), in the order of the English."""
    out, last, applied = english, len(english) + 1, []
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        if edit.end > last:
            continue
        out = out[:edit.start] + edit.replacement + out[edit.end:]
        last = edit.start
        applied.append(edit)
    return out, applied[::-1]
