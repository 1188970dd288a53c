"""A new incident: its title (required), date and place. The store's checks run on save, so a
bad date keeps the form open with one line saying why."""

from __future__ import annotations

from typing import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from workbench.tui.screens.form import FormScreen

FIELDS = (("title", "Title", "what happened (required), e.g. raid on al-Hamadiya al-Sharqiya"),
          ("date", "Date", "when it happened: YYYY, YYYY-MM or YYYY-MM-DD (optional)"),
          ("place", "Place", "where it happened (optional)"))


class IncidentFormScreen(FormScreen[dict]):
    """Returns {"title", "date", "place"}, checked by `validate` (which raises a
    WorkbenchError for values the store would refuse)."""

    def __init__(self, initial: dict | None = None,
                 validate: Callable[[dict], object] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.initial = initial or {}
        self.validate = validate

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="incident-dialog"):
            yield Label("New incident", classes="dialog-title")
            yield Static("The claims different outlets make about one event, side by side "
                         "(date and place start from the claim's).", classes="dialog-help")
            yield from self.input_rows(FIELDS, self.initial, "incident")
            yield Static("", classes="form-error")
            yield Static("enter or ctrl+s save · escape cancel", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#incident-title", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def result(self) -> dict:
        values = self.input_values(FIELDS, "incident")
        if self.validate is not None:
            self.validate(values)
        return values
