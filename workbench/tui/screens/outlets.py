"""Outlets: each one's loaded vocabulary (which of the glossary's words of one side it uses, how
often, and of which actor) and its claims by type and verification status, from the core's
`claims.outlets` (computed in a worker). `c` marks the highlighted outlet; the next one
highlighted is then shown beside it, with the loaded terms only one of the two uses.
Nothing is written here. `workbench outlets [--compare A B]` prints the same.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from workbench.errors import WorkbenchError
from workbench.tui import keys, render
from workbench.tui.commands import ActionsProvider

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp

LIST_WIDTH = 36


def profile_text(profile: Any, mode: str = "reorder", only: set[str] | None = None) -> Text:
    """One outlet: its loaded terms (those in `only` marked: the other outlet does not use
    them), then its claims by type and status."""
    out = Text()
    out.append(render.inline(profile.outlet, mode, 60), style="bold")
    out.append(f"\n{profile.documents} document(s) · {profile.segments} segment(s) · "
               f"{profile.claims} claim(s)", style="dim")
    out.append("\n\nLOADED TERMS", style="bold underline")
    if not profile.terms:
        out.append("\nnone of the glossary's loaded terms", style="dim")
    for use in profile.terms:
        out.append("\n")
        if only is not None and use.term_id in only:
            out.append("◆ ", style="bold magenta")
        out.append(render.inline(use.term_ar, mode, 30), style="bold yellow")
        out.append(f" {use.approved_en} ×{use.count}", style="bold")
        out.append(f"  word of {use.vocabulary or '(no side named)'}", style="cyan")
        said_of = ", ".join(f"{actor or 'no actor named'} {n}" for actor, n in
                            sorted(use.of_actors.items(), key=lambda x: (-x[1], x[0])))
        out.append(f"\n   of: {said_of}", style="dim")
    out.append("\n\nCLAIMS", style="bold underline")
    if not profile.claims:
        out.append("\nno claims", style="dim")
    else:
        out.append("\nby type: " + ", ".join(f"{k} {v}" for k, v in
                                             profile.claims_by_type.items()))
        out.append("\nby status: " + ", ".join(f"{k} {v}" for k, v in
                                               profile.claims_by_status.items()))
    return out


class OutletsScreen(Screen[None]):
    BINDINGS = keys.OUTLETS
    KEY_SECTIONS = keys.OUTLET_SECTIONS
    COMMANDS = {ActionsProvider}
    AUTO_FOCUS = "#outlet-list"

    DEFAULT_CSS = f"""
    #outlet-body {{ height: 1fr; }}
    #outlet-list {{ width: {LIST_WIDTH}; height: 1fr; border: round $primary-darken-2; }}
    #outlet-list:focus {{ border: round $accent; }}
    .outlet-profile {{ width: 1fr; height: 1fr; border: round $primary-darken-1;
                      padding: 0 1; }}
    """

    app: "WorkbenchApp"

    def __init__(self, mode: str = "reorder", **kwargs) -> None:
        super().__init__(**kwargs)
        self.mode = mode
        self.profiles: list[Any] = []
        self.marked: Any = None          # the outlet the highlighted one is compared with

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        with Horizontal(id="outlet-body"):
            yield OptionList(id="outlet-list")
            with VerticalScroll(id="outlet-first", classes="outlet-profile"):
                yield Static("Reading the outlets…", id="outlet-profile")
            with VerticalScroll(id="outlet-second", classes="outlet-profile"):
                yield Static("", id="outlet-other")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#outlet-list", OptionList).border_title = "Outlets"
        self.query_one("#outlet-second").display = False
        self.load()

    @work(thread=True, exclusive=True, group="outlets")
    def load(self) -> None:
        from workbench.claims import outlets
        try:
            with self.app.conns.worker() as db:
                found = outlets.profiles(db)
        except (WorkbenchError, sqlite3.Error) as exc:
            self.app.call_from_thread(self._loaded, [], f"outlets: {exc}")
            return
        self.app.call_from_thread(self._loaded, found, "")

    def _loaded(self, found: list[Any], error: str) -> None:
        if not self.is_attached:
            return
        self.profiles = found
        options = self.query_one("#outlet-list", OptionList)
        options.clear_options()
        for p in found:
            label = Text(render.inline(p.outlet, self.mode, LIST_WIDTH - 6), style="bold")
            label.append(f"\n  {sum(u.count for u in p.terms)} loaded · {p.claims} claims",
                         style="dim")
            options.add_option(Option(label))
        options.border_subtitle = f"{len(found)} outlet(s)"
        if error:
            self.notify(error, severity="error")
        if found:
            options.highlighted = 0
        else:
            self.query_one("#outlet-profile", Static).update(Text(
                error or "No documents yet: import some (`workbench import`).", style="dim"))

    @property
    def current(self) -> Any:
        at = self.query_one("#outlet-list", OptionList).highlighted
        return self.profiles[at] if at is not None and 0 <= at < len(self.profiles) else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.show()

    def show(self) -> None:
        current = self.current
        if current is None:
            return
        other = self.marked if self.marked is not None and self.marked is not current else None
        second = self.query_one("#outlet-second")
        second.display = other is not None
        if other is None:
            self.query_one("#outlet-profile", Static).update(profile_text(current, self.mode))
            return
        mine, theirs = {u.term_id for u in other.terms}, {u.term_id for u in current.terms}
        self.query_one("#outlet-profile", Static).update(
            profile_text(other, self.mode, only=mine - theirs))
        self.query_one("#outlet-other", Static).update(
            profile_text(current, self.mode, only=theirs - mine))

    def action_compare(self) -> None:
        current = self.current
        if current is None:
            return
        if self.marked is current:
            self.marked = None
            self.notify("comparison off")
        else:
            self.marked = current
            self.notify(f"comparing with {current.outlet}: highlight another outlet "
                        "(◆ marks the loaded terms only one of the two uses)")
        self.show()

    def action_help(self) -> None:
        from workbench.tui.screens.help import HelpScreen
        self.app.push_screen(HelpScreen(keys.OUTLET_SECTIONS))

    def action_close(self) -> None:
        self.dismiss(None)
