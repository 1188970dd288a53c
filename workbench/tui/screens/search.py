"""Full-text search over every current document, in Arabic, English or both (the core's
`store.search.find`, as `workbench search`): type, pick a result, and the passage view opens
there. The count is of all results (capped like the CLI's), the matches are highlighted, and
segments are numbered from 1 as everywhere."""

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
from workbench.tui.widgets.rtl_preview import RtlPreview

PAGE = 15            # results found and laid out at a time: a screenful; the next page is
                     # fetched when the highlight comes near the end of the list
DEBOUNCE = 0.25
LANG_ORDER = ("any", "ar", "en")
HIGHLIGHT = "bold reverse"
CONTEXT = 40          # characters kept before the first match of a long segment


def excerpt(text: str, spans: list, keep: int = CONTEXT,
            room: int | None = None) -> tuple[str, list]:
    """The text from a word shortly before its first match (with an ellipsis), and the
    spans moved with it, so a match deep in a long segment is on screen; with `room`, cut
    after the first word end past that many characters (laying out what cannot be shown
    would only cost time)."""
    spans = list(spans)
    if spans and spans[0][0] > keep:
        start = text.rfind(" ", 0, spans[0][0] - keep) + 1
        if start > 0:
            shift = start - 1                 # "…" takes the place of one character
            text, spans = "…" + text[start:], [(s - shift, e - shift) for s, e in spans]
    if room is not None and len(text) > room:
        end = text.find(" ", room)
        if end != -1:
            text, spans = text[:end] + " …", [(s, e) for s, e in spans if e <= end]
    return text, spans


class SearchScreen(ModalScreen[dict]):
    """Returns the chosen result (segment_id, document_id, position, number, ...), or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Close search", id="search.close"),
        Binding("down", "results", "Results", show=False, id="search.results"),
        Binding("ctrl+l", "language", "Language", id="search.language"),
    ]

    def __init__(self, mode: str = "reorder", query: str = "", lang: str = "any",
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.mode = mode
        self.initial = query
        self.lang = lang if lang in LANG_ORDER else "any"
        self.rows: list[dict] = []
        self.results = None
        self._timer = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="search-dialog"):
            yield Label("Search", classes="dialog-title")
            yield Input(value=self.initial, placeholder="words in Arabic or English",
                        id="search-input")
            yield RtlPreview("#search-input", self.mode, id="search-preview")
            yield Static(self._lang_label(), id="search-lang")
            yield Static("", id="search-count")
            yield OptionList(id="search-results")
            yield Static("enter search · ctrl+l language · ↓ results · enter open · "
                         "escape close", classes="dialog-keys")

    def _lang_label(self) -> Text:
        from workbench.store.search import LANG_NAMES
        return Text(f"in {LANG_NAMES[self.lang]} (ctrl+l: any, Arabic, English)", style="dim")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self.initial:
            self.run_search(self.initial, self.lang)

    def on_input_changed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, lambda: self.run_search(event.value, self.lang))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self.run_search(event.value, self.lang, focus=True)

    def action_language(self) -> None:
        """Search the Arabic, the English or either (the CLI's --lang)."""
        self.lang = LANG_ORDER[(LANG_ORDER.index(self.lang) + 1) % len(LANG_ORDER)]
        self.query_one("#search-lang", Static).update(self._lang_label())
        self.run_search(self.query_one(Input).value, self.lang)

    def _find(self, query: str, lang: str, offset: int = 0):
        """A page of results and their labels, laid out here, off the screen's thread."""
        from workbench.store.search import find
        with self.app.conns.worker() as db:
            found = find(db, query, lang, PAGE, offset)
        return found, [self._label(r) for r in found.rows]

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str, lang: str, focus: bool = False) -> None:
        from textual.worker import get_current_worker
        try:
            found, labels = self._find(query, lang) if query.strip() else (None, [])
        except (WorkbenchError, sqlite3.Error) as exc:
            self.app.call_from_thread(self.notify, f"search failed: {exc}", severity="error")
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_results, query, found, focus, labels)

    @work(thread=True, exclusive=True, group="search-more")
    def more_results(self, first) -> None:
        """The next page of the search whose first page is `first`."""
        offset = len(self.rows)
        try:
            found, labels = self._find(first.query, first.lang, offset)
        except (WorkbenchError, sqlite3.Error) as exc:
            self.app.call_from_thread(self.notify, f"search failed: {exc}", severity="error")
            return
        self.app.call_from_thread(self._add_results, first, offset, found.rows, labels)

    def _add_results(self, first, offset: int, rows: list[dict], labels: list[Text]) -> None:
        # not since replaced by another search, nor added already
        if self.results is first and offset == len(self.rows) and rows:
            self.rows = self.rows + rows
            self.query_one(OptionList).add_options([Option(label) for label in labels])

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        found = self.results
        if (found is not None and event.option_index >= len(self.rows) - 3
                and len(self.rows) < found.total):
            self.more_results(found)

    def show_results(self, query: str, found, focus: bool = False,
                     labels: list[Text] | None = None) -> None:
        from workbench.store.search import LANG_NAMES
        self.results = found
        self.rows = list(found.rows) if found is not None else []
        if labels is None:
            labels = [self._label(r) for r in self.rows]
        results = self.query_one(OptionList)
        results.clear_options()
        results.add_options([Option(label) for label in labels])
        if found is None:
            count = ""
        elif not found.total:
            count = f"no match for «{query}» in {LANG_NAMES[found.lang]}"
        else:
            count = f"{found.count_label()} for «{query}» in {LANG_NAMES[found.lang]}"
        self.query_one("#search-count", Static).update(Text(count, style="dim"))
        if self.rows:
            results.highlighted = 0
            if focus:
                results.focus()

    def _text_width(self) -> int:
        """The columns a result's text has: the list's content width, less a vertical
        scrollbar (there is one as soon as the results overflow) and each option's padding.
        Text laid out wider than this is wrapped again by the list, a word to a line."""
        results = self.query_one(OptionList)
        inner = results.content_region.width or self.size.width - 6
        return max(20, inner - results.styles.scrollbar_size_vertical - 2)

    def _label(self, row: dict) -> Text:
        width = self._text_width()
        out = Text()
        title = render.fit(row.get("title") or f"document {row['document_id']}", 40, 1, self.mode)
        out.append(f"{title} #{row['number']}", style="bold")
        if row.get("outlet"):
            out.append(f" · {render.fit(row['outlet'], 30, 1, self.mode)}", style="dim")
        for text, spans, prefix, lines in (
                (row["raw"], row["raw_highlights"], "  ", 3),
                (row.get("english"), row.get("english_highlights", []), "  en: ", 2)):
            if not text:
                continue
            shown, moved = excerpt(text, spans, room=(width - len(prefix)) * lines)
            marks = [(s, e, HIGHLIGHT) for s, e in moved]
            for line in render.fit_text(shown, width - len(prefix), lines, self.mode, marks):
                out.append("\n" + prefix)
                out.append_text(line)
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
