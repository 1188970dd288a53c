"""Changing a claim's status (unverified, corroborated, disputed, false) with a note."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from workbench.errors import InvalidValue
from workbench.tui.screens.form import FormScreen


class ClaimStatusScreen(FormScreen[tuple[str, str]]):
    """Returns (status, note)."""

    def __init__(self, claim_label: str, statuses: tuple[str, ...], current: str,
                 note: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.claim_label = claim_label
        self.statuses = statuses
        self.current = current
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="status-dialog"):
            yield Label("Claim status", classes="dialog-title")
            yield Static(self.claim_label, classes="dialog-help")
            yield OptionList(*[Option(s, id=s) for s in self.statuses], id="status-options")
            yield Input(value=self.note, placeholder="why (source, corroboration...)",
                        id="status-note")
            yield Static("", classes="form-error")
            yield Static("↑/↓ choose · enter or ctrl+s save · escape cancel",
                         classes="dialog-keys")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.current in self.statuses:
            options.highlighted = self.statuses.index(self.current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_save()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def result(self) -> tuple[str, str]:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            raise InvalidValue("choose a status")
        return (self.statuses[options.highlighted],
                self.query_one("#status-note", Input).value.strip())
