"""`workbench glossary ...`, `workbench export glossary` and `workbench qa`: thin faces on
the glossary core."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from workbench.cli.common import (ID, atomic_output, check_csv_policy, csv_options,
                                  json_option, output_option, pass_ctx, print_json, written_to)
from workbench.errors import GlossaryFormatError
from workbench.terms.exchange import FORMATS, SUFFIXES
from workbench.terms.foreign import DEFAULT_CATEGORY
from workbench.terms.model import CATEGORIES


@click.group()
def glossary():
    """The controlled glossary: import, export, list, find terms in a text."""


@glossary.command("import")
@click.argument("path", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default=None,
              help="File format (default: from the file's extension; omegat: OmegaT's "
                   ".txt/.utf8/.tab glossary).")
@click.option("--category", type=click.Choice(list(CATEGORIES)), default=None,
              help=f"For terms the file gives no category of ours (default {DEFAULT_CATEGORY}).")
@json_option
@pass_ctx
def import_glossary(obj, path: str, fmt: str | None, category: str | None, as_json: bool):
    """Add and update terms from a TSV, CSV, JSON, TBX or OmegaT glossary file (all rows or
    none); files from other tools need only the Arabic term and its approved English."""
    from workbench.terms.exchange import import_file
    annotator = obj.annotator()
    if not path.strip():
        raise GlossaryFormatError("glossary import: the file name is empty")
    if not os.path.lexists(path):
        raise GlossaryFormatError(f"{path}: no such file")
    from workbench.mt import reenforce
    before = reenforce.terms_state(obj.db())
    result = import_file(obj.db(), path, annotator, fmt, category)
    reenforce.after_glossary_change(obj.db(), reenforce.changed_since(obj.db(), before))
    if as_json:
        print_json(result.__dict__)
        return
    click.echo(f"{result.count} term(s) in {path}: {result.added} added, {result.updated} "
               f"updated, {result.unchanged} unchanged")
    if result.categories_defaulted:
        click.echo(f"{result.categories_defaulted} term(s) without a category of ours: set to "
                   f"{result.category} (--category chooses)")
    if result.ids_made:
        click.echo(f"{result.ids_made} id(s) derived from the Arabic or made ours (another "
                   "tool's id is kept in the note: \"source id: ...\")")


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default=None,
              help="tsv, csv, json, tbx (TBX-Basic) or omegat (OmegaT's glossary TSV); "
                   "default: from the output file's extension.")
@output_option
@click.option("--approved-only", is_flag=True,
              help="TBX for tools that ignore term status: forbidden renderings as notes, "
                   "not terms; deprecated terms left out.")
@csv_options
@pass_ctx
def export_glossary(obj, fmt: str | None, output: Path, approved_only: bool, csv_policy):
    """Write the whole glossary to a file."""
    from workbench.terms.exchange import export_text
    if fmt is None:
        fmt = SUFFIXES.get(Path(output).suffix.lower())
        if fmt is None:
            raise GlossaryFormatError(f"{output}: give --format ({', '.join(FORMATS)}); "
                                      "the extension does not say")
    check_csv_policy(fmt, csv_policy)
    if approved_only and fmt != "tbx":
        raise GlossaryFormatError(f"--approved-only applies to TBX; the format is {fmt}")
    text, count = export_text(obj.reader_db(), fmt, csv_policy, approved_only)
    with atomic_output(output, newline="") as fh:
        fh.write(text)
    click.echo(f"{count} term(s) written to {written_to(output)} ({fmt})", err=True)


glossary.add_command(export_glossary)


@glossary.command("find")
@click.argument("text")
@json_option
@pass_ctx
def find(obj, text: str, as_json: bool):
    """Glossary terms in an Arabic TEXT ('-' reads standard input), with offsets into it."""
    from workbench.terms.glossary import load
    if text == "-":
        text = sys.stdin.read()
    g = load(obj.reader_db())
    hits = g.find(text)
    if as_json:
        print_json([dict(h.to_dict(), approved_en=g.terms[h.term_id].approved_en) for h in hits])
        return
    if not hits:
        click.echo("no glossary term")
        return
    for h in hits:
        term = g.terms[h.term_id]
        draft = " [draft]" if term.status == "draft" else ""
        click.echo(f"{h.start}-{h.end}\t{h.surface}\t{term.approved_en}\t({term.id}){draft}")


@glossary.command("list")
@click.option("--status", type=click.Choice(["approved", "draft", "deprecated"]), default=None)
@json_option
@pass_ctx
def list_glossary(obj, status: str | None, as_json: bool):
    """The terms of the glossary."""
    from workbench.terms.store import list_terms
    terms = list_terms(obj.reader_db(), status)
    if as_json:
        print_json([t.to_dict() for t in terms])
        return
    from rich.console import Console
    from rich.table import Table
    table = Table(title_justify="left")
    for column in ("id", "Arabic", "approved", "category", "status"):
        table.add_column(column)
    for t in terms:
        table.add_row(t.id, t.term_ar, t.approved_en, t.category, t.status)
    Console().print(table)
    click.echo(f"{len(terms)} term(s)")


@click.command("qa")
@click.option("--doc", "document_id", type=ID, default=None, help="Only this document.")
@json_option
@pass_ctx
def qa_cmd(obj, document_id: int | None, as_json: bool):
    """Terminology QA of every translated segment: missing approved renderings and
    forbidden ones, with the suggested fix."""
    from workbench.mt.english import check_corpus    # QA of the English the UI shows
    checked, reports = check_corpus(obj.reader_db(), document_id)
    if as_json:
        print_json({"checked": checked, "problems": [
            {"segment_id": r.segment_id, "document_id": r.document_id, "position": r.position,
             "arabic": r.arabic, "english": r.english, **p.to_dict()}
            for r in reports for p in r.problems]})
        return
    total = 0
    for r in reports:
        click.echo(f"[doc {r.document_id} #{r.position + 1}] segment {r.segment_id}")
        for p in r.problems:
            total += 1
            note = " (advisory: draft term)" if p.advisory else ""
            if p.kind == "forbidden":
                fix = f" → {p.replacement}" if p.replacement else f" (use {p.approved})"
                click.echo(f"    forbidden  {p.found}{fix}   [{p.term_id} {p.term_ar}]{note}")
            else:
                click.echo(f"    missing    {p.approved}   [{p.term_id} {p.term_ar}]{note}")
    click.echo(f"{total} problem(s) in {len(reports)} of {checked} translated segment(s)")
