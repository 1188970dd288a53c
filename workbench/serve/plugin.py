"""The workbench's Datasette plugin: Arabic search and QA as SQL functions, the canned
queries, and the metadata of every workbench database Datasette serves.

It is registered by `workbench serve`, and through the `datasette` entry point in
pyproject.toml, so `datasette annotations.db` gets it too. It acts only on databases that are
workbench databases (their application_id), found when Datasette starts.
"""

from __future__ import annotations

import copy
import json
import re
import sqlite3
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode
from weakref import WeakKeyDictionary

from datasette import hookimpl
from datasette.utils import tilde_decode
from markupsafe import Markup
from sqlite_utils import Database

from workbench import arabic
from workbench.serve import metadata, queries
from workbench.store.db import APPLICATION_ID
from workbench.team.source import json_columns

NAME = "workbench"


@dataclass
class _Served:
    """What the plugin knows of one Datasette: its workbench databases and their metadata."""

    metadata: dict = field(default_factory=dict)             # {database name: metadata}
    json_columns: dict = field(default_factory=dict)         # {database name: {table: columns}}


_served: WeakKeyDictionary = WeakKeyDictionary()             # Datasette -> _Served


def _is_workbench(conn: sqlite3.Connection) -> bool:
    return conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def _schema_json_columns(conn: sqlite3.Connection) -> dict[str, frozenset[str]]:
    db = Database(conn, recursive_triggers=False, execute_plugins=False)
    return {t: cols for t in db.table_names() if (cols := json_columns(db, t))}


@hookimpl
async def startup(datasette):
    served = _served.setdefault(datasette, _Served())
    for name, database in datasette.databases.items():
        if database.is_memory:
            continue
        found = await database.execute_fn(
            lambda conn: _schema_json_columns(conn) if _is_workbench(conn) else None)
        if found is not None:
            served.json_columns[name] = found
            served.metadata[name] = metadata.database_metadata(datasette.urls.database(name),
                                                               found)


def _workbench_databases(datasette) -> dict:
    served = _served.get(datasette)
    return served.metadata if served is not None else {}


@hookimpl
def prepare_connection(conn, database, datasette):
    if database != "_internal" and _is_workbench(conn):
        queries.register_functions(conn)


@hookimpl
def get_metadata(datasette, key, database, table):
    databases = _workbench_databases(datasette)
    # a copy: Datasette merges other sources (a metadata.json) into what a plugin returns
    return {"databases": copy.deepcopy(databases)} if databases else {}


@hookimpl
def canned_queries(datasette, database, actor):
    return queries.canned_queries() if database in _workbench_databases(datasette) else None


@hookimpl
def register_magic_parameters(datasette):
    """:_workbench_q, _lang, _offset, _doc, _incident: the request's q, lang, offset, doc
    and incident, checked (a bad value is the query's error message, in one line)."""
    def value(key, request):
        if key == "q":
            return queries.check_query(request.args.get("q"))
        if key == "lang":
            return queries.check_lang(request.args.get("lang"))
        if key == "offset":
            return queries.check_number("offset", request.args.get("offset"),
                                         "a number of results to skip",
                                         queries.MOST_SKIPPED) or 0
        if key == "doc":
            return queries.check_number("doc", request.args.get("doc"), "a document id")
        if key == "incident":
            return queries.check_number("incident", request.args.get("incident"),
                                         "an incident id")
        raise KeyError(key)
    return [(NAME, value)]


@hookimpl
def render_cell(value, column, table, database, datasette):
    """Arabic text right to left, as it is read; a JSON column's list an item a line."""
    served = _served.get(datasette)
    if served is None or not isinstance(value, str) or database not in served.json_columns:
        return None
    columns = served.json_columns[database]
    declared = columns.get(table, ()) if table else set().union(*columns.values())
    if column in declared:
        return _json_cell(value)
    if _ARABIC.search(value):
        return Markup('<div dir="rtl">{}</div>').format(value)
    return None


_ARABIC = re.compile(f"[{arabic.ARABIC_LETTER}]")


def _json_cell(value: str) -> Markup | None:
    try:
        parsed = json.loads(value)
    except ValueError:
        return None
    if not isinstance(parsed, (list, dict)) or not parsed:
        return None
    items = parsed if isinstance(parsed, list) else [parsed]
    lines = [item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)
             for item in items]
    return Markup('<div class="workbench-json" dir="auto">{}</div>').format(
        Markup("<br>").join(lines))


def search_redirect(datasette, path: str, query_string: str) -> str | None:
    """Where a table search on the text goes: `/<db>/segments?_search=…` (or documents, or
    the index itself) to `/<db>/search?q=…`, which searches the normalized text; None for
    any other request."""
    parts = path.strip("/").split("/")
    if len(parts) != 2:
        return None
    route, table = tilde_decode(parts[0]), parts[1]
    table, dot, extension = table.partition(".")
    if table not in ("segments", "documents", "segments_fts") or extension not in ("", "json"):
        return None
    names = {db.route: name for name, db in datasette.databases.items()}
    name = names.get(route)
    if name not in _workbench_databases(datasette):
        return None
    args = dict(parse_qsl(query_string, keep_blank_values=True))
    words = next((v for k, v in args.items() if k.startswith("_search") and k != "_searchmode"),
                 None)
    if words is None:
        return None
    return f"{datasette.urls.database(name)}/search{dot}{extension}?{urlencode({'q': words})}"


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def redirecting(scope, receive, send):
            target = None
            if scope["type"] == "http":
                target = search_redirect(datasette, scope.get("path", ""),
                                         scope.get("query_string", b"").decode("latin-1"))
            if target is None:
                await app(scope, receive, send)
                return
            await send({"type": "http.response.start", "status": 302,
                        "headers": [(b"location", target.encode("utf-8")),
                                    (b"content-type", b"text/plain; charset=utf-8")]})
            await send({"type": "http.response.body", "body": b""})
        return redirecting
    return wrap

