"""Full-text search over segments: the query is normalized and stemmed like the indexed text,
so «المرتزقة» finds «وبالمرتزقة» and «الـ.ـمرتزقة», and "attacks" finds "attack"."""

from __future__ import annotations

from sqlite_utils import Database

from workbench import arabic
from workbench.errors import InvalidValue

MAX_WORDS = 64       # FTS5's cost grows with the square of the terms ANDed together


def fts_query(query: str) -> str | None:
    """An FTS5 expression requiring every word of the query (as quoted terms, each once)."""
    keys = list(dict.fromkeys(arabic.search_keys(arabic.normalize(query)).split()))
    if not keys:
        return None
    if len(keys) > MAX_WORDS:
        raise InvalidValue(f"search: {len(keys)} different words; a query takes at most "
                           f"{MAX_WORDS} (every word must match)")
    return " AND ".join('"' + k.replace('"', '""') + '"' for k in keys)


def search(db: Database, query: str, limit: int = 50, current_only: bool = True) -> list[dict]:
    expression = fts_query(query)
    if expression is None:
        return []
    current = "AND d.is_current = 1" if current_only else ""
    return [dict(r) for r in db.query(
        "SELECT s.id AS segment_id, s.document_id, s.position, s.raw, s.language, "
        "d.title AS title, d.outlet AS outlet, d.published AS published "
        "FROM segments_fts f JOIN segments s ON s.id = f.rowid "
        f"JOIN documents d ON d.id = s.document_id WHERE segments_fts MATCH ? {current} "
        "ORDER BY f.rank LIMIT ?", [expression, limit])]
