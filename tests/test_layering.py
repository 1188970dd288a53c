"""The core knows nothing of the screen, and heavy libraries load only when used."""

import subprocess
import sys
from pathlib import Path

import workbench

PACKAGE = Path(workbench.__file__).parent


def test_no_textual_import_outside_tui():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "tui" in path.relative_to(PACKAGE).parts:
            continue
        text = path.read_text(encoding="utf-8")
        if "import textual" in text or "from textual" in text:
            offenders.append(str(path))
    assert offenders == []


def test_core_import_pulls_in_no_heavy_library():
    code = ("import sys, workbench.cli, workbench.store.db, workbench.corpus.importer, "
            "workbench.corpus.export;"
            "heavy = [m for m in ('textual', 'torch', 'ctranslate2', 'argostranslate.translate', "
            "'stanza', 'camel_tools', 'transformers', 'dateparser') if m in sys.modules];"
            "print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
