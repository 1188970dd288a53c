"""The claim actions of the passage screen: suggested claims (computed in a worker, accepted
or rejected one by one), a new claim tagged on a span, a claim's status, a claim's fields
corrected.

Saved claims go through the claims store (audited, with the annotator). Accepting and
rejecting a suggestion are the core's (`claims.review`, `claims.store.reject_suggestion`), as
`workbench claims accept` and `claims reject` do: a rejected suggestion is stored, so neither
the UI nor `workbench claims suggest` offers it again, to anyone.
"""

from __future__ import annotations

import sqlite3
from typing import Any, Callable

from textual import work

from workbench.errors import WorkbenchError
from workbench.tui import data


class ClaimActions:
    """Mixed into MainScreen, after AnnotateActions (whose _write, reload_segment
    and _arabic_segment it uses)."""

    suggestions: dict[int, list[Any]]   # the open document's candidates, by segment id
    suggestions_note: str
    suggestions_ready: bool

    # --- claims ------------------------------------------------------------------------

    def _claims_of(self, segment_id: int) -> tuple[list[dict], str]:
        from workbench.claims import store
        db = self.app.conns.main
        claims = [c.to_dict() for c in store.list_claims(db, segment_ids=[segment_id])]
        titles = data.incident_titles(db, sorted({c["incident_id"] for c in claims
                                                  if c["incident_id"] is not None}))
        for claim in claims:
            claim["incident_title"] = titles.get(claim["incident_id"])
        return claims, ""

    def _with_claim(self, what: str, then: Callable[[dict, Any], None]) -> None:
        """Call `then(claim, store)` with the saved claim the user means: the only one; the
        one highlighted in the claim list when the list has the focus; else the one chosen
        in a dialog (the highlighted one first). Says so when the segment has none."""
        listed = self.detail.claim_list
        claims = [item for kind, item in listed.entries if kind == "claim"] \
            if self.current else []
        if not claims:
            self.notify("no saved claim on this segment (c tags one, a accepts a suggestion)")
            return
        from workbench.claims import store
        entry = listed.selected_entry
        if len(claims) == 1 or (listed.has_focus and entry and entry[0] == "claim"):
            then(entry[1] if len(claims) > 1 else claims[0], store)
            return
        from workbench.tui.screens.claim_choice import ClaimChoiceScreen

        def chosen(claim_id: int | None) -> None:
            if claim_id is None:
                return
            listed.select_claim(claim_id)
            then(next(c for c in claims if c["id"] == claim_id), store)
        current = entry[1]["id"] if entry and entry[0] == "claim" else None
        self.app.push_screen(ClaimChoiceScreen(what, claims, self.mode, current), chosen)

    @work(thread=True, exclusive=True, group="suggest")
    def load_suggestions(self, document_id: int, count: int) -> None:
        """Candidate claims of the open document, computed off the UI thread (suggestions
        carry the speaker over from one segment to the next, so they come a document at a
        time); those accepted or rejected before are left out by the core. Nothing is saved."""
        from textual.worker import get_current_worker
        from workbench.claims import suggest
        note = ""
        if count > SUGGEST_LIMIT:
            found, note = [], (f"no suggestions for a document of {count:,} segments "
                               f"(`workbench claims suggest --doc {document_id}` lists them)")
        else:
            glossary = self.app.glossary.glossary if self.app.glossary else None
            try:
                with self.app.conns.worker() as db:
                    found = suggest.suggest(db, document_id, glossary, include_accepted=False)
                note = ""
            except (WorkbenchError, sqlite3.Error) as exc:
                found, note = [], f"no suggestions: {exc}"
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._suggestions_ready, document_id, found, note)

    def _suggestions_ready(self, document_id: int, found: list[Any], note: str) -> None:
        if self.passage is None or self.passage.document_id != document_id:
            return
        self.suggestions = {}
        for suggestion in found:
            self.suggestions.setdefault(suggestion.segment_id, []).append(suggestion)
        self.suggestions_note = note
        self.suggestions_ready = True
        self.show_detail(self.current)

    def action_tag_claim(self) -> None:
        info = self._arabic_segment()
        if info is None:
            return
        from workbench.claims import store
        from workbench.claims.model import Claim, validate_claim
        from workbench.claims.spans import figures_in_span
        from workbench.tui.screens.claim_form import ClaimFormScreen
        db = self.app.conns.main

        def chosen(values: dict | None) -> None:
            if values is None:
                return
            values = {**values, "quantities": figures_in_span(
                db, info.id, values["start"], values["end"], values["claim_type"])}
            self._write("claim", lambda who: store.add_claim(self.app.conns.main,
                                                             Claim(**values), who),
                        lambda claim_id: (self.reload_segment(info),
                                          self.notify(f"claim {claim_id} saved")))
        self.app.push_screen(ClaimFormScreen(
            info, _type_choices(db), self.mode, initial=self._suggested_fields(info),
            figures=_figures(db, info.id),
            validate=lambda values: validate_claim(self.app.conns.main, Claim(**values))), chosen)

    def _suggested_fields(self, info) -> dict | None:
        """A new claim starts from the segment's suggestion (the highlighted one, else the
        first): its type, span, cue, claimant and place."""
        listed = self.detail.claim_list
        entry = listed.selected_entry
        if not (entry and entry[0] == "suggestion"):
            entry = next((e for e in listed.entries if e[0] == "suggestion"), None)
        if entry is None or entry[1].segment_id != info.id:
            return None
        claim = entry[1].claim
        return {name: getattr(claim, name) for name in (
            "claim_type", "start", "end", "cue", "cue_start", "cue_end", "claimant",
            "claimant_role", "place", "date")}

    def _selected_suggestion(self) -> tuple[Any, Any] | None:
        """The segment and its highlighted suggestion, or None after saying there is none."""
        info = self.current
        entry = self.detail.claim_list.select_kind("suggestion") if info else None
        if entry is None:
            self.notify("no suggested claim for this segment")
            return None
        return info, entry[1]

    def action_accept_suggestion(self) -> None:
        selected = self._selected_suggestion()
        if selected is None:
            return
        from workbench.claims import review
        info, suggestion = selected
        glossary = self.app.glossary.glossary if self.app.glossary else None

        def accept(who: str):
            [decision] = review.accept(self.app.conns.main, [suggestion.key], who,
                                       glossary=glossary)
            if decision.error is not None:
                raise decision.error
            return decision

        def saved(decision) -> None:
            if decision.duplicate_of is not None:     # the core's rule: warn, add no copy
                self.detail.claim_list.select_claim(decision.duplicate_of)
                self.notify(decision.warning, severity="warning")
                return
            self._drop_suggestion(suggestion)
            self.reload_segment(info)
            self.notify(f"suggestion accepted as claim {decision.claim_id}")
        self._write("claim", accept, saved)

    def action_reject_suggestion(self) -> None:
        selected = self._selected_suggestion()
        if selected is None:
            return
        from workbench.claims import store
        info, suggestion = selected

        def rejected(_) -> None:
            self._drop_suggestion(suggestion)
            self.show_detail(info)
            self.notify(f"suggestion {suggestion.key} rejected")
        self._write("rejection",
                    lambda who: store.reject_suggestion(self.app.conns.main, suggestion.claim, who),
                    rejected)

    def _drop_suggestion(self, suggestion: Any) -> None:
        segment = self.suggestions.get(suggestion.segment_id, [])
        self.suggestions[suggestion.segment_id] = [s for s in segment if s is not suggestion]

    def action_claim_status(self) -> None:
        self._with_claim("change its status", self._claim_status)

    def _claim_status(self, claim: dict, store: Any) -> None:
        info = self.current
        from workbench.claims.model import STATUSES
        from workbench.tui.screens.claim_status import ClaimStatusScreen
        from workbench.tui.widgets.detail import claim_text

        def chosen(value: tuple[str, str] | None) -> None:
            if value is None:
                return
            status, note = value
            self._write("claim status",
                        lambda who: store.set_status(self.app.conns.main, claim["id"], status,
                                                     note, who),
                        lambda _: (self.reload_segment(info),
                                   self.notify(f"claim {claim['id']}: {status}")))
        self.app.push_screen(ClaimStatusScreen(claim_text(claim, self.mode).plain, STATUSES,
                                               claim["status"], claim.get("status_note") or ""),
                             chosen)

    def action_edit_claim(self) -> None:
        """The claim form on the saved claim's values; only the fields changed are written
        (through the store's audited update, which checks the whole claim again)."""
        self._with_claim("edit it", self._edit_claim)

    def _edit_claim(self, claim: dict, store: Any) -> None:
        info = self.current
        from dataclasses import replace

        from workbench.claims.model import validate_claim
        from workbench.claims.spans import with_span_figures
        from workbench.tui.screens.claim_form import ClaimFormScreen
        db = self.app.conns.main

        def check(values: dict) -> None:
            validate_claim(db, replace(store.get_claim(db, claim["id"]),
                                       **claim_changes(claim, values)))

        def edited(values: dict | None) -> None:
            if values is None:
                return
            changes = claim_changes(claim, values)
            if not changes:
                self.notify(f"claim {claim['id']}: nothing changed")
                return
            fields = ", ".join(k for k in changes if k in FORM_FIELDS and "_" not in k[3:])

            def save(who: str):
                saved = store.get_claim(db, claim["id"])   # a moved span brings its figures
                return store.update_claim(db, claim["id"],
                                          with_span_figures(db, saved, changes), who)
            self._write("claim edit", save,
                        lambda _: (self.reload_segment(info),
                                   self.notify(f"claim {claim['id']} saved: {fields}")))
        self.app.push_screen(ClaimFormScreen(info, _type_choices(db), self.mode,
                                             initial=claim, validate=check,
                                             figures=_figures(db, info.id)), edited)


def _type_choices(db) -> list[tuple[str, str]]:
    """The claim types as the form's (name, label) choices, in the core's order."""
    from workbench.claims.model import claim_types
    return [(t["name"], t["label"]) for t in claim_types(db)]


def _figures(db, segment_id: int):
    """What the claim form shows as the span's figures: the core's (`claims.spans`)."""
    from workbench.claims.spans import figures_in_span
    return lambda start, end, claim_type: [
        q.get("raw", "") for q in figures_in_span(db, segment_id, start, end, claim_type)]


FORM_FIELDS = ("start", "end", "claim_type", "claimant", "claimant_role", "cue", "cue_start",
               "cue_end", "place", "date", "status")


def claim_changes(claim: dict, values: dict) -> dict:
    """The claim form's fields that differ from the saved claim, with what follows from them:
    a new date has its precision derived again from how it is written, and a place emptied
    loses its precision (the form edits neither precision)."""
    def same(name: str) -> bool:
        old, new = claim.get(name), values.get(name)
        if isinstance(new, str):
            return (old or "").strip() == new.strip()
        return old == new
    changes = {name: values[name] for name in FORM_FIELDS if name in values and not same(name)}
    if "date" in changes:
        changes["date_precision"] = ""
    if "place" in changes and not changes["place"] and claim.get("place_precision"):
        changes["place_precision"] = ""
    return changes


SUGGEST_LIMIT = 500       # segments: past this a document gets no suggestions in the UI
