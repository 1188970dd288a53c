"""The team commands: merge, conflicts (list and resolve), agreement, export history."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.cli.common import (Context, ID, atomic_output, check_csv_policy, csv_options,
                                  json_option, output_option, pass_ctx, print_json, written_to)
from workbench.errors import MergeError




@click.command("merge")
@click.argument("other", type=click.Path())
@json_option
@pass_ctx
def merge_cmd(obj: Context, other: str, as_json: bool):
    """Merge another annotator's database (OTHER.db) into this one.

    Documents and segments are matched by content; post-edits, claims, incidents, glossary
    changes and history come over; disagreements become conflicts (`workbench conflicts`).
    """
    from workbench.team.conflicts import open_count
    from workbench.team.merge import merge
    from workbench.team.source import check_file
    annotator = obj.annotator()
    if not other.strip():
        raise MergeError("merge: the other database's path is empty")
    other = Path(other)
    check_file(other)  # before this database is opened (and, if new, set up)
    db = obj.db()
    result = merge(db, other, annotator)
    if as_json:
        print_json({**result.to_dict(), "open_conflicts": open_count(db)})
        return
    click.echo(result.summary())
    pending = open_count(db)
    if pending:
        click.echo(f"{pending} open conflict(s): list them with `workbench conflicts`")


@click.group("conflicts", invoke_without_command=True)
@click.option("--all", "show_all", is_flag=True, help="Include resolved conflicts.")
@json_option
@pass_ctx
def conflicts_cmd(obj: Context, show_all: bool, as_json: bool):
    """List open conflicts from merges (resolve one with `workbench conflicts resolve ID`)."""
    if click.get_current_context().invoked_subcommand is not None:
        return
    from workbench.team.conflicts import describe, list_conflicts, short
    found = list_conflicts(obj.reader_db(), status=None if show_all else "open")
    if as_json:
        print_json([c.to_dict() for c in found])
        return
    if not found:
        click.echo("no open conflicts" if not show_all else "no conflicts")
        return
    for c in found:
        click.echo(describe(c) + ("" if c.status == "open" else
                                  f"  resolved by {c.resolved_by}: {short(c.resolution)}"))
        click.echo(f"    ours   ({c.ours_by or '?'}): {short(c.ours)}")
        click.echo(f"    theirs ({c.theirs_by or '?'}): {short(c.theirs)}")


@conflicts_cmd.command("resolve")
@click.argument("conflict_id", type=ID)
@click.option("--pick", type=click.Choice(["ours", "theirs"]), default=None, help="Keep one side.")
@click.option("--value", default=None, help="Write a new value instead of either side.")
@json_option
@pass_ctx
def resolve_cmd(obj: Context, conflict_id: int, pick: str | None, value: str | None, as_json: bool):
    """Resolve conflict ID by picking a side or writing a new value (recorded in history)."""
    from workbench.errors import InvalidValue
    from workbench.team.conflicts import resolve, short
    if (pick is None) == (value is None):
        raise InvalidValue("give either --pick ours|theirs or --value TEXT")
    resolved = resolve(obj.db(), conflict_id, obj.annotator(), pick=pick, value=value)
    if as_json:
        print_json(resolved.to_dict())
        return
    click.echo(f"conflict {conflict_id} resolved: {resolved.table}.{resolved.field} = "
               f"{short(resolved.resolution)} ({resolved.resolved_how})")


@click.command("agreement")
@click.option("--field", "field_name", type=click.Choice(["claim_type", "status"]),
              default="claim_type", show_default=True, help="Which claim label to compare.")
@json_option
@pass_ctx
def agreement_cmd(obj: Context, field_name: str, as_json: bool):
    """Agreement between every pair of annotators on the segments both annotated.

    Cohen's kappa and Krippendorff's alpha (nominal) on claim labels of claims paired by
    span overlap, and character-level F1 on claim spans, each with its item count.
    """
    from workbench.team.agreement import agreement
    results = agreement(obj.reader_db(), field_name)
    if as_json:
        print_json([r.to_dict() for r in results])
        return
    if not results:
        click.echo("no two annotators have claims on the same segment yet")
        return
    from rich.console import Console
    from rich.table import Table

    def fmt(value):
        return "—" if value is None else f"{value:.3f}"
    table = Table(title=f"Agreement on {field_name}", title_justify="left")
    for name, justify in (("annotators", "left"), ("segments", "right"), ("paired claims", "right"),
                          ("kappa", "right"), ("alpha", "right"), ("span F1 (chars)", "right"),
                          ("unpaired", "right")):
        table.add_column(name, justify=justify)
    for r in results:
        table.add_row(f"{r.annotator_a} · {r.annotator_b}", str(r.segments), str(r.pairs),
                      fmt(r.kappa), fmt(r.alpha), f"{fmt(r.span_f1)} ({r.chars_both}/{r.chars_a}+{r.chars_b})",
                      f"{r.unpaired_a} / {r.unpaired_b}")
    Console().print(table)


@click.command("history")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True)
@output_option
@csv_options
@pass_ctx
def export_history(obj: Context, fmt: str, output: Path, csv_policy):
    """The audit trail: who changed what, when, before and after (one JSON object a line, or
    a CSV row)."""
    from workbench.team.history_export import WRITERS
    check_csv_policy(fmt, csv_policy)
    options = {"policy": csv_policy} if fmt == "csv" else {}
    db = obj.reader_db()
    with atomic_output(output, newline="") as fh:
        count = WRITERS[fmt](db, fh, **options)
    click.echo(f"{count} history entr{'y' if count == 1 else 'ies'} written to {written_to(output)}", err=True)
