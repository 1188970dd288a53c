"""Hostile input to `workbench import` (issue 11): every bad file gets one line naming it and
what is wrong, exit status 1, nothing of it written, and the rest of the batch imported."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

GOOD = "Deir ez-Zor\n\nThe SDF said 13 people were arrested. The campaign continues.\n"
TEXT_FIELDS = ["text", "body", "content", "title", "headline", "outlet", "source", "publisher",
               "date", "published", "published_at", "url", "link"]


def good_file(folder: Path, name: str = "good.txt") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(GOOD + f"This is the file {name}.\n", encoding="utf-8")    # each its own
    return path


def stored(db_path: Path) -> tuple[int, int, set[str]]:
    """Documents, segments and the source paths in the database, read with sqlite3 itself."""
    with sqlite3.connect(db_path) as conn:
        docs = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        segs = conn.execute("SELECT COUNT(*) FROM segments").fetchone()[0]
        sources = {r[0] for r in conn.execute("SELECT source_path FROM documents")}
    return docs, segs, sources


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def assert_refused(result, db_path: Path, bad: dict[str, str], good: list[Path]) -> None:
    """Exit 1, exactly one error line per bad file (named by `bad`'s keys, holding its value),
    no traceback, the good files imported and nothing else."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = errors(result)
    assert len(lines) == len(bad), lines
    for name, message in bad.items():
        mine = [line for line in lines if name in line]
        assert len(mine) == 1 and message in mine[0], (name, lines)
    docs, segs, sources = stored(db_path)
    assert docs == len(good) and segs >= len(good)
    assert sources == {str(p) for p in good}


def within(seconds: float, fn, unblock=lambda: None):
    """Run fn in a thread; a regression that blocks fails the test instead of hanging it."""
    box = {}
    thread = threading.Thread(target=lambda: box.update(result=fn()), daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        unblock()
        thread.join(5)
        pytest.fail(f"import still blocked after {seconds} s")
    return box["result"]


def release_fifo(path: Path):
    """Give a reader blocked on opening the FIFO a writer, then EOF."""
    def unblock():
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass
    return unblock


# --- FIFOs, sockets, devices ---------------------------------------------------------------

def test_fifo_socket_and_device_refused_without_blocking(cli, db_path, tmp_path):
    folder = tmp_path / "in"
    good = [good_file(folder, "a.txt"), good_file(folder, "z.txt")]
    fifo_inside = folder / "pipe.txt"
    os.mkfifo(fifo_inside)
    fifo_given = tmp_path / "given.jsonl"
    os.mkfifo(fifo_given)
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "sock.csv"))
    try:
        result = within(30, lambda: cli("import", folder, fifo_given, "/dev/zero"),
                        unblock=lambda: (release_fifo(fifo_inside)(), release_fifo(fifo_given)()))
    finally:
        sock.close()
    assert_refused(result, db_path, {
        "pipe.txt": "not a regular file (a named pipe)",
        "given.jsonl": "not a regular file (a named pipe)",
        "sock.csv": "not a regular file (a socket)",
        "/dev/zero": "not a regular file (a character device)",
    }, good)


def test_dev_stdin_from_a_pipe_with_no_writer_does_not_hang(tmp_path):
    """/dev/stdin is a pipe here whose writer never writes nor closes: reading it would block."""
    good = good_file(tmp_path)
    db = tmp_path / "s.db"
    proc = subprocess.Popen(
        [sys.executable, "-c", "from workbench.cli import run; run()", "--db", str(db),
         "import", "/dev/stdin", str(good)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=120)     # keeps stdin open until it returns
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail("import of /dev/stdin blocked")
    assert proc.returncode == 1, err
    assert "Traceback" not in err
    assert [line for line in err.splitlines() if line.startswith("error:")] == [
        "error: /dev/stdin: not a regular file (a named pipe)"]
    assert stored(db)[0] == 1


# --- file names and unreadable files ---------------------------------------------------------

def test_file_name_not_utf8(cli, db_path, tmp_path):
    folder = tmp_path / "in"
    good = [good_file(folder)]
    fd = os.open(os.fsencode(folder) + b"/\xff.txt", os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, GOOD.encode())
    os.close(fd)
    odd_folder = os.fsencode(tmp_path) + b"/dir\xfe"
    os.mkdir(odd_folder)
    with open(odd_folder + b"/inner.txt", "wb") as fh:
        fh.write(b"Another text. With two sentences.\n")
    result = cli("import", folder, os.fsdecode(odd_folder))
    assert_refused(result, db_path, {
        "\\xff.txt": "file name is not valid UTF-8",
        "dir\\xfe/inner.txt": "file name is not valid UTF-8",
    }, good)


def test_unreadable_files(cli, db_path, tmp_path, monkeypatch):
    """As root nothing is refused for permissions, so: a broken link, a path through a file,
    a link loop, and a read that raises PermissionError as it would for a chmod 000 file."""
    good = [good_file(tmp_path)]
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    locked = good_file(tmp_path, "locked.txt")
    real_open = os.open

    def denying_open(path, flags, *args, **kwargs):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)
    monkeypatch.setattr(os, "open", denying_open)
    result = cli("import", tmp_path / "dangling.txt", good[0] / "inside.txt", tmp_path / "loop.txt",
                 locked, good[0], tmp_path / "missing.txt")
    assert_refused(result, db_path, {
        "dangling.txt": "cannot be read (broken symbolic link)",
        "inside.txt": "cannot be read (Not a directory)",
        "loop.txt": "cannot be read (Too many levels of symbolic links)",
        "locked.txt": "cannot be read (Permission denied)",
        "missing.txt": "no such file or folder",
    }, good)


def test_empty_path_is_refused_not_the_current_folder(cli, db_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    good_file(tmp_path / "here", "stray.txt")      # would be imported if '' meant '.'
    given = good_file(tmp_path / "given")
    result = cli("import", "", given)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert errors(result) == ["error: empty path given (name a file or folder to import)"]
    assert stored(db_path)[2] == {str(given)}


# --- folders -----------------------------------------------------------------------------------

def test_folder_with_a_link_loop_and_an_unreadable_subfolder(cli, db_path, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    good = [good_file(folder), good_file(folder / "sub", "deep.txt")]
    (folder / "sub" / "up").symlink_to(folder)                 # a loop back to the top
    (folder / "sub" / "again").symlink_to(folder / "sub")      # and to itself
    shut = folder / "shut"
    good_file(shut, "hidden.txt")
    real_scandir = os.scandir

    def denying_scandir(path="."):
        if os.fspath(path) == str(shut):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)
    monkeypatch.setattr(os, "scandir", denying_scandir)
    result = within(60, lambda: cli("import", folder))
    assert_refused(result, db_path, {"in/shut": "cannot be read (Permission denied)"}, good)


# --- rows whose fields are not text ------------------------------------------------------------

NOT_TEXT = {"list": ('["a", "b"]', "a list"), "number": ("5", "a number"),
            "float": ("1.5", "a number"), "bool": ("true", "a boolean"),
            "object": ('{"a": 1}', "an object"), "nan": ("NaN", "NaN"),
            "inf": ("Infinity", "Infinity"), "ninf": ("-Infinity", "Infinity")}


def test_jsonl_fields_that_are_not_text(cli, db_path, tmp_path):
    good = [good_file(tmp_path)]
    bad = {}
    for field in TEXT_FIELDS:
        for kind, (literal, said) in NOT_TEXT.items():
            name = f"{field}-{kind}.jsonl"
            other = '"text": "Fine text. Second sentence."' if field != "text" else '"x": 1'
            (tmp_path / name).write_text(
                '{"text": "A good first row."}\n' f'{{{other}, "{field}": {literal}}}\n',
                encoding="utf-8")
            bad[name] = f"{name}:2: field '{field}' must be text, not {said}"
    result = cli("import", *sorted(tmp_path.glob("*.jsonl")), *good)
    assert_refused(result, db_path, bad, good)


def test_json_null_is_absent(cli, db_path, tmp_path):
    path = tmp_path / "nulls.jsonl"
    path.write_text('{"text": "Some text here.", "title": null, "url": null, "date": null}\n'
                    '{"text": null, "body": "Body text instead."}\n', encoding="utf-8")
    result = cli("import", path)
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("SELECT title, url, published FROM documents ORDER BY id").fetchall()
    assert rows == [("Some text here.", None, None), ("Body text instead.", None, None)]


def test_surrogates_nul_nesting_and_long_numbers(cli, db_path, tmp_path):
    good = [good_file(tmp_path)]
    rows = {
        "sur.jsonl": ('{"text": "\\ud800"}', "sur.jsonl:1: field 'text' has a lone surrogate (\\ud800)"),
        "sur-title.jsonl": ('{"text": "Fine.", "headline": "a \\udfff b"}',
                            "sur-title.jsonl:1: field 'headline' has a lone surrogate (\\udfff)"),
        "nul.jsonl": ('{"text": "a\\u0000b"}', "nul.jsonl:1: field 'text' has a NUL character"),
        "deep.jsonl": ('{"text": "ok", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
                       "deep.jsonl:1: JSON nested too deeply"),
        "long.jsonl": ('{"text": "ok", "n": ' + "7" * 5000 + "}", "long.jsonl:1: malformed JSON"),
    }
    for name, (line, _) in rows.items():
        (tmp_path / name).write_text(line + "\n", encoding="utf-8")
    late_nul = tmp_path / "late-nul.txt"      # past the 8 KB sniffed for binary data
    late_nul.write_text("A line of plain text.\n" * 600 + "a\x00b\n", encoding="utf-8")
    csv_nul = tmp_path / "nul.csv"
    csv_nul.write_text("text\n" + "Plain text row.\n" * 600 + "a\x00b\n", encoding="utf-8")
    result = cli("import", *(tmp_path / n for n in rows), late_nul, csv_nul, *good)
    assert_refused(result, db_path, {
        **{name: message for name, (_, message) in rows.items()},
        "late-nul.txt": "late-nul.txt:601: NUL character",
        "nul.csv": "nul.csv:602: NUL character"}, good)


def test_huge_line_is_fine(cli, db_path, tmp_path):
    path = tmp_path / "huge.jsonl"
    path.write_text(json.dumps({"text": "A short text.", "extra": "x" * 5_000_000}) + "\n",
                    encoding="utf-8")
    result = cli("import", path)
    assert result.exit_code == 0, result.output
    assert stored(db_path)[:2] == (1, 1)


# --- one transaction per file ------------------------------------------------------------------

def test_store_failure_rolls_back_that_file_only(cli, db_path, tmp_path, monkeypatch):
    """A failure inside the store's transaction (here forced) leaves nothing of the file."""
    from workbench.store import documents
    real = documents.insert_segments

    def failing(db, rows):
        if any("POISON" in row[3] for row in rows):
            raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")
        return real(db, rows)
    monkeypatch.setattr(documents, "insert_segments", failing)
    poisoned = tmp_path / "poisoned.jsonl"
    poisoned.write_text('{"text": "First row is fine."}\n{"text": "POISON here."}\n', encoding="utf-8")
    good = [good_file(tmp_path)]
    result = cli("import", poisoned, *good)
    assert_refused(result, db_path, {"poisoned.jsonl": "cannot be stored (UnicodeEncodeError"}, good)


# --- properties --------------------------------------------------------------------------------

def assert_one_line_or_none(result, db_path: Path, path: Path, before: int) -> None:
    assert "Traceback" not in result.output
    lines = errors(result)
    if result.exit_code == 0:
        assert lines == []
    else:
        assert result.exit_code == 1 and len(lines) == 1 and path.name in lines[0], result.output
        with sqlite3.connect(db_path) as conn:
            assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == before


def documents_count(db_path: Path) -> int:
    if not db_path.exists():
        return 0
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000) | st.text(max_size=500).map(lambda t: t.encode("utf-8"))
       | st.text(max_size=300).map(lambda t: ("text\n" + t).encode("utf-8", "surrogatepass")),
       suffix=st.sampled_from([".txt", ".jsonl", ".csv"]))
def test_any_bytes_give_a_document_or_one_line(cli, db_path, tmp_path, data, suffix):
    path = tmp_path / f"any{suffix}"
    path.write_bytes(data)
    before = documents_count(db_path)
    assert_one_line_or_none(cli("import", path), db_path, path, before)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats()
    | st.text() | st.text(st.characters(categories=["Cs", "Cc"])),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(row=st.dictionaries(st.sampled_from(TEXT_FIELDS + ["TEXT", " Title ", "other"]), JSON_VALUES,
                           min_size=1, max_size=5))
def test_any_json_value_in_any_field_gives_a_document_or_one_line(cli, db_path, tmp_path, row):
    path = tmp_path / "row.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    before = documents_count(db_path)
    result = cli("import", path)
    assert_one_line_or_none(result, db_path, path, before)
    def unstorable(value) -> bool:
        if isinstance(value, str):
            return "\x00" in value or any(0xD800 <= ord(c) <= 0xDFFF for c in value)
        return value is not None
    # an oracle of its own: a field kept as text that is not text refuses the file by field
    if any(unstorable(v) for k, v in row.items() if k.strip().lower() in TEXT_FIELDS):
        assert result.exit_code == 1 and ": field '" in errors(result)[0]


def test_json_report_names_a_file_name_not_utf8(cli, tmp_path):
    fd = os.open(os.fsencode(tmp_path) + b"/\xff.txt", os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, GOOD.encode())
    os.close(fd)
    result = cli("import", "--json", tmp_path)
    assert result.exit_code == 1 and "Traceback" not in result.output
    report = json.loads(result.stdout)
    assert [f["path"] for f in report["files"]] == [f"{tmp_path}/\\xff.txt"]
    assert "file name is not valid UTF-8" in report["files"][0]["error"]
