"""`workbench export events` and `workbench outlets`: claims as event data, and each outlet's
loaded vocabulary and claims. Thin commands over `workbench.exports.events` and
`workbench.claims.outlets`."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.cli.common import (Context, atomic_output, check_csv_policy, csv_options,
                                  json_option, output_option, pass_ctx, print_json,
                                  written_to)


@click.command("events")
@click.option("--format", "fmt", type=click.Choice(["acled", "csv", "jsonl"]), default="acled",
              show_default=True)
@output_option
@csv_options
@pass_ctx
def export_events_cmd(obj: Context, fmt: str, output: Path, csv_policy):
    """One row per incident with ACLED's columns (acled, csv), or per incident every claim and
    figure by source (jsonl). Where sources disagree, fatalities is the lowest figure."""
    from workbench.exports.events import WRITERS
    check_csv_policy(fmt, csv_policy)
    db = obj.reader_db()
    with atomic_output(output, newline="") as fh:
        count = WRITERS[fmt](db, fh, policy=csv_policy)
    click.echo(f"{count} event(s) written to {written_to(output)}", err=True)


def _profile_lines(p) -> list[str]:
    lines = [f"{p.outlet}  ({p.documents} document(s), {p.segments} segment(s), "
             f"{p.claims} claim(s))"]
    if not p.terms:
        lines.append("    no loaded term")
    for use in p.terms:
        of = ", ".join(f"{actor or 'no actor named'} {n}" for actor, n in
                       sorted(use.of_actors.items(), key=lambda x: (-x[1], x[0])))
        lines.append(f"    {use.term_ar} ({use.approved_en}) ×{use.count} in {use.documents} "
                     f"document(s) · word of {use.vocabulary or '(no side named)'} · of: {of}")
    if p.claims:
        lines.append("    claims by type: " + ", ".join(f"{k} {v}" for k, v in
                                                        p.claims_by_type.items()))
        lines.append("    claims by status: " + ", ".join(f"{k} {v}" for k, v in
                                                          p.claims_by_status.items()))
    return lines


@click.command("outlets")
@click.option("--compare", "pair", nargs=2, default=None, metavar="A B",
              help="Two outlets side by side.")
@json_option
@pass_ctx
def outlets_cmd(obj: Context, pair: tuple[str, str] | None, as_json: bool):
    """Each outlet's loaded vocabulary (the glossary's words of one side: which, how often, of
    which actor) and its claims by type and verification status."""
    from workbench.claims import outlets
    db = obj.reader_db()
    if pair:
        found = outlets.compare(db, *pair)
        if as_json:
            print_json(found.to_dict())
            return
        for p in (found.first, found.second):
            for line in _profile_lines(p):
                click.echo(line)
        click.echo(f"only {found.first.outlet}: {', '.join(found.only_first) or '-'}")
        click.echo(f"only {found.second.outlet}: {', '.join(found.only_second) or '-'}")
        click.echo(f"both: {', '.join(found.both) or '-'}")
        return
    found = outlets.profiles(db)
    if as_json:
        print_json([p.to_dict() for p in found])
        return
    if not found:
        click.echo("no outlets")
    for p in found:
        for line in _profile_lines(p):
            click.echo(line)
