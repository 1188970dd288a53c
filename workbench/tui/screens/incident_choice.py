"""Choosing the incident a claim is about: one that exists, a new one, or none any more."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from workbench.errors import InvalidValue
from workbench.tui.incident_text import incident_label
from workbench.tui.screens.form import FormScreen

NEW = "new"
OFF = "off"
GROUP = "group"


class IncidentChoiceScreen(FormScreen[tuple[str, int | None]]):
    """Returns ("group", incident_id), ("new", None) or ("off", None)."""

    DEFAULT_CSS = """
    #incident-options { height: auto; max-height: 20; margin: 1 0; }
    """

    def __init__(self, claim_label: Text | str, incidents: list[tuple[Any, int]],
                 current: int | None = None, mode: str = "reorder", **kwargs) -> None:
        """`incidents`: (incident, number of claims on it) pairs; `current`: the claim's."""
        super().__init__(**kwargs)
        self.claim_label = claim_label
        self.incidents = incidents
        self.current = current
        self.mode = mode
        self.choices: list[tuple[str, int | None]] = (
            [(GROUP, incident.id) for incident, _ in incidents] + [(NEW, None)]
            + ([(OFF, None)] if current is not None else []))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="incident-choice-dialog"):
            yield Label("Put the claim on an incident", classes="dialog-title")
            yield Static(self.claim_label, classes="dialog-help")
            yield OptionList(*self._options(), id="incident-options")
            yield Static("", classes="form-error")
            yield Static("↑/↓ choose · enter put it there · escape cancel", classes="dialog-keys")

    def _options(self) -> list[Option]:
        options = []
        for incident, count in self.incidents:
            label = Text("● " if incident.id == self.current else "  ",
                         style="bold magenta")
            label.append_text(incident_label(incident, count, self.mode, 90))
            if incident.id == self.current:
                label.append("  (its incident now)", style="magenta")
            options.append(Option(label, id=f"incident-{incident.id}"))
        options.append(Option(Text("＋ new incident…", style="bold green"), id=NEW))
        if self.current is not None:
            title = next((i.title for i, _ in self.incidents if i.id == self.current),
                         f"incident {self.current}")
            options.append(Option(Text(f"✕ take it off its incident ({title})",
                                       style="bold yellow"), id=OFF))
        return options

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        at = next((n for n, (_, iid) in enumerate(self.choices)
                   if iid is not None and iid == self.current), 0)
        options.highlighted = at
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_save()

    def result(self) -> tuple[str, int | None]:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is None or not 0 <= highlighted < len(self.choices):
            raise InvalidValue("choose an incident, a new one, or none")
        return self.choices[highlighted]
