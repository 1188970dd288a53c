"""Translating the open document or the whole corpus from the UI, in a worker thread with its
own connection: progress in the status bar, Escape cancels between batches (every finished
batch is already saved), and the passage view shows new translations as they arrive."""

from __future__ import annotations

import sqlite3
import threading

from textual import work

from workbench.errors import WorkbenchError


class TranslateActions:
    """Mixed into MainScreen (which provides app, view, status, passage)."""

    _job_stop: threading.Event | None = None

    def action_translate_document(self) -> None:
        if self.passage is None:
            self.notify("open a document first")
            return
        self._start(self.passage.document_id, f"«{self.passage.title[:30]}»")

    def action_translate_corpus(self) -> None:
        self._start(None, "the corpus")

    def _start(self, document_id: int | None, label: str) -> None:
        if self._job_stop is not None:
            self.notify("a translation is already running (escape cancels it)")
            return
        self._job_stop = threading.Event()
        self.status.start_job(f"translating {label}: starting…", None)
        self.refresh_bindings()
        self.run_translation(document_id, label, self._job_stop)

    def action_cancel_job(self) -> None:
        if self._job_stop is not None:
            self._job_stop.set()
            self.status.job_progress("cancelling after this batch…", 0, 0)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_job":
            return self._job_stop is not None
        return True

    @work(thread=True, exclusive=True, group="translate")
    def run_translation(self, document_id: int | None, label: str, stop: threading.Event) -> None:
        from workbench.mt import translate
        report, error = None, None
        try:
            engine = load_engine()
            with self.app.conns.worker() as db:
                ids = translate.select_segments(db, [document_id] if document_id else None)
                glossary = self.app.glossary.glossary if self.app.glossary else None

                def progress(done: int, total: int, saved: list[int]) -> None:
                    self.app.call_from_thread(self._progress, label, done, total)
                report = translate.translate_segments(db, ids, engine, on_progress=progress,
                                                      should_stop=stop.is_set, glossary=glossary)
        except (WorkbenchError, sqlite3.Error) as exc:
            error = str(exc)
        self.app.call_from_thread(self._finished, label, report, error)

    def _progress(self, label: str, done: int, total: int) -> None:
        if self._job_stop is not None and self._job_stop.is_set():
            text = f"cancelling {label} after this batch… {done}/{total}"
        else:
            text = f"translating {label}: {done}/{total} · escape cancels"
        self.status.job_progress(text, done, total)
        self.view.reload()

    def _finished(self, label: str, report, error: str | None) -> None:
        self._job_stop = None
        self.status.end_job()
        self.refresh_bindings()
        if error is not None:
            from workbench.tui.screens.message import MessageScreen
            self.app.push_screen(MessageScreen("Translation not possible", error))
            return
        self.view.reload()
        if report.interrupted:
            self.notify(f"translation of {label} cancelled: {report.translated} translated, "
                        f"{report.remaining} left for next time", severity="warning")
        else:
            self.notify(f"{label}: {report.translated} translated, {report.from_memory} from "
                        f"memory, {report.already} already done")


def load_engine():
    """The default engine, or ModelError with the install commands."""
    from workbench.mt.engine import default_engine
    return default_engine()
