"""The passage screen: documents on the left, the chosen document's segments (Arabic beside
English) in the middle, the selected segment's terms, claims and history below, the status
bar and the keys at the bottom. Moving around lives here; the annotation, claim, incident
and translation actions come from their mixins."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header

from workbench.errors import WorkbenchError
from workbench.tui import data, keys
from workbench.tui.commands import ActionsProvider
from workbench.tui.passage import Passage, next_problem
from workbench.tui.screens.annotate import AnnotateActions
from workbench.tui.screens.claims import ClaimActions
from workbench.tui.screens.incident_actions import IncidentActions
from workbench.tui.screens.translate import TranslateActions
from workbench.tui.widgets.detail import Detail, DetailPane
from workbench.tui.widgets.documents import DocumentList
from workbench.tui.widgets.passage_view import PassageView
from workbench.tui.widgets.status import StatusBar

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp

WIDE, NARROW = 130, 100   # columns: below WIDE the documents pane narrows, below NARROW it hides
TALL = 36                 # rows: below it the detail pane shrinks
SUGGEST_DELAY = 0.4   # seconds a document stays open before its claims are suggested

EMPTY_DATABASE = ("This database has no documents yet.\n\n"
                  "Import texts from another terminal with\n"
                  "    workbench --db {path} import FILE_OR_FOLDER ...\n"
                  "and press r to refresh (the view also refreshes by itself).")


USABLE_WITHOUT_DATABASE = ("help", "quit", "app.quit")


class MainScreen(AnnotateActions, ClaimActions, IncidentActions, TranslateActions, Screen):
    """Reading and annotating one document at a time."""

    BINDINGS = keys.MAIN
    COMMANDS = {ActionsProvider}
    AUTO_FOCUS = "PassageView"

    app: "WorkbenchApp"

    def __init__(self, mode: str = "reorder", **kwargs) -> None:
        super().__init__(**kwargs)
        self.mode = mode
        self.passage: Passage | None = None
        self.suggestions: dict[int, list] = {}
        self.suggestions_note = ""
        self.suggestions_ready = False
        self._suggest_timer = None
        self.documents_wanted: bool | None = None    # `d` chose; None: as the width allows
        self.position = 0                            # the cursor's segment

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        with Horizontal(id="body"):
            yield DocumentList(self.mode, id="documents")
            with Vertical(id="reading"):
                yield PassageView(self.mode, id="passage")
                yield DetailPane(self.mode, id="detail")
        yield StatusBar(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#documents", DocumentList).border_title = "Documents"
        self.query_one("#detail", DetailPane).border_title = "Segment"
        self.view.show_message("Opening the database…")
        self.app.screen_ready()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A database that cannot be used leaves only help and quit: nothing else has
        anything to work on, and nothing may be saved (not even the view mode)."""
        if self.app.db_error is not None:
            return action in USABLE_WITHOUT_DATABASE
        return super().check_action(action, parameters)

    # --- parts -------------------------------------------------------------------------

    @property
    def view(self) -> PassageView:
        return self.query_one("#passage", PassageView)

    @property
    def documents(self) -> DocumentList:
        return self.query_one("#documents", DocumentList)

    @property
    def detail(self) -> DetailPane:
        return self.query_one("#detail", DetailPane)

    @property
    def status(self) -> StatusBar:
        return self.query_one("#status", StatusBar)

    @property
    def current(self):
        return self.view.current

    # --- what the app tells us ---------------------------------------------------------

    def database_ready(self, documents: list[dict]) -> None:
        self.documents.set_documents(documents)
        self.show_conflict_count()
        if documents:
            self.open_document(*self._last_position(documents))
        else:
            self.view.show_message(EMPTY_DATABASE.format(path=self.app.conns.path))

    def _last_position(self, documents: list[dict]) -> tuple[dict, int]:
        """The document and segment shown when the app last closed on this database (the
        config file keeps it per database), else the first document."""
        from workbench import config
        last = config.last_position(self.app.conns.path)
        if last is not None:
            n = self.documents.index_of(last[0])
            if n is not None:
                doc = documents[n]
                return doc, min(last[1], max(0, (doc.get("segment_count") or 1) - 1))
        return documents[0], 0

    def database_failed(self, message: str) -> None:
        self.view.show_message(f"The database cannot be used:\n\n{message}\n\nPress q to quit.")
        self.status.set_fact("db", "no database", "bold red")
        self.refresh_bindings()             # the footer offers only what still works

    def glossary_changed(self) -> None:
        if self.passage is not None:
            self.passage.set_glossary(self.app.glossary)
            self.view.reload()
            self._find_suggestions()

    def _find_suggestions(self) -> None:
        """Suggestions need the glossary (for actors and places): wait for it. They start
        once the document has stayed open a moment, so paging through documents does not
        leave a trail of suggestion threads behind."""
        self.suggestions, self.suggestions_ready = {}, False
        if self._suggest_timer is not None:
            self._suggest_timer.stop()
            self._suggest_timer = None
        if self.passage is not None and not self.app.glossary_loading:
            passage = self.passage
            self._suggest_timer = self.set_timer(
                SUGGEST_DELAY, lambda: self.load_suggestions(passage.document_id, passage.count))

    def refresh_data(self, documents: list[dict]) -> None:
        """Show what other processes (or our workers) have written since the last look."""
        had = {d["id"] for d in self.documents.documents}
        self.documents.set_documents(documents)
        self.show_conflict_count()
        if self.passage is None and documents:
            self.open_document(documents[0])
            return
        if self.passage is not None:
            doc = next((d for d in documents if d["id"] == self.passage.document_id), None)
            if doc is not None and doc["segment_count"] != self.passage.count:
                self.open_document(doc, self.view.cursor)
                return
            self.view.reload()
        new = {d["id"] for d in documents} - had
        if new and had:
            self.notify(f"{len(new)} new document(s)")

    # --- opening and moving ------------------------------------------------------------

    def open_document(self, doc: dict, position: int = 0) -> None:
        same = self.passage is not None and self.passage.document_id == doc["id"]
        self.passage = Passage(lambda: self.app.conns.main, doc, self.app.glossary)
        self.documents.mark_opened(doc["id"])
        if not same:
            self._find_suggestions()
        if not self.passage.count:
            self.view.show_message(f"«{self.passage.title}» has no segments.")
            return
        self.view.show(self.passage, position)
        if not same:
            self.app.remember_position()      # also kept on quitting, with the segment

    def open_document_id(self, document_id: int, position: int = 0) -> None:
        n = self.documents.index_of(document_id)
        if n is not None:
            self.open_document(self.documents.documents[n], position)
        else:
            doc = data.document(self.app.conns.main, document_id)
            if doc is not None:
                self.open_document(doc, position)

    @on(DocumentList.Chosen)
    def _document_chosen(self, event: DocumentList.Chosen) -> None:
        self.open_document(event.document)
        self.view.focus()

    @on(PassageView.CursorMoved)
    def _cursor_moved(self, event: PassageView.CursorMoved) -> None:
        if event.info is not None:
            self.position = event.info.position       # kept after the widgets are gone
        self.show_detail(event.info)

    def action_next_segment(self) -> None:
        self.view.move_by(1)

    def action_previous_segment(self) -> None:
        self.view.move_by(-1)

    def action_page_down(self) -> None:
        self.view.action_page_down()

    def action_page_up(self) -> None:
        self.view.action_page_up()

    def action_first(self) -> None:
        self.view.action_first()

    def action_last(self) -> None:
        self.view.action_last()

    def action_next_document(self) -> None:
        self._step_document(1)

    def action_previous_document(self) -> None:
        self._step_document(-1)

    def _step_document(self, delta: int) -> None:
        docs = self.documents.documents
        if not docs:
            return
        current = self.documents.index_of(self.passage.document_id) if self.passage else None
        n = 0 if current is None else max(0, min(len(docs) - 1, current + delta))
        if current is not None and n == current:
            self.notify("no more documents" if delta > 0 else "this is the first document")
            return
        self.open_document(docs[n])

    def action_next_untranslated(self) -> None:
        if self.passage is None:
            return
        position = data.next_untranslated(self.app.conns.main, self.passage.document_id,
                                          self.view.cursor)
        if position is None:
            self.notify("no untranslated Arabic segment after this one in this document")
            return
        self.view.move_to(position)

    def action_next_problem(self) -> None:
        if self.passage is None:
            return
        if self.app.glossary is None:
            self.notify(self.app.glossary_note or "the glossary is not loaded yet",
                        severity="warning")
            return
        self.status.set_fact("find", "looking for the next QA problem…", "italic")
        self.find_problem(self.passage.document_id, self.view.cursor)

    @work(thread=True, exclusive=True, group="find-problem")
    def find_problem(self, document_id: int, after: int) -> None:
        """In a worker: a long document may have to be checked far ahead of the cursor."""
        from textual.worker import get_current_worker
        worker = get_current_worker()
        try:
            with self.app.conns.worker() as db:
                position = next_problem(db, document_id, after, self.app.glossary,
                                        cancelled=lambda: worker.is_cancelled)
        except (WorkbenchError, sqlite3.Error):
            position = None
        self.app.call_from_thread(self._problem_found, document_id, position)

    def _problem_found(self, document_id: int, position: int | None) -> None:
        self.status.clear_fact("find")
        if self.passage is None or self.passage.document_id != document_id:
            return
        if position is None:
            self.notify("no QA problem in this document")
        else:
            self.view.move_to(position)

    def action_search(self) -> None:
        from workbench.tui.screens.search import SearchScreen

        def chosen(row: dict | None) -> None:
            if row:
                self.open_document_id(row["document_id"], row["position"])
                self.view.focus()
        self.app.push_screen(SearchScreen(self.mode), chosen)

    # --- the detail pane ---------------------------------------------------------------

    def show_detail(self, info) -> None:
        if info is None:
            self.detail.show(None, self.app.glossary)
            return
        db = self.app.conns.main
        claims, note = self._claims_of(info.id)
        history = data.history_of_segment(db, info.id, [c["id"] for c in claims])
        detail = Detail(info=info, claims=claims, history=history, claims_note=note,
                        also_published=data.also_published(db, info.document_id),
                        suggestions=(self.suggestions.get(info.id, [])
                                     if self.suggestions_ready else None),
                        suggestions_note=(self.suggestions_note if self.suggestions_ready
                                          else "looking for suggested claims…"))
        self.detail.show(detail, self.app.glossary, self.app.glossary_note)
        self.select_pending_claim(info)
        self.detail.border_title = f"Segment {info.position + 1}"

    # --- view --------------------------------------------------------------------------

    def action_toggle_documents(self) -> None:
        self.documents_wanted = not self.documents.display
        self.documents.display = self.documents_wanted

    def on_resize(self, event: events.Resize) -> None:
        self.fit_layout(event.size.width, event.size.height)

    def fit_layout(self, width: int, height: int) -> None:
        """Give the passage room for a whole segment pair in a small terminal: the
        documents pane narrows below WIDE columns and goes away below NARROW ones (`d`
        brings it back), the detail pane shrinks in a short one."""
        self.set_class(width < WIDE, "narrow")
        self.set_class(height < TALL, "short")
        self.set_class(height < TALL - 8, "shorter")
        wanted = self.documents_wanted
        for documents in self.query("#documents"):       # none before compose
            documents.display = wanted if wanted is not None else width >= NARROW

    def action_toggle_rtl(self) -> None:
        self.app.set_rtl_mode("terminal" if self.mode == "reorder" else "reorder")

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        for widget in (self.view, self.documents, self.detail):
            widget.mode = mode
        self.view.set_mode(mode)
        self.documents.set_documents(self.documents.documents)
        self.show_detail(self.current)

    def action_refresh(self) -> None:
        self.app.refresh_data(force=True)

    def action_help(self) -> None:
        from workbench.tui.screens.help import HelpScreen
        self.app.push_screen(HelpScreen(keys.SECTIONS))

    def action_change_annotator(self) -> None:
        self.app.ask_annotator()

    # --- conflicts from merges ---------------------------------------------------------

    def show_conflict_count(self) -> None:
        """The status bar names the open conflicts, when there are any."""
        from workbench.tui.screens.conflicts import count_fact
        try:
            fact = count_fact(self.app.conns.main)
        except (WorkbenchError, sqlite3.Error):
            fact = None
        if fact:
            self.status.set_fact("conflicts", fact, "bold yellow")
        else:
            self.status.clear_fact("conflicts")

    def action_conflicts(self) -> None:
        if not self.app.db_ready:
            self.notify("the database is not open yet")
            return
        from workbench.tui.screens.conflicts import ConflictsScreen
        self.app.push_screen(ConflictsScreen(self.mode), lambda _: self.show_conflict_count())
