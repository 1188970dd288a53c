"""Adding a glossary term from the current segment: pick the Arabic span word by word (or
type it), give the approved English, a category and a note; Ctrl+S saves it."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static

from workbench.errors import InvalidValue
from workbench.tui import render
from workbench.tui.passage import SegmentInfo
from workbench.tui.screens.form import FormScreen
from workbench.tui.widgets.span_picker import SpanPicker

CATEGORIES = ("actor", "place", "operation", "loaded_term", "title", "event")


@dataclass
class NewTerm:
    term_ar: str
    approved_en: str
    category: str
    note: str
    vocabulary: str = ""
    status: str = "draft"


class TermFormScreen(FormScreen[NewTerm]):
    """Returns the new term's fields; the app stores it and re-runs matching and QA."""

    def __init__(self, info: SegmentInfo, mode: str = "reorder",
                 categories: tuple[str, ...] = CATEGORIES, start: int | None = None,
                 end: int | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.info = info
        self.mode = mode
        self.categories = categories
        self.start, self.end = start, end
        self.term_ar = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="term-dialog"):
            yield Label(f"Add a glossary term from segment {self.info.position + 1}",
                        classes="dialog-title")
            yield Static("←/→ move along the words, shift+←/→ extend, or click a word",
                         classes="dialog-help")
            yield SpanPicker(self.info.raw, self.mode, self.start, self.end, id="term-picker")
            with Horizontal(classes="field"):
                yield Label("Arabic term", classes="field-label")
                yield Static(id="term-ar", classes="field-value")
            with Horizontal(classes="field"):
                yield Label("English", classes="field-label")
                yield Input(placeholder="approved rendering", id="term-en")
            with Horizontal(classes="field"):
                yield Label("Category", classes="field-label")
                yield Select([(c, c) for c in self.categories], value=self.categories[0],
                             allow_blank=False, id="term-category")
            with Horizontal(classes="field"):
                yield Label("Whose word", classes="field-label")
                yield Input(placeholder="vocabulary, e.g. AANES-aligned media (empty: neutral)",
                            id="term-vocabulary")
            with Horizontal(classes="field"):
                yield Label("Status", classes="field-label")
                yield Select([("draft (QA only warns until a reviewer approves it)", "draft"),
                              ("approved (the team has agreed on it)", "approved")],
                             value="draft", allow_blank=False, id="term-status")
            with Horizontal(classes="field"):
                yield Label("Note", classes="field-label")
                yield Input(placeholder="usage note for translators", id="term-note")
            yield Static("", classes="form-error")
            yield Static("ctrl+s save · escape cancel", classes="dialog-keys")

    def on_mount(self) -> None:
        picker = self.query_one(SpanPicker)
        self._show_term(picker.selected_text)
        picker.focus()

    def on_span_picker_changed(self, event: SpanPicker.Changed) -> None:
        self._show_term(self.info.raw[event.start:event.end])

    def _show_term(self, text: str) -> None:
        """The chosen words, shown in reading order (a text input would show them reversed
        in terminals that do not reorder Arabic, so the span is picked, not typed)."""
        self.term_ar = text
        self.query_one("#term-ar", Static).update(render.inline(text, self.mode, 100))

    def result(self) -> NewTerm:
        term_ar = self.term_ar.strip()
        english = self.query_one("#term-en", Input).value.strip()
        if not term_ar:
            raise InvalidValue("the Arabic term is empty: pick words of the segment")
        if not english:
            raise InvalidValue("give the approved English rendering")
        return NewTerm(term_ar=term_ar, approved_en=english,
                       category=str(self.query_one("#term-category", Select).value),
                       note=self.query_one("#term-note", Input).value.strip(),
                       vocabulary=self.query_one("#term-vocabulary", Input).value.strip(),
                       status=str(self.query_one("#term-status", Select).value))
