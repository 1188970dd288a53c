"""Incidents: the claims different outlets make about one event, side by side.

The incidents on the left; for the highlighted one, the range each kind of figure reached and
who reported each (the core's `incident_summary`, shown as it is), and below it one card per
claim: outlet, claimant, type, figures, status, date, place and the claimed words (Arabic in
visual order). Enter on a claim closes the screen and opens its segment in the passage view.

After the incidents come the suggested ones (`claims.incident_suggest`, computed in a
worker): highlighted, one shows why its claims were grouped and every figure by outlet; `a`
accepts it (the incident is created, or the claims join theirs) and `x` rejects it (never
suggested again), through the core as `workbench incidents accept|reject KEY` do. Claims are
otherwise put on incidents from the passage view (i).
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, HorizontalScroll, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from workbench.errors import WorkbenchError
from workbench.tui import data, keys
from workbench.tui.commands import ActionsProvider
from workbench.tui.incident_text import (claim_card, figures_text, incident_label,
                                         suggestion_label, suggestion_text)

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp

LIST_WIDTH = 40
CARD_MIN = 34         # cells: narrower than this, the cards scroll sideways instead

EMPTY = ("No incidents yet.\n\n"
         "An incident gathers the claims different outlets make about one event, so their "
         "figures can be compared side by side.\n\n"
         "In the passage view, highlight a claim and press i to put it on a new incident "
         "(or on one that exists). From a shell:\n"
         "    workbench incidents add TITLE --date YYYY-MM-DD --place PLACE\n"
         "    workbench claims group CLAIM INCIDENT")
NO_CLAIMS = ("No claim is on this incident yet: in the passage view, press i on a claim to "
             "put it here.")


class ClaimCard(Static):
    """One claim of the incident; a click selects it."""

    class Clicked(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, index: int, body: Text, **kwargs) -> None:
        super().__init__(body, **kwargs)
        self.index = index

    def on_click(self) -> None:
        self.post_message(self.Clicked(self.index))


class IncidentsScreen(Screen[dict]):
    """Returns where the chosen claim is ({claim_id, segment_id, document_id, position}),
    or None when closed."""

    BINDINGS = keys.INCIDENTS
    KEY_SECTIONS = keys.INCIDENT_SECTIONS
    COMMANDS = {ActionsProvider}
    AUTO_FOCUS = "#incident-list"

    DEFAULT_CSS = f"""
    #incident-body {{ height: 1fr; }}
    #incident-list {{ width: {LIST_WIDTH}; height: 1fr; border: round $primary-darken-2; }}
    #incident-list:focus {{ border: round $accent; }}
    #incident-detail {{ width: 1fr; height: 1fr; }}
    #incident-figures {{ height: auto; max-height: 45%; border: round $primary-darken-1;
                         padding: 0 1; }}
    #incident-claims {{ height: 1fr; }}
    #incident-empty {{ height: auto; padding: 1 2; }}
    ClaimCard {{ width: 1fr; min-width: {CARD_MIN}; height: auto;
                 border: round $primary-darken-2; padding: 0 1; }}
    ClaimCard.-selected {{ border: round $accent; background: $boost; }}
    """

    app: "WorkbenchApp"

    def __init__(self, mode: str = "reorder", **kwargs) -> None:
        super().__init__(**kwargs)
        self.mode = mode
        self.incidents: list[tuple[Any, int]] = []    # (incident, number of claims)
        self.suggested: list[Any] = []                # suggested incidents, after them
        self.summary: dict | None = None
        self.claims: list[Any] = []
        self.places: dict[int, dict] = {}
        self.selected = 0

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        with Horizontal(id="incident-body"):
            yield OptionList(id="incident-list")
            with Vertical(id="incident-detail"):
                with VerticalScroll(id="incident-figures"):
                    yield Static("", id="incident-summary")
                yield Static("", id="incident-empty")
                yield HorizontalScroll(id="incident-claims")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#incident-list", OptionList).border_title = "Incidents"
        self.query_one("#incident-figures").border_title = "Figures reported"
        self.reload()

    @property
    def store(self):
        from workbench.claims import store
        return store

    # --- the list ----------------------------------------------------------------------

    def reload(self, keep: int | None = None) -> None:
        try:
            db = self.app.conns.main
            counts = data.incident_claim_counts(db)
            self.incidents = [(i, counts.get(i.id, 0)) for i in self.store.list_incidents(db)]
        except (WorkbenchError, sqlite3.Error) as exc:
            self.notify(f"incidents: {exc}", severity="error")
            self.incidents = []
        self._fill(keep or 0)
        self.load_suggestions()

    def _fill(self, at: int = 0) -> None:
        """The list: the incidents, then the suggested ones."""
        options = self.query_one("#incident-list", OptionList)
        options.clear_options()
        options.add_options([Option(incident_label(i, n, self.mode, LIST_WIDTH - 6))
                             for i, n in self.incidents])
        options.add_options([Option(suggestion_label(s, self.mode, LIST_WIDTH - 6))
                             for s in self.suggested])
        options.border_subtitle = (f"{len(self.incidents)} incident(s), "
                                   f"{len(self.suggested)} suggested")
        total = len(self.incidents) + len(self.suggested)
        if total:
            options.highlighted = min(at, total - 1)
        self._show_highlighted()

    @work(thread=True, exclusive=True, group="incident-suggestions")
    def load_suggestions(self) -> None:
        """Suggested incidents (`claims.incident_suggest`), computed off the UI thread."""
        from workbench.claims.incident_suggest import suggest_incidents
        try:
            with self.app.conns.worker() as db:
                found = suggest_incidents(db)
        except (WorkbenchError, sqlite3.Error) as exc:
            self.app.call_from_thread(self.notify, f"suggested incidents: {exc}",
                                      severity="error")
            return
        self.app.call_from_thread(self._suggestions_ready, found)

    def _suggestions_ready(self, found: list[Any]) -> None:
        if not self.is_attached:
            return
        self.suggested = found
        self._fill(self.query_one("#incident-list", OptionList).highlighted or 0)

    @property
    def _highlighted(self) -> int | None:
        return self.query_one("#incident-list", OptionList).highlighted

    @property
    def current(self):
        highlighted = self._highlighted
        if highlighted is None or not 0 <= highlighted < len(self.incidents):
            return None
        return self.incidents[highlighted][0]

    @property
    def current_suggestion(self):
        highlighted = self._highlighted
        if highlighted is None:
            return None
        at = highlighted - len(self.incidents)
        return self.suggested[at] if 0 <= at < len(self.suggested) else None

    def _show_highlighted(self) -> None:
        suggestion = self.current_suggestion
        if suggestion is not None:
            self.show_suggestion(suggestion)
        else:
            self.show(self.current)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_highlighted()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()              # a click on an incident shows it; enter opens a claim

    def on_resize(self) -> None:
        if self.summary is not None:
            self._show_cards()

    # --- the incident ------------------------------------------------------------------

    def show(self, incident) -> None:
        empty = self.query_one("#incident-empty", Static)
        figures = self.query_one("#incident-figures")
        self.summary, self.claims, self.places, self.selected = None, [], {}, 0
        if incident is not None:
            try:
                db = self.app.conns.main
                self.summary = self.store.incident_summary(db, incident.id)
                self.claims = self.store.list_claims(db, incident_id=incident.id)
                self.places = data.segment_places(db, [c.segment_id for c in self.claims])
            except (WorkbenchError, sqlite3.Error) as exc:
                self.notify(f"incident {incident.id}: {exc}", severity="error")
                self.summary = None
        figures.display = self.summary is not None
        if self.summary is None:
            empty.update(Text(EMPTY if not self.incidents and not self.suggested else "",
                              style="dim"))
            empty.display = True
            self.query_one("#incident-claims").remove_children()
            return
        self.query_one("#incident-summary", Static).update(figures_text(self.summary, self.mode))
        empty.update(Text(NO_CLAIMS, style="dim"))
        empty.display = not self.claims
        self._show_cards()

    def show_suggestion(self, suggestion) -> None:
        """A suggested incident: why its claims were grouped, the figures by outlet, and
        its claims side by side."""
        self.summary, self.claims, self.places, self.selected = None, [], {}, 0
        try:
            db = self.app.conns.main
            self.claims = [self.store.get_claim(db, c) for c in suggestion.all_claim_ids]
            self.places = data.segment_places(db, [c.segment_id for c in self.claims])
        except (WorkbenchError, sqlite3.Error) as exc:
            self.notify(f"suggested incident: {exc}", severity="error")
            self.claims = []
        self.summary = {"suggestion": suggestion.key}
        self.query_one("#incident-figures").display = True
        self.query_one("#incident-summary", Static).update(suggestion_text(suggestion, self.mode))
        self.query_one("#incident-empty", Static).display = False
        self._show_cards()

    def _card_width(self) -> int:
        """The text width of one card: the detail's width shared by the claims (cards keep
        a minimum width and scroll sideways past it), less border and padding."""
        room = max(CARD_MIN, self.size.width - LIST_WIDTH)
        return max(CARD_MIN, room // max(1, len(self.claims))) - 4

    def _show_cards(self) -> None:
        box = self.query_one("#incident-claims", HorizontalScroll)
        box.remove_children()
        width = self._card_width()
        cards = [ClaimCard(n, claim_card(c, self.places.get(c.segment_id), self.mode, width))
                 for n, c in enumerate(self.claims)]
        for card in cards:
            card.border_title = f"claim #{self.claims[card.index].id}"
        box.mount_all(cards)
        self._mark_selected(cards)

    def _mark_selected(self, cards: list[ClaimCard] | None = None) -> None:
        cards = cards if cards is not None else list(self.query(ClaimCard))
        for card in cards:
            card.set_class(card.index == self.selected, "-selected")
            if card.index == self.selected and card.is_mounted:
                self.query_one("#incident-claims").scroll_to_widget(card, animate=False)

    def on_claim_card_clicked(self, event: ClaimCard.Clicked) -> None:
        self.selected = event.index
        self._mark_selected()

    @property
    def current_claim(self):
        if not 0 <= self.selected < len(self.claims):
            return None
        return self.claims[self.selected]

    # --- actions -----------------------------------------------------------------------

    def _step_claim(self, delta: int) -> None:
        if not self.claims:
            self.notify("no claim to choose" if self.incidents else "no incidents yet")
            return
        self.selected = max(0, min(len(self.claims) - 1, self.selected + delta))
        self._mark_selected()

    def action_next_claim(self) -> None:
        self._step_claim(1)

    def action_previous_claim(self) -> None:
        self._step_claim(-1)

    def action_open_claim(self) -> None:
        claim = self.current_claim
        if claim is None:
            self.notify("no claim to open" if self.incidents
                        else "no incidents yet: press i on a claim in the passage view")
            return
        place = self.places.get(claim.segment_id)
        if place is None:
            self.notify(f"claim {claim.id}: its segment is gone", severity="warning")
            return
        self.dismiss({"claim_id": claim.id, "segment_id": claim.segment_id,
                      "document_id": place["document_id"], "position": place["position"]})

    def action_accept_suggestion(self) -> None:
        self._decide("accept")

    def action_reject_suggestion(self) -> None:
        self._decide("reject")

    def _decide(self, how: str) -> None:
        """Accept or reject the highlighted suggested incident through the core
        (`claims.incident_review`, as `workbench incidents accept|reject KEY` do)."""
        suggestion = self.current_suggestion
        if suggestion is None:
            self.notify("no suggested incident highlighted (they follow the incidents)")
            return
        from workbench.claims import incident_review
        from workbench.tui.writes import write_as_annotator
        at = self._highlighted or 0

        def done(outcome) -> None:
            if outcome.decision == "accepted":
                said = (f"incident {outcome.incident_id} "
                        + ("created" if outcome.created else "joined")
                        + f": {len(outcome.claim_ids)} claim(s) put on it")
            else:
                said = f"suggested incident {outcome.key} rejected: not suggested again"
            self.notify(said)
            self.suggested = [s for s in self.suggested if s.key != suggestion.key]
            self.reload(at)
        write_as_annotator(self, f"{how} suggested incident",
                           lambda who: getattr(incident_review, how)(
                               self.app.conns.main, suggestion.key, who), done)

    def action_help(self) -> None:
        from workbench.tui.screens.help import HelpScreen
        self.app.push_screen(HelpScreen(keys.INCIDENT_SECTIONS))

    def action_close(self) -> None:
        self.dismiss(None)
