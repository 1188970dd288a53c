"""What Arabic typed into an input looks like, under the input.

An Input or a TextArea draws what is typed in logical order and unshaped: in a terminal that
does no bidi (reorder mode) Arabic shows backwards there, letter by letter. This line shows
the same text as the rest of the UI shows Arabic (`render.fit`), while there is any
right-to-left letter in it; it stays hidden otherwise, and in terminal mode.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Input, Static

from workbench.tui import render

LINES = 3


def has_rtl(text: str) -> bool:
    """Does `text` hold a right-to-left letter (Arabic, Hebrew, ...)?"""
    from workbench.tui.rtl.direction import bidi_class
    return any(bidi_class(ch) in ("R", "AL") for ch in text)


class RtlPreview(Static):
    """A preview of the text of the Input `target` (a selector), or of what `show_text` is
    given (a TextArea's owner calls it on each change)."""

    DEFAULT_CSS = """
    RtlPreview { height: auto; max-height: 3; color: $text-muted; display: none; }
    RtlPreview.field-preview { margin-left: 14; }
    """

    def __init__(self, target: str | None = None, mode: str = "reorder", **kwargs) -> None:
        super().__init__(**kwargs)
        self.target = target
        self.mode = mode
        self._typed = ""

    def on_mount(self) -> None:
        if self.target is not None:
            widget = self.screen.query_one(self.target, Input)
            self.watch(widget, "value", self.show_text)

    def show_text(self, text: str) -> None:
        self._typed = text
        shown = self.mode == "reorder" and has_rtl(text)
        self.display = shown
        if shown:
            width = (self.parent.content_size.width if self.parent else 0) or 60
            width -= (14 if self.has_class("field-preview") else 0)
            self.update(Text(render.fit(text, max(8, width), LINES, self.mode, align=True),
                             style="italic"))

    def on_resize(self) -> None:
        if self.display:
            self.show_text(self._typed)

