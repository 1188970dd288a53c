"""`workbench claims …`, `workbench quantities` and `export claims`.

Thin commands over the claims core: parse, call, print. Writes need an annotator
(`--annotator`, WORKBENCH_ANNOTATOR or the config file) and every bad value becomes one
`error: …` line with nothing written. `claims accept` and `claims reject` take a batch of keys:
each bad key gets its own line, the others are still saved, and the exit status is 1.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from workbench.cli.common import (Context, ID, atomic_output, check_csv_policy, csv_options,
                                  json_option, output_option,
                                  pass_ctx, print_json, shortened, written_to)
from workbench.cli.group import one_line
from workbench.errors import InvalidValue

WRITE_OPTIONS = [
    click.option("--claimant", default=None, help="Who makes the claim (a person or body)."),
    click.option("--role", "claimant_role", default=None, help="The claimant's role."),
    click.option("--org", "claimant_org", default=None, help="The claimant's organisation."),
    click.option("--outlet", default=None, help="The outlet reporting it (default: the document's)."),
    click.option("--place", default=None),
    click.option("--place-precision", default=None,
                 help="place, subdistrict, district, governorate or unknown (default: from the "
                      "gazetteer)."),
    click.option("--date", default=None, help="YYYY, YYYY-MM or YYYY-MM-DD (default: read from "
                                               "the text against the report's date)."),
    click.option("--date-end", default=None, help="YYYY-MM-DD: the end of a range."),
    click.option("--date-precision", default=None,
                 help="day, week, month, year, range or unknown."),
    click.option("--status", default=None, help="unverified, corroborated, disputed or false."),
    click.option("--note", "status_note", default=None, help="Note on the verification status."),
    click.option("--incident", "incident_id", type=ID, default=None, help="Incident id."),
]


def write_options(fn):
    for option in reversed(WRITE_OPTIONS):
        fn = option(fn)
    return fn


def _given(**values) -> dict:
    return {k: v for k, v in values.items() if v is not None}


def _claim_line(claim) -> str:
    who = claim.claimant or "(no claimant)"
    extra = ", ".join(x for x in (claim.claimant_role, claim.claimant_org) if x)
    if extra:
        who += f" ({shortened(extra, 60)})"
    return f"{claim.claim_type}  {who}" + (f" — {claim.cue}" if claim.cue else "")


def _place_text(claim) -> str:
    """«Busayrah (subdistrict, countryside; Deir ez-Zor/Deir ez-Zor/Busayrah 35.155,40.431)»."""
    about = [x for x in (claim.place_precision, claim.place_note) if x]
    where = "/".join(x for x in (claim.admin1, claim.admin2, claim.admin3) if x)
    if claim.latitude is not None:
        where += f" {claim.latitude:.3f},{claim.longitude:.3f}"
    inner = ", ".join(about) + ("; " + where.strip() if where.strip() else "")
    return claim.place + (f" ({inner})" if inner else "")


def _claim_details(claim) -> list[str]:
    lines = [f"    {shortened(claim.content)}"]
    facts = []
    if claim.quantities:
        facts.append("figures: " + "; ".join(
            f"{q.get('raw')} ({q.get('event')})" if q.get("event") else str(q.get("raw"))
            for q in claim.quantities))
    if claim.actors:
        facts.append("actors: " + ", ".join(a["name"] for a in claim.actors))
    if claim.place:
        facts.append("place: " + _place_text(claim))
    if claim.date:
        facts.append(f"date: {claim.date}" + (f" to {claim.date_end}" if claim.date_end else "")
                     + f" ({claim.date_precision})")
    if facts:
        lines.append("    " + " · ".join(facts))
    return lines


# --- claims ------------------------------------------------------------------------------

@click.group()
def claims():
    """Attributed claims: suggest, accept, add, list, verify and group them."""


@claims.command("suggest")
@click.option("--doc", "document_id", type=ID, default=None, help="Only this document.")
@click.option("--all", "show_all", is_flag=True,
              help="Also list suggestions already accepted or rejected (marked).")
@json_option
@pass_ctx
def suggest_cmd(obj: Context, document_id: int | None, show_all: bool, as_json: bool):
    """Candidate claims: a reporting verb with a figure or a glossary actor. Nothing is saved;
    those accepted or rejected before are left out."""
    from workbench.claims.suggest import suggest
    found = suggest(obj.reader_db(), document_id, include_accepted=show_all)
    if as_json:
        print_json([s.to_dict() for s in found])
        return
    for s in found:
        mark = (f"  [accepted as claim {s.accepted_as}]" if s.accepted_as is not None
                else f"  [rejected by {s.rejected_by}]" if s.rejected_by is not None else "")
        click.echo(f"{s.key}  {_claim_line(s.claim)}{mark}")
        for line in _claim_details(s.claim):
            click.echo(line)
    click.echo(f"{len(found)} suggestion(s); accept with `workbench claims accept SEGMENT:N`, "
               "reject with `workbench claims reject SEGMENT:N`", err=True)


def _report(decisions) -> None:
    """One `error: …` line per key that failed, and exit 1 if any did (the rest are saved)."""
    failed = [d for d in decisions if not d.ok]
    for decision in failed:
        click.echo(f"error: {one_line(str(decision.error))}", err=True)
    if failed:
        sys.exit(1)


@claims.command("accept")
@click.argument("keys", nargs=-1, required=True)
@click.option("--type", "claim_type", default=None, help="Claim type instead of the suggested one.")
@write_options
@json_option
@pass_ctx
def accept_cmd(obj: Context, keys: tuple[str, ...], as_json: bool, **fields):
    """Save suggestions (SEGMENT:N, as `claims suggest` lists them) as claims; options override
    what was suggested. A key that fails is named and the others are still saved."""
    from workbench.claims.review import accept
    annotator = obj.annotator()
    decisions = accept(obj.db(), keys, annotator, _given(**fields))
    if as_json:
        print_json({"claims": [d.claim_id for d in decisions if d.claim_id is not None],
                    "results": [d.to_dict() for d in decisions]})
    else:
        for d in decisions:
            if d.ok and d.duplicate_of is None:
                click.echo(f"suggestion {d.key} saved as claim {d.claim_id}")
    for d in decisions:
        if d.warning:
            click.echo(f"warning: {d.warning}", err=True)
    _report(decisions)


@claims.command("reject")
@click.argument("keys", nargs=-1, required=True)
@click.option("--reason", default="", help="Why it is not a claim (kept with the rejection).")
@json_option
@pass_ctx
def reject_cmd(obj: Context, keys: tuple[str, ...], reason: str, as_json: bool):
    """Reject suggestions (SEGMENT:N, as `claims suggest` lists them): neither `claims suggest`
    nor the UI offers them again (`claims suggest --all` lists them, marked). Stored with who
    and when, and in the history."""
    from workbench.claims.review import reject
    annotator = obj.annotator()
    decisions = reject(obj.db(), keys, annotator, reason)
    if as_json:
        print_json({"results": [d.to_dict() for d in decisions]})
    else:
        for d in decisions:
            if d.ok and d.already:
                click.echo(f"suggestion {d.key} was already rejected "
                           f"(by {d.rejection['rejected_by']})")
            elif d.ok:
                click.echo(f"suggestion {d.key} rejected")
    _report(decisions)


def _cue_span(raw: str, cue: str | None, segment_id: int) -> tuple[int | None, int | None]:
    if not cue:
        return None, None
    at = raw.find(cue)
    if at < 0:
        raise InvalidValue(f"cue {cue!r}: not found in segment {segment_id}")
    return at, at + len(cue)


def _actors(db, values: tuple[str, ...]) -> list[dict]:
    """--actor values: one naming a glossary entry (see `terms.store.term_named`) links to it;
    anything else is kept as a free name."""
    from workbench.terms.store import term_named
    out = []
    for value in values:
        value = value.strip()
        term = term_named(db, value)
        out.append({"name": term.approved_en, "term_id": term.id, "surface": value} if term
                   else {"name": value, "term_id": None})
    return out


@claims.command("add")
@click.option("--segment", "segment_id", type=ID, required=True)
@click.option("--start", type=ID, required=True, help="Start of the claim in the segment text.")
@click.option("--end", type=ID, required=True, help="End (exclusive) of the claim.")
@click.option("--type", "claim_type", required=True, help="Claim type (see `claims types`).")
@click.option("--cue", default=None, help="The reporting verb as written in the segment.")
@click.option("--actor", "actors", multiple=True, help="An actor (glossary id or name); repeatable.")
@click.option("--no-quantities", is_flag=True, help="Do not attach the figures found in the span.")
@write_options
@json_option
@pass_ctx
def add_cmd(obj: Context, segment_id: int, start: int, end: int, claim_type: str, cue: str | None,
            actors: tuple[str, ...], no_quantities: bool, as_json: bool, **fields):
    """Tag a span of a segment as a claim."""
    from workbench.claims.model import Claim
    from workbench.claims.spans import figures_in_span
    from workbench.claims.store import add_claim, get_claim
    from workbench.store.documents import get_segment
    annotator = obj.annotator()
    db = obj.db()
    raw = get_segment(db, segment_id)["raw"]
    cue_start, cue_end = _cue_span(raw, cue, segment_id)
    quantities = [] if no_quantities else figures_in_span(db, segment_id, start, end, claim_type)
    claim = Claim(segment_id=segment_id, start=start, end=end, claim_type=claim_type,
                  cue_start=cue_start, cue_end=cue_end, actors=_actors(db, actors),
                  quantities=quantities, **_given(**fields))
    claim_id = add_claim(db, claim, annotator)
    if as_json:
        print_json(get_claim(db, claim_id).to_dict())
        return
    click.echo(f"claim {claim_id} added ({claim_type}, segment {segment_id})")


@claims.command("edit")
@click.argument("claim_id", type=ID)
@click.option("--type", "claim_type", default=None)
@click.option("--start", type=ID, default=None, help="New start (figures are read again).")
@click.option("--end", type=ID, default=None, help="New end (figures are read again).")
@write_options
@pass_ctx
def edit_cmd(obj: Context, claim_id: int, start: int | None, end: int | None, **fields):
    """Correct a claim: any field given is changed, the rest stays."""
    from workbench.claims.spans import with_span_figures
    from workbench.claims.store import get_claim, update_claim
    annotator = obj.annotator()
    db = obj.db()
    changes = _given(start=start, end=end, **fields)
    if not changes:
        raise InvalidValue("nothing to change: give at least one option (see --help)")
    changes = with_span_figures(db, get_claim(db, claim_id), changes)
    claim = update_claim(db, claim_id, changes, annotator)
    click.echo(f"claim {claim.id} updated")


@claims.command("list")
@click.option("--doc", "document_id", type=ID, default=None)
@click.option("--incident", "incident_id", type=ID, default=None)
@json_option
@pass_ctx
def list_cmd(obj: Context, document_id: int | None, incident_id: int | None, as_json: bool):
    """Claims in reading order, with their status and incident."""
    from workbench.claims.store import list_claims
    db = obj.reader_db()
    _must_exist(db, document_id, incident_id)
    found = list_claims(db, document_id=document_id, incident_id=incident_id)
    if as_json:
        print_json([c.to_dict() for c in found])
        return
    for c in found:
        incident = f"  incident {c.incident_id}" if c.incident_id else ""
        click.echo(f"#{c.id}  [{c.status}]  segment {c.segment_id}  {_claim_line(c)}{incident}")
        for line in _claim_details(c):
            click.echo(line)
    if not found:
        click.echo("no claims")


@claims.command("resolve")
@click.option("--doc", "document_id", type=ID, default=None, help="Only this document's claims.")
@click.option("--force", is_flag=True,
              help="Read every date and place from the text again, replacing those set.")
@json_option
@pass_ctx
def resolve_cmd(obj: Context, document_id: int | None, force: bool, as_json: bool):
    """Fill claims' missing dates and places from their text (against the report's date and the
    gazetteer), as new claims get them; one line per claim changed."""
    from workbench.claims.store import resolve_claims
    db = obj.db()
    _must_exist(db, document_id, None)
    changed = resolve_claims(db, obj.annotator(), document_id, force)
    if as_json:
        print_json([{"id": claim.id, "changed": diff, **{k: getattr(claim, k) for k in (
            "date", "date_end", "date_precision", "place", "place_precision", "place_id",
            "latitude", "longitude", "admin1", "admin2", "admin3", "place_note")}}
            for claim, diff in changed])
        return
    for claim, _ in changed:
        click.echo(f"claim {claim.id}: " + " · ".join(
            [f"date: {claim.date}" + (f" to {claim.date_end}" if claim.date_end else "")
             + f" ({claim.date_precision})" if claim.date else "date: unknown",
             f"place: {_place_text(claim)}" if claim.place else "place: none"]))
    click.echo(f"{len(changed)} claim(s) changed", err=True)


@claims.command("set-status")
@click.argument("claim_id", type=ID)
@click.argument("status")
@click.option("--note", default="", help="Why: the corroborating source, the contradiction, …")
@pass_ctx
def set_status_cmd(obj: Context, claim_id: int, status: str, note: str):
    """Set a claim's verification status: unverified, corroborated, disputed or false."""
    from workbench.claims.store import set_status
    annotator = obj.annotator()
    claim = set_status(obj.db(), claim_id, status, note, annotator)
    click.echo(f"claim {claim.id}: {claim.status}" + (f" ({claim.status_note})" if claim.status_note else ""))


@claims.command("group")
@click.argument("claim_id", type=ID)
@click.argument("incident_id", type=ID)
@pass_ctx
def group_cmd(obj: Context, claim_id: int, incident_id: int):
    """Put a claim on an incident."""
    from workbench.claims.store import group
    annotator = obj.annotator()
    group(obj.db(), claim_id, incident_id, annotator)
    click.echo(f"claim {claim_id} is on incident {incident_id}")


@claims.command("ungroup")
@click.argument("claim_id", type=ID)
@pass_ctx
def ungroup_cmd(obj: Context, claim_id: int):
    """Take a claim off its incident."""
    from workbench.claims.store import group
    annotator = obj.annotator()
    group(obj.db(), claim_id, None, annotator)
    click.echo(f"claim {claim_id} is on no incident")


@claims.command("delete")
@click.argument("claim_id", type=ID)
@pass_ctx
def delete_cmd(obj: Context, claim_id: int):
    """Delete a claim (its history stays)."""
    from workbench.claims.store import delete_claim
    annotator = obj.annotator()
    delete_claim(obj.db(), claim_id, annotator)
    click.echo(f"claim {claim_id} deleted")


@claims.command("types")
@click.option("--add", "name", default=None, help="Add a claim type with this name.")
@click.option("--label", default=None, help="Its label (default: the name).")
@json_option
@pass_ctx
def types_cmd(obj: Context, name: str | None, label: str | None, as_json: bool):
    """List the claim types, or add one (the list is data and can grow)."""
    from workbench.claims.store import add_claim_type, claim_types
    db = obj.db() if name is not None else obj.reader_db()
    if label is not None and name is None:
        raise InvalidValue("--label needs --add NAME")
    if name is not None:
        add_claim_type(db, name, label or name, obj.annotator())
        if not as_json:
            click.echo(f"claim type {name} added")
            return
    types = claim_types(db)
    if as_json:
        print_json(types)
        return
    for t in types:
        click.echo(f"{t['name']:<12} {t['label']}")


# --- incidents ---------------------------------------------------------------------------

@click.command("quantities")
@click.argument("text")
@json_option
def quantities_cmd(text: str, as_json: bool):
    """The counted quantities in an Arabic or English text."""
    from workbench.claims.quantities import extract_quantities
    found = [q.to_dict() for q in extract_quantities(text)]
    if as_json:
        print_json(found)
        return
    for q in found:
        value = q["value"] if q["value"] is not None else f"{q['min']}–{q['max']}"
        click.echo(f"{q['start']}:{q['end']}  {q['raw']}  = {value} ({q['qualifier']})"
                   + (f"  noun: {q['noun']}" if q["noun"] else ""))


def _must_exist(db, document_id: int | None, incident_id: int | None) -> None:
    """A filter naming nothing is a mistake to report, not an empty result to print."""
    if document_id is not None:
        from workbench.store.documents import get_document
        get_document(db, document_id)
    if incident_id is not None:
        from workbench.claims.store import get_incident
        get_incident(db, incident_id)


@click.command("claims")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv",
              show_default=True)
@output_option
@click.option("--doc", "document_id", type=ID, default=None, help="Only this document.")
@click.option("--incident", "incident_id", type=ID, default=None, help="Only this incident.")
@csv_options
@pass_ctx
def export_claims_cmd(obj: Context, fmt: str, output: Path, document_id: int | None,
                      incident_id: int | None, csv_policy):
    """One row (CSV) or object (JSONL) per claim with its incident, document, spans and figures."""
    from workbench.claims.export import WRITERS
    check_csv_policy(fmt, csv_policy)
    options = {"policy": csv_policy} if fmt == "csv" else {}
    db = obj.reader_db()
    _must_exist(db, document_id, incident_id)
    with atomic_output(output, newline="") as fh:
        count = WRITERS[fmt](db, fh, document_id, incident_id, **options)
    click.echo(f"{count} claim(s) written to {written_to(output)}", err=True)


