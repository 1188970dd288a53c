"""Choosing a span of a segment word by word, shown in correct right-to-left order.

The arrow keys move along the words as they are displayed (in Arabic, left is the next word),
shift extends the selection, a click picks the word under the mouse. The selection is drawn
through `rtl.visual_lines` highlights, so it covers the right letters after reordering.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget

from workbench.tui import render, rtl

WORD = re.compile(r"\w+(?:[.\-/]\w+)*")
SELECTION = "bold black on bright_yellow"
CURSOR = "underline"


def words(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in WORD.finditer(text)]


class SpanPicker(Widget, can_focus=True):
    """A segment's text with a word-aligned selection."""

    DEFAULT_CSS = """
    SpanPicker { height: auto; max-height: 12; border: round $primary-darken-1; padding: 0 1; }
    SpanPicker:focus { border: round $accent; }
    """

    BINDINGS = [
        Binding("left", "move(-1)", "Word left", show=False),
        Binding("right", "move(1)", "Word right", show=False),
        Binding("shift+left", "extend(-1)", "Extend left", show=False),
        Binding("shift+right", "extend(1)", "Extend right", show=False),
    ]

    class Changed(Message):
        def __init__(self, picker: "SpanPicker", start: int, end: int) -> None:
            super().__init__()
            self.picker = picker
            self.start = start
            self.end = end

    def __init__(self, text: str, mode: str = "reorder", start: int | None = None,
                 end: int | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.text = text
        self.mode = mode
        self.words = words(text) or [(0, len(text))]
        self.rtl = render.rtl_base(text) == "rtl"     # as the passage view lays it out
        first = self._word_at(start) if start is not None else 0
        last = self._word_at(max(start or 0, (end or 1) - 1)) if end is not None else first
        self.anchor, self.cursor = first, last
        self._lines: list[rtl.VisualLine] = []

    @property
    def span(self) -> tuple[int, int]:
        lo, hi = sorted((self.anchor, self.cursor))
        return self.words[lo][0], self.words[hi][1]

    @property
    def selected_text(self) -> str:
        start, end = self.span
        return self.text[start:end]

    def select(self, start: int, end: int) -> None:
        """Select the words covering [start, end) (used when the span is typed in a form)."""
        self.anchor = self._word_at(start)
        self.cursor = self._word_at(max(start, end - 1))
        self.refresh(layout=True)

    def _word_at(self, offset: int) -> int:
        """The word at `offset`, or the next one when it falls between words."""
        for n, (_, end) in enumerate(self.words):
            if offset < end:
                return n
        return len(self.words) - 1

    def _step(self, direction: int) -> int:
        """Visual direction (-1 left, +1 right) to a step in reading order."""
        return -direction if self.rtl and self.mode == "reorder" else direction

    def action_move(self, direction: int) -> None:
        self.cursor = max(0, min(len(self.words) - 1, self.cursor + self._step(direction)))
        self.anchor = self.cursor
        self._changed()

    def action_extend(self, direction: int) -> None:
        self.cursor = max(0, min(len(self.words) - 1, self.cursor + self._step(direction)))
        self._changed()

    def _changed(self) -> None:
        self.refresh()
        start, end = self.span
        self.post_message(self.Changed(self, start, end))

    def _layout(self, width: int) -> list[rtl.VisualLine]:
        start, end = self.span
        cursor = self.words[self.cursor]
        highlights = [(start, end, SELECTION), (cursor[0], cursor[1], CURSOR)]
        return rtl.visual_lines(self.text, max(10, width), highlights, mode=self.mode,
                                base="rtl" if self.rtl else "ltr",
                                keep_harakat=render.keep_harakat())

    def render(self) -> Text:
        self._lines = self._layout(self.content_size.width)
        return rtl.to_rich_text(self._lines)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._layout(width))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self._lines:
            return
        logical = rtl.visual_to_logical(self._lines, offset.y, offset.x)
        if logical is None:
            return
        word = self._word_at(logical)
        if event.shift:
            self.cursor = word
        else:
            self.anchor = self.cursor = word
        self._changed()
