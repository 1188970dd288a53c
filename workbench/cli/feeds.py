"""The feed commands: feeds add, feeds list, feeds pull."""

from __future__ import annotations

import sys

import click

from workbench.cli.common import Context, json_option, pass_ctx, print_json, progress
from workbench.cli.group import one_line


@click.group("feeds")
def feeds():
    """RSS and Atom feeds: subscribe, list, and pull new items into the corpus."""


@feeds.command("add")
@click.argument("url")
@click.option("--name", default=None, help="A short name for the feed (default: its site).")
@pass_ctx
def add(obj: Context, url: str, name: str | None):
    """Subscribe to the feed at URL (fetched on the next `workbench feeds pull`)."""
    from workbench.corpus.feeds import add_feed
    import shlex
    from workbench.bootstrap import first_run
    db = obj.db(first_run=False)
    first_run(db, sample=False)
    feed = add_feed(db, url, name)
    shown = shlex.quote(feed["name"])
    click.echo(f"added feed {shown} ({feed['url']}); pull it with "
               f"`workbench feeds pull --name {shown}`")


@feeds.command("list")
@json_option
@pass_ctx
def list_cmd(obj: Context, as_json: bool):
    """Each feed with its last pull, the new items it brought and its last error."""
    from workbench.corpus.feeds import list_feeds
    rows = list_feeds(obj.reader_db())
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo("no feeds: add one with `workbench feeds add URL`")
        return
    from rich.console import Console
    from rich.table import Table
    table = Table(title_justify="left")
    for column in ("name", "url", "last pull", "new items", "last error"):
        table.add_column(column, justify="right" if column == "new items" else "left",
                         overflow="fold")
    for row in rows:
        table.add_row(row["name"], row["url"], row["last_pull_at"] or "never",
                      str(row["last_new"]) if row["last_pull_at"] else "",
                      one_line(row["last_error"] or ""))
    Console().print(table)


@feeds.command("pull")
@click.option("--name", default=None, help="Pull only this feed.")
@json_option
@pass_ctx
def pull_cmd(obj: Context, name: str | None, as_json: bool):
    """Import the new items of every feed (or of --name): full articles, each item once."""
    from workbench.bootstrap import first_run
    from workbench.corpus.feeds import pull
    db = obj.db(first_run=False)
    first_run(db, sample=False)
    with progress(disable=as_json) as bar:
        tasks = {}

        def on_feed(feed, total):
            tasks["current"] = bar.add_task(f"pulling {feed['name']}", total=total or None)

        def on_item():
            bar.advance(tasks["current"])
        results = pull(db, name, on_feed=on_feed, on_item=on_item)
    for result in results:
        for line in ([result.error] if result.error else result.failed):
            click.echo(f"error: {one_line(line)}", err=True)
    if as_json:
        print_json([{**result.__dict__, "ok": result.ok} for result in results])
    elif not results:
        click.echo("no feeds: add one with `workbench feeds add URL`")
    else:
        for r in results:
            state = "failed" if r.error else f"{r.new} new, {r.known} already seen" + (
                f", {len(r.failed)} failed" if r.failed else "")
            click.echo(f"{r.name}: {state}")
    if any(not r.ok for r in results):
        sys.exit(1)
