"""Writing a new value for a conflict, when neither side is right: both sides shown above,
the text below (starting from ours); Ctrl+S checks it as the field stores it and returns it."""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Static, TextArea

from workbench.tui.screens.form import FormScreen


class ConflictValueScreen(FormScreen[str]):
    """Returns the text typed; `validate(text)` raises a WorkbenchError (shown, the dialog
    stays open) for a value the field cannot take."""

    def __init__(self, title: str, sides: Text, start: str,
                 validate: Callable[[str], object] | None = None, hint: str = "",
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.title_text = title
        self.sides = sides
        self.start = start
        self.validate = validate
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="conflict-value-dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.sides, id="conflict-value-sides")
            yield TextArea(self.start, id="conflict-value-text", soft_wrap=True,
                           show_line_numbers=False)
            yield Static("", classes="form-error")
            yield Static(" · ".join(p for p in ("ctrl+s save", "escape cancel", self.hint) if p),
                         classes="dialog-keys")

    DEFAULT_CSS = """
    #conflict-value-sides { height: auto; max-height: 12; margin-bottom: 1; }
    #conflict-value-text { height: 8; }
    """

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def result(self) -> str:
        text = self.query_one(TextArea).text
        if self.validate is not None:
            self.validate(text)
        return text
