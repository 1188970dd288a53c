"""Datasette on a workbench database, read-only, for a team lead's browser.

Read-only, and safe beside the annotators' work: the database is opened by SQLite in
read-only mode (`mode=ro`), never `immutable`. Immutable would not read the write-ahead log,
so whatever the UI or an import has committed but not yet checkpointed would be missing, and
it would read pages a checkpoint is rewriting under it. Read-only mode takes part in WAL
locking like any reader: it sees every committed change and never blocks a writer. The
database file itself is never written; SQLite may create the empty -wal and -shm a WAL
database keeps beside it when no other process has it open (SQLite's own files, which the
next writer uses). Only a database in a folder nobody can write, whose -shm is missing, is
opened immutable, as `workbench` itself reads it: nobody can be writing it.

Datasette is imported here, lazily from the CLI, never at the workbench's start-up.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Callable

from workbench.errors import DatabaseError_, WorkbenchError
from workbench.store import migrations
from workbench.store.db import connect, open_db, open_existing

SETTINGS = {
    "sql_time_limit_ms": 30_000,   # QA of 4,000 post-edits takes 0.5 s (bench/bench_serve.py)
    "allow_download": False,
    "default_cache_ttl": 0,        # today's work: a reload shows the latest
}


class ServeError(WorkbenchError):
    """The server cannot start: the address is taken or cannot be used."""


def check_database(path: str | Path) -> Path:
    """The one-line refusals of reading commands (no such file, not a workbench database,
    one too new), without writing anything: opened read-only, then closed. A database of an
    older workbench is not upgraded here (that writes): any other command does it."""
    path = Path(path)
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        open_existing(path)         # its one line for a missing path or an empty file
    db = open_db(path, readonly=True, migrate=False, create=False)
    try:
        if migrations.pending(db):
            raise DatabaseError_(
                f"{path}: made by an older workbench; serving only reads, so upgrade it first "
                f"by running any other command on it once (e.g. `workbench --db {path} stats`)")
    finally:
        db.close()
    return path


def _immutable(path: Path) -> bool:
    """A WAL database whose -shm cannot be created can only be read immutable."""
    return not os.access(path.parent, os.W_OK) and not Path(f"{path}-shm").exists()


def make_datasette(path: str | Path):
    """A Datasette serving the database at `path` read-only, with the workbench plugin."""
    from datasette.app import Datasette
    from datasette.database import Database
    from datasette.plugins import pm

    from workbench.serve import plugin

    if not pm.is_registered(plugin) and pm.get_plugin(plugin.NAME) is None:
        pm.register(plugin, name=plugin.NAME)
    path = check_database(path).resolve()
    immutable = _immutable(path)

    class ReadOnlyDatabase(Database):
        """Datasette's database opened by the workbench's own read-only connect (Datasette
        puts the path into an SQLite URI as it is, so `?`, `#` or `%` in a file name would
        cut it short), and refusing to open a connection that writes."""

        def connect(self, write=False):
            if write:
                raise ServeError(f"{path}: served read-only; nothing is written")
            return connect(path, readonly=True, immutable=immutable)

    ds = Datasette(settings=SETTINGS)
    if "_memory" in ds.databases:          # the in-memory one Datasette adds without files
        ds.remove_database("_memory")
    ds.add_database(ReadOnlyDatabase(ds, path=str(path), is_mutable=True), name=path.stem)
    return ds


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before anything else starts, so a taken port is one line."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except (socket.gaierror, UnicodeError) as exc:
        raise ServeError(f"--host {host!r}: not an address to listen on ({exc})") from None
    except OverflowError:
        raise ServeError(f"--port {port}: not a port (0 to 65535)") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        reason = "already in use" if exc.errno in (98, 48, 10048) else exc.strerror
        raise ServeError(f"{host}:{port}: cannot listen there ({reason}); "
                         "choose another with --port") from None
    return sock


def url_of(ds, sock: socket.socket) -> str:
    """The served database's address (…/annotations for annotations.db)."""
    name = next(name for name, db in ds.databases.items() if not db.is_memory)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}{ds.urls.database(name)}"


def run(ds, sock: socket.socket, on_ready: Callable[[], None]) -> None:
    """Serve until Ctrl-C or SIGTERM, which stop the server cleanly (not an error).
    `on_ready` runs once the server accepts requests, and its signal handling is in place."""
    import uvicorn
    from datasette.plugins import pm

    from workbench.serve import errors
    pm.set_blocked(errors.REPLACES)
    if not pm.is_registered(errors):
        pm.register(errors, name="workbench.serve.errors")

    class Server(uvicorn.Server):
        async def startup(self, sockets=None):
            await super().startup(sockets=sockets)
            if self.started:
                on_ready()

    try:
        Server(uvicorn.Config(ds.app(), log_level="warning", lifespan="on")).run(sockets=[sock])
    except (KeyboardInterrupt, SystemExit):
        pass                # uvicorn re-raises the signal that stopped it, after shutting down
    finally:
        sock.close()
