"""The keys, read from the bindings themselves so the list never drifts from the code."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static


def key_table(sections: list[tuple[str, list[Binding]]], app) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
    table.add_column("key", style="bold yellow", no_wrap=True)
    table.add_column("action")
    for title, bindings in sections:
        table.add_row("", "")
        table.add_row(f"[bold underline]{title}[/]", "")
        for binding in bindings:
            keys = ", ".join(app.get_key_display(Binding(k.strip(), binding.action))
                             for k in binding.key.split(","))
            table.add_row(keys, binding.description)
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close help", id="help.close")]

    def __init__(self, sections: list[tuple[str, list[Binding]]], **kwargs) -> None:
        super().__init__(**kwargs)
        self.sections = sections

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="help-dialog"):
            yield Label("Keys", classes="dialog-title")
            with VerticalScroll(id="help-keys"):
                self.table = key_table(self.sections, self.app)
                yield Static(self.table)
            yield Static("ctrl+p opens the command palette with every action · escape closes",
                         classes="dialog-keys")

    def action_close(self) -> None:
        self.dismiss(None)
