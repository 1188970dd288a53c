"""Every key of the passage screen, in sections: the screen binds them, the help screen lists
them and the command palette offers them, from this one list."""

from __future__ import annotations

from textual.binding import Binding

NAVIGATION = [
    Binding("down,j", "next_segment", "Next segment", id="segment.next"),
    Binding("up,k", "previous_segment", "Previous segment", id="segment.previous", show=False),
    Binding("right_square_bracket", "next_document", "Next document", id="document.next",
            show=False),
    Binding("left_square_bracket", "previous_document", "Previous document",
            id="document.previous", show=False),
    Binding("p", "next_problem", "Next problem", id="nav.next_problem"),
    Binding("u", "next_untranslated", "Next untranslated", id="nav.next_untranslated"),
    Binding("slash", "search", "Search", id="nav.search"),
]

ANNOTATION = [
    Binding("e", "postedit", "Post-edit", id="annotate.postedit"),
    Binding("M", "accept_match", "Accept the 100% match as your post-edit", id="annotate.match",
            show=False),
    Binding("g", "apply_fix", "Fix term", id="annotate.fix"),
    Binding("t", "add_term", "Add term", id="annotate.add_term"),
    Binding("c", "tag_claim", "Tag claim", id="claims.tag"),
    Binding("a", "accept_suggestion", "Accept suggested claim", id="claims.accept", show=False),
    Binding("x", "reject_suggestion", "Reject suggested claim", id="claims.reject", show=False),
    Binding("s", "claim_status", "Claim status", id="claims.status", show=False),
    Binding("E", "edit_claim", "Edit the claim's fields", id="claims.edit", show=False),
    Binding("i", "claim_incident", "Put the claim on an incident", id="claims.incident",
            show=False),
    Binding("I", "incidents", "Incidents: figures side by side", id="claims.incidents",
            show=False),
    Binding("O", "outlets", "Outlets: loaded vocabulary and claims", id="claims.outlets",
            show=False),
    Binding("C", "conflicts", "Conflicts from merges", id="team.conflicts", show=False),
]

TRANSLATION = [
    Binding("T", "translate_document", "Translate", id="translate.document"),
    Binding("A", "translate_corpus", "Translate corpus", id="translate.corpus", show=False),
    Binding("escape", "cancel_job", "Cancel translation", id="translate.cancel"),
]

VIEW = [
    Binding("r,f5", "refresh", "Refresh", id="view.refresh", show=False),
    Binding("d", "toggle_documents", "Show/hide documents", id="view.documents", show=False),
    Binding("m", "toggle_rtl", "Right-to-left: reorder/terminal", id="view.rtl", show=False),
    Binding("w", "change_annotator", "Change annotator", id="view.annotator", show=False),
    Binding("question_mark,f1", "help", "Keys", id="app.help"),
    Binding("q", "app.quit", "Quit", id="app.quit"),
]

PASSAGE = [
    Binding("pagedown", "page_down", "Page down (scrolls a long segment)", id="passage.page_down",
            show=False),
    Binding("pageup", "page_up", "Page up", id="passage.page_up", show=False),
    Binding("home", "first", "First segment", id="passage.first", show=False),
    Binding("end", "last", "Last segment", id="passage.last", show=False),
]

# the conflicts screen's own keys (listed by its help and its command palette, not the main's)
CONFLICTS = [
    Binding("o", "pick('ours')", "Keep ours", id="conflicts.ours"),
    Binding("t", "pick('theirs')", "Keep theirs", id="conflicts.theirs"),
    Binding("v,e", "new_value", "Write a new value", id="conflicts.value"),
    Binding("a", "toggle_resolved", "Show/hide resolved", id="conflicts.resolved"),
    Binding("question_mark,f1", "help", "Keys", id="conflicts.help"),
    Binding("escape,q", "close", "Back", id="conflicts.close"),
]

CONFLICT_SECTIONS = [("Conflicts", CONFLICTS)]

# the incidents screen's own keys (↑/↓ move along the incidents, as in any list)
INCIDENTS = [
    Binding("l,right", "next_claim", "Next claim", id="incidents.next_claim"),
    Binding("h,left", "previous_claim", "Previous claim", id="incidents.previous_claim"),
    Binding("enter", "open_claim", "Open the claim's segment", id="incidents.open",
            priority=True),
    Binding("a", "accept_suggestion", "Accept the suggested incident", id="incidents.accept"),
    Binding("x", "reject_suggestion", "Reject the suggested incident", id="incidents.reject"),
    Binding("question_mark,f1", "help", "Keys", id="incidents.help"),
    Binding("escape,q", "close", "Back", id="incidents.close"),
]

INCIDENT_SECTIONS = [("Incidents", INCIDENTS)]

# the outlets screen's own keys (↑/↓ move along the outlets)
OUTLETS = [
    Binding("c", "compare", "Compare with this outlet (again: stop comparing)",
            id="outlets.compare"),
    Binding("question_mark,f1", "help", "Keys", id="outlets.help"),
    Binding("escape,q", "close", "Back", id="outlets.close"),
]

OUTLET_SECTIONS = [("Outlets", OUTLETS)]

SECTIONS = [("Moving around", NAVIGATION + PASSAGE), ("Annotation", ANNOTATION),
            ("Translation", TRANSLATION), ("View", VIEW)]

MAIN = NAVIGATION + ANNOTATION + TRANSLATION + VIEW + PASSAGE
