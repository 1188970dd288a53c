"""What Datasette shows about a workbench database: what each table and column holds, the
facets a team lead filters by, the labels of foreign keys, and which columns hold JSON.

The full-text index is contentless and holds normalized, stemmed keys, so Datasette's own
table search (which matches what is typed, unnormalized) cannot work on it: the index stays
hidden, and a `?_search=` on segments or documents is sent to the `search` canned query
(plugin.search_redirect), which searches as `workbench search` does.
"""

from __future__ import annotations

SEARCH_NOTE = "Search the text with the search query ({db}/search?q=…), not a table filter."

TABLES: dict[str, dict] = {
    "documents": {
        "description": ("One row per imported article or post, and per version of one "
                        "(is_current = 1: the latest). " + SEARCH_NOTE),
        "label_column": "title",
        "facets": ["outlet", "language", "source_kind"],
        "columns": {
            "doc_key": "the document's identity across versions (its URL or file)",
            "version": "1 for the first import; a changed text becomes a new version",
            "is_current": "1 for the latest version (search and QA use only these)",
            "outlet": "who published it", "language": "ar or en",
            "published": "publication date as found in the page",
            "source_kind": "html, url, feed, telegram, pdf, docx (empty: text or rows)",
            "original_source": "who first said it (a forward's or reprint's source)",
            "segment_count": "how many segments the text was split into",
        },
    },
    "segments": {
        "description": ("The text, a paragraph or sentence a row, exactly as in the source "
                        "(raw) and in the normalized form used for matching (norm). "
                        + SEARCH_NOTE),
        "label_column": "raw",
        "facets": ["language"],
        "columns": {
            "raw": "the text as published (offsets of claims and terms point into it)",
            "norm": "normalized for matching and search only (never shown as the text)",
            "position": "order in the document, from 0",
            "hash": "of the normalized content: equal hashes are the same content",
        },
    },
    "segment_english": {
        "description": ("The English of each segment as the workbench shows it (its post-edit, "
                        "a 100% match, its machine translation; an English segment's own "
                        "text), kept current by the database. Its search box searches the "
                        "English (words stemmed: attacks finds attacked)."),
        "fts_table": "segment_english_fts", "fts_pk": "segment_id",
    },
    "translations": {
        "description": ("A segment's machine translation (tm_id) and the human post-edit, "
                        "with who wrote it and when."),
        "columns": {"postedit": "the human translation; empty: none",
                    "tm_id": "the machine translation it was made on"},
    },
    "tm": {
        "description": "The translation memory: each machine translation, once per model and content.",
        "label_column": "mt_text",
        "columns": {"mt_raw": "the engine's output", "mt_text": "after glossary enforcement",
                    "settings": "JSON: the engine settings"},
    },
    "terms": {
        "description": ("The controlled glossary: the approved English of each Arabic term, "
                        "and the acceptable and forbidden renderings."),
        "label_column": "term_ar",
        "facets": ["category", "status"],
        "columns": {
            "variants_ar": "JSON list: other Arabic forms", "approved_en": "the rendering to use",
            "acceptable_en": "JSON list: also correct", "forbidden_en": "JSON list: never use",
            "related": "JSON list: ids of related terms",
            "status": "approved, draft (advisory) or deprecated",
        },
    },
    "term_hits": {
        "description": "Where glossary terms occur in segments (start/end: offsets into the raw text).",
    },
    "claims": {
        "description": ("Claims tagged on spans of segments: who claims what, with which "
                        "figures, and its verification status."),
        "facets": ["claim_type", "status", "outlet"],
        "columns": {
            "content": "the claimed span of the segment's raw text",
            "claimant": "who makes the claim", "outlet": "who reported it",
            "actors": "JSON list: who is named", "quantities": "JSON list: the figures",
            "status": "unverified, corroborated, disputed or false",
            "incident_id": "the incident it is grouped on (see the incident_claims query)",
        },
    },
    "claim_types": {"description": "The kinds of claim (the list is data and can grow).",
                    "label_column": "label"},
    "incidents": {"description": ("Events that several claims report: see the "
                                  "incident_claims query for its claims side by side."),
                  "label_column": "title"},
    "rejected_suggestions": {"description": "Suggested claims an annotator rejected (never offered again)."},
    "history": {
        "description": ("Every change to annotations: who, when, the row before and after "
                        "(JSON)."),
        "facets": ["table_name", "action", "annotator"],
    },
    "merges": {"description": "Each merge of another annotator's database.",
               "label_column": "source", "columns": {"summary": "JSON: what the merge did"}},
    "conflicts": {"description": "Disagreements merges found, open or resolved.",
                  "facets": ["status", "table_name"]},
    "meta": {"description": "Bookkeeping (the glossary revision)."},
}

HIDDEN = ("segments_fts", "term_hit_state", "_sqlite_migrations", "migrations")


def database_metadata(path: str, json_columns: dict[str, frozenset[str]]) -> dict:
    """The metadata of one workbench database (served at `path`, /annotations), its JSON
    columns as the schema declares them."""
    tables = {}
    for name, table in TABLES.items():
        table = {**table, "description": table["description"].replace("{db}", path)}
        if json_columns.get(name):
            table["plugins"] = {"workbench": {"json_columns": sorted(json_columns[name])}}
        tables[name] = table
    for name in HIDDEN:
        tables[name] = {"hidden": True}
    return {
        "description": ("An Arabic–English workbench database, read-only. Canned queries: "
                        "search (the corpus, as `workbench search`), qa (terminology "
                        "problems), incident_claims (an incident's claims side by side)."),
        "tables": tables,
    }
