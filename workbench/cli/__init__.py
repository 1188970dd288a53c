"""The `workbench` command: a click group whose bare form opens the terminal UI.

Commands are thin: they parse options, call the core, and print. Each lives in a module of
this package named for what it works on, and is imported only when it is run (LazyGroup).
"""

from __future__ import annotations

import click

from workbench import __version__
from workbench.cli.common import Context
from workbench.cli.group import LazyGroup, WorkbenchGroup

DB_HELP = "Database file (default ./annotations.db, or $WORKBENCH_DB)."

COMMANDS = {
    "import": "workbench.cli.corpus:import_cmd", "init": "workbench.cli.corpus:init",
    "stats": "workbench.cli.corpus:stats", "search": "workbench.cli.corpus:search",
    "whoami": "workbench.cli.corpus:whoami", "export": "workbench.cli:export",
    "glossary": "workbench.cli.terms:glossary", "qa": "workbench.cli.terms:qa_cmd",
    "translate": "workbench.cli.mt:translate_cmd", "matches": "workbench.cli.mt:matches_cmd",
    "postedit": "workbench.cli.mt:postedit_cmd", "models": "workbench.cli.mt:models",
    "mt": "workbench.cli.mt:mt_group",
    "claims": "workbench.cli.claims:claims", "incidents": "workbench.cli.incidents:incidents",
    "quantities": "workbench.cli.claims:quantities_cmd", "merge": "workbench.cli.team:merge_cmd",
    "conflicts": "workbench.cli.team:conflicts_cmd", "agreement": "workbench.cli.team:agreement_cmd",
    "serve": "workbench.cli.serve:serve_cmd", "feeds": "workbench.cli.feeds:feeds",
    "outlets": "workbench.cli.events:outlets_cmd",
}
EXPORTS = {
    "corpus": "workbench.cli.corpus:export_corpus", "glossary": "workbench.cli.terms:export_glossary",
    "claims": "workbench.cli.claims:export_claims_cmd", "history": "workbench.cli.team:export_history",
    "events": "workbench.cli.events:export_events_cmd", "omegat": "workbench.cli.omegat:export_omegat",
}


@click.group(cls=WorkbenchGroup, lazy=COMMANDS, invoke_without_command=True)
@click.option("--db", "db_path", envvar="WORKBENCH_DB", default="annotations.db",
              show_default=True, help=DB_HELP)
@click.option("--annotator", envvar=None, default=None,
              help="Who is annotating (else $WORKBENCH_ANNOTATOR, else the config file).")
@click.option("--rtl", type=click.Choice(["reorder", "terminal"]), default=None,
              help="How the UI shows Arabic: reorder it itself (default) or leave it to the terminal.")
@click.option("--harakat/--no-harakat", default=None,
              help="Reorder mode: show Arabic diacritics (default) or drop them, for a terminal "
                   "that draws them badly. Kept in the config file.")
@click.version_option(version=__version__, prog_name="workbench")
@click.pass_context
def main(ctx: click.Context, db_path: str, annotator: str | None, rtl: str | None,
         harakat: bool | None):
    """Arabic–English translation and annotation workbench.

    Run with no command to open the terminal UI.
    """
    ctx.obj = Context(db_path, annotator)
    if ctx.invoked_subcommand is None:
        from workbench.tui.app import run_app
        run_app(ctx.obj, rtl=rtl, harakat=harakat)


@click.group(cls=LazyGroup, lazy=EXPORTS)
def export():
    """Export the corpus, the glossary, claims or history."""


def run() -> None:  # console-script entry point
    main(prog_name="workbench")
