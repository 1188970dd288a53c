"""Speed of the terminal UI on a 100,000-segment database.

- Opening a document and moving from segment to segment, driven by Textual's Pilot. A step is
  timed from the key event to the screen repainted: the key goes in as Pilot sends it, Pilot
  waits for every widget of the screen to have handled its messages, the screen's update is
  forced as Pilot's pause does, and Pilot waits again. Target: p95 < 50 ms. (A plain
  `pilot.press(); pilot.pause()` also waits for the process to look idle in 20 ms slices, so
  it cannot go under about 40 ms; it is shown as a ratio to a bare Textual app, for scale.)
- Cold start to the first painted screen of `workbench`, as a ratio to a bare Textual app
  started the same way in the same run (both in a pseudo-terminal, timed until their first
  screen is written). Target: under 1.5x. Also shown: until the first document is on screen.
"""

from __future__ import annotations

import asyncio
import os
import pty
import random
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

SEGMENTS = 100_000
BIG = 90_000              # one long document, and fifty of 200
COLUMNS, LINES = 160, 45

BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static
class Bare(App):
    def compose(self):
        yield Header()
        yield Static("bare textual app ready")
        yield Footer()
Bare().run()
"""


# --- the database ----------------------------------------------------------------------

def _sentences() -> list[str]:
    from workbench import arabic
    from workbench.bootstrap import sample_files
    out = []
    for path in sample_files():
        text = path.read_text(encoding="utf-8")
        out.extend(s for s in arabic.sentences(text) if arabic.detect_language(s) == "ar")
    return out


class _BenchEngine:
    name, model, model_version, settings = "bench", "bench-ar-en", "1", {}


def build_database(path: Path) -> None:
    """Glossary, 100,000 Arabic segments (one document of 90,000), MT for every other one."""
    from workbench.bootstrap import first_run
    from workbench.mt import memory
    from workbench.store.db import open_db
    from workbench.store.documents import NewDocument, NewSegment, save_document
    db = open_db(path)
    first_run(db, sample=False)
    rng = random.Random(11)
    pool = _sentences()
    sizes = [BIG] + [(SEGMENTS - BIG) // 50] * 50
    for n, size in enumerate(sizes):
        texts = [f"{rng.choice(pool)} ({n}.{i})" for i in range(size)]
        save_document(db, NewDocument(f"bench:{n}", "\n\n".join(texts),
                                      [NewSegment(t) for t in texts], title=f"bench document {n}",
                                      outlet="Bench Outlet", language="ar"))
    rows = db.execute("SELECT id, hash, norm FROM segments WHERE id % 2 = 0").fetchall()
    english = "Internal Security Forces arrested ISIS mercenaries in the Deir ez-Zor countryside"
    engine = _BenchEngine()
    with db.atomic():
        for start in range(0, len(rows), 5000):
            part = rows[start:start + 5000]
            ids = memory.store(db, engine, [(h, norm, english, english, {}) for _, h, norm in part])
            memory.link(db, [(sid, ids[h]) for sid, h, _ in part])
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


# --- steps with Pilot ------------------------------------------------------------------

def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


CPU: dict[str, list[float]] = {}


async def _step(pilot, key: str, name: str) -> float:
    """Milliseconds from the key to the repainted screen (see the module docstring); the
    process's CPU time for the step goes to CPU[name] (wall minus CPU: other processes)."""
    from textual import events
    app = pilot.app
    cpu = time.process_time()
    started = time.perf_counter()
    app._driver.send_message(events.Key(key, key if len(key) == 1 else None))
    await pilot._wait_for_screen()
    app.screen._on_timer_update()
    await pilot._wait_for_screen()
    CPU.setdefault(name, []).append((time.process_time() - cpu) * 1000)
    return (time.perf_counter() - started) * 1000


async def _press(pilot, key: str) -> float:
    started = time.perf_counter()
    await pilot.press(key)
    await pilot.pause()
    return (time.perf_counter() - started) * 1000


async def _steps(path: Path) -> dict[str, list[float]]:
    from workbench.tui.app import make_app
    app = make_app(str(path), annotator="bench", rtl="reorder", ask_annotator=False)
    times: dict[str, list[float]] = {
        "open a document": [], "next segment": [], "previous segment": [], "page down": [],
        "next segment, 200-segment document": [], "pilot.press+pause, next segment": []}
    async with app.run_test(size=(COLUMNS, LINES)) as pilot:
        deadline = time.monotonic() + 120
        while app.glossary_loading or not app.db_ready:
            await pilot.pause(0.05)
            assert time.monotonic() < deadline, "the app did not start"
        await pilot.pause(0.5)
        assert app.main.passage.count == BIG
        for key in ("right_square_bracket", "left_square_bracket"):   # warm up, not counted
            await _step(pilot, key, "-")
        async def run(name: str, key: str, count: int) -> None:
            for _ in range(count):
                times[name].append(await _step(pilot, key, name))

        for _ in range(20):                      # the big document, a small one, and back
            await run("open a document", "right_square_bracket", 1)
            await run("open a document", "left_square_bracket", 1)
        await run("next segment", "j", 500)
        await run("previous segment", "k", 100)
        await run("page down", "pagedown", 60)
        for _ in range(60):
            times["pilot.press+pause, next segment"].append(await _press(pilot, "j"))
        await _step(pilot, "right_square_bracket", "-")
        await pilot.pause(1.0)                   # its claim suggestions are being computed
        await run("next segment, 200-segment document", "j", 150)
    return times


async def _bare_presses() -> list[float]:
    """The same plain Pilot press on a bare Textual app: a list moving its highlight."""
    from textual.app import App
    from textual.widgets import OptionList

    class Bare(App):
        def compose(self):
            yield OptionList(*[f"item {n}" for n in range(500)])

    times = []
    async with Bare().run_test(size=(COLUMNS, LINES)) as pilot:
        await pilot.pause()
        for _ in range(60):
            times.append(await _press(pilot, "down"))
    return times


# --- cold start in a pseudo-terminal ---------------------------------------------------

def _first_output(command: list[str], marker: bytes, env: dict, timeout: float = 60) -> float:
    """Seconds from spawning `command` in a pty until `marker` has been written to it."""
    master, slave = pty.openpty()
    termios_size = struct.pack("HHHH", LINES, COLUMNS, 0, 0)
    import fcntl
    fcntl.ioctl(slave, termios.TIOCSWINSZ, termios_size)
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env,
                            close_fds=True, start_new_session=True)
    os.close(slave)
    seen = b""
    try:
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
                if marker in seen:
                    return time.perf_counter() - started
        raise RuntimeError(f"{command[0]}: {marker!r} not seen in {timeout} s")
    finally:
        proc.kill()
        proc.wait()
        os.close(master)


TUI_ONLY = ("import sys; from workbench.tui.app import make_app; "
            "make_app(sys.argv[1], annotator='bench').run()")


def _cold_start(path: Path, runs: int = 5) -> dict[str, float]:
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(COLUMNS), "LINES": str(LINES),
           "WORKBENCH_ANNOTATOR": "bench"}
    workbench = [str(bin_dir / "workbench"), "--db", str(path)]
    found: dict[str, list[float]] = {"bare": [], "first": [], "document": [], "tui": []}
    for _ in range(runs):
        found["bare"].append(_first_output([sys.executable, "-c", BARE_APP],
                                           b"bare textual app ready", env))
        found["first"].append(_first_output(workbench, b"Opening the database", env))
        found["document"].append(_first_output(workbench, b"segment 1 of", env))
        found["tui"].append(_first_output([sys.executable, "-c", TUI_ONLY, str(path)],
                                          b"Opening the database", env))
    return {name: statistics.median(values) for name, values in found.items()}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                        "from bench.bench_tui import build_database; "
                        "build_database(Path(sys.argv[1]))", str(path)],
                       check=True, cwd=Path(__file__).resolve().parent.parent)
        print(f"   built a {SEGMENTS:,}-segment database in {time.perf_counter() - started:.0f} s "
              "(in another process, so the measured one starts clean)")
        times = asyncio.run(_steps(path))
        pilot_times = times.pop("pilot.press+pause, next segment")
        for name, values in times.items():
            p95 = _p95(values)
            print(f"   {name:<36} p95 {p95:6.1f} ms = {p95 / 50:.2f}x the 50 ms target "
                  f"(median {statistics.median(values):.1f} ms, {len(values)} steps; "
                  f"CPU p95 {_p95(CPU[name]):.1f} ms)")
        bare = asyncio.run(_bare_presses())
        print(f"   pilot.press+pause, next segment: p95 {_p95(pilot_times):.0f} ms = "
              f"{_p95(pilot_times) / _p95(bare):.2f}x the same press on a bare Textual app "
              f"({_p95(bare):.0f} ms)")
        cold = _cold_start(path)
        print(f"   cold start, first painted screen: {cold['first']:.2f} s = "
              f"{cold['first'] / cold['bare']:.2f}x a bare Textual app ({cold['bare']:.2f} s); "
              f"target under 1.5x")
        print(f"   cold start, first document on screen: {cold['document']:.2f} s = "
              f"{cold['document'] / cold['bare']:.2f}x the bare app")
        print(f"   of which the UI alone (make_app().run(), without the CLI's imports): "
              f"{cold['tui']:.2f} s = {cold['tui'] / cold['bare']:.2f}x the bare app")


if __name__ == "__main__":
    main()
