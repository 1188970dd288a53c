"""The `workbench` command: a click group whose bare form opens the terminal UI.

Commands are thin: they parse options, call the core, and print. Every expected failure is
a WorkbenchError and becomes one line on stderr with a non-zero exit status.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from workbench.errors import WorkbenchError
from workbench.optional import import_optional

DB_HELP = "Database file (default ./annotations.db, or $WORKBENCH_DB)."


class Context:
    """What the group's options set up for the subcommands: the database, lazily."""

    def __init__(self, db_path: str, annotator: str | None):
        self.db_path = db_path
        self.annotator_option = annotator
        self._db = None

    def db(self, first_run: bool = True):
        if self._db is None:
            from workbench.bootstrap import first_run as bootstrap
            from workbench.store.db import open_db
            self._db = open_db(self.db_path)
            if first_run:
                bootstrap(self._db)
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
    """Turns WorkbenchError and Ctrl-C into one clear line instead of a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except WorkbenchError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)


pass_ctx = click.make_pass_decorator(Context)


def json_option(fn):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(fn)


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
@click.version_option(package_name="workbench")
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
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@json_option
@pass_ctx
def import_cmd(obj: Context, paths: tuple[Path, ...], as_json: bool):
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
            {"path": str(r.path), "error": r.error,
             "documents": [s.__dict__ for s in r.saved]} for r in results]})
    else:
        click.echo(f"{summary['files']} file(s): {summary['new']} new document(s), "
                   f"{summary['version']} new version(s), {summary['unchanged']} unchanged, "
                   f"{summary['duplicate']} duplicate(s), {summary['segments']} segment(s) added, "
                   f"{summary['failed']} failed")
    if summary["failed"]:
        sys.exit(1)


@main.command()
@json_option
@pass_ctx
def stats(obj: Context, as_json: bool):
    """Counts of documents and segments per language and outlet."""
    from workbench.store.documents import stats as corpus_stats
    figures = corpus_stats(obj.db())
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
@click.option("--limit", default=50, show_default=True)
@json_option
@pass_ctx
def search(obj: Context, query: str, limit: int, as_json: bool):
    """Full-text search over segments (Arabic through its normalized form)."""
    from workbench.store.search import search as run_search
    rows = run_search(obj.db(), query, limit)
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
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True)
@click.option("--doc", "document_id", type=int, default=None, help="Only this document.")
@pass_ctx
def export_corpus(obj: Context, fmt: str, output: Path, document_id: int | None):
    """Dump the corpus: one record per segment with its document (and what is known of it)."""
    from workbench.corpus import export as corpus_export
    db = obj.db()
    writers = corpus_writers()
    if fmt not in writers:
        raise WorkbenchError(f"export format {fmt}: not available yet")
    total = corpus_export.count_segments(db, document_id)
    with atomic_output(output) as fh, progress(disable=total < 5000) as bar:
        task = bar.add_task("exporting", total=total)
        count = writers[fmt](db, fh, document_id, on_record=lambda: bar.advance(task))
    click.echo(f"{count} record(s) written to {output}", err=True)


def corpus_writers() -> dict:
    from workbench.corpus import export as corpus_export
    writers = {"jsonl": corpus_export.write_jsonl}
    formats = import_optional("workbench.corpus.formats")
    if formats is not None:
        writers.update(formats.WRITERS)
    return writers


class atomic_output:
    """Write to a temporary file beside the target and rename it into place on success."""

    def __init__(self, path: Path, newline: str | None = None):
        self.path = path
        self.tmp = path.with_name(f".{path.name}.part")
        self.newline = newline

    def __enter__(self):
        try:
            self.fh = self.tmp.open("w", encoding="utf-8", newline=self.newline)
        except OSError as exc:
            raise WorkbenchError(f"{self.path}: cannot write ({exc.strerror})") from None
        return self.fh

    def __exit__(self, exc_type, exc, tb):
        self.fh.close()
        if exc_type is None:
            self.tmp.replace(self.path)
        else:
            self.tmp.unlink(missing_ok=True)
        return False


@main.command()
@click.argument("name", required=False)
@pass_ctx
def whoami(obj: Context, name: str | None):
    """Show the annotator, or save NAME as the annotator in your config file."""
    from workbench import config
    if name:
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
