"""The corpus commands: import, init, stats, search, export corpus, and whoami."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from workbench.cli.common import (ID, Context, atomic_output, check_csv_policy, csv_options,
                                  json_option, output_option, pass_ctx, print_json, progress,
                                  written_to)
from workbench.cli.group import one_line
from workbench.errors import WorkbenchError


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--offline", is_flag=True,
              help="For URLs: extract again the HTML kept from their last fetch (no network).")
@json_option
@pass_ctx
def import_cmd(obj: Context, paths: tuple[str, ...], offline: bool, as_json: bool):
    """Import .txt files, folders of them, .jsonl/.csv files (text, title, outlet, date, url),
    saved web pages (.html) and https:// URLs (fetched; the HTML is kept for --offline),
    Telegram JSON exports, .pdf and .docx; reprints of earlier documents are reported."""
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
                click.echo(f"error: {one_line(result.error)}", err=True)
            for near in result.near if not as_json else ():
                click.echo(one_line(f"document #{near.document_id} ({near.outlet or 'unknown outlet'})"
                                    f": near-duplicate of #{near.of_id} "
                                    f"({near.of_outlet or 'unknown outlet'}), "
                                    f"similarity {near.similarity:.2f}"))
        results = importer.import_paths(db, files, on_file=report, offline=offline)
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
             "documents": [s.__dict__ for s in r.saved],
             "near_duplicates": [n.__dict__ for n in r.near]} for r in results]})
    else:
        click.echo(f"{summary['files']} file(s): {summary['new']} new document(s), "
                   f"{summary['version']} new version(s), {summary['unchanged']} unchanged, "
                   f"{summary['duplicate']} duplicate(s), {summary['segments']} segment(s) added, "
                   f"{summary['failed']} failed")
    if summary["failed"]:
        sys.exit(1)


@click.command()
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


@click.command()
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


@click.command()
@click.argument("query")
@click.option("--lang", type=click.Choice(["ar", "en", "any"]), default="any", show_default=True,
              help="Search the Arabic text, the English (post-edits, 100% matches, MT, English "
              "segments), or either.")
@click.option("--limit", type=click.IntRange(min=1, max=10_000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many results.")
@json_option
@pass_ctx
def search(obj: Context, query: str, lang: str, limit: int, offset: int, as_json: bool):
    """Full-text search: segments whose Arabic or English has every word of QUERY."""
    from workbench.store.search import LANG_NAMES, find
    if not query.strip():
        raise WorkbenchError("search: the query is empty")
    found = find(obj.reader_db(), query, lang, limit, offset)
    if as_json:
        print_json(found.to_record())
        return
    if not found.total:
        click.echo(f"no match for «{query}» in {LANG_NAMES[lang]}")
        return
    from rich.console import Console
    from rich.text import Text
    out = Console(highlight=False, soft_wrap=True)    # styles only on a terminal
    shown = f"{offset + 1}-{offset + len(found.rows)}" if found.rows else "none"
    out.print(f"{found.count_label()} for «{query}» in {LANG_NAMES[lang]} (showing {shown})",
              markup=False)

    def marked(text: str, spans: list) -> Text:
        line = Text(text)
        for start, end in spans:
            line.stylize("bold reverse", start, end)
        return line

    for row in found.rows:
        out.print(f"[doc {row['document_id']} #{row['number']}] {row['title'] or ''} "
                  f"({row['outlet'] or 'unknown outlet'})", markup=False)
        out.print(Text("    ") + marked(row["raw"], row["raw_highlights"]))
        if row["english"]:
            out.print(Text("    en: ") + marked(row["english"], row["english_highlights"]))


@click.command("corpus")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "tmx", "csv"]), default="jsonl",
              show_default=True)
@output_option
@click.option("--doc", "document_id", type=ID, default=None, help="Only this document.")
@click.option("--origin", "origins", type=click.Choice(["postedit", "match", "mt", "any"]),
              multiple=True, help="Only segments whose English is a post-edit, a 100% match "
              "or MT (repeatable; default any: every segment).")
@csv_options
@pass_ctx
def export_corpus(obj: Context, fmt: str, output: Path, document_id: int | None,
                  origins: tuple[str, ...], csv_policy):
    """Dump the corpus: one record per segment with its document (and what is known of it)."""
    from workbench.corpus import export as corpus_export
    from workbench.exports import CORPUS_WRITERS
    check_csv_policy(fmt, csv_policy)
    options = {"policy": csv_policy} if fmt == "csv" else {}
    db = obj.reader_db()
    if document_id is not None:
        from workbench.store.documents import get_document
        get_document(db, document_id)             # "no such document", not an empty file
    total = corpus_export.count_segments(db, document_id)
    with atomic_output(output, newline="") as fh, progress(disable=total < 5000) as bar:
        task = bar.add_task("exporting", total=total)
        count = CORPUS_WRITERS[fmt](db, fh, document_id, on_record=lambda: bar.advance(task),
                                    origins=origins, **options)
    click.echo(f"{count} record(s) written to {written_to(output)}", err=True)


@click.command()
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


