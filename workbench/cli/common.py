"""What every command shares: the context (the database, opened lazily, and the annotator),
the options that mean the same everywhere, and the one way an output file is written."""

from __future__ import annotations

import functools
import json
import os
import stat
import sys
from pathlib import Path

import click

from workbench.errors import WorkbenchError

# Ids and offsets: what SQLite can store (a larger number would be an OverflowError inside it)
ID = click.IntRange(min=0, max=2**63 - 1)


class Context:
    """What the group's options set up for the subcommands: the database, lazily."""

    def __init__(self, db_path: str, annotator: str | None):
        self.db_path = db_path
        self.annotator_option = annotator
        self._db = None

    def db(self, first_run: bool = True):
        """The database for a command that writes: created (with the glossary and, on
        `first_run`, the sample corpus) when the path does not exist yet."""
        if self._db is None:
            from workbench.bootstrap import first_run as bootstrap
            from workbench.store.db import open_db
            self._db = open_db(self.db_path)
            if first_run:
                bootstrap(self._db)
        return self._db

    def reader_db(self):
        """The database for a command that only reads: it must exist; nothing is created."""
        if self._db is None:
            from workbench.store.db import open_existing
            self._db = open_existing(self.db_path)
        return self._db

    def annotator(self, required: bool = True) -> str | None:
        from workbench.config import resolve_annotator
        name = resolve_annotator(self.annotator_option)
        if name is None and required:
            raise WorkbenchError(
                "who is annotating? set it with `workbench --annotator NAME ...`, "
                "WORKBENCH_ANNOTATOR=NAME, or `workbench whoami NAME` (saved in your config)")
        return name


pass_ctx = click.make_pass_decorator(Context)


def json_option(fn):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(fn)


def output_option(fn):
    """-o FILE: written through a temporary file, or standard output for `-`. The value stays
    a string: click's Path type would turn an empty one into `.`."""
    return click.option("-o", "--output", required=True, metavar="FILE",
                        help="The file to write, or - for standard output.")(fn)


def csv_options(fn):
    """--raw and --bom, the CSV policy's two switches (`workbench.csvfile`), given to the
    command as one `csv_policy`."""
    @functools.wraps(fn)
    def command(*args, csv_raw: bool, csv_bom: bool, **kwargs):
        from workbench.csvfile import Policy
        return fn(*args, csv_policy=Policy(raw=csv_raw, bom=csv_bom), **kwargs)
    command = click.option("--bom", "csv_bom", is_flag=True,
                           help="CSV: start with a UTF-8 byte-order mark (for Excel).")(command)
    return click.option("--raw", "csv_raw", is_flag=True,
                        help="CSV: every value exactly as stored, no formula guard (for "
                             "pipelines).")(command)


def check_csv_policy(fmt: str, policy) -> None:
    """--raw and --bom are CSV switches: refused with another format, not ignored."""
    if fmt != "csv" and (policy.raw or policy.bom):
        raise WorkbenchError(f"--raw and --bom apply to CSV; the format is {fmt}")


def print_json(value) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def console():
    from rich.console import Console
    return Console(stderr=True)


def progress(disable: bool = False, **kwargs):
    """A rich progress bar on stderr, so stdout stays clean for data; none when stderr is
    not a terminal (a log file would get a stray blank line where the bar was)."""
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeRemainingColumn)
    err = console()
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeRemainingColumn(), console=err, transient=True,
                    disable=disable or not err.is_terminal, **kwargs)


class atomic_output:
    """Write a file the way a reader can trust: to a temporary file beside the target, renamed
    into place only when complete (a failed or interrupted export leaves the old file, or
    nothing). `-` is standard output, as the Unix convention has it; a device or a named pipe
    (`-o /dev/null`) is written to directly, since it cannot be replaced; a symbolic link is
    followed, so the file it points to gets the export and the link stays."""

    def __init__(self, path: str | Path, newline: str | None = None):
        self.given = str(path)
        self.newline = newline
        self.stdout = self.given == "-"
        self.direct = False
        self.tmp: Path | None = None

    def _target(self) -> Path:
        if not self.given.strip():
            raise WorkbenchError("-o: the output path is empty (give a file name, or - for "
                                 "standard output)")
        path = Path(os.path.realpath(self.given))
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            mode = None
        except OSError as exc:
            raise WorkbenchError(f"{self.given}: cannot write ({exc.strerror})") from None
        if mode is not None and stat.S_ISDIR(mode):
            raise WorkbenchError(f"{self.given}: is a folder; give a file name to write")
        self.direct = mode is not None and not stat.S_ISREG(mode)
        if not self.direct and not path.parent.is_dir():
            what = "is not a folder" if path.parent.exists() else "does not exist"
            raise WorkbenchError(f"{self.given}: {path.parent} {what}")
        return path

    def __enter__(self):
        if self.stdout:
            self.fh = sys.stdout
            return self.fh
        self.path = self._target()
        if not self.direct:
            self.tmp = self.path.with_name(f".{self.path.name}.part")
        try:
            self.fh = (self.tmp or self.path).open("w", encoding="utf-8", newline=self.newline)
        except OSError as exc:
            raise WorkbenchError(f"{self.given}: cannot write ({exc.strerror})") from None
        return self.fh

    def __exit__(self, exc_type, exc, tb):
        if self.stdout:
            self.fh.flush()
            return False
        try:
            self.fh.close()
            if exc_type is None and self.tmp is not None:
                self.tmp.replace(self.path)
        except OSError as error:
            if self.tmp is not None:
                self.tmp.unlink(missing_ok=True)
            raise WorkbenchError(f"{self.given}: cannot write ({error.strerror})") from None
        if exc_type is not None and self.tmp is not None:
            self.tmp.unlink(missing_ok=True)
        return False


def written_to(output: str | Path) -> str:
    """Where an export went, for its closing line."""
    return "standard output" if str(output) == "-" else str(output)


def shortened(text: str | None, width: int = 110) -> str:
    """A text on one line of at most `width` characters, cut with an ellipsis."""
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[:width - 1] + "…"
