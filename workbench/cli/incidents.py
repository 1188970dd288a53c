"""`workbench incidents …`: incidents made by hand, and the ones the core suggests from claims
that tell the same event (accepted or rejected by KEY, decisions remembered).

Thin commands over workbench.claims: parse, call, print; every bad value is one `error: …`
line with nothing written.
"""

from __future__ import annotations

import click

from workbench.cli.common import Context, json_option, pass_ctx, print_json, shortened


@click.group()
def incidents():
    """Incidents: claims about the same event, side by side."""


@incidents.command("add")
@click.argument("title")
@click.option("--date", default=None, help="YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--place", default=None)
@click.option("--note", default="")
@json_option
@pass_ctx
def incident_add_cmd(obj: Context, title: str, date: str | None, place: str | None, note: str,
                     as_json: bool):
    """Create an incident."""
    from workbench.claims.model import Incident
    from workbench.claims.store import add_incident
    annotator = obj.annotator()
    incident_id = add_incident(obj.db(), Incident(title, date, place, note), annotator)
    if as_json:
        print_json({"id": incident_id})
        return
    click.echo(f"incident {incident_id} added")


def _figure(report: dict) -> str:
    value = report["value"]
    if value is None:
        low, high = report["min"], report["max"]
        value = f"{low if low is not None else '?'}–{high if high is not None else '?'}"
    who = " / ".join(x for x in (report["claimant"], report["outlet"]) if x) or "unattributed"
    return f"{value} ({report['qualifier']}) per {who} [claim {report['claim_id']}]"


@incidents.command("list")
@json_option
@pass_ctx
def incident_list_cmd(obj: Context, as_json: bool):
    """Incidents with their claims, the range of reported figures and who reported each."""
    from workbench.claims.store import incident_summary, list_incidents
    db = obj.reader_db()
    summaries = [incident_summary(db, i.id) for i in list_incidents(db)]
    if as_json:
        print_json(summaries)
        return
    if not summaries:
        click.echo("no incidents")
    for s in summaries:
        where = ", ".join(x for x in (s["date"], s["place"]) if x)
        click.echo(f"#{s['id']}  {s['title']}" + (f" ({where})" if where else "")
                   + f"  {len(s['claims'])} claim(s)"
                   + (f" from {s['sources']['text']}" if s["claims"] else ""))
        for kind in s["figures"]:
            low, high = kind["low"], kind["high"]
            span = "no bounds" if low is None and high is None else (
                f"{low}" if low == high else f"{low if low is not None else '?'}–"
                                             f"{high if high is not None else '?'}")
            click.echo(f"    {kind['kind']}: {span}")
            for report in kind["reports"]:
                click.echo(f"        {_figure(report)}")
        for c in s["claims"]:
            if not any(r["claim_id"] == c["id"] for k in s["figures"] for r in k["reports"]):
                click.echo(f"    claim {c['id']} ({c['claim_type']}, {c['status']}) per "
                           f"{c['claimant'] or 'unattributed'}: {shortened(c['content'], 80)}")


def _suggestion_lines(s) -> list[str]:
    target = (f"add {len(s.claim_ids)} claim(s) to incident {s.incident_id}"
              if s.incident_id is not None else f"new incident «{s.title}»")
    lines = [f"{s.key}  {s.claim_type}  {target}",
             f"    {len(s.claims)} claim(s) from {', '.join(s.outlets) or '(no outlet)'}"
             f" · {', '.join(s.languages)}"]
    for kind in s.figures:
        by = "; ".join(f"{outlet}: " + ", ".join(str(r["raw"]) for r in reports)
                       for outlet, reports in kind["by_source"].items())
        span = ("no bounds" if kind["low"] is None and kind["high"] is None else
                f"{kind['low']:g}" if kind["low"] == kind["high"] else
                f"{kind['low'] if kind['low'] is not None else '?'}–"
                f"{kind['high'] if kind['high'] is not None else '?'}")
        lines.append(f"    {kind['kind']}: {span}  ({shortened(by, 90)})")
    for claim in s.claims:
        lines.append(f"    claim {claim['id']} [{claim['outlet'] or 'no outlet'}] "
                     f"{shortened(claim['content'], 80)}")
    for link in s.evidence:
        lines.append(f"      {link['claim_id']} ~ {link['with']}: " + "; ".join(link["reasons"]))
    return lines


@incidents.command("suggest")
@json_option
@pass_ctx
def incident_suggest_cmd(obj: Context, as_json: bool):
    """Claims that seem to tell one event (same type, dates, place, actors, compatible
    figures), with the evidence and the figures by outlet. Nothing is saved."""
    from workbench.claims.incident_suggest import suggest_incidents
    found = suggest_incidents(obj.reader_db())
    if as_json:
        print_json([s.to_dict() for s in found])
        return
    for s in found:
        for line in _suggestion_lines(s):
            click.echo(line)
    click.echo(f"{len(found)} suggested incident(s); accept with `workbench incidents accept "
               "KEY`, reject with `workbench incidents reject KEY`", err=True)


@incidents.command("accept")
@click.argument("key")
@json_option
@pass_ctx
def incident_accept_cmd(obj: Context, key: str, as_json: bool):
    """Accept a suggested incident: create it (or join the incident its claims belong with)
    and put its claims on it, in one transaction. Accepting it again changes nothing."""
    from workbench.claims.incident_review import accept
    annotator = obj.annotator()
    outcome = accept(obj.db(), key, annotator)
    if as_json:
        print_json(outcome.to_dict())
    elif outcome.already:
        click.echo(f"incident suggestion {outcome.key} was already accepted (by {outcome.by}) "
                   f"as incident {outcome.incident_id}: nothing changed")
    else:
        made = "created" if outcome.created else "joined"
        click.echo(f"incident {outcome.incident_id} {made}: claim(s) "
                   + ", ".join(map(str, outcome.claim_ids)) + " put on it")


@incidents.command("reject")
@click.argument("key")
@json_option
@pass_ctx
def incident_reject_cmd(obj: Context, key: str, as_json: bool):
    """Reject a suggested incident: its claims are never suggested together again."""
    from workbench.claims.incident_review import reject
    annotator = obj.annotator()
    outcome = reject(obj.db(), key, annotator)
    if as_json:
        print_json(outcome.to_dict())
    elif outcome.already:
        click.echo(f"incident suggestion {outcome.key} was already rejected (by {outcome.by})")
    else:
        click.echo(f"incident suggestion {outcome.key} rejected: claims "
                   + ", ".join(map(str, outcome.claim_ids)) + " will not be suggested together")


# --- quantities and export ---------------------------------------------------------------
