"""Facts that must agree: every command is in the README, and one version everywhere."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import click
import pytest

from workbench import __version__
from workbench.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def command_paths(group: click.Group, prefix: str = "") -> list[str]:
    ctx = click.Context(group)
    paths = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        path = f"{prefix}{name}"
        paths.append(path)
        if isinstance(command, click.Group):
            paths += command_paths(command, path + " ")
    return paths


@pytest.mark.parametrize("path", command_paths(main))
def test_every_command_is_in_the_readme(path):
    assert f"`workbench {path}" in README or f"`{path}" in README, (
        f"`workbench {path}` is not documented in README.md")


def test_the_version_agrees_everywhere(runner):
    from importlib.metadata import version
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" in project.get("dynamic", [])          # read from workbench.__version__
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    newest = re.search(r"^## (\S+)", changelog, re.MULTILINE).group(1)
    assert newest == __version__
    assert runner.invoke(main, ["--version"]).output.strip() == f"workbench, version {__version__}"
    assert version("workbench") == __version__, "reinstall: the installed metadata is stale"


KEY_NAMES = {"slash": "/", "question_mark": "?", "right_square_bracket": "]",
             "left_square_bracket": "[", "escape": "esc", "down": "↓", "up": "↑", "enter": "enter",
             "pagedown": "pgdn", "pageup": "pgup", "ctrl+s": "ctrl+s", "ctrl+q": "ctrl+q"}


def _documented_keys() -> str:
    section = README[README.index("## The terminal UI"):]
    return section[:section.index("\n## ", 4)]


def _main_screen_bindings():
    from workbench.tui import keys
    for _, bindings in keys.SECTIONS:
        yield from bindings


@pytest.mark.parametrize("binding", list(_main_screen_bindings()), ids=lambda b: b.action)
def test_every_key_of_the_passage_screen_is_in_the_readme(binding):
    documented = _documented_keys()
    names = [KEY_NAMES.get(k.strip(), k.strip()) for k in binding.key.split(",")]
    assert any(f"`{name}`" in documented for name in names), (
        f"the key {binding.key} ({binding.description}) is not in the README's key table")
