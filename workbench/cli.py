"""The `workbench` command: a click group whose bare form opens the terminal UI.

Commands are thin: they parse options, call the core, and print. Every expected failure is
a WorkbenchError and becomes one line on stderr with a non-zero exit status.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import click

from workbench import __version__
from workbench.errors import WorkbenchError
from workbench.optional import import_optional

# Ids and offsets: what SQLite can store (a larger number would be an OverflowError inside it)
ID = click.IntRange(min=0, max=2**63 - 1)
DB_HELP = "Database file (default ./annotations.db, or $WORKBENCH_DB)."


class Context:
    """What the group's options set up for the subcommands: the database, lazily."""

    def __init__(self, db_path: str, annotator: str | None):
        self.db_path = db_path
        self.annotator_option = annotator
        self._db = None

    def db(self, first_run: bool = True):
        """The database for a command that writes: created (with the glossary and, on
        `first_run`, the sample corpus) when the path does not exist yet."""
        if self._db is None:
            from workbench.bootstrap import first_run as bootstrap
            from workbench.store.db import open_db
            self._db = open_db(self.db_path)
            if first_run:
                bootstrap(self._db)
        return self._db

    def reader_db(self):
        """The database for a command that only reads: it must exist; nothing is created."""
        if self._db is None:
            from workbench.store.db import open_existing
            self._db = open_existing(self.db_path)
        return self._db

    def annotator(self, required: bool = True) -> str | None:
        from workbench.config import resolve_annotator
        name = resolve_annotator(self.annotator_option)
        if name is None and required:
            raise WorkbenchError(
                "who is annotating? set it with `workbench --annotator NAME ...`, "
                "WORKBENCH_ANNOTATOR=NAME, or `workbench whoami NAME` (saved in your config)")
        return name


class FeatureGroup(click.Group):
    """A group whose feature commands (glossary, translate, claims, merge, ...) are loaded
    when a command is looked up or listed, not at start: `workbench` alone opens the UI
    without importing them."""

    def get_command(self, ctx: click.Context, cmd_name: str):
        _register_feature_commands()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context):
        _register_feature_commands()
        return super().list_commands(ctx)


class WorkbenchGroup(FeatureGroup):
    """Turns WorkbenchError, SQLite failures and Ctrl-C into one clear line instead of a
    traceback."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Click's usage errors as one line too (click prints usage, a hint and the error)."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        _exit_cleanly_on_signals()
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            where = f"`{exc.ctx.command_path} --help`" if exc.ctx else "`workbench --help`"
            click.echo(f"error: {one_line(exc.format_message())} (see {where})", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.echo(f"error: {one_line(exc.format_message())}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("interrupted", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context):
        import sqlite3
        try:
            return super().invoke(ctx)
        except WorkbenchError as exc:
            fail(ctx, str(exc))
        except sqlite3.DatabaseError as exc:  # disk full, damaged file, read-only, I/O error
            from workbench.store.db import explain
            fail(ctx, str(explain(exc, ctx.params.get("db_path") or "the database")))
        except UnicodeEncodeError as exc:     # an argument of bytes that are not UTF-8
            bad = exc.object[max(0, exc.start - 20):exc.end + 20] if isinstance(exc.object, str) else ""
            fail(ctx, f"a value given is not valid UTF-8 text ({ascii(bad)}); nothing was saved")
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)


pass_ctx = click.make_pass_decorator(Context)


def _exit_cleanly_on_signals() -> None:
    """SIGTERM and SIGHUP (a closed terminal, `timeout`, `kill`) unwind like Ctrl-C does, so
    transactions roll back and partial output files are removed, instead of the process
    vanishing mid-write."""
    import signal
    import threading
    if threading.current_thread() is not threading.main_thread():
        return

    def stop(signum, frame):
        raise SystemExit(128 + signum)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(sig) in (signal.SIG_DFL, None):
            signal.signal(sig, stop)


def one_line(message: str) -> str:
    """A message as one printable line, whatever it holds (newlines, a file name that is not
    UTF-8, a lone surrogate)."""
    line = " ".join(message.split())
    return line.encode("utf-8", "backslashreplace").decode("utf-8")


def fail(ctx: click.Context, message: str) -> None:
    click.echo(f"error: {one_line(message)}", err=True)
    ctx.exit(1)


def json_option(fn):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(fn)


def output_option(fn):
    """-o FILE: written through a temporary file, or standard output for `-`. The value stays
    a string: click's Path type would turn an empty one into `.`."""
    return click.option("-o", "--output", required=True, metavar="FILE",
                        help="The file to write, or - for standard output.")(fn)


def print_json(value) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def console():
    from rich.console import Console
    return Console(stderr=True)


def progress(**kwargs):
    """A rich progress bar on stderr, so stdout stays clean for data."""
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeRemainingColumn)
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeRemainingColumn(), console=console(), transient=True, **kwargs)


@click.group(cls=WorkbenchGroup, invoke_without_command=True)
@click.option("--db", "db_path", envvar="WORKBENCH_DB", default="annotations.db",
              show_default=True, help=DB_HELP)
@click.option("--annotator", envvar=None, default=None,
              help="Who is annotating (else $WORKBENCH_ANNOTATOR, else the config file).")
@click.option("--rtl", type=click.Choice(["reorder", "terminal"]), default=None,
              help="How the UI shows Arabic: reorder it itself (default) or leave it to the terminal.")
@click.version_option(version=__version__, prog_name="workbench")
@click.pass_context
def main(ctx: click.Context, db_path: str, annotator: str | None, rtl: str | None):
    """Arabic–English translation and annotation workbench.

    Run with no command to open the terminal UI.
    """
    ctx.obj = Context(db_path, annotator)
    if ctx.invoked_subcommand is None:
        try:
            from workbench.tui.app import run_app
        except ModuleNotFoundError as exc:
            if not (exc.name or "").startswith("workbench.tui"):
                raise
            click.echo("The terminal UI is not built yet; here are the corpus figures.", err=True)
            ctx.invoke(stats)
            return
        run_app(ctx.obj, rtl=rtl)


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@json_option
@pass_ctx
def import_cmd(obj: Context, paths: tuple[str, ...], as_json: bool):
    """Import .txt files, folders of them, and .jsonl/.csv files (text, title, outlet, date, url)."""
    from workbench.bootstrap import first_run
    from workbench.corpus import importer, readers

    db = obj.db(first_run=False)
    first_run(db, sample=False)
    files = list(readers.expand_paths(list(paths)))
    results = []
    with progress(disable=as_json or len(files) < 2) as bar:
        task = bar.add_task("importing", total=len(files))

        def report(result):
            bar.advance(task)
            if result.error:
                click.echo(f"error: {result.error}", err=True)
        results = importer.import_paths(db, files, on_file=report)
    summary = {"files": len(results), "failed": sum(not r.ok for r in results),
               "new": 0, "version": 0, "unchanged": 0, "duplicate": 0, "segments": 0}
    for r in results:
        for saved in r.saved:
            summary[saved.status] += 1
            if saved.status in ("new", "version"):
                summary["segments"] += saved.segments
    if as_json:
        print_json({"summary": summary, "files": [
            {"path": readers.shown(r.path), "error": r.error,
             "documents": [s.__dict__ for s in r.saved]} for r in results]})
    else:
        click.echo(f"{summary['files']} file(s): {summary['new']} new document(s), "
                   f"{summary['version']} new version(s), {summary['unchanged']} unchanged, "
                   f"{summary['duplicate']} duplicate(s), {summary['segments']} segment(s) added, "
                   f"{summary['failed']} failed")
    if summary["failed"]:
        sys.exit(1)


@main.command()
@click.option("--sample/--no-sample", default=True, show_default=True,
              help="Load the sample corpus into a new database.")
@pass_ctx
def init(obj: Context, sample: bool):
    """Create the database (if needed) with the glossary and, unless --no-sample, the sample corpus."""
    existed = Path(obj.db_path).exists()
    db = obj.db(first_run=False)
    from workbench.bootstrap import first_run
    first_run(db, sample=sample and not existed)
    what = "opened the existing" if existed else "created the"
    click.echo(f"{what} database {obj.db_path}", err=True)


@main.command()
@json_option
@pass_ctx
def stats(obj: Context, as_json: bool):
    """Counts of documents and segments per language and outlet."""
    from workbench.store.documents import stats as corpus_stats
    figures = corpus_stats(obj.reader_db())
    if as_json:
        print_json(figures)
        return
    from rich.table import Table
    from rich.console import Console
    out = Console()
    out.print(f"{figures['documents']} documents, {figures['segments']} segments in {obj.db_path}")
    for title, key, rows in (("Language", "language", figures["by_language"]),
                             ("Outlet", "outlet", figures["by_outlet"])):
        table = Table(title_justify="left")
        table.add_column(title)
        table.add_column("documents", justify="right")
        table.add_column("segments", justify="right")
        for row in rows:
            table.add_row(str(row[key]), str(row["documents"]), str(row["segments"]))
        out.print(table)


@main.command()
@click.argument("query")
@click.option("--limit", type=click.IntRange(min=1, max=10_000), default=50, show_default=True)
@json_option
@pass_ctx
def search(obj: Context, query: str, limit: int, as_json: bool):
    """Full-text search over segments (Arabic through its normalized form)."""
    from workbench.store.search import search as run_search
    if not query.strip():
        raise WorkbenchError("search: the query is empty")
    rows = run_search(obj.reader_db(), query, limit)
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo("no match")
        return
    for row in rows:
        click.echo(f"[doc {row['document_id']} #{row['position']}] {row['title'] or ''} "
                   f"({row['outlet'] or 'unknown outlet'})")
        click.echo(f"    {row['raw']}")


@main.group(cls=FeatureGroup)
def export():
    """Export the corpus, the glossary, claims or history."""


@export.command("corpus")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "tmx", "csv"]), default="jsonl",
              show_default=True)
@output_option
@click.option("--doc", "document_id", type=ID, default=None, help="Only this document.")
@click.option("--origin", "origins", type=click.Choice(["postedit", "match", "mt", "any"]),
              multiple=True, help="Only segments whose English is a post-edit, a 100% match "
              "or MT (repeatable; default any: every segment).")
@pass_ctx
def export_corpus(obj: Context, fmt: str, output: Path, document_id: int | None,
                  origins: tuple[str, ...]):
    """Dump the corpus: one record per segment with its document (and what is known of it)."""
    from workbench.corpus import export as corpus_export
    from workbench.exports import CORPUS_WRITERS
    db = obj.reader_db()
    total = corpus_export.count_segments(db, document_id)
    with atomic_output(output) as fh, progress(disable=total < 5000) as bar:
        task = bar.add_task("exporting", total=total)
        count = CORPUS_WRITERS[fmt](db, fh, document_id, on_record=lambda: bar.advance(task),
                                    origins=origins)
    click.echo(f"{count} record(s) written to {written_to(output)}", err=True)


class atomic_output:
    """Write a file the way a reader can trust: to a temporary file beside the target, renamed
    into place only when complete (a failed or interrupted export leaves the old file, or
    nothing). `-` is standard output, as the Unix convention has it; a device or a named pipe
    (`-o /dev/null`) is written to directly, since it cannot be replaced; a symbolic link is
    followed, so the file it points to gets the export and the link stays."""

    def __init__(self, path: str | Path, newline: str | None = None):
        self.given = str(path)
        self.newline = newline
        self.stdout = self.given == "-"
        self.direct = False
        self.tmp: Path | None = None

    def _target(self) -> Path:
        if not self.given.strip():
            raise WorkbenchError("-o: the output path is empty (give a file name, or - for "
                                 "standard output)")
        path = Path(os.path.realpath(self.given))
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            mode = None
        except OSError as exc:
            raise WorkbenchError(f"{self.given}: cannot write ({exc.strerror})") from None
        if mode is not None and stat.S_ISDIR(mode):
            raise WorkbenchError(f"{self.given}: is a folder; give a file name to write")
        self.direct = mode is not None and not stat.S_ISREG(mode)
        if not self.direct and not path.parent.is_dir():
            what = "is not a folder" if path.parent.exists() else "does not exist"
            raise WorkbenchError(f"{self.given}: {path.parent} {what}")
        return path

    def __enter__(self):
        if self.stdout:
            self.fh = sys.stdout
            return self.fh
        self.path = self._target()
        if not self.direct:
            self.tmp = self.path.with_name(f".{self.path.name}.part")
        try:
            self.fh = (self.tmp or self.path).open("w", encoding="utf-8", newline=self.newline)
        except OSError as exc:
            raise WorkbenchError(f"{self.given}: cannot write ({exc.strerror})") from None
        return self.fh

    def __exit__(self, exc_type, exc, tb):
        if self.stdout:
            self.fh.flush()
            return False
        try:
            self.fh.close()
            if exc_type is None and self.tmp is not None:
                self.tmp.replace(self.path)
        except OSError as error:
            if self.tmp is not None:
                self.tmp.unlink(missing_ok=True)
            raise WorkbenchError(f"{self.given}: cannot write ({error.strerror})") from None
        if exc_type is not None and self.tmp is not None:
            self.tmp.unlink(missing_ok=True)
        return False


def written_to(output: str | Path) -> str:
    """Where an export went, for its closing line."""
    return "standard output" if str(output) == "-" else str(output)


@main.command()
@click.argument("name", required=False)
@pass_ctx
def whoami(obj: Context, name: str | None):
    """Show the annotator, or save NAME as the annotator in your config file."""
    from workbench import config
    if name is not None:
        name = config.check_annotator(name)
        path = config.save({"annotator": name})
        click.echo(f"annotator set to {name} (saved in {path})")
        return
    current = obj.annotator(required=False)
    click.echo(current or "no annotator set: `workbench whoami NAME` saves one")


_features_registered = False


def _register_feature_commands() -> None:
    """Commands of the feature packages, each in its own module beside its core (once)."""
    global _features_registered
    if _features_registered:
        return
    _features_registered = True
    for name in ("workbench.terms.cli", "workbench.mt.cli", "workbench.claims.cli",
                 "workbench.team.cli"):
        module = import_optional(name)
        if module is not None:
            module.register(main, export)


def run() -> None:  # console-script entry point
    main(prog_name="workbench")
