"""Speed and memory of the terminal UI on a 1,000,000-segment database (10,000 documents,
bench/million.py: built once with bulk SQL and cached, copied for each run).

- Opening a document and moving from segment to segment, driven by Textual's Pilot. A step is
  timed from the key event to the screen repainted: the key goes in as Pilot sends it, Pilot
  waits for every widget of the screen to have handled its messages, the screen's update is
  forced as Pilot's pause does, and Pilot waits again. Target: p95 < 50 ms. (A plain
  `pilot.press(); pilot.pause()` also waits for the process to look idle in 20 ms slices, so
  it cannot go under about 40 ms; it is shown as a ratio to a bare Textual app, for scale.)
- Cold start to the first painted screen of `workbench`, as a ratio to a bare Textual app
  started the same way in the same run (both in a pseudo-terminal, timed until their first
  screen is written). Target: under 1.5x. Also shown: until the first document is on screen.
- Search, Arabic and English queries, common and rare words: the core's first page with its
  count (`store.search.find`, what `workbench search` runs), and in the UI from enter to the
  results painted. Target: p95 < 200 ms.
- Memory: the resident size of the UI, after the steps and searches above (this process,
  peak) and of `workbench` itself once the first document is on screen. Target: < 300 MB.
"""

from __future__ import annotations

import asyncio
import os
import pty
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from textual import events

from bench.million import BIG, DOCUMENTS, SEGMENTS

COLUMNS, LINES = 160, 45
SEARCHES = [("داعش", "ar"), ("قوات سوريا الديمقراطية", "ar"), ("بالحسكة", "any"),
            ("الشحيل", "ar"), ("arrested", "en"), ("ISIS cells Hajin", "en"),
            ("checkpoint", "any"), ("edited smugglers", "en"), ("the", "en"), ("في", "any")]

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

def _database(folder: Path) -> tuple[Path, float | None]:
    """A fresh copy of the cached database (built first, in another process, if missing)."""
    from bench import million
    took = None
    if not million.path().exists():
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bench.million"], check=True,
                       cwd=Path(__file__).resolve().parent.parent)
        took = time.perf_counter() - started
    copy = folder / "bench.db"
    shutil.copyfile(million.path(), copy)
    return copy, took


# --- steps with Pilot ------------------------------------------------------------------

def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


CPU: dict[str, list[float]] = {}


async def _step(pilot, key: str, name: str) -> float:
    """Milliseconds from the key to the repainted screen (see the module docstring); the
    process's CPU time for the step goes to CPU[name] (wall minus CPU: other processes)."""
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
        "next segment, 91-segment document": [], "pilot.press+pause, next segment": []}
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
        await run("next segment, 91-segment document", "j", 80)
        await _searches(pilot, times)
    return times


async def _searches(pilot, times: dict[str, list[float]]) -> None:
    """Each query in the search screen: from enter to its results painted."""
    from textual.widgets import Input
    app = pilot.app
    await pilot.press("slash")
    await pilot.pause(0.3)
    screen = app.screen
    shown = asyncio.Event()
    original = screen.show_results

    def show_results(*args, **kwargs):
        original(*args, **kwargs)
        shown.set()
    screen.show_results = show_results
    times["search in the UI, enter to results"] = []
    for round_ in range(3):
        for query, lang in SEARCHES:
            screen.lang = lang
            field = screen.query_one(Input)
            field.focus()                        # enter on the list would open a result
            field.value = query
            await pilot.pause(0.3)               # the typing's own search is done
            await app.workers.wait_for_complete()
            shown.clear()
            started = time.perf_counter()
            app._driver.send_message(events.Key("enter", None))
            await asyncio.wait_for(shown.wait(), 30)
            await pilot._wait_for_screen()
            screen._on_timer_update()
            await pilot._wait_for_screen()
            if round_:                           # the first round warms the caches
                times["search in the UI, enter to results"].append(
                    (time.perf_counter() - started) * 1000)
    await pilot.press("escape")


def _core_searches(path: Path) -> tuple[list[float], list[str]]:
    """`find` as `workbench search` runs it: (milliseconds per query, one line per query)."""
    from workbench.store.db import open_db
    from workbench.store.search import find
    db = open_db(path)
    times, lines = [], []
    for query, lang in SEARCHES:
        find(db, query, lang)                    # warm
        each = []
        for _ in range(10):
            started = time.perf_counter()
            found = find(db, query, lang)
            each.append((time.perf_counter() - started) * 1000)
        times += each
        lines.append(f"{query} ({lang}): {found.count_label()}, median "
                     f"{statistics.median(each):.0f} ms")
    db.close()
    return times, lines


def _rss_mb(pid: int | str = "self", field: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


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

def _first_output(command: list[str], marker: bytes, env: dict, timeout: float = 60,
                  rss: list | None = None) -> float:
    """Seconds from spawning `command` in a pty until `marker` has been written to it (and
    its resident size then, in MB, appended to `rss`)."""
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
                    took = time.perf_counter() - started
                    if rss is not None:
                        time.sleep(0.5)          # the rest of the first screen
                        rss.append(_rss_mb(proc.pid))
                    return took
        screen = " ".join(seen[-3000:].decode("utf-8", "replace").split())[-400:]
        raise RuntimeError(f"{command[0]}: {marker!r} not seen in {timeout} s; the end of "
                           f"its output: {screen}")
    finally:
        proc.kill()
        proc.wait()
        os.close(master)


TUI_ONLY = ("import sys; from workbench.tui.app import make_app; "
            "make_app(sys.argv[1], annotator='bench').run()")


def _cold_start(path: Path, runs: int = 5) -> dict[str, float]:
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(COLUMNS), "LINES": str(LINES),
           "WORKBENCH_ANNOTATOR": "bench",
           # a config of its own: the steps' config reopens where they left off
           "WORKBENCH_CONFIG": str(path.parent / "cold-start.toml")}
    workbench = [str(bin_dir / "workbench"), "--db", str(path)]
    found: dict[str, list[float]] = {"bare": [], "first": [], "document": [], "tui": [],
                                     "rss": []}
    for _ in range(runs):
        found["bare"].append(_first_output([sys.executable, "-c", BARE_APP],
                                           b"bare textual app ready", env))
        found["first"].append(_first_output(workbench, b"Opening the database", env))
        found["document"].append(_first_output(workbench, b"segment 1 of", env,
                                               rss=found["rss"]))
        found["tui"].append(_first_output([sys.executable, "-c", TUI_ONLY, str(path)],
                                          b"Opening the database", env))
    return {name: statistics.median(values) for name, values in found.items()}  # rss: median


def _ratio(name: str, values: list[float], target: float, unit: str = "ms") -> str:
    p95 = _p95(values)
    return (f"   {name:<36} p95 {p95:6.1f} {unit} = {p95 / target:.2f}x the {target:g} {unit} "
            f"target (median {statistics.median(values):.1f} {unit}, {len(values)} steps)")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["WORKBENCH_CONFIG"] = str(Path(tmp) / "config.toml")   # no reopened state
        path, took = _database(Path(tmp))
        built = f"built in {took:.0f} s" if took is not None else "cached"
        print(f"   {SEGMENTS:,} segments in {DOCUMENTS:,} documents ({built}; "
              f"{path.stat().st_size / 1e9:.2f} GB)")
        times = asyncio.run(_steps(path))
        peak = _rss_mb(field="VmHWM")
        pilot_times = times.pop("pilot.press+pause, next segment")
        ui_search = times.pop("search in the UI, enter to results")
        for name, values in times.items():
            print(_ratio(name, values, 50) + f"; CPU p95 {_p95(CPU[name]):.1f} ms")
        core, lines = _core_searches(path)
        print(_ratio("search, first page and count (core)", core, 200))
        print(_ratio("search in the UI, enter to results", ui_search, 200))
        print("     " + "; ".join(lines))
        bare = asyncio.run(_bare_presses())
        print(f"   pilot.press+pause, next segment: p95 {_p95(pilot_times):.0f} ms = "
              f"{_p95(pilot_times) / _p95(bare):.2f}x the same press on a bare Textual app "
              f"({_p95(bare):.0f} ms)")
        cold = _cold_start(path)
        print(f"   cold start, first painted screen: {cold['first']:.2f} s = "
              f"{cold['first'] / cold['bare']:.2f}x a bare Textual app ({cold['bare']:.2f} s); "
              f"target under 1.5x = {cold['first'] / cold['bare'] / 1.5:.2f}x the target")
        print(f"   cold start, first document on screen: {cold['document']:.2f} s = "
              f"{cold['document'] / cold['bare']:.2f}x the bare app")
        print(f"   of which the UI alone (make_app().run(), without the CLI's imports): "
              f"{cold['tui']:.2f} s = {cold['tui'] / cold['bare']:.2f}x the bare app")
        print(f"   memory: `workbench` with the first document on screen {cold['rss']:.0f} MB = "
              f"{cold['rss'] / 300:.2f}x the 300 MB target; the UI after every step and "
              f"search above (peak) {peak:.0f} MB = {peak / 300:.2f}x")


if __name__ == "__main__":
    main()
