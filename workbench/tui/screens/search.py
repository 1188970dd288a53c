"""Full-text search over every current document (Arabic queries normalized like the text):
type, pick a result, and the passage view opens there."""

from __future__ import annotations

import sqlite3

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from workbench.errors import WorkbenchError
from workbench.tui import render

LIMIT = 200
DEBOUNCE = 0.25


class SearchScreen(ModalScreen[dict]):
    """Returns the chosen result (segment_id, document_id, position, ...), or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Close search", id="search.close"),
        Binding("down", "results", "Results", show=False, id="search.results"),
    ]

    def __init__(self, mode: str = "reorder", query: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.mode = mode
        self.initial = query
        self.rows: list[dict] = []
        self._timer = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="search-dialog"):
            yield Label("Search", classes="dialog-title")
            yield Input(value=self.initial, placeholder="words in Arabic or English",
                        id="search-input")
            yield Static("", id="search-count")
            yield OptionList(id="search-results")
            yield Static("enter search · ↓ results · enter open · escape close",
                         classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self.initial:
            self.run_search(self.initial)

    def on_input_changed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, lambda: self.run_search(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self.run_search(event.value, focus=True)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str, focus: bool = False) -> None:
        from workbench.store.search import search
        try:
            with self.app.conns.worker() as db:
                rows = search(db, query, LIMIT) if query.strip() else []
        except (WorkbenchError, sqlite3.Error) as exc:
            self.app.call_from_thread(self.notify, f"search failed: {exc}", severity="error")
            return
        self.app.call_from_thread(self.show_results, query, rows, focus)

    def show_results(self, query: str, rows: list[dict], focus: bool = False) -> None:
        self.rows = rows
        results = self.query_one(OptionList)
        results.clear_options()
        results.add_options([Option(self._label(r)) for r in rows])
        if not query.strip():
            count = ""
        elif rows:
            count = f"{len(rows)}{'+' if len(rows) == LIMIT else ''} match(es) for «{query}»"
        else:
            count = f"no match for «{query}»"
        self.query_one("#search-count", Static).update(Text(count, style="dim"))
        if rows:
            results.highlighted = 0
            if focus:
                results.focus()

    def _label(self, row: dict) -> Text:
        out = Text()
        title = render.inline(row.get("title") or f"document {row['document_id']}", self.mode, 40)
        out.append(f"{title} #{row['position'] + 1}", style="bold")
        if row.get("outlet"):
            out.append(f" · {render.inline(row['outlet'], self.mode, 30)}", style="dim")
        out.append("\n")
        out.append(render.wrapped(row["raw"], max(20, self.size.width - 8), self.mode, 240, indent=2))
        return out

    def action_results(self) -> None:
        results = self.query_one(OptionList)
        if self.rows:
            results.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.rows[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
