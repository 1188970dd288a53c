"""Post-editing one segment: the Arabic and the machine translation above, the English
in a text area below; Ctrl+S saves it (with the annotator, into history) at once."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static, TextArea

from workbench.tui import render, rtl
from workbench.tui.passage import SegmentInfo
from workbench.tui.screens.form import FormScreen


class PostEditScreen(FormScreen[str]):
    """Returns the new English (an empty text clears the post-edit)."""

    def __init__(self, info: SegmentInfo, mode: str = "reorder", **kwargs) -> None:
        super().__init__(**kwargs)
        self.info = info
        self.mode = mode

    def compose(self) -> ComposeResult:
        info = self.info
        with Vertical(classes="dialog wide", id="postedit-dialog"):
            yield Label(f"Post-edit segment {info.position + 1}", classes="dialog-title")
            with VerticalScroll(id="postedit-source"):
                yield Static(id="postedit-arabic")
                mt = Text("machine translation: ", style="dim")
                mt.append(info.mt_text or "none yet", style="italic" if info.mt_text else "dim")
                yield Static(mt, id="postedit-mt")
            start = info.english if info.origin in ("postedit", "mt") else ""
            yield TextArea(start or "", id="postedit-text", soft_wrap=True, show_line_numbers=False)
            yield Static("", classes="form-error")
            yield Static("ctrl+s save · escape cancel · an empty text removes the post-edit",
                         classes="dialog-keys")

    def on_mount(self) -> None:
        self.call_after_refresh(self._show_arabic)
        self.query_one(TextArea).focus()

    def _show_arabic(self) -> None:
        widget = self.query_one("#postedit-arabic", Static)
        width = max(20, widget.content_size.width or 60)
        marks = [(m.start, m.end, render.STATE_STYLES[m.state]) for m in self.info.marks]
        widget.update(rtl.to_rich_text(rtl.visual_lines(self.info.raw, width, marks,
                                                        mode=self.mode)))

    def result(self) -> str:
        return self.query_one(TextArea).text
