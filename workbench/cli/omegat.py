"""`workbench export omegat DIR`: the corpus as an OmegaT project (workbench.exports.omegat)."""

from __future__ import annotations

import click

from workbench.cli.common import ID, Context, pass_ctx


@click.command("omegat")
@click.argument("folder", type=click.Path(file_okay=True, dir_okay=True))
@click.option("--doc", "document_ids", type=ID, multiple=True,
              help="Only this document (repeatable; default: every document with Arabic).")
@click.option("--force", is_flag=True,
              help="Write into a non-empty folder that is not an OmegaT project.")
@pass_ctx
def export_omegat(obj: Context, folder: str, document_ids: tuple[int, ...], force: bool):
    """An OmegaT project (Arabic to English) in FOLDER: the documents' text, post-edits that
    OmegaT fills in, machine translation it only shows, and the glossary."""
    from workbench.errors import WorkbenchError
    from workbench.exports.omegat import check_folder, write_project
    from pathlib import Path
    if not folder.strip():
        raise WorkbenchError("export omegat: the folder name is empty")
    check_folder(Path(folder), force)                # refuse before opening the database
    written = write_project(obj.reader_db(), folder, document_ids, force)
    units = written.units
    click.echo(f"OmegaT project in {written.folder}: {written.documents} document(s), "
               f"{written.segments} segment(s) in source/; tm/auto: {units['postedit']} "
               f"post-edit(s), tm/matches: {units['match']} 100% match(es), tm/mt: "
               f"{units['mt']} machine translation(s) (shown, never filled in); glossary: "
               f"{written.terms} term(s)", err=True)
