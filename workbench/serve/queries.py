"""The canned queries of `workbench serve`, and the SQL functions they call.

`search` is the very SQL `workbench search` runs (store.search.PAGE_SQL, over the functions
store.search.register gives a connection), so /annotations/search?q=… finds what the CLI
finds, in the same order. Terminology QA is Python (the glossary matcher, the one English of
a segment), so `qa` is a thin SELECT over a function that runs `workbench qa`'s own code and
returns its problems as JSON. Nothing is precomputed into the database: serving never
writes, and QA is always that of the current glossary and post-edits. The function reads
through the connection the query runs on (SQLite allows it), so it sees the same snapshot.

What the user typed is checked while the query's parameters are bound (`check_query`,
`check_lang`, `check_number`, through Datasette's magic parameters :_workbench_…): an exception
there keeps its message, one inside an SQLite function reaches the page only as
"user-defined function raised exception".
"""

from __future__ import annotations

import json
import re
import sqlite3

from sqlite_utils import Database

from workbench import arabic
from workbench.errors import NotFound, WorkbenchError
from workbench.mt.english import check_corpus
from workbench.store import search

SEARCH_LIMIT = 50        # as `workbench search` without --limit
MOST_SKIPPED = 2**62     # an offset SQLite can add the limit to


def qa_json(db: Database, document_id: int | None) -> str:
    """`workbench qa [--doc ID] --json`'s problems as a JSON list (an unknown document: none)."""
    try:
        _, reports = check_corpus(db, document_id)
    except NotFound:
        return "[]"
    return json.dumps([
        {"segment_id": r.segment_id, "document_id": r.document_id, "position": r.position,
         "arabic": r.arabic, "english": r.english, **p.to_dict()}
        for r in reports for p in r.problems], ensure_ascii=False)


# --- checking what the user typed, while the query's parameters are bound ------------------

def _one_line(check, *args):
    try:
        return check(*args)
    except WorkbenchError as exc:
        raise sqlite3.OperationalError(str(exc)) from None


def check_query(query: str | None) -> str:
    """The search words as given, or an SQLite error carrying the CLI's one line. A NUL
    (which a URL can carry and a command line cannot) is refused: SQLite would end the
    search expression at it."""
    query = query or ""
    if "\x00" in query:
        raise sqlite3.OperationalError("search: the query holds a NUL character (%00); "
                                       "remove it")
    _one_line(search.fts_query, query)
    _one_line(search.en_query, query)
    return query


def check_lang(lang: str | None) -> str:
    """ar, en or any (the default, as `workbench search`)."""
    return _one_line(search.check_lang, (lang or "").strip() or "any")


def check_number(name: str, value: str | None, what: str, most: int = 2**63 - 1) -> int | None:
    """A whole-number parameter (None when left empty), or an SQLite error saying why not."""
    value = (value or "").strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and int(value) <= most):
        raise sqlite3.OperationalError(f"{name}: {value!r} is not {what} (a whole number "
                                       f"up to {most})")
    return int(value)


# --- the functions, on one connection ------------------------------------------------------

def register_functions(conn: sqlite3.Connection) -> None:
    """The workbench's SQL functions on a Datasette connection to a workbench database:
    the search's (workbench_search_ar(text) and workbench_search_en(text): the MATCH
    expressions `workbench search` uses, so a query of one's own can search the same way:
    `... WHERE segments_fts MATCH workbench_search_ar('المرتزقة')`), search_keys(norm), which
    the Arabic index is built with (as the store registers it), and workbench_qa(doc)."""
    db = Database(conn, recursive_triggers=False, execute_plugins=False)
    search.register(conn)
    conn.create_function("search_keys", 1, arabic.search_keys, deterministic=True)
    conn.create_function("workbench_qa", 1, lambda document_id: qa_json(db, document_id))


# --- the canned queries ---------------------------------------------------------------------

def _columns(source: str, names: list[str]) -> str:
    return ",\n  ".join(f"json_extract({source}.value, '$.{n}') AS [{n}]" for n in names)


def _bound(sql: str, values: dict[str, str]) -> str:
    """The search's SQL with its parameters bound to the checked ones (or constants)."""
    return re.sub(r":(\w+)\b", lambda m: values.get(m.group(1), m.group(0)), sql)


# The columns of `workbench search --json` but the highlights (an English segment's English
# is itself, and not repeated), the rows in its order.
SEARCH_SQL = f"""SELECT segment_id, document_id, number, language, raw,
  CASE WHEN language = 'en' THEN NULL ELSE english END AS english, title, outlet, published
FROM ({_bound(search.PAGE_SQL, {"query": ":_workbench_q", "lang": ":_workbench_lang",
                                "all_versions": "0", "limit": str(SEARCH_LIMIT),
                                "offset": ":_workbench_offset"})})
ORDER BY segment_id"""

QA_SQL = f"""SELECT
  {_columns("p", ["segment_id", "document_id", "position", "kind", "term_id", "term_ar",
                  "surface_ar", "approved", "found", "suggestion", "advisory", "arabic",
                  "english"])}
FROM json_each(workbench_qa(:_workbench_doc)) AS p
ORDER BY p.key"""

INCIDENT_CLAIMS_SQL = """SELECT
  c.id AS claim_id, c.claim_type, c.outlet, c.claimant, c.claimant_role,
  (SELECT group_concat(json_extract(q.value, '$.raw'), ' · ') FROM json_each(c.quantities) q)
    AS figures,
  c.date, c.place, c.status, c.content, c.translation, c.quantities, c.annotator,
  c.segment_id, s.document_id, d.title AS document, d.published
FROM claims c
JOIN segments s ON s.id = c.segment_id
JOIN documents d ON d.id = s.document_id
WHERE c.incident_id = :_workbench_incident
ORDER BY c.claim_type, d.published, c.id"""


def canned_queries() -> dict:
    return {
        "search": {
            "title": "Search the corpus",
            "description": ("Full-text search, as `workbench search` does it: segments whose "
                            "Arabic or English has every word of q (at most 64 different "
                            "words); Arabic through its normalized form, so «المرتزقة» finds "
                            "«وبالمرتزقة» and «الـ.ـمرتزقة». lang: ar, en or any (the default); "
                            f"{SEARCH_LIMIT} results from offset (0 when empty), in corpus order."),
            "sql": SEARCH_SQL, "params": ["q", "lang", "offset"], "hide_sql": True,
        },
        "qa": {
            "title": "Terminology QA",
            "description": ("Every translated segment whose English misses an approved "
                            "rendering or uses a forbidden one, with the fix, as `workbench qa` "
                            "lists them (advisory: the term is a draft). `doc` narrows it to "
                            "one document."),
            "sql": QA_SQL, "params": ["doc"], "hide_sql": True,
        },
        "incident_claims": {
            "title": "An incident's claims side by side",
            "description": ("The claims grouped on incident `incident` (an id from the "
                            "incidents table), one row each: who claims what, which figures, "
                            "from which outlet and with what status."),
            "sql": INCIDENT_CLAIMS_SQL, "params": ["incident"], "hide_sql": True,
        },
    }
