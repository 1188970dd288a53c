"""End to end: the real `workbench` command in a real terminal (tmux), driven by keys and
read back with capture-pane. It checks what a user sees (Arabic reordered and shaped, the
English beside it, the key hints) and what the database holds afterwards."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.tui.conftest import rows

VENV_BIN = Path(sys.executable).parent
WORKBENCH = VENV_BIN / "workbench"

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None,
                                reason="tmux is not installed (`make test` installs it)")


def flat(screen: str) -> str:
    """The screen's words in order, without box borders or line breaks (for wrapped messages)."""
    return " ".join(screen.replace("│", " ").replace("┃", " ").split())


class Terminal:
    """A detached tmux session of 160x45 running one command."""

    def __init__(self, command: list[str], env: dict[str, str]):
        self.name = f"wb-e2e-{uuid.uuid4().hex[:8]}"
        # A private tmux server: another server's size or options (a developer's own tmux)
        # must not change what this test sees, and closing it touches nothing else.
        self.tmux = ["tmux", "-L", self.name, "-f", "/dev/null"]
        exports = " ".join(f"{k}={v!s}" for k, v in env.items())
        # The pane may start at tmux's default 80x24 and be resized to 160x45 a moment later:
        # wait before starting the program so it reads the final size.
        line = f"sleep 1; env {exports} {' '.join(map(str, command))}; echo EXIT=$?; sleep 30"
        subprocess.run([*self.tmux, "new-session", "-d", "-s", self.name, "-x", "160", "-y", "45",
                        line], check=True)

    def screen(self) -> str:
        return subprocess.run([*self.tmux, "capture-pane", "-p", "-t", self.name],
                              capture_output=True, text=True, check=True).stdout

    def keys(self, *keys: str, literal: bool = False) -> None:
        args = [*self.tmux, "send-keys", "-t", self.name, *(["-l"] if literal else []), *keys]
        subprocess.run(args, check=True)

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def resize(self, width: int, height: int) -> None:
        subprocess.run([*self.tmux, "resize-window", "-t", self.name, "-x", str(width),
                        "-y", str(height)], check=True)

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)


@pytest.fixture
def terminal(tmp_path):
    opened = []

    def start(*args: str) -> Terminal:
        env = {"WORKBENCH_CONFIG": tmp_path / "config.toml", "WORKBENCH_ANNOTATOR": "e2e",
               "ARGOS_PACKAGES_DIR": tmp_path / "no-models", "TERM": "xterm-256color",
               "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": os.environ.get("HOME", "/tmp")}
        term = Terminal([WORKBENCH, *args], env)
        opened.append(term)
        return term
    yield start
    for term in opened:
        term.close()


def visual(word: str) -> str:
    """How a reordering terminal line shows an Arabic word: shaped, right to left."""
    from workbench.tui import rtl
    return rtl.visual_lines(word, 40)[0].text.strip()


def test_read_search_and_post_edit_in_a_real_terminal(sample_db, terminal):
    from workbench.store.db import open_db
    from workbench.store.search import search
    db = open_db(sample_db)
    first = search(db, "الحسكة")[0]
    count = db.execute("SELECT segment_count FROM documents WHERE id = ?",
                       [first["document_id"]]).fetchone()[0]
    opening = db.execute("SELECT segment_count FROM documents ORDER BY id LIMIT 1").fetchone()[0]
    db.close()
    term = terminal("--db", sample_db)
    term.wait_for("glossary: 84 terms", timeout=60)
    shown = term.wait_for("NOT a translation", timeout=30)   # the passage redrawn with the glossary
    assert f"segment 1 of {opening}" in shown
    assert "annotator: e2e" in shown
    assert "no translation model" in shown
    assert visual("البصيرة") in shown                      # Arabic shaped and reordered
    assert "البصيرة" not in shown                          # never printed in logical order
    assert "Internal Security Forces; mercenaries; Busayrah" in shown   # the gloss beside it
    assert "NOT a translation" in shown

    term.keys("j")
    term.wait_for(f"segment 2 of {opening}")
    term.wait_for("Segment 2 · Arabic")

    term.keys("/")
    term.wait_for("words in Arabic or English")
    for _ in range(5):          # on a busy machine the input may take the focus late
        term.keys("C-u")
        term.keys("الحسكة", literal=True)
        term.keys("Enter")
        try:
            term.wait_for("for «", timeout=3)
            break
        except AssertionError:
            continue
    term.keys("Enter")
    term.wait_for(f"segment {first['position'] + 1} of {count}")

    _post_edit(term, "The SDF reports its results against ISIS cells.",
               title=f"Post-edit segment {first['position'] + 1}")

    _resize_and_check(term, ((100, 30), (160, 45), (80, 24), (130, 40), (100, 30), (160, 45)))

    term.keys("q")
    term.wait_for("EXIT=0")
    saved = rows(sample_db, "SELECT postedit, postedit_by FROM translations WHERE segment_id = ?",
                 [first["segment_id"]])
    assert saved == [{"postedit": "The SDF reports its results against ISIS cells.",
                      "postedit_by": "e2e"}]


def test_a_file_that_is_not_a_database_is_one_message(tmp_path, terminal):
    bad = tmp_path / "notes.db"
    bad.write_text("shopping list")
    term = terminal("--db", bad)
    shown = term.wait_for("cannot be used")
    assert "not a workbench database (not an SQLite file)" in flat(shown)  # may wrap with the path
    assert "Traceback" not in shown
    term.keys("q")
    shown = term.wait_for("EXIT=1")
    assert "error: " in shown and "Traceback" not in shown


def _workbench_pids(db_path: Path) -> list[int]:
    """The processes running the workbench on this database (the UI inside tmux)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(part.endswith(b"workbench") for part in cmdline) and str(db_path).encode() in cmdline:
            found.append(int(entry.name))
    return found


def _deleted_wal(pid: int) -> list[str]:
    out = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.endswith("(deleted)") and ("-wal" in target or "-shm" in target):
            out.append(target)
    return out


def _post_edit(term: Terminal, english: str, title: str = "Post-edit segment") -> None:
    """`e`, type the English over what is there, ctrl+s, and wait until it shows as saved."""
    term.keys("e")
    term.wait_for(title)
    term.wait_for("an empty text removes the post-edit")
    for _ in range(5):          # on a busy machine the text area may take the focus late
        term.keys("F7", "BSpace")                         # select all, delete
        term.keys(english, literal=True)
        try:
            term.wait_for(english, timeout=3)
            break
        except AssertionError:
            continue
    term.keys("C-s")
    term.wait_for("post-edit by e2e")


def test_the_open_ui_keeps_its_wal_while_other_processes_read(sample_db, terminal):
    """Other processes opening, reading and closing the database while the UI is open must
    not make the UI lose its WAL (and with it, the work it confirmed as saved)."""
    import sqlite3
    term = terminal("--db", sample_db)
    term.wait_for("glossary: 84 terms", timeout=60)
    _post_edit(term, "Saved before the others came.")
    [pid] = _workbench_pids(sample_db)
    for _ in range(3):
        done = subprocess.run([WORKBENCH, "--db", sample_db, "stats"], capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0, done.stderr
    for _ in range(200):
        conn = sqlite3.connect(sample_db)
        conn.execute("SELECT COUNT(*) FROM translations").fetchone()
        conn.close()
    term.keys("j")
    term.wait_for("Segment 2 · Arabic")
    _post_edit(term, "Saved after the others left.")
    assert _deleted_wal(pid) == []
    term.keys("q")
    term.wait_for("EXIT=0")
    saved = rows(sample_db, "SELECT postedit FROM translations WHERE postedit_by = 'e2e' "
                            "ORDER BY segment_id")
    assert [r["postedit"] for r in saved] == ["Saved before the others came.",
                                              "Saved after the others left."]


def documents_width(width: int) -> int:
    """The documents pane's width in a terminal `width` columns wide (app.tcss)."""
    from workbench.tui.screens.main import NARROW, WIDE
    return 34 if width >= WIDE else 24 if width >= NARROW else 0


def separator_columns(screen: str, width: int) -> set[int]:
    """Columns (cells) of the passage's Arabic/English separator on the top rows of the
    passage view, as the terminal shows them."""
    from rich.cells import cell_len
    docs = documents_width(width)
    found = set()
    for line in screen.splitlines()[2:10]:
        col = 0
        for ch in line:
            if ch == "│" and docs + 2 < col < width - 2:
                found.add(col)
            col += cell_len(ch)
    return found


def expected_separator(width: int) -> int:
    from workbench.tui import render
    docs = documents_width(width)
    left, _ = render.columns(width - docs - 2)
    return docs + 1 + render.GUTTER + left + 1


def _resize_and_check(term: Terminal, sizes) -> None:
    """Resize the real terminal again and again: each time the Arabic column takes its new
    width at once (it used to keep the old one about one resize in three)."""
    for width, height in sizes:
        term.resize(width, height)
        want = {expected_separator(width)}
        deadline = time.monotonic() + 8
        while separator_columns(term.screen(), width) != want and time.monotonic() < deadline:
            time.sleep(0.2)
        shown = term.screen()
        assert separator_columns(shown, width) == want, (width, height, shown)
        assert len(shown.splitlines()) == height
