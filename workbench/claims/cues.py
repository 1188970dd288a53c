"""Reporting verbs (قال، أكد، كشف، أعلن … said, confirmed, announced …) and who is speaking.

`attributions(text)` finds each reporting cue in one segment and, for each, the span of the
claimant and of the content it introduces. It works on the normalized text (so tatweel,
diacritics and «قـ.ـوى»-style obfuscation do not matter) and maps spans back to the raw text.

The rules are the shapes news Arabic and English actually use:

* Arabic verb–subject: «وقال الناطق باسم …، العقيد سليمان العبو، إن …» — the claimant runs
  from the verb to the complementizer (إن، أن، بأن، عن، إلى) or a comma.
* Arabic subject first: «العقيد محمود الحسين، من … أكد في تصريحات …، إن» — when nothing
  names a speaker after the verb, the words before it do (first cue of a segment only).
* English subject–verb: "Omar al-Hassoun, a local activist, said …"; after the cue comes
  "that …" or the content; a cue at the end ("…, local sources told X.") reports what
  came before it; '"…," said X' puts the claimant after the verb.
* "according to X, …" / «بحسب البيان، …».
* No speaker at all («وأضاف أن», "he said", a participle «مؤكداً أن», "…, and said") means
  the same claimant as before: the attribution's claimant is None and the caller carries
  the previous one over.

They are heuristics and pre-fill a form; the annotator confirms or corrects them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from workbench import arabic

# lemma (its English gloss): (kind, finite forms, participles whose subject is the previous verb's)
AR_CUES: dict[str, tuple[str, str, str]] = {
    "say": ("report", "قال قالت قالوا يقول تقول يقولون", ""),
    "confirm": ("report", "أكد أكدت أكدوا يؤكد تؤكد", "مؤكدا مؤكدة مؤكدين"),
    "reveal": ("report", "كشف كشفت كشفوا يكشف تكشف", "كاشفا كاشفة"),
    "announce": ("report", "أعلن أعلنت أعلنوا يعلن تعلن", "معلنا معلنة"),
    "add": ("report", "أضاف أضافت أضافوا يضيف تضيف", "مضيفا مضيفة"),
    "point out": ("report", "أشار أشارت أشاروا يشير تشير", "مشيرا مشيرة"),
    "mention": ("report", "ذكر ذكرت ذكروا", ""),
    "explain": ("report", "أوضح أوضحت أوضحوا يوضح", "موضحا موضحة"),
    "state": ("report", "صرح صرحت صرحوا", "مصرحا"),
    "report": ("report", "أفاد أفادت أفادوا يفيد", "مفيدا"),
    "claim": ("report", "زعم زعمت زعموا يزعم ادعى ادعت", "زاعما مدعيا"),
    "warn": ("report", "حذر حذرت حذروا يحذر", "محذرا محذرة"),
    "deny": ("denial", "نفى نفت نفوا ينفي", "نافيا نافية"),
    "accuse": ("accusation", "اتهم اتهمت اتهموا يتهم", "متهما متهمة"),
    "demand": ("demand", "طالب طالبت طالبوا يطالب", "مطالبا مطالبة"),
    "call on": ("demand", "دعا دعت دعوا يدعو ناشد ناشدت", "داعيا داعية"),
    "according to": ("according", "بحسب حسب وفق وفقا طبقا", ""),
}
EN_CUES: dict[str, tuple[str, str, str]] = {
    "say": ("report", "said|says|say", "saying"),
    "tell": ("report", "told|tells|tell", ""),
    "confirm": ("report", "confirmed|confirms|confirm", "confirming"),
    "announce": ("report", "announced|announces|announce", "announcing"),
    "claim": ("report", "claimed|claims|alleges|alleged that", "claiming"),
    "deny": ("denial", "denied|denies|deny|disputed|disputes|dispute", "denying"),
    "accuse": ("accusation", "accused|accuses|accuse|blamed|blames|blame", "accusing|blaming"),
    "add": ("report", "added|adds", "adding"),
    "state": ("report", "stated", "stating"),
    "report": ("report", "reported", ""),
    "reveal": ("report", "revealed|reveals|disclosed", "revealing"),
    "stress": ("report", "stressed|stresses|insisted|insists", "stressing"),
    "warn": ("report", "warned|warns", "warning that"),
    "note": ("report", "noted|explained", "noting"),
    "demand": ("demand", "demanded|demands|demand", "demanding"),
    "call on": ("demand", r"called\s+on|calls\s+on|call\s+on|called\s+for|calls\s+for|urged|urges"
                r"|appealed|appeals", r"calling\s+on|calling\s+for|urging"),
    "according to": ("according", r"according\s+to", ""),
}

AR_ROLES = ("الناطق الناطقة ناطق المتحدث المتحدثة متحدث مسؤول المسؤول "
            "المسؤولة مسؤولة مسؤولون عضو رئيس الرئيس الرئيسة مدير قائد القائد نائب وجهاء وجيه "
            "ناشط ناشطون مصدر مصادر القيادي قيادي ممثل وزير")
AR_TITLES = "العقيد العميد اللواء الجنرال الشيخ الدكتور المقدم النقيب"
EN_ROLES = ("spokesperson spokesman spokeswoman official officials head co-chair chair "
            "commander deputy member director chief activist activists notable notables elder "
            "elders source sources leader minister president representative")
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "هو", "هي", "هم"}
_AR_THAT = r"(?<!\w)(?:(?:الي|علي)\s+)?ب?ان(?:ه|ها|هم|هما|نا)?(?!\w)|:"
_AR_ABOUT = r"(?<!\w)(?:عن|الي)(?!\w)"
# Words after the claimant that start a time or a channel: «… يوم الخميس», «… في بيان».
AR_TRAILERS = "يوم مطلع أوائل أواخر خلال عبر أمس اليوم قد لوسائل"
AR_TRAILERS_AFTER_FI = "بيان تصريح تصريحات مؤتمر حديث ختام لقاء"
_AR_LEADERS = r"^(?:(?:و|ف)?(?:كان|كانت|كانوا|قد|كما|من\s+جانبه|من\s+جانبها|في\s+المقابل)\s+)+"
_EN_LEADERS = (r"^(?:(?:and|but|as|while|which|who|whom|that|when|also|then|meanwhile|however|"
               r"moreover|later|earlier|yesterday|today)\s+)+")
# Words that trail an English subject ("the SDF has", "officials on Monday"), taken off its
# end; each phrase is words separated by white space, _ANY_WORD standing for any word (\w+).
_ANY_WORD = None
_EN_TRAILERS = tuple((w,) for w in "has have had was were is also later again earlier then "
                     "previously today yesterday".split()) + (("on", _ANY_WORD), ("in", "a", "statement"))
_AND_BUT = (("and",), ("but",))
_STRIP = " \t\n,،;؛:-–—"
_NON_SPACE_RE = re.compile(r"\S")


@dataclass(frozen=True)
class Cue:
    start: int          # raw span of the reporting verb, without a leading و/ف
    end: int
    lemma: str          # English gloss: say, confirm, announce, according to …
    kind: str           # report, according, denial, accusation, demand
    participle: bool    # «مؤكداً», "adding": its subject is the previous verb's


@dataclass(frozen=True)
class Attribution:
    cue: Cue
    claimant: tuple[int, int] | None   # raw span; None: the same claimant as before
    content: tuple[int, int]           # raw span of what is claimed


@dataclass(frozen=True)
class _C:                # a cue in normalized coordinates
    token_start: int     # with its proclitic
    start: int
    end: int
    lemma: str
    kind: str
    participle: bool


@lru_cache(maxsize=1)
def _ar_pattern() -> tuple[re.Pattern, dict[str, tuple[str, str, bool]]]:
    forms: dict[str, tuple[str, str, bool]] = {}
    for lemma, (kind, finite, participles) in AR_CUES.items():
        for word in finite.split():
            forms.setdefault(arabic.normalize(word), (lemma, kind, False))
        for word in participles.split():
            forms.setdefault(arabic.normalize(word), (lemma, kind, True))
    alt = "|".join(sorted(map(re.escape, forms), key=len, reverse=True))
    # the lookahead names the letters a match can start with, so the search skips all
    # others at C speed instead of trying every form at each character of a long text
    firsts = "".join(sorted({"و", "ف"} | {form[0] for form in forms}))
    return re.compile(rf"(?=[{firsts}])(?<!\w)[وف]?(?P<v>{alt})(?!\w)"), forms


@lru_cache(maxsize=1)
def _en_patterns() -> list[tuple[re.Pattern, str, str, bool]]:
    out = []
    for lemma, (kind, finite, participles) in EN_CUES.items():
        out.append((re.compile(rf"\b(?:{finite})\b"), lemma, kind, False))
        if participles:
            out.append((re.compile(rf"\b(?:{participles})\b"), lemma, kind, True))
    return out


@lru_cache(maxsize=1)
def _ar_trailers() -> str:
    words = "|".join(arabic.normalize(w) for w in AR_TRAILERS.split())
    after_fi = "|".join(arabic.normalize(w) for w in AR_TRAILERS_AFTER_FI.split())
    return rf"(?:^|\s)(?:{words}|في\s+(?:{after_fi}|(?:ال)?\d+))(?!\w)"


@lru_cache(maxsize=1)
def _titles() -> str:
    words = {arabic.normalize(w) for w in (AR_TITLES + " " + AR_ROLES).split()}
    return rf"(?:{'|'.join(sorted(map(re.escape, words), key=len, reverse=True))})(?!\w)"


@lru_cache(maxsize=2)
def _roles(language: str) -> re.Pattern:
    words = AR_ROLES if language == "ar" else EN_ROLES
    if language == "ar":
        alt = "|".join(sorted({re.escape(arabic.normalize(w)) for w in words.split()}, key=len,
                              reverse=True))
        return re.compile(rf"(?<!\w)(?:ال|و)?(?:{alt})(?!\w)")
    alt = "|".join(sorted(map(re.escape, words.split()), key=len, reverse=True))
    return re.compile(rf"\b(?:{alt})\b")


def _find(text: str, language: str) -> list[_C]:
    found = []
    if language == "ar":
        pattern, forms = _ar_pattern()
        for m in pattern.finditer(text):
            lemma, kind, participle = forms[m.group("v")]
            found.append(_C(m.start(), m.start("v"), m.end("v"), lemma, kind, participle))
    else:
        for pattern, lemma, kind, participle in _en_patterns():
            found.extend(_C(m.start(), m.start(), m.end(), lemma, kind, participle)
                         for m in pattern.finditer(text))
        found.sort(key=lambda c: (c.start, -c.end))
        kept: list[_C] = []
        for c in found:
            if not kept or c.start >= kept[-1].end:
                kept.append(c)
        found = kept
    return found


_WORD_RE = re.compile(r"\w+")


def _words(text: str) -> int:
    return len(_WORD_RE.findall(text))


def _trim(text: str, start: int, end: int, chars: str = _STRIP) -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and (text[end - 1] in chars or text[end - 1] == "."):
        end -= 1
    return start, end


def _cut(text: str, start: int, end: int, pattern: str, flags=0) -> tuple[int, int]:
    """[start, end) trimmed, without what `pattern` matches at its start (^…) or its end."""
    start, end = _trim(text, start, end)
    piece = text[start:end]
    m = re.match(pattern, piece, flags) if pattern.startswith("^") else re.search(pattern, piece, flags)
    if m and pattern.startswith("^"):
        start += m.end()
    elif m:
        end = start + m.start()
    return _trim(text, start, end)


def _cut_trailing(text: str, start: int, end: int,
                  phrases: tuple[tuple[str | None, ...], ...]) -> tuple[int, int]:
    r"""[start, end) trimmed, without the phrases (each after white space) it ends with.

    What `_cut` does with the pattern (?:\s+(?:phrase|phrase…))+$, without the regex: a
    search for it starts again at every white-space character and backtracks over every
    repetition, which is quadratic on a long run of spaces or of "and and and".
    """
    start, end = _trim(text, start, end)
    # every position from which the text to the end is phrases after white space; the
    # leftmost of them is where the regex's match would begin
    cut, todo, seen = end, [end], {end}
    while todo:
        x = todo.pop()
        for phrase in phrases:
            p = _phrase_before(text, start, x, phrase)
            if p is not None and p not in seen:
                seen.add(p)
                todo.append(p)
                cut = min(cut, p)
    return _trim(text, start, cut)


def _phrase_before(text: str, start: int, x: int, phrase: tuple[str | None, ...]) -> int | None:
    r"""Where the white space before `phrase` begins, when the phrase ends at x (None if it
    does not): \s+word\s+word… matched backwards, no further back than start."""
    for word in reversed(phrase):
        if word is _ANY_WORD:
            w = x
            while w > start and (text[w - 1].isalnum() or text[w - 1] == "_"):
                w -= 1
            if w == x:
                return None
        else:
            w = x - len(word)
            if w < start or not text.startswith(word, w):
                return None
        x = w
        while x > start and text[x - 1].isspace():
            x -= 1
        if x == w:
            return None
    return x


_QUOTE_PAIRS = {"“": "”", "«": "»", '"': '"'}
_QUOTE_MARK_RE = re.compile('[“”«»"]')


def _quoted(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks: a reporting verb in a quote is part of the quote.

    The spans are disjoint and in order."""
    spans, open_at, closer = [], None, None
    for m in _QUOTE_MARK_RE.finditer(text):
        i, ch = m.start(), m.group()
        if open_at is None and ch in _QUOTE_PAIRS:
            open_at, closer = i, _QUOTE_PAIRS[ch]
        elif open_at is not None and ch == closer:
            spans.append((open_at, i + 1))
            open_at = None
    if open_at is not None:
        spans.append((open_at, len(text)))
    return spans


def _in_quote(quotes: list[tuple[int, int]], starts: list[int], c: _C) -> bool:
    """Whether a cue lies inside one of the (disjoint, ordered) quotes: only the last quote
    opening before it can hold it."""
    n = bisect_left(starts, c.start) - 1
    return n >= 0 and c.end <= quotes[n][1]


def _arabic(t: str, c: _C, region: int, limit: int, first: bool,
            actor_at) -> tuple[tuple[int, int] | None, int]:
    """(claimant span or None, content start) for one Arabic cue, in normalized coordinates."""
    after = t[c.end:limit]
    if c.kind == "according":
        m = re.search(r"[،,:]", after)
        if m and _words(after[:m.start()]) <= 10:
            return _trim(t, c.end, c.end + m.start()), c.end + m.end()
        return None, c.end
    if c.kind == "demand":
        actor = actor_at(c.end)
        if actor is not None:
            return actor, actor[1]
        phrase, content = (c.end, c.end), c.end
    else:
        m = re.search(_AR_THAT, after)
        if not (m and _words(after[:m.start()]) <= 16):
            m = re.search(_AR_ABOUT, after)
        comma = re.search(r"[،,]", after)
        trailer = re.search(_ar_trailers(), after)
        if m and _words(after[:m.start()]) <= 16:
            phrase, content = (c.end, c.end + m.start()), c.end + m.end()
        elif comma and _words(after[:comma.start()]) <= 10:
            phrase, content = (c.end, c.end + comma.start()), c.end + comma.end()
        elif trailer and _words(after[:trailer.start()]) <= 10:
            phrase, content = (c.end, c.end + trailer.start()), c.end + trailer.start()
        else:
            phrase, content = (c.end, c.end), c.end
    phrase = _cut(t, *phrase, _ar_trailers())
    if c.participle or phrase[0] >= phrase[1]:
        if first and not c.participle:
            before = _arabic_before(t, region, c.token_start, actor_at)
            if before is not None:
                return before, content
        return None, content
    if t[phrase[0]:phrase[1]] in _PRONOUNS:
        return None, content
    return phrase, content


def _arabic_before(t: str, region: int, cue_start: int, actor_at) -> tuple[int, int] | None:
    """«العقيد محمود الحسين، من … أكد», «وكان المركز الإعلامي قد كشف»: a subject before the verb.

    Only taken when it looks like one: it opens with كان, ends with قد, or starts with a
    title, a role word or a glossary actor; otherwise (say «وتطرق البيان …، إذ أشار») the
    words before the verb are another clause and the claimant is carried over instead.
    """
    start = region
    for m in re.finditer(r"[.:؛!?؟«»\"“”]", t[region:cue_start]):
        start = region + m.end()
    if _words(t[start:cue_start]) > 15:
        comma = [m.end() for m in re.finditer(r"[،,]", t[start:cue_start])]
        start = start + comma[-1] if comma else cue_start
    start, end = _trim(t, start, cue_start)
    piece = t[start:end]
    subject_like = (re.match(r"(?:و|ف)?كان", piece) or re.search(r"(?:^|\s)قد$", piece)
                    or re.match(_titles(), piece) or actor_at(start) is not None)
    if not subject_like:
        return None
    span = _cut(t, start, end, _AR_LEADERS)
    span = _cut(t, *span, r"(?:^|\s)(?:قد|اذ|حيث|كما)$")
    return span if span[0] < span[1] else None


def _english(t: str, c: _C, region: int, limit: int,
             first: bool) -> tuple[tuple[int, int] | None, tuple[int, int]]:
    """(claimant span or None, content span) for one English cue, in normalized coordinates."""
    after = t[c.end:limit]
    if c.kind == "according":
        m = re.search(r"[,:]", after)
        if m and _words(after[:m.start()]) <= 10:
            return _trim(t, c.end, c.end + m.start()), (c.end + m.end(), limit)
        end = re.search(r"[.;]|$", after).start()
        return _trim(t, c.end, c.end + end), (region, c.token_start)
    before = t[region:c.token_start].rstrip()
    if before.endswith(('"', "”", "’", "'")) and not c.participle:
        m = re.match(r"\s*([^,.;:\"“”]+)", after)
        claimant = _trim(t, c.end, c.end + m.end(1)) if m else None
        if claimant and _words(t[claimant[0]:claimant[1]]) > 6:
            claimant = None
        return claimant, (region, c.token_start)
    subject, inherit = (None, True) if c.participle else _english_before(t, region, c.token_start, first)
    claimant = None if inherit else subject
    that = re.search(r"\bthat\b", after)
    if that and _words(after[:that.start()]) <= 10 and not re.search(r"[.;\"“”]", after[:that.end()]):
        return claimant, (c.end + that.end(), limit)
    tail = after.strip(" \t\n,")
    if c.lemma == "tell" or _words(tail) <= 3 or tail.startswith("."):
        return claimant, (region, subject[0] if subject else c.token_start)
    return claimant, (c.end, limit)


def _english_before(t: str, region: int, cue_start: int,
                    first: bool) -> tuple[tuple[int, int] | None, bool]:
    """(subject span, inherit) before an English cue: the last clause piece or an apposition.

    `inherit` is true when the subject names nobody new: a pronoun, or "…, and said" after
    an earlier cue of the same sentence.
    """
    start = region
    for m in re.finditer(r"[.;:!?\"“”–—]", t[region:cue_start]):
        start = region + m.end()
    end = start + len(t[start:cue_start].rstrip())
    raw_piece = t[start:end]
    span = _cut_trailing(t, start, end, _EN_TRAILERS)
    if re.search(r"(?:^|[\s,])and$", t[span[0]:span[1]]):
        if not first:
            return None, True
        span = _cut(t, *span, r"(?<![\s,])[\s,]*\band$")   # from the start of the run only
    text = t[span[0]:span[1]]
    commas = [m.start() for m in re.finditer(r",", text)]
    apposition = raw_piece.rstrip().endswith(",") or t[span[1]:end].lstrip().startswith(",")
    if commas:
        if apposition:
            keep = commas[-2] + 1 if len(commas) >= 2 else 0
        else:
            keep = commas[-1] + 1
        span = _trim(t, span[0] + keep, span[1])
    span = _cut(t, *span, _EN_LEADERS)
    text = t[span[0]:span[1]]
    if not text or _words(text) > 20:
        return None, True
    return span, text in _PRONOUNS


def attributions(raw: str, language: str | None = None,
                 actor_spans: list[tuple[int, int]] = ()) -> list[Attribution]:
    """Each reporting cue of one segment with its claimant and content spans (raw offsets).

    `actor_spans` (raw glossary-actor spans) let «ودعت قسد … إلى» name قسد as the one making
    the demand while «ودعا الأهالي إلى» (an addressee) does not. Cues inside quotation marks
    belong to the quote and are skipped.
    """
    norm = arabic.normalize_with_offsets(raw)
    t = norm.text
    language = "ar" if (language or arabic.detect_language(raw)) == "ar" else "en"
    quotes = _quoted(t)
    quote_starts = [q0 for q0, _ in quotes]
    cues = [c for c in _find(t, language) if not _in_quote(quotes, quote_starts, c)]
    offsets = norm.offsets          # raw index of each normalized character, non-decreasing
    actors: dict[int, tuple[int, int]] = {}   # normalized start -> the first actor starting there
    for a_start, a_end in actor_spans:
        i = bisect_left(offsets, a_start)
        if i < len(offsets) and offsets[i] == a_start:
            actors.setdefault(i, (a_start, a_end))

    def actor_at(pos: int) -> tuple[int, int] | None:
        """The glossary actor whose first character is the first non-space at or after pos,
        as a normalized span."""
        m = _NON_SPACE_RE.search(t, pos)
        first_char = m.start() if m else max(pos, len(t))
        actor = actors.get(first_char)
        if actor is None:
            return None
        end = bisect_left(offsets, actor[1]) - 1     # the last character before its raw end
        return first_char, (end if end >= 0 else first_char) + 1

    out = []
    for i, c in enumerate(cues):
        region = cues[i - 1].end if i else 0
        limit = cues[i + 1].token_start if i + 1 < len(cues) else len(t)
        if language == "ar":
            claimant, content_start = _arabic(t, c, region, limit, i == 0, actor_at)
            content = (content_start, limit)
        else:
            claimant, content = _english(t, c, region, limit, i == 0)
        content = _cut_trailing(t, *content, _AND_BUT)
        if _words(t[content[0]:content[1]]) < 2:
            continue
        out.append(Attribution(
            Cue(*norm.word_span(c.start, c.end), c.lemma, c.kind, c.participle),
            norm.word_span(*claimant) if claimant and claimant[0] < claimant[1] else None,
            norm.word_span(*content)))
    return out


@dataclass(frozen=True)
class Claimant:
    name: str
    role: str
    org: str


def split_claimant(phrase: str, language: str, orgs: list[tuple[int, int, str]] = ()) -> Claimant:
    """A claimant phrase as name, role and organisation.

    `orgs` are glossary actors inside the phrase as (start, end, approved English name),
    offsets relative to the phrase. The name is the comma-separated piece with neither a
    role word nor an actor in it («…، العقيد سليمان العبو»), or the words before the role
    word («فرهاد شامي مسؤول المركز الإعلامي»); the role is the piece with the role word.
    Without a name the whole phrase stands as the claimant.
    """
    language = "ar" if language == "ar" else "en"
    roles = _roles(language)
    org = ", ".join(dict.fromkeys(name for _, _, name in orgs))
    name = role = ""
    head = ""
    pos = 0
    for piece in re.split(r"[،,]", phrase):
        start = phrase.index(piece, pos)
        pos = start + len(piece)
        s, e = _trim(phrase, start, pos)
        if e - s > 2 and phrase[s] in "\"“«" and phrase[e - 1] in "\"”»":
            s, e = s + 1, e - 1
        text = phrase[s:e]
        if not text:
            continue
        norm = arabic.normalize_with_offsets(text)
        role_m = roles.search(norm.text)
        has_actor = any(a < e and b > s for a, b, _ in orgs)
        if role_m is None and not has_actor and not name and _is_name(norm.text, text, language):
            name = text
        elif role_m is not None and not role:
            role = text
            cut = norm.raw_span(role_m.start(), role_m.end())[0] if role_m.start() else 0
            before = text[:cut].strip()
            if before and _is_name(arabic.normalize(before), before, language, head=True) \
                    and not any(s <= a < s + cut for a, _, _ in orgs):
                head, role_rest = before, text[cut:].strip()
    if not name and head:
        name, role = head, role_rest
    whole = phrase.strip(_STRIP)
    if len(whole) > 2 and whole[0] in "\"“«" and whole[-1] in "\"”»":
        whole = whole[1:-1]
    return Claimant(name or whole, role, org)


_NOT_IN_NAMES = {"احد", "من", "في", "عن", "مع", "الذي", "التي", "رفض"}


def _is_name(folded: str, raw: str, language: str, head: bool = False) -> bool:
    """A short run of words that can be a person's name (English: capitalized words).

    A name written before a role word ("Omar Hassoun, activist" aside, «فرهاد شامي مسؤول …»)
    needs two words in English, so "Tribal notables" does not yield the name "Tribal".
    """
    words = folded.split()
    if not 1 <= len(words) <= 4:
        return False
    if language == "en":
        return (len(words) >= (2 if head else 1) and not set(words) & {"the", "a", "an"}
                and all(w[:1].isupper() or w.startswith("al-") for w in raw.split()))
    return not set(words) & _NOT_IN_NAMES
