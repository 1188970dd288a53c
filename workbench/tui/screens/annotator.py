"""Asked once when no annotator is set: every change is recorded under this name."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from workbench.errors import InvalidValue
from workbench.tui.screens.form import FormScreen


class AnnotatorScreen(FormScreen[str]):
    """Who is annotating? The name is saved in the user's config file by the app."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="annotator-dialog"):
            yield Label("Who is annotating?", classes="dialog-title")
            yield Static("Every change you make is recorded under this name. It is saved in "
                         "your config file, so you are asked only once.", classes="dialog-help")
            yield Input(placeholder="your name", id="annotator-name")
            yield Static("", classes="form-error")
            yield Static("enter or ctrl+s save · escape later (changes are refused until then)",
                         classes="dialog-keys")

    def result(self) -> str:
        name = self.query_one("#annotator-name", Input).value.strip()
        if not name:
            raise InvalidValue("type a name (it is recorded with every change)")
        return name

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()
