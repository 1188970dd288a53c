"""Choosing which of a segment's saved claims a key acts on (s status, E edit, i incident),
when the segment has more than one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from workbench.errors import InvalidValue
from workbench.tui.screens.form import FormScreen


class ClaimChoiceScreen(FormScreen[int]):
    """Returns the chosen claim's id."""

    DEFAULT_CSS = """
    #claim-choice-options { height: auto; max-height: 20; margin: 1 0; }
    """

    def __init__(self, what: str, claims: list[dict], mode: str = "reorder",
                 current: int | None = None, **kwargs) -> None:
        """`what` names the action ("change the status of"); `current`: the claim to start on."""
        super().__init__(**kwargs)
        self.what = what
        self.claims = claims
        self.mode = mode
        self.current = current

    def compose(self) -> ComposeResult:
        from workbench.tui.widgets.detail import claim_text
        with Vertical(classes="dialog wide", id="claim-choice-dialog"):
            yield Label(f"Which claim? ({self.what})", classes="dialog-title")
            yield OptionList(*[Option(claim_text(c, self.mode), id=f"claim-{c['id']}")
                               for c in self.claims], id="claim-choice-options")
            yield Static("", classes="form-error")
            yield Static("↑/↓ choose · enter this one · escape cancel", classes="dialog-keys")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [c["id"] for c in self.claims]
        options.highlighted = ids.index(self.current) if self.current in ids else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_save()

    def result(self) -> int:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is None or not 0 <= highlighted < len(self.claims):
            raise InvalidValue("choose a claim")
        return self.claims[highlighted]["id"]
