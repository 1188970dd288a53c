"""The terminal workbench: `make_app` builds it (for the CLI and the tests), `run_app` runs it.

The first screen paints at once; the database is opened (and, on first run, given the
glossary and the sample corpus) in a worker thread, and the glossary matcher and the
translation model's presence are loaded in workers too, each posting back when ready. A
timer looks for commits by other processes (`PRAGMA data_version`) and refreshes the view.
"""

from __future__ import annotations

import gc
import os
import sqlite3
from typing import Callable

from textual import work
from textual.app import App
from textual.binding import Binding

from workbench.errors import WorkbenchError
from workbench.tui import data, render
from workbench.tui.data import Connections
from workbench.tui.passage import LoadedGlossary
from workbench.tui.screens.main import MainScreen

REFRESH_SECONDS = 2.0
GC_THRESHOLDS = (5_000, 50, 50)   # young-generation size, and passes between older ones
MODES = ("reorder", "terminal")


class WorkbenchApp(App):
    """Arabic beside English, glossary QA, post-editing and claim tagging."""

    CSS_PATH = "app.tcss"
    TITLE = "workbench"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", id="app.quit_anywhere", show=False)]

    def __init__(self, db_path: str, annotator: str | None = None, rtl: str = "reorder",
                 ask_annotator: bool = True, refresh_seconds: float | None = REFRESH_SECONDS,
                 bootstrap: bool = True, harakat: bool = True, **kwargs) -> None:
        super().__init__(**kwargs)
        self.conns = Connections(db_path)
        self.annotator = annotator
        self.rtl_mode = rtl if rtl in MODES else "reorder"
        self.harakat = bool(harakat)
        render.set_harakat(self.harakat)     # one app per process: every layout reads it
        self.ask_annotator_at_start = ask_annotator
        self.refresh_seconds = refresh_seconds
        self.bootstrap = bootstrap
        self.glossary: LoadedGlossary | None = None
        self.glossary_note = "loading the glossary…"
        self.glossary_loading = True
        self.db_ready = False
        self.db_error: str | None = None
        self._data_version: int | None = None
        self._gc_settings: tuple[int, int, int] | None = None
        self.main = MainScreen(self.rtl_mode)

    def get_default_screen(self) -> MainScreen:
        return self.main

    def on_mount(self) -> None:
        from pathlib import Path
        self.sub_title = Path(self.conns.path).name

    def screen_ready(self) -> None:
        """Called by the main screen once it is composed: fill the status bar, open the db."""
        self._show_annotator()
        self.main.status.set_fact("glossary", self.glossary_note, "dim")
        self.main.status.set_fact("model", "model: checking…", "dim")
        # after the first paint: the worker imports sqlite-utils (and pandas under it), which
        # would otherwise compete with painting the first screen
        self.call_after_refresh(self.open_database)

    # --- start-up workers --------------------------------------------------------------

    @work(thread=True, exclusive=True, group="open-db")
    def open_database(self) -> None:
        """Open (migrating, and on first run loading the glossary and sample) off the UI thread."""
        try:
            with self.conns.worker() as db:
                if self.bootstrap:
                    from workbench.bootstrap import first_run
                    first_run(db)
                documents = data.documents(db)
        except WorkbenchError as exc:
            self.call_from_thread(self._database_failed, str(exc))
            return
        except sqlite3.Error as exc:
            self.call_from_thread(self._database_failed, f"{self.conns.path}: {exc}")
            return
        self.call_from_thread(self._database_ready, documents)

    def _database_ready(self, documents: list[dict]) -> None:
        try:
            self._data_version = data.data_version(self.conns.main)
        except (WorkbenchError, sqlite3.Error) as exc:
            self._database_failed(str(exc))
            return
        self.db_ready = True
        if not os.access(self.conns.path, os.W_OK):
            self.main.status.set_fact("db", "read-only database: changes cannot be saved",
                                      "bold red")
        self.main.database_ready(documents)
        self.load_glossary()
        self.check_model()
        if self.refresh_seconds:
            self.set_interval(self.refresh_seconds, self.refresh_data)
        if self.annotator is None and self.ask_annotator_at_start:
            self.ask_annotator()

    def _database_failed(self, message: str) -> None:
        self.db_error = message
        self.main.database_failed(message)

    def load_glossary(self) -> None:
        self.glossary_loading = True
        self._load_glossary()

    @work(thread=True, exclusive=True, group="glossary")
    def _load_glossary(self) -> None:
        """Build the glossary matcher (the slow part of start-up) and hand it to the view."""
        from workbench.terms import glossary as module
        try:
            with self.conns.worker() as db:
                glossary = module.load(db)
            glossary.find("داعش")      # build both matchers here, not on the UI thread
            glossary.find_en("ISIS")
        except (WorkbenchError, sqlite3.Error) as exc:
            self.call_from_thread(self._glossary_loaded, None, f"glossary not loaded: {exc}")
            return
        terms = len(getattr(glossary, "terms", {}) or {})
        self.call_from_thread(self._glossary_loaded, LoadedGlossary(glossary),
                              f"glossary: {terms} terms")

    def _glossary_loaded(self, glossary: LoadedGlossary | None, note: str) -> None:
        self.glossary = glossary
        self.glossary_note = note
        self.glossary_loading = False
        if self._gc_settings is None:
            # Everything loaded so far (Textual, the glossary matcher, the Arabic analyzers)
            # lives as long as the app: keep it out of the garbage collector's passes, and
            # make the full passes rarer; they otherwise stall the UI for a tenth of a second
            # every few hundred key presses.
            self._gc_settings = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(*GC_THRESHOLDS)
        self.main.status.set_fact("glossary", note, "" if glossary else "yellow")
        self.main.glossary_changed()

    @work(thread=True, exclusive=True, group="model")
    def check_model(self) -> None:
        """Is a translation model installed? (Finding it is cheap; loading waits for a run.)"""
        from workbench.mt import engine as engines
        try:
            engine = engines.default_engine()
        except WorkbenchError:
            self.call_from_thread(self._model_state, "no translation model (T shows how to install)",
                                  "yellow")
            return
        self.call_from_thread(self._model_state, f"model: {engine.model}", "")

    def _model_state(self, text: str, style: str) -> None:
        self.main.status.set_fact("model", text, style)

    # --- refresh -----------------------------------------------------------------------

    def refresh_data(self, force: bool = False) -> None:
        """Re-read what changed since the last look (cheap when nothing did)."""
        if not self.db_ready:
            return
        try:
            version = data.data_version(self.conns.main)
            if version == self._data_version and not force:
                return
            self._data_version = version
            self.main.refresh_data(data.documents(self.conns.main))
        except (WorkbenchError, sqlite3.Error) as exc:
            self.notify(f"refresh failed: {exc}", severity="error")

    # --- who is annotating -------------------------------------------------------------

    def _show_annotator(self) -> None:
        who = self.annotator or "nobody (w sets who is annotating)"
        self.main.status.set_fact("annotator", f"annotator: {who}",
                                  "bold" if self.annotator else "bold yellow")

    def ask_annotator(self, then: Callable[[str | None], None] | None = None) -> None:
        """Ask for the annotator's name once, save it in the config file, then go on."""
        from workbench.tui.screens.annotator import AnnotatorScreen

        def chosen(name: str | None) -> None:
            from workbench import config
            if name:
                try:
                    name = config.check_annotator(name)
                except WorkbenchError as exc:
                    self.notify(str(exc), severity="error")
                    name = None
            if name:
                self.annotator = name
                try:
                    config.save({"annotator": name})
                except (OSError, WorkbenchError) as exc:
                    self.notify(f"annotator not saved in the config file: {exc}",
                                severity="warning")
                self._show_annotator()
            if then is not None:
                then(self.annotator)
        self.push_screen(AnnotatorScreen(), chosen)

    def with_annotator(self, then: Callable[[str | None], None]) -> None:
        """Call `then(annotator)`, asking who is annotating first when nobody is."""
        if self.annotator:
            then(self.annotator)
        else:
            self.ask_annotator(then)

    # --- right-to-left mode ------------------------------------------------------------

    def set_rtl_mode(self, mode: str) -> None:
        self.rtl_mode = mode
        self.main.set_mode(mode)
        try:
            from workbench import config
            config.save({"rtl": mode})
        except (OSError, WorkbenchError):
            pass
        self.notify(f"right-to-left: {mode}"
                    + (" (the terminal reorders Arabic)" if mode == "terminal" else ""))

    def remember_position(self) -> None:
        """Keep the open document and segment, so the next start opens there."""
        passage = self.main.passage
        if passage is None or self.db_error is not None:
            return
        try:
            from workbench import config
            config.remember_position(self.conns.path, passage.document_id, self.main.position)
        except (OSError, WorkbenchError):
            pass

    def on_unmount(self) -> None:
        self.remember_position()
        self.conns.close()
        if self._gc_settings is not None:
            gc.set_threshold(*self._gc_settings)
            gc.unfreeze()


def make_app(db_path: str, annotator: str | None = None, rtl: str | None = None,
             harakat: bool | None = None, **kwargs) -> WorkbenchApp:
    """The app as the CLI runs it; tests pass ask_annotator, refresh_seconds, bootstrap.
    `rtl` and `harakat` default to the config file's (`rtl = "reorder"`, `harakat = true`)."""
    if rtl is None or harakat is None:
        from workbench import config
        try:
            settings = config.load()
        except WorkbenchError:
            settings = {}
        if rtl is None:
            rtl = settings.get("rtl", "reorder")
        if harakat is None:
            harakat = settings.get("harakat", True) is not False
    return WorkbenchApp(str(db_path), annotator=annotator, rtl=rtl, harakat=harakat, **kwargs)


def run_app(ctx, rtl: str | None = None, harakat: bool | None = None) -> None:
    """Run the UI for the CLI's context; a bad database ends in one line, never a traceback.
    `--harakat/--no-harakat` is kept in the config file for the next runs."""
    import click
    # COLUMNS and LINES, when a shell exports them, are the size at the time it started:
    # Textual (through shutil.get_terminal_size) would take them over the terminal's own
    # size on every resize, and the layout would never follow the window.
    for stale in ("COLUMNS", "LINES"):
        os.environ.pop(stale, None)
    try:
        if harakat is not None:
            from workbench import config
            config.save({"harakat": harakat})
        app = make_app(ctx.db_path, annotator=ctx.annotator(required=False), rtl=rtl,
                       harakat=harakat)
    except WorkbenchError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1)
    app.run()
    if app.db_error:
        click.echo(f"error: {app.db_error}", err=True)
        raise SystemExit(1)
