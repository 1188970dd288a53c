"""The annotation actions of the passage screen: post-edit, glossary fix, new term.

Every change is written at once through the feature's store (which records it in history with
the annotator), in a short transaction on the UI thread's connection; only adding a term,
which re-runs matching, goes to a worker. A feature missing from the build is reported in
one line instead of failing.
"""

from __future__ import annotations

import sqlite3
from typing import Any, Callable

from textual import work

from workbench.errors import WorkbenchError
from workbench.tui.passage import MATCH, SegmentInfo
from workbench.tui.writes import write_as_annotator


class AnnotateActions:
    """Mixed into MainScreen (which provides app, view, detail, status, passage, current)."""

    # --- helpers -----------------------------------------------------------------------

    def _arabic_segment(self) -> SegmentInfo | None:
        info = self.current
        if info is None:
            self.notify("no segment selected")
            return None
        return info

    def _write(self, what: str, fn: Callable[[str], Any], done: Callable[[Any], None]) -> None:
        """Run `fn(annotator)` now (asking who is annotating first if nobody is), then `done`."""
        write_as_annotator(self, what, fn, done)

    def reload_segment(self, info: SegmentInfo) -> None:
        self.view.reload([info.position])

    # --- post-edit and glossary fix ----------------------------------------------------

    def action_postedit(self) -> None:
        info = self._arabic_segment()
        if info is None:
            return
        if not info.is_arabic:
            self.notify("this segment is English source: nothing to post-edit")
            return
        from workbench.mt import memory
        from workbench.tui.screens.postedit import PostEditScreen

        def edited(text: str | None) -> None:
            if text is None:
                return
            self._write("post-edit",
                        lambda who: memory.save_postedit(self.app.conns.main, info.id, text, who),
                        lambda _: (self.reload_segment(info), self.notify("post-edit saved")))
        self.app.push_screen(PostEditScreen(info, self.mode), edited)

    def action_accept_match(self) -> None:
        """Save the 100% match shown beside the segment (another segment's post-edit of the
        same content) as this segment's post-edit, by the annotator."""
        info = self._arabic_segment()
        if info is None:
            return
        if info.origin != MATCH:
            self.notify("no 100% match for this segment (a post-edit of the same content "
                        "elsewhere shows here as one)")
            return
        from workbench.mt import memory
        text, source = info.english, info.match_from
        self._write("post-edit",
                    lambda who: memory.save_postedit(self.app.conns.main, info.id, text, who),
                    lambda _: (self.reload_segment(info),
                               self.notify(f"100% match from segment id {source} saved as "
                                           "your post-edit")))

    def action_apply_fix(self) -> None:
        info = self._arabic_segment()
        if info is None:
            return
        if not info.problems:
            self.notify("no glossary problem in this segment" if self.app.glossary
                        else (self.app.glossary_note or "the glossary is not loaded yet"))
            return
        from workbench.mt import memory
        for problem in info.problems:
            fixed = problem.fix(info.english)
            if fixed is not None and fixed != info.english:
                break
        else:
            self.notify("the glossary has no automatic fix for this problem: press e to edit",
                        severity="warning")
            return
        self._write("glossary fix",
                    lambda who: memory.save_postedit(self.app.conns.main, info.id, fixed, who),
                    lambda _: (self.reload_segment(info),
                               self.notify(f"fixed: {problem_summary(problem)}")))

    # --- glossary terms ----------------------------------------------------------------

    def action_add_term(self) -> None:
        info = self._arabic_segment()
        if info is None:
            return
        from workbench.tui.screens.term_form import CATEGORIES, TermFormScreen
        glossary = self.app.glossary
        categories = CATEGORIES
        if glossary is not None:
            found = sorted({getattr(t, "category", "") for t in
                            getattr(glossary.glossary, "terms", {}).values()} - {""})
            categories = tuple(dict.fromkeys([*CATEGORIES, *found]))

        def chosen(term) -> None:
            if term is not None:
                self.app.with_annotator(lambda who: who and self.save_term(term, who))
        self.app.push_screen(TermFormScreen(info, self.mode, categories), chosen)

    @work(thread=True, exclusive=True, group="term")
    def save_term(self, term, annotator: str) -> None:
        """Store the term (which re-runs matching), then reload the glossary for QA."""
        self.app.call_from_thread(self.status.set_fact, "term", "adding the term…", "italic")
        try:
            with self.app.conns.worker() as db:
                with db.atomic():
                    term_id = add_term(db, term, annotator)
                from workbench.mt.reenforce import after_glossary_change
                after_glossary_change(db, [term_id])    # the stored MT follows the new term
        except (WorkbenchError, sqlite3.Error) as exc:
            self.app.call_from_thread(self.notify, f"term not added: {exc}", severity="error")
            return
        finally:
            self.app.call_from_thread(self.status.clear_fact, "term")
        self.app.call_from_thread(self.notify, f"term {term_id} added: {term.approved_en}")
        self.app.call_from_thread(self.app.load_glossary)

def problem_summary(problem: Any) -> str:
    found = getattr(problem, "found", "") or ""
    return f"{problem.kind} {found}".strip()


def add_term(db, new, annotator: str) -> str:
    """Store a new glossary term; the glossary's revision moves, so matching and QA re-run
    wherever the glossary is loaded next (the app reloads it at once)."""
    from workbench.terms import store
    from workbench.terms.model import Term
    term_id = unique_term_id(new.approved_en, store.term_ids(db))
    term = Term(id=term_id, term_ar=new.term_ar, approved_en=new.approved_en,
                category=new.category, note=new.note, vocabulary=new.vocabulary,
                status=new.status)
    store.save_term(db, term, annotator)
    return term_id


def unique_term_id(english: str, taken: set[str]) -> str:
    """A slug id from the English rendering (`isis-cells`), numbered if already taken."""
    import re
    base = re.sub(r"[^a-z0-9]+", "-", english.lower()).strip("-")[:50] or "term"
    if not base[0].isalpha():
        base = "t-" + base
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate
