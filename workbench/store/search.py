"""Full-text search over segments, in Arabic, in English, or both.

Two indexes, one per language, tokenized alike (FTS5's porter unicode61):
- segments_fts: each segment's text as it was imported, through Arabic search keys, so
  «المرتزقة» finds «وبالمرتزقة» and «الـ.ـمرتزقة» (`arabic.search_keys` of the normalized
  text; the query goes through the same normaliser);
- segment_english_fts: each segment's English, as `workbench.mt.english` decides it (its
  post-edit, a 100% match, its MT) and an English segment's own text, kept current by
  triggers (migration 14), so "attacks" finds "attacked" whichever way the English was written.

`lang` picks the text: "ar" the original text of non-English segments, "en" the English,
"any" either. Every word of the query must be in the same text (AND). Results come in corpus
order (documents as imported, segments in reading order), which FTS5 gives without ranking
every match, so the first page of a common word is as quick as that of a rare one. Segments
are numbered from 1 (`number`, as the UI's "segment N of M"); `position` stays 0-based.

`find` is the one search: the CLI, the UI and Datasette's canned query (`register`, then
PAGE_SQL with :query, :lang, :all_versions, :limit, :offset) run the same SQL.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from sqlite_utils import Database

from workbench import arabic
from workbench.errors import InvalidValue

MAX_WORDS = 64       # FTS5's cost grows with the square of the terms ANDed together
LANGS = ("ar", "en", "any")
LANG_NAMES = {"ar": "Arabic", "en": "English", "any": "Arabic or English"}
COUNT_CAP = 10_000   # counting stops here: "10,000+ results" (see count())
TOKENIZE = "porter unicode61 remove_diacritics 2"    # as both indexes (migrations 6, 15)

# --- the query --------------------------------------------------------------------------------


_SEPARATORS = {c: " " for c in [*range(0x20), 0x7F]}   # control characters split words, as
                                                     # in the index (and FTS5 stops at a NUL)


def _words(text: str) -> list[str]:
    """Distinct words that hold at least one letter or digit (FTS5 drops the rest, and an
    empty phrase would match nothing), at most MAX_WORDS."""
    words = list(dict.fromkeys(w for w in text.translate(_SEPARATORS).split()
                               if any(c.isalnum() for c in w)))
    if len(words) > MAX_WORDS:
        raise InvalidValue(f"search: {len(words)} different words; a query takes at most "
                           f"{MAX_WORDS} (every word must match)")
    return words


def _expression(words: list[str], op: str = "AND") -> str | None:
    if not words:
        return None
    return f" {op} ".join('"' + w.replace('"', '""') + '"' for w in words)


def ar_terms(query: str) -> list[str]:
    """The query's words as the Arabic index holds them: normalized, clitics stripped."""
    return _words(arabic.search_keys(arabic.normalize(query)))


def en_terms(query: str) -> list[str]:
    """The query's words for the English index (FTS5 folds case, accents and stems)."""
    return _words(query)


def fts_query(query: str) -> str | None:
    """The FTS5 expression for the Arabic index, requiring every word (quoted, each once)."""
    return _expression(ar_terms(query))


def en_query(query: str) -> str | None:
    """The FTS5 expression for the English index, requiring every word."""
    return _expression(en_terms(query))


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise InvalidValue(f"search: language {lang!r}: choose one of {', '.join(LANGS)}")
    return lang


def register(conn: sqlite3.Connection) -> None:
    """Give a connection the SQL functions PAGE_SQL and COUNT_SQL call (Datasette's
    prepare_connection does this for the canned query)."""
    conn.create_function("workbench_search_ar", 1, lambda q: fts_query(q or ""),
                         deterministic=True)
    conn.create_function("workbench_search_en", 1, lambda q: en_query(q or ""),
                         deterministic=True)


# --- the SQL ----------------------------------------------------------------------------------

# Each index's first matches in ascending segment id, at most :upto of them, among the
# segments searched (current documents, and for the Arabic index no English segment). FTS5
# gives its rowids in order, so each stops after :upto matches whatever the word's
# frequency; the first N of the union are among the first N of each. The language test and
# the expression's NULL test (no word to look for) do not depend on any row: SQLite checks
# them once, before touching an index.
_ARMS = """
SELECT id FROM (SELECT f.rowid AS id FROM segments_fts f
    JOIN segments s ON s.id = f.rowid JOIN documents d ON d.id = s.document_id
    WHERE :lang IN ('ar', 'any') AND workbench_search_ar(:query) IS NOT NULL
      AND segments_fts MATCH workbench_search_ar(:query) AND s.language != 'en'
      AND (d.is_current = 1 OR :all_versions)
    ORDER BY f.rowid LIMIT {upto})
UNION
SELECT id FROM (SELECT f.rowid AS id FROM segment_english_fts f
    JOIN segments s ON s.id = f.rowid JOIN documents d ON d.id = s.document_id
    WHERE :lang IN ('en', 'any') AND workbench_search_en(:query) IS NOT NULL
      AND segment_english_fts MATCH workbench_search_en(:query)
      AND (d.is_current = 1 OR :all_versions)
    ORDER BY f.rowid LIMIT {upto})
"""

PAGE_SQL = f"""
SELECT s.id AS segment_id, s.document_id, s.position, s.position + 1 AS number, s.raw,
       s.language, e.english, d.title, d.outlet, d.published
FROM ({_ARMS.format(upto=":limit + :offset")} ORDER BY id LIMIT :limit OFFSET :offset) hit
JOIN segments s ON s.id = hit.id
JOIN documents d ON d.id = s.document_id
LEFT JOIN segment_english e ON e.segment_id = s.id
ORDER BY hit.id
"""

# :cap is the most worth counting (-1: no limit); more than :cap means "at least :cap".
COUNT_SQL = f"SELECT COUNT(*) FROM ({_ARMS.format(upto=':cap')})"


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Results:
    """One page of results and how many there are in all (at least, when not `exact`)."""

    query: str
    lang: str
    rows: list[dict]
    total: int
    exact: bool
    offset: int = 0

    def count_label(self) -> str:
        """"12 results", "1 result", "1,000+ results": never a page's size as the total."""
        if not self.exact:
            return f"{self.total:,}+ results"
        return f"{self.total:,} result{'' if self.total == 1 else 's'}"

    def to_record(self) -> dict:
        return {"query": self.query, "lang": self.lang, "total": self.total,
                "total_exact": self.exact, "offset": self.offset, "results": self.rows}


def _params(query: str, lang: str, all_versions: bool) -> dict:
    return {"query": query, "lang": lang, "all_versions": 1 if all_versions else 0}


def find(db: Database, query: str, lang: str = "any", limit: int = 50, offset: int = 0,
         current_only: bool = True, count_cap: int | None = COUNT_CAP) -> Results:
    """A page of the segments whose Arabic (lang "ar"), English ("en") or either ("any") has
    every word of the query, in corpus order, with the matches in each text
    (`raw_highlights`, `english_highlights`: [start, end) character offsets), and the number
    of results, counted up to `count_cap` (None: all of them)."""
    check_lang(lang)
    query.encode("utf-8")       # bytes that are not UTF-8 (lone surrogates) are refused, not
                                # searched for as nothing
    ar, en = fts_query(query), en_query(query)      # InvalidValue before any SQL
    if ar is None and en is None:
        return Results(query, lang, [], 0, True, offset)
    register(db.conn)
    params = _params(query, lang, not current_only)
    rows = [dict(r) for r in db.query(PAGE_SQL, {**params, "limit": limit, "offset": offset})]
    if len(rows) < limit and (rows or offset == 0):
        total, exact = offset + len(rows), True
    else:
        total, exact = count(db, query, lang, current_only, count_cap)
    highlight(rows, query)
    return Results(query, lang, rows, total, exact, offset)


def count(db: Database, query: str, lang: str = "any", current_only: bool = True,
          cap: int | None = COUNT_CAP) -> tuple[int, bool]:
    """(number of results, exact): with a cap, counting stops after `cap` results and says
    so. An exact count reads every match: 0.1 to 1.3 s for common words in the 1,000,000-
    segment bench (bench/bench_tui.py); counting to 10,000 takes under 40 ms there."""
    check_lang(lang)
    register(db.conn)
    limit = -1 if cap is None else cap + 1
    found = db.execute(COUNT_SQL, {**_params(query, lang, not current_only), "cap": limit}
                       ).fetchone()[0]
    if cap is not None and found > cap:
        return cap, False
    return found, True


def search(db: Database, query: str, limit: int = 50, current_only: bool = True,
           lang: str = "any") -> list[dict]:
    """The first page of `find`, as rows."""
    return find(db, query, lang, limit, current_only=current_only).rows


# --- where the words are ----------------------------------------------------------------------

_OPEN, _CLOSE = "\x02", "\x03"          # control characters separate tokens, like spaces
_CONTROLS = str.maketrans({_OPEN: "\x04", _CLOSE: "\x04"})


def _marked_spans(texts: dict[int, str], terms: list[str]) -> dict[int, list[tuple[int, int]]]:
    """{key: [(start, end)]}: where FTS5, with the indexes' own tokenizer, finds any of the
    terms in each text (character offsets). A private in-memory table, so the spans are
    exactly the tokens the index matched (stems, case and accents included)."""
    expression = _expression(terms, "OR")
    if expression is None or not texts:
        return {}
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(f"CREATE VIRTUAL TABLE h USING fts5 (t, tokenize = '{TOKENIZE}')")
        conn.executemany("INSERT INTO h (rowid, t) VALUES (?, ?)",
                         [(k, t.translate(_CONTROLS)) for k, t in texts.items()])
        out: dict[int, list[tuple[int, int]]] = {}
        for key, marked in conn.execute(
                f"SELECT rowid, highlight(h, 0, '{_OPEN}', '{_CLOSE}') FROM h WHERE h MATCH ?",
                [expression]):
            spans, position, start = [], 0, 0
            for ch in marked:
                if ch == _OPEN:
                    start = position
                elif ch == _CLOSE:
                    spans.append((start, position))
                else:
                    position += 1
            out[key] = spans
        return out
    finally:
        conn.close()


def _keys_with_words(raw: str) -> tuple[str, list[tuple[int, int, int, int]]]:
    """The raw text's search keys (as the index holds them) and, for each word, its span in
    the keys and in the raw text: [(key_start, key_end, raw_start, raw_end)]."""
    norm = arabic.normalize_with_offsets(raw)
    pieces, words, cursor, length = [], [], 0, 0
    for token, start, end in arabic.tokens(norm.text):
        key = arabic.search_keys(token)
        pieces.append(norm.text[cursor:start])
        length += start - cursor
        pieces.append(key)
        words.append((length, length + len(key), *norm.word_span(start, end)))
        length += len(key)
        cursor = end
    pieces.append(norm.text[cursor:])
    return "".join(pieces), words


def arabic_spans(texts: dict[int, str], query: str) -> dict[int, list[tuple[int, int]]]:
    """{key: [(start, end)]}: the words of each raw text that the Arabic index matched for
    the query's words, as raw character offsets (whole words, clitics and marks included)."""
    keyed = {k: _keys_with_words(raw) for k, raw in texts.items()}
    found = _marked_spans({k: keys for k, (keys, _) in keyed.items()}, ar_terms(query))
    out = {}
    for k, spans in found.items():
        words = keyed[k][1]
        hit = sorted({(rs, re_) for ks, ke, rs, re_ in words
                      for s, e in spans if ks < e and s < ke})
        out[k] = hit
    return out


def english_spans(texts: dict[int, str], query: str) -> dict[int, list[tuple[int, int]]]:
    """{key: [(start, end)]}: the matches of the query's words in each English text."""
    return _marked_spans(texts, en_terms(query))


def highlight(rows: list[dict], query: str) -> None:
    """Add raw_highlights and english_highlights to result rows (every word of the query
    that occurs, whichever text the row was found by)."""
    arabic_raw = {n: r["raw"] for n, r in enumerate(rows) if r["language"] != "en"}
    english = {n: r["english"] for n, r in enumerate(rows) if r.get("english")}
    ar_found = arabic_spans(arabic_raw, query)
    en_found = english_spans(english, query)
    for n, row in enumerate(rows):
        if row["language"] == "en":
            row["raw_highlights"] = [list(s) for s in en_found.get(n, [])]
            row["english"] = None            # an English segment's English is itself
            row["english_highlights"] = []
        else:
            row["raw_highlights"] = [list(s) for s in ar_found.get(n, [])]
            row["english_highlights"] = [list(s) for s in en_found.get(n, [])]
