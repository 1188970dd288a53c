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
