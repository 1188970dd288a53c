"""The claim actions of the passage screen: suggested claims (computed in a worker, accepted
or rejected one by one), a new claim tagged on a span, a claim's status.

Saved claims go through the claims store (audited, with the annotator); a rejected suggestion
is recorded in history, so it is not offered again, by anyone.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from textual import work

from workbench.errors import WorkbenchError
from workbench.tui import data, features


class ClaimActions:
    """Mixed into MainScreen, after AnnotateActions (whose _write, _feature, reload_segment
    and _arabic_segment it uses)."""

    suggestions: dict[int, list[Any]]   # the open document's candidates, by segment id
    suggestions_note: str
    suggestions_ready: bool

    # --- claims ------------------------------------------------------------------------

    def _claims_of(self, segment_id: int) -> tuple[list[dict], str]:
        store, note = features.find(features.CLAIM_STORE, "claim tagging")
        if store is None:
            return [], note
        return [c.to_dict() for c in store.list_claims(self.app.conns.main,
                                                       segment_ids=[segment_id])], ""

    @work(thread=True, exclusive=True, group="suggest")
    def load_suggestions(self, document_id: int, count: int) -> None:
        """Candidate claims of the open document, computed off the UI thread (suggestions
        carry the speaker over from one segment to the next, so they come a document at a
        time); those accepted or rejected before are left out. Nothing is saved."""
        from textual.worker import get_current_worker
        suggest, note = features.find(features.CLAIM_SUGGEST, "claim suggestions")
        if suggest is None:
            found = []
        elif count > SUGGEST_LIMIT:
            found, note = [], (f"no suggestions for a document of {count:,} segments "
                               f"(`workbench claims suggest --doc {document_id}` lists them)")
        else:
            glossary = self.app.glossary.glossary if self.app.glossary else None
            try:
                with self.app.conns.worker() as db:
                    rejected = rejected_keys(db)
                    found = [s for s in suggest.suggest(db, document_id, glossary,
                                                        include_accepted=False)
                             if suggestion_key(s) not in rejected]
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
        store = self._feature(features.CLAIM_STORE, "claim tagging")
        if store is None:
            return
        from workbench.claims.model import Claim, validate_claim
        from workbench.tui.screens.claim_form import ClaimFormScreen
        types = data.claim_types(self.app.conns.main)

        def chosen(values: dict | None) -> None:
            if values is None:
                return
            self._write("claim", lambda who: store.add_claim(self.app.conns.main,
                                                             Claim(**values), who),
                        lambda claim_id: (self.reload_segment(info),
                                          self.notify(f"claim {claim_id} saved")))
        self.app.push_screen(ClaimFormScreen(
            info, types, self.mode,
            validate=lambda values: validate_claim(self.app.conns.main, Claim(**values))), chosen)

    def action_accept_suggestion(self) -> None:
        info = self.current
        entry = self.detail.claim_list.select_kind("suggestion") if info else None
        if entry is None:
            self.notify("no suggested claim for this segment")
            return
        suggest = self._feature(features.CLAIM_SUGGEST, "claim suggestions")
        if suggest is None:
            return
        suggestion = entry[1]
        glossary = self.app.glossary.glossary if self.app.glossary else None

        def saved(claim_ids: list[int]) -> None:
            self._drop_suggestion(suggestion)
            self.reload_segment(info)
            self.notify(f"suggestion accepted as claim {claim_ids[0]}")
        self._write("claim", lambda who: suggest.accept(self.app.conns.main, [suggestion.key], who,
                                                        glossary=glossary), saved)

    def action_reject_suggestion(self) -> None:
        info = self.current
        entry = self.detail.claim_list.select_kind("suggestion") if info else None
        if entry is None:
            self.notify("no suggested claim for this segment")
            return
        suggestion = entry[1]

        def rejected(_) -> None:
            self._drop_suggestion(suggestion)
            self.show_detail(info)
            self.notify("suggestion rejected")
        self._write("rejection", lambda who: reject(self.app.conns.main, suggestion, who),
                    rejected)

    def _drop_suggestion(self, suggestion: Any) -> None:
        segment = self.suggestions.get(suggestion.segment_id, [])
        self.suggestions[suggestion.segment_id] = [s for s in segment if s is not suggestion]

    def action_claim_status(self) -> None:
        info = self.current
        entry = self.detail.claim_list.select_kind("claim") if info else None
        if entry is None:
            self.notify("no saved claim on this segment (c tags one, a accepts a suggestion)")
            return
        store = self._feature(features.CLAIM_STORE, "claim tagging")
        if store is None:
            return
        from workbench.claims.model import STATUSES
        from workbench.tui.screens.claim_status import ClaimStatusScreen
        from workbench.tui.widgets.detail import claim_text
        claim = entry[1]

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


SUGGEST_LIMIT = 500       # segments: past this a document gets no suggestions in the UI
REJECTED = "claim_suggestions"   # history's table name for rejected suggestions


def suggestion_key(suggestion: Any) -> str:
    """A suggestion's identity that survives renumbering: its segment and its cue's span."""
    claim = suggestion.claim
    return f"{suggestion.segment_id}:{claim.cue_start}-{claim.cue_end}:{claim.start}-{claim.end}"


def rejected_keys(db) -> set[str]:
    return {r[0] for r in db.execute(
        "SELECT row_id FROM history WHERE table_name = ? AND action = 'reject'", [REJECTED])}


def reject(db, suggestion: Any, annotator: str) -> None:
    """Record the rejection in history (who, when, what was suggested): it is not offered again."""
    from workbench.store.history import record
    with db.atomic():
        record(db, annotator, REJECTED, suggestion_key(suggestion), "reject",
               suggestion.to_dict(), None)
