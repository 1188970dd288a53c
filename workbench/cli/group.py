"""The command groups: subcommands loaded when looked up (click's lazy-group pattern), and every
failure of a command turned into one line on stderr with a non-zero exit status."""

from __future__ import annotations

import importlib
import sys

import click

from workbench.errors import WorkbenchError


class LazyGroup(click.Group):
    """A group whose subcommands are named as "module:attr" and imported only when looked up,
    so `workbench` alone (the UI) starts without importing every feature's commands."""

    def __init__(self, *args, lazy: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str):
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module, attr = self.lazy[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module), attr), cmd_name)
        return super().get_command(ctx, cmd_name)


class WorkbenchGroup(LazyGroup):
    """Turns WorkbenchError, SQLite failures and Ctrl-C into one clear line instead of a
    traceback."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Click's usage errors as one line too (click prints usage, a hint and the error)."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        _exit_cleanly_on_signals()
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            where = f"`{exc.ctx.command_path} --help`" if exc.ctx else "`workbench --help`"
            click.echo(f"error: {one_line(exc.format_message())} (see {where})", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.echo(f"error: {one_line(exc.format_message())}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("interrupted", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context):
        import sqlite3
        try:
            return super().invoke(ctx)
        except WorkbenchError as exc:
            fail(ctx, str(exc))
        except sqlite3.DatabaseError as exc:  # disk full, damaged file, read-only, I/O error
            from workbench.store.db import explain
            fail(ctx, str(explain(exc, ctx.params.get("db_path") or "the database")))
        except UnicodeEncodeError as exc:     # an argument of bytes that are not UTF-8
            bad = exc.object[max(0, exc.start - 20):exc.end + 20] if isinstance(exc.object, str) else ""
            fail(ctx, f"a value given is not valid UTF-8 text ({ascii(bad)}); nothing was saved")
        except ValueError as exc:
            if "null byte" not in str(exc):   # a NUL in a path (only a script can pass one)
                raise
            fail(ctx, "a path given holds a NUL character; nothing was done")
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)


def _exit_cleanly_on_signals() -> None:
    """SIGTERM and SIGHUP (a closed terminal, `timeout`, `kill`) unwind like Ctrl-C does, so
    transactions roll back and partial output files are removed, instead of the process
    vanishing mid-write."""
    import signal
    import threading
    if threading.current_thread() is not threading.main_thread():
        return

    def stop(signum, frame):
        raise SystemExit(128 + signum)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(sig) in (signal.SIG_DFL, None):
            signal.signal(sig, stop)


def one_line(message: str) -> str:
    """A message as one printable line, whatever it holds (newlines, a file name that is not
    UTF-8, a lone surrogate)."""
    line = " ".join(message.split())
    return line.encode("utf-8", "backslashreplace").decode("utf-8")


def fail(ctx: click.Context, message: str) -> None:
    click.echo(f"error: {one_line(message)}", err=True)
    ctx.exit(1)


