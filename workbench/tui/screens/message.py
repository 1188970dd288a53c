"""A message that needs more than a notification: how to install a model, a database that
cannot be opened. It stays until the user closes it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static


class MessageScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,enter,q", "close", "Close", id="message.close"),
    ]

    def __init__(self, title: str, message: str | Text, **kwargs) -> None:
        super().__init__(**kwargs)
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="message-dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.message, id="message-text")
            yield Static("enter or escape closes", classes="dialog-keys")

    def action_close(self) -> None:
        self.dismiss(None)
