"""`workbench serve`: the database in a browser, read-only, through Datasette."""

from __future__ import annotations

import click

from workbench.cli.common import Context, pass_ctx


@click.command("serve")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True,
              help="The port to listen on (0: any free one).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on (0.0.0.0: every network, for colleagues).")
@pass_ctx
def serve_cmd(obj: Context, port: int, host: str):
    """Browse the database in a browser (Datasette), read-only: tables with facets, and the
    search, qa and incident_claims queries. Ctrl-C stops it."""
    from workbench.serve import server
    ds = server.make_datasette(obj.db_path)
    sock = server.bind(host, port)
    url = server.url_of(ds, sock)
    server.run(ds, sock, on_ready=lambda: click.echo(
        f"serving {obj.db_path} read-only at {url} (search: {url}/search?q=…); Ctrl-C stops",
        err=True))
    click.echo("stopped", err=True)
