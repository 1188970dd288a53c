"""Hostile input at the CLI's edges: a database path that is not there, not a file, read-only
or damaged; output paths; the config file; any string as an argument. Each gives one line
naming the thing and what is wrong, a non-zero exit, and nothing created or half-written."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.cli import main
from workbench.store.db import open_db

WORKBENCH = Path(sys.executable).parent / "workbench"

READING_COMMANDS = [
    ["stats"], ["search", "داعش"], ["export", "corpus", "-o", "{out}"],
    ["export", "glossary", "-o", "{out}.tsv"], ["export", "claims", "-o", "{out}.csv"],
    ["export", "history", "-o", "{out}"], ["glossary", "list"], ["glossary", "find", "مرتزقة"],
    ["qa"], ["claims", "list"], ["claims", "suggest"], ["claims", "types"],
    ["incidents", "list"], ["conflicts"], ["agreement"], ["matches", "--all"],
]


def one_error_line(result) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 1, result.output
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    assert "Traceback" not in result.output
    return lines[0]


@pytest.mark.parametrize("args", READING_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_reading_a_missing_database_creates_nothing(runner, tmp_path, args):
    path = tmp_path / "nope.db"
    out = tmp_path / "out"
    result = runner.invoke(main, ["--db", str(path), *[a.format(out=out) for a in args]])
    line = one_error_line(result)
    assert "nope.db: no such database" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_writing_commands_and_init_still_create_a_database(runner, tmp_path):
    path = tmp_path / "new.db"
    result = runner.invoke(main, ["--db", str(path), "init"])
    assert result.exit_code == 0, result.output
    figures = json.loads(runner.invoke(main, ["--db", str(path), "stats", "--json"]).output)
    assert figures["documents"] >= 4                   # the sample corpus, as the UI loads it


@pytest.mark.parametrize("kind", ["fifo", "socket", "empty"])
def test_a_database_path_that_is_not_a_file_is_one_line_without_blocking(tmp_path, kind):
    path = tmp_path / "weird.db"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        import socket
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))
    else:
        path = ""
    done = subprocess.run([WORKBENCH, "--db", str(path), "stats"], capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: ")
    assert {"fifo": "named pipe", "socket": "socket", "empty": "empty"}[kind] in done.stderr


def _sample(runner, tmp_path) -> Path:
    path = tmp_path / "a.db"
    assert runner.invoke(main, ["--db", str(path), "init"]).exit_code == 0
    db = open_db(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def test_a_database_damaged_after_opening_is_one_line(runner, tmp_path):
    path = _sample(runner, tmp_path)
    size = path.stat().st_size
    with path.open("r+b") as fh:            # no connection is open in this process now
        for offset in range(4096 * 3, size, 4096):
            fh.seek(offset)
            fh.write(b"\xff" * 64)
    out = tmp_path / "corpus.jsonl"
    result = runner.invoke(main, ["--db", str(path), "export", "corpus", "-o", str(out)])
    line = one_error_line(result)
    assert "a.db: " in line and "PRAGMA integrity_check" in line
    assert not out.exists() and not list(tmp_path.glob(".*.part"))


def _private_mount(script: str) -> subprocess.CompletedProcess:
    """Run a shell script in a mount namespace of its own (as root: read-only bind mounts
    and tiny file systems that vanish with it). Root ignores file permissions, so this is
    how a test makes a file system that refuses writes."""
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.fail("these tests need root and unshare(1) (util-linux), as on the project's machines")
    return subprocess.run(["unshare", "-m", "sh", "-ec", script], capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)


def test_a_read_only_database_is_read_and_writers_say_so(runner, tmp_path):
    path = _sample(runner, tmp_path)
    before = path.read_bytes()
    folder = path.parent
    done = _private_mount(f"""
        mount --bind -o ro {folder} {folder}
        {WORKBENCH} --db {path} stats --json
        echo STATS_DONE
        WORKBENCH_ANNOTATOR=amal {WORKBENCH} --db {path} claims types --add truce || echo "exit=$?"
    """)
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout.split("STATS_DONE")[0])
    assert figures["documents"] >= 4
    assert "exit=1" in done.stdout
    errors = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and "a.db: the database is read-only" in errors[0], done.stderr
    assert path.read_bytes() == before


def test_a_full_disk_is_one_line_and_nothing_half_written(runner, tmp_path):
    source = tmp_path / "big.txt"
    source.write_text("\n\n".join(f"خبر رقم {n} عن دير الزور والحسكة." * 40 for n in range(800)),
                      encoding="utf-8")
    small = tmp_path / "small"
    small.mkdir()
    done = _private_mount(f"""
        mount -t tmpfs -o size=1m tmpfs {small}
        {WORKBENCH} --db {small}/a.db init --no-sample
        {WORKBENCH} --db {small}/a.db import {source} || echo "exit=$?"
        {WORKBENCH} --db {small}/a.db stats --json
    """)
    assert done.returncode == 0, done.stderr
    assert "exit=1" in done.stdout
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "full" in errors[0], done.stderr
    figures = json.loads(done.stdout[done.stdout.index("{"):])
    assert figures["documents"] == 0 and figures["segments"] == 0   # the file's transaction undone


@pytest.mark.parametrize("target, expected", [("", "the output path is empty"),
                                              ("{folder}", "is a folder"),
                                              ("{folder}/missing/x.jsonl", "does not exist")])
def test_bad_output_paths_are_one_line_and_leave_nothing(runner, tmp_path, target, expected):
    path = _sample(runner, tmp_path)
    folder = tmp_path / "out"
    folder.mkdir()
    result = runner.invoke(main, ["--db", str(path), "export", "corpus", "-o",
                                  target.format(folder=folder)])
    assert expected in one_error_line(result)
    assert list(folder.iterdir()) == []
    assert not list(tmp_path.glob(".*.part")) and not list(Path.cwd().glob(".*.part"))


def test_dash_writes_to_standard_output(runner, tmp_path):
    path = _sample(runner, tmp_path)
    result = runner.invoke(main, ["--db", str(path), "export", "corpus", "-o", "-"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(records) > 20
    assert not Path("-").exists() and not (tmp_path / "-").exists()
    result = runner.invoke(main, ["--db", str(path), "export", "glossary", "--format", "tsv",
                                  "-o", "-"])
    assert result.exit_code == 0 and "مرتزقة" in result.stdout


@pytest.mark.parametrize("name", ["a\nb", "a\rb", "tab\there", "nul\x00", "\x1b[31mred", "   "])
def test_annotator_names_with_control_characters_are_refused(runner, name):
    from workbench.config import config_path
    result = runner.invoke(main, ["whoami", name])
    one_error_line(result)
    assert not config_path().exists()
    assert runner.invoke(main, ["whoami"]).exit_code == 0       # later commands still work


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(min_size=1, max_size=40).filter(lambda s: s.strip()))
def test_any_saved_annotator_loads_back(runner, name):
    from workbench import config
    result = runner.invoke(main, ["whoami", "--", name])
    if result.exit_code == 0:
        assert config.load()["annotator"] == name.strip()
        assert runner.invoke(main, ["whoami"]).output.strip() == name.strip()
    else:
        one_error_line(result)
        config.load()                                         # still a valid file
    assert runner.invoke(main, ["whoami"]).exit_code == 0


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory) -> Path:
    from click.testing import CliRunner
    path = tmp_path_factory.mktemp("hostile") / "a.db"
    assert CliRunner().invoke(main, ["--db", str(path), "init"]).exit_code == 0
    return path


ARGUMENT_COMMANDS = [
    ["search", "{s}"], ["glossary", "find", "{s}"], ["quantities", "{s}"],
    ["claims", "list", "--doc", "{s}"], ["claims", "set-status", "{s}", "{s}"],
    ["export", "corpus", "--format", "{s}", "-o", "{s}"], ["whoami", "{s}"],
    ["--db", "{s}", "stats"], ["conflicts", "resolve", "1", "--value", "{s}"],
    ["agreement", "--field", "{s}"], ["claims", "types", "--add", "{s}"],
]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command=st.sampled_from(ARGUMENT_COMMANDS),
       value=st.text(st.characters(codec="utf-8"), max_size=30)
       | st.sampled_from(["", "-", ".", "..", "/", "/dev/zero", "-1", "0", "99999999999999999999",
                          "--help", "\x00", "ـــ", "ً", "\ud800"]))
def test_any_string_as_an_argument_is_exit_0_or_one_line(shared_db, tmp_path_factory, command,
                                                          value):
    from click.testing import CliRunner
    cwd = tmp_path_factory.mktemp("cwd")
    args = [part.replace("{s}", value) for part in command]
    if args[0] != "--db":
        args = ["--db", str(shared_db), *args]
    runner = CliRunner()
    env = {"WORKBENCH_ANNOTATOR": "hostile"}
    done = threading.Event()
    outcome = {}

    def run():
        old = os.getcwd()
        os.chdir(cwd)
        try:
            outcome["result"] = runner.invoke(main, args, env=env)
        finally:
            os.chdir(old)
            done.set()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert done.wait(60), f"workbench {args!r} hung"
    result = outcome["result"]
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args, repr(result.exception))
    assert "Traceback" not in result.output
    if result.exit_code != 0:
        errors = [line for line in result.stderr.splitlines() if line.strip()]
        assert result.exit_code in (1, 2), result.output         # 2: a usage error
        assert len(errors) == 1 and errors[0].startswith("error: "), (args, result.output)
    assert sqlite3.connect(shared_db).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_outputs_through_links_and_to_devices(runner, tmp_path):
    path = _sample(runner, tmp_path)
    real = tmp_path / "real.jsonl"
    real.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    result = runner.invoke(main, ["--db", str(path), "export", "corpus", "-o", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and real.read_text().startswith("{")       # the link stays
    result = runner.invoke(main, ["--db", str(path), "export", "corpus", "-o", "/dev/null"])
    assert result.exit_code == 0, result.output
    assert Path("/dev/null").is_char_device()                         # written to, not replaced
    result = runner.invoke(main, ["--db", str(path), "export", "corpus", "-o",
                                  str(tmp_path / ("n" * 300))])
    assert "File name too long" in one_error_line(result)
    afile = tmp_path / "afile"
    afile.write_text("x")
    result = runner.invoke(main, ["--db", str(path), "export", "corpus", "-o", f"{afile}/x.jsonl"])
    line = one_error_line(result)
    assert "Not a directory" in line or "is not a folder" in line


def test_an_export_killed_by_sigterm_leaves_no_partial_file(runner, tmp_path):
    import signal
    import time
    path = _sample(runner, tmp_path)
    out = tmp_path / "out.jsonl"
    export = subprocess.Popen([WORKBENCH, "--db", path, "export", "corpus", "-o", "/dev/stdout"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)   # blocks on the pipe
    time.sleep(2)
    export.send_signal(signal.SIGTERM)
    export.communicate(timeout=30)
    assert export.returncode != 0
    export = subprocess.Popen([WORKBENCH, "--db", path, "export", "corpus", "-o", out],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    export.send_signal(signal.SIGTERM)
    export.communicate(timeout=30)
    assert not list(tmp_path.glob(".*.part"))


def test_arguments_that_are_not_utf8_are_one_line_and_save_nothing(tmp_path):
    path = tmp_path / "a.db"
    subprocess.run([WORKBENCH, "--db", path, "init"], check=True, capture_output=True)
    for args in ([b"search", b"\xff"], [b"incidents", b"add", b"caf\xe9"],
                 [b"claims", b"types", b"--add", b"zz", b"--label", b"\xed\xa0\x80"]):
        done = subprocess.run([WORKBENCH, b"--db", bytes(path), b"--annotator", b"amal", *args],
                              capture_output=True, timeout=60)
        err = done.stderr.decode()
        assert done.returncode == 1 and err.count("\n") == 1, err
        assert "not valid UTF-8" in err
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM incidents").fetchone() == (0,)


@pytest.mark.parametrize("make, expected", [
    (lambda p: p.symlink_to(p.parent / "nowhere.db"), "no such database (a broken symbolic link)"),
    (lambda p: p.write_bytes(b""), "an empty file"),
    (lambda p: sqlite3.connect(p).execute("PRAGMA application_id = 12345").connection.commit(),
     "another application"),
])
def test_reading_commands_leave_what_is_not_theirs_untouched(runner, tmp_path, make, expected):
    path = tmp_path / "x.db"
    make(path)
    before = sorted(p.name for p in tmp_path.iterdir())
    size = path.stat().st_size if path.exists() else None
    result = runner.invoke(main, ["--db", str(path), "stats"])
    assert expected in one_error_line(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert (path.stat().st_size if path.exists() else None) == size


def test_search_refuses_empty_and_runaway_queries(runner, tmp_path):
    path = _sample(runner, tmp_path)
    assert "empty" in one_error_line(runner.invoke(main, ["--db", str(path), "search", "  "]))
    words = " ".join(f"w{n}" for n in range(100))
    assert "at most 64" in one_error_line(runner.invoke(main, ["--db", str(path), "search", words]))
    result = runner.invoke(main, ["--db", str(path), "search", "a " * 60000, "--json"])
    assert result.exit_code == 0                         # repeats count once: quick


@pytest.mark.parametrize("config_text, expected", [
    ('annotator = ["a", "b"]\n', "must be text"),
    ("annotator = 42\n", "must be text"),
    ('annotator = "\\u202eevil"\n', "control"),
    ('annotator = "\\u200f"\n', "no visible character"),
])
def test_config_annotators_that_are_not_names_are_refused(runner, tmp_path, monkeypatch,
                                                          config_text, expected):
    config = tmp_path / "config.toml"
    config.write_text(config_text, encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_CONFIG", str(config))
    path = _sample(runner, tmp_path)
    result = runner.invoke(main, ["--db", str(path), "incidents", "add", "x"])
    assert expected in one_error_line(result)
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM incidents").fetchone() == (0,)


def test_config_saved_through_a_link_and_never_into_a_folder(runner, tmp_path, monkeypatch):
    from workbench import config
    dotfiles = tmp_path / "dotfiles.toml"
    dotfiles.write_text("")
    link = tmp_path / "config.toml"
    link.symlink_to(dotfiles)
    monkeypatch.setenv("WORKBENCH_CONFIG", str(link))
    assert runner.invoke(main, ["whoami", "amal"]).exit_code == 0
    assert link.is_symlink() and config.load()["annotator"] == "amal"
    folder = tmp_path / "folder"
    folder.mkdir()
    monkeypatch.setenv("WORKBENCH_CONFIG", str(folder))
    one_error_line(runner.invoke(main, ["whoami", "amal"]))
    assert not list(tmp_path.glob(".*.part")) and list(folder.iterdir()) == []


def test_filters_naming_nothing_are_errors_not_empty_files(runner, tmp_path):
    path = _sample(runner, tmp_path)
    out = tmp_path / "x.out"
    for args, expected in ((["export", "corpus", "--doc", "999", "-o", str(out)], "document 999"),
                           (["export", "claims", "--doc", "999", "-o", str(out)], "document 999"),
                           (["export", "claims", "--incident", "999", "-o", str(out)], "incident 999"),
                           (["claims", "list", "--doc", "999"], "document 999"),
                           (["claims", "list", "--incident", "999"], "incident 999")):
        assert expected in one_error_line(runner.invoke(main, ["--db", str(path), *args]))
        assert not out.exists()


def test_import_names_what_it_cannot_use(runner, tmp_path):
    path = _sample(runner, tmp_path)
    quote = tmp_path / "q.csv"
    quote.write_text('text,title\n"unterminated,quote\n', encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(main, ["--db", str(path), "import", str(quote), str(empty), " "])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    assert "q.csv:1: malformed CSV" in errors[0]
    assert "no .txt, .jsonl or .csv file in this folder" in errors[1]
    assert "a blank path" in errors[2]


def test_glossary_csv_is_safe_in_a_spreadsheet_and_round_trips(runner, tmp_path):
    from workbench.terms.model import COLUMNS
    path = tmp_path / "g.db"
    assert runner.invoke(main, ["--db", str(path), "init", "--no-sample"]).exit_code == 0
    new = tmp_path / "new.tsv"                      # only the required columns and a note
    new.write_text("id\tterm_ar\tapproved_en\tcategory\tnote\n"
                   "hyperlink\tرابط\t=HYPERLINK(\"http://example.invalid\")\tloaded_term\t-x\n",
                   encoding="utf-8")
    result = runner.invoke(main, ["--db", str(path), "--annotator", "amal", "glossary", "import",
                                  str(new)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "g.csv"
    assert runner.invoke(main, ["--db", str(path), "export", "glossary", "-o", str(out)]).exit_code == 0
    import csv
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    [row] = [r for r in rows if r["id"] == "hyperlink"]
    assert row["approved_en"].startswith("'=") and row["note"] == "'-x"
    assert list(rows[0]) == list(COLUMNS)
    again = tmp_path / "again.db"
    assert runner.invoke(main, ["--db", str(again), "init", "--no-sample"]).exit_code == 0
    result = runner.invoke(main, ["--db", str(again), "--annotator", "amal", "glossary", "import",
                                  str(out)])
    assert result.exit_code == 0, result.output
    listed = json.loads(runner.invoke(main, ["--db", str(again), "glossary", "list", "--json"]).output)
    [term] = [t for t in listed if t["id"] == "hyperlink"]
    assert term["approved_en"] == '=HYPERLINK("http://example.invalid")' and term["note"] == "-x"
