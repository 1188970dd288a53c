"""The incident actions of the passage screen: put the selected claim on an incident (one that
exists or a new one) or take it off, open the incidents screen (whose chosen claim opens here
at its segment), and open the outlets screen.

Writes go through the claims store (`group`, `add_incident`: audited, with the annotator);
a new incident and the claim put on it are one transaction.
"""

from __future__ import annotations

import sqlite3

from workbench.errors import WorkbenchError
from workbench.tui import data



class IncidentActions:
    """Mixed into MainScreen, after ClaimActions (whose _with_claim it uses) and
    AnnotateActions (_write, reload_segment)."""

    pending_claim: tuple[int, int] | None = None   # (segment, claim) to highlight once shown

    def action_claim_incident(self) -> None:
        self._with_claim("put it on an incident", self._claim_incident)

    def _claim_incident(self, claim: dict, store) -> None:
        info = self.current
        db = self.app.conns.main
        try:
            counts = data.incident_claim_counts(db)
            incidents = [(i, counts.get(i.id, 0)) for i in store.list_incidents(db)]
        except (WorkbenchError, sqlite3.Error) as exc:
            self.notify(f"incidents: {exc}", severity="error")
            return
        from workbench.tui.screens.incident_choice import GROUP, NEW, IncidentChoiceScreen
        from workbench.tui.widgets.detail import claim_text
        titles = {i.id: i.title for i, _ in incidents}

        def chosen(choice: tuple[str, int | None] | None) -> None:
            if choice is None:
                return
            how, incident_id = choice
            if how == NEW:
                self._new_incident(info, claim, store)
            elif how == GROUP and incident_id == claim.get("incident_id"):
                self.notify(f"claim {claim['id']} is already on incident {incident_id}")
            else:
                self._group(info, claim, store, incident_id, titles.get(incident_id, ""))
        self.app.push_screen(IncidentChoiceScreen(claim_text(claim, self.mode), incidents,
                                                  claim.get("incident_id"), self.mode), chosen)

    def _group(self, info, claim: dict, store, incident_id: int | None, title: str) -> None:
        db = self.app.conns.main
        said = (f"claim {claim['id']} is on incident {incident_id}: {title}"
                if incident_id is not None else f"claim {claim['id']} is on no incident")
        self._write("incident", lambda who: store.group(db, claim["id"], incident_id, who),
                    lambda _: (self.reload_segment(info), self.notify(said)))

    def _new_incident(self, info, claim: dict, store) -> None:
        from workbench.claims.model import Incident, validate_incident
        from workbench.tui.screens.incident_form import IncidentFormScreen
        db = self.app.conns.main

        def filled(values: dict | None) -> None:
            if values is None:
                return

            def create(who: str) -> int:
                incident_id = store.add_incident(db, Incident(**values), who)
                store.group(db, claim["id"], incident_id, who)
                return incident_id
            self._write("new incident", create,
                        lambda incident_id: (self.reload_segment(info), self.notify(
                            f"incident {incident_id} added: {values['title']}; "
                            f"claim {claim['id']} is on it")))
        self.app.push_screen(IncidentFormScreen(
            {"date": claim.get("date"), "place": claim.get("place")},
            validate=lambda values: validate_incident(Incident(**values))), filled)

    def action_incidents(self) -> None:
        if not self.app.db_ready:
            self.notify("the database is not open yet")
            return
        from workbench.tui.screens.incidents import IncidentsScreen

        def chosen(target: dict | None) -> None:
            if target is None:
                return
            self.pending_claim = (target["segment_id"], target["claim_id"])
            self.open_document_id(target["document_id"], target["position"])
            self.view.focus()
        self.app.push_screen(IncidentsScreen(self.mode), chosen)

    def action_outlets(self) -> None:
        """Each outlet's loaded vocabulary and claims (`workbench outlets`)."""
        if not self.app.db_ready:
            self.notify("the database is not open yet")
            return
        from workbench.tui.screens.outlets import OutletsScreen
        self.app.push_screen(OutletsScreen(self.mode))

    def select_pending_claim(self, info) -> None:
        """Once the detail pane shows the segment the incidents screen opened, highlight the
        claim chosen there."""
        if self.pending_claim is not None and info is not None \
                and info.id == self.pending_claim[0]:
            self.detail.claim_list.select_claim(self.pending_claim[1])
            self.pending_claim = None
