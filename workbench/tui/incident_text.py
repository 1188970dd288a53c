"""An incident as the analyst reads it: its one-line label, the range of figures each kind
reached and who reported each, and one card per claim (outlet, claimant, figures, status,
date, place and the claimed words).

Pure layout (rich Text, no Textual), like render.py: Arabic goes through `render.inline` and
`render.wrapped`, so it is shaped and put in visual order in the screen's right-to-left mode.
The figures are the core's `incident_summary`, shown as it computed them, never recomputed.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from workbench.tui import render

STATUS_STYLES = render.STATUS_STYLES


def number(value: Any) -> str:
    """20.0 as 20, 2.5 as 2.5, None as ?."""
    if value is None:
        return "?"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def figure_range(low: Any, high: Any) -> str:
    """The span a kind of figure covers across the claims: 4, 4–20, or no bounds."""
    if low is None and high is None:
        return "no bounds"
    if low == high:
        return number(low)
    return f"{number(low)}–{number(high)}"


def figure(q: dict) -> str:
    """One reported figure: 12, 20 (approximate), 3–9 (vague)."""
    value = number(q["value"]) if q.get("value") is not None else figure_range(q.get("min"),
                                                                              q.get("max"))
    qualifier = q.get("qualifier") or "exact"
    return value if qualifier == "exact" else f"{value} ({qualifier})"


def incident_label(incident: Any, claims: int, mode: str = "reorder", width: int = 60) -> Text:
    """`title` then `date · place · N claims` dimmed, for lists of incidents."""
    out = Text()
    out.append(render.inline(incident.title, mode, max(10, width)), style="bold")
    facts = " · ".join(f for f in (f"{claims} claim{'' if claims == 1 else 's'}",
                                    incident.date or "") if f)
    out.append(f"\n  {facts}", style="dim")
    room = width - len(facts) - 5
    if incident.place and room >= 6:
        out.append(f" · {render.inline(incident.place, mode, room)}", style="dim")
    return out


def _who(report: dict, mode: str) -> str:
    names = [render.inline(x, mode, 40) for x in (report.get("claimant"), report.get("outlet"))
             if x]
    return " · ".join(names) or "unattributed"


def figures_text(summary: dict, mode: str = "reorder") -> Text:
    """Per kind of figure: the range reported, then each report with who made it."""
    out = Text()
    head = [summary.get("date") or "", render.inline(summary.get("place") or "", mode, 40)]
    out.append(render.inline(summary["title"], mode, 120), style="bold")
    if any(head):
        out.append("  " + " · ".join(h for h in head if h), style="dim")
    count = len(summary["claims"])
    out.append(f"  {count} claim{'' if count == 1 else 's'}", style="dim")
    sources = summary.get("sources") or {}
    if count and sources.get("outlets"):
        reprints = sources["reprints"]
        out.append(f" · {sources['outlets']} outlet{'' if sources['outlets'] == 1 else 's'}, "
                   f"{sources['independent']} independent", style="dim")
        for r in reprints:      # a reprint is never a second source without saying so
            out.append("\n  reprint: ", style="magenta")
            out.append(f"{render.inline(r['outlet'] or '#' + str(r['document_id']), mode, 40)} of "
                       f"{render.inline(r['of_outlet'] or '#' + str(r['of_id']), mode, 40)}")
    if count and not summary["figures"]:
        out.append("\nno figures in these claims", style="dim")
    for kind in summary["figures"]:
        out.append(f"\n{kind['kind']}: ", style="bold cyan")
        out.append(figure_range(kind["low"], kind["high"]), style="bold yellow")
        for report in kind["reports"]:
            out.append("\n  ")
            out.append(figure(report), style="yellow")
            out.append(f" per {_who(report, mode)}")
            status = report.get("status") or ""
            out.append(f"  claim {report['claim_id']}", style="dim")
            out.append(f" {status}", style=STATUS_STYLES.get(status, "dim"))
    return out


def claim_card(claim: Any, where: dict | None, mode: str = "reorder", width: int = 40) -> Text:
    """One claim of the incident: who reports and who claims, what, how many, when, where,
    and the words claimed (Arabic wrapped to the card, then put in visual order)."""
    width = max(16, width)
    out = Text()
    out.append(render.inline(claim.outlet or "(no outlet)", mode, width), style="bold")
    out.append("\n")
    out.append(render.inline(claim.claimant or "(no claimant)", mode, width), style="italic")
    out.append("\n")
    for extra in (claim.claimant_role, claim.claimant_org):
        if extra:
            out.append(render.inline(extra, mode, width), style="dim")
            out.append("\n")
    out.append(f"[{claim.claim_type}] ", style="cyan")
    out.append(claim.status, style=STATUS_STYLES.get(claim.status, "dim"))
    for q in claim.quantities:
        out.append("\n")
        out.append(figure(q), style="bold yellow")
        if q.get("event"):
            out.append(f" {q['event']}", style="cyan")
        out.append(f"\n  «{render.inline(q.get('raw') or '', mode, width - 4)}»", style="dim")
    if not claim.quantities:
        out.append("\nno figures", style="dim")
    out.append("\n")
    out.append(f"date: {claim.date or '?'}", style="" if claim.date else "dim")
    out.append("\n")
    out.append(f"place: {render.inline(claim.place, mode, width) if claim.place else '?'}",
               style="" if claim.place else "dim")
    out.append("\n\n")
    out.append(render.wrapped(claim.content or "", width, mode, 600))
    if where is not None:
        title = where.get("title") or f"document {where['document_id']}"
        head = f"segment {where['position'] + 1} of "
        out.append(f"\n\n{head}{render.inline(title, mode, width - len(head))}", style="dim")
    return out


def suggestion_label(suggestion: Any, mode: str = "reorder", width: int = 60) -> Text:
    """A suggested incident in the list: marked as suggested, its title, claims and outlets."""
    out = Text("suggested ", style="bold magenta")
    target = (f"→ incident {suggestion.incident_id}" if suggestion.incident_id is not None
              else suggestion.title)
    out.append(render.inline(target, mode, max(10, width - 10)), style="bold")
    count = len(suggestion.claims)
    out.append(f"\n  {count} claims · {len(suggestion.outlets)} outlet"
               f"{'' if len(suggestion.outlets) == 1 else 's'} · "
               f"{', '.join(suggestion.languages)}", style="dim")
    return out


def suggestion_text(suggestion: Any, mode: str = "reorder") -> Text:
    """Why the claims were grouped (each link's evidence) and every figure by outlet."""
    out = Text()
    out.append("Suggested incident ", style="bold magenta")
    out.append(suggestion.key, style="bold")
    if suggestion.incident_id is not None:
        out.append(f": add {len(suggestion.claim_ids)} claim(s) to incident "
                   f"{suggestion.incident_id}", style="bold")
    else:
        out.append(": ")
        out.append(render.inline(suggestion.title, mode, 80), style="bold")
    out.append("  a accept · x reject", style="dim")
    for kind in suggestion.figures:
        out.append(f"\n{kind['kind']}: ", style="bold cyan")
        out.append(figure_range(kind["low"], kind["high"]), style="bold yellow")
        for outlet, reports in kind["by_source"].items():
            out.append("\n  ")
            out.append(", ".join(render.inline(r["raw"] or "", mode, 30) for r in reports),
                       style="yellow")
            out.append(f" per {render.inline(outlet, mode, 40)}")
    out.append("\nwhy:", style="bold")
    for link in suggestion.evidence:
        out.append(f"\n  claim {link['claim_id']} ~ claim {link['with']}: ", style="dim")
        out.append(render.inline("; ".join(link["reasons"]), mode, 300))
    return out
