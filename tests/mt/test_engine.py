"""The Argos engine: lazy imports, settings, n-best output."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from workbench.errors import InvalidValue, ModelError
from workbench.mt.engine import Engine

HEAVY = ("ctranslate2", "sentencepiece", "argostranslate", "torch", "stanza", "spacy")


def test_importing_the_mt_modules_loads_nothing_heavy():
    code = ("import sys, json; import workbench.cli, workbench.cli.mt, workbench.mt.memory, "
            "workbench.mt.translate, workbench.mt.argos, workbench.mt.models, workbench.mt.enforce; "
            f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_translating_never_imports_argostranslate_translate(argos_env, pairs):
    code = (
        "import sys, json\n"
        "from workbench.mt.engine import default_engine\n"
        "engine = default_engine()\n"
        f"out = engine.translate_batch({[pairs[0][0]]!r}, 2)\n"
        "print(json.dumps({'out': out[0][0], 'loaded': sorted(m for m in sys.modules if m in "
        "('argostranslate.translate', 'torch', 'stanza', 'spacy'))}))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, env=dict(os.environ))
    found = json.loads(result.stdout)
    assert found == {"out": pairs[0][1], "loaded": []}


def test_engine_interface_and_n_best(engine, pairs):
    assert isinstance(engine, Engine)
    assert (engine.name, engine.model, engine.model_version) == ("argos", "translate-ar_en-fixture",
                                                                 "0.1.0")
    out = engine.translate_batch([ar for ar, _ in pairs[:3]], 4)
    assert [len(h) for h in out] == [4, 4, 4]
    assert [h[0] for h in out] == [en for _, en in pairs[:3]]
    assert all(h.pieces == 1 for h in out)
    assert engine.translate_batch([], 4) == []


def test_settings_follow_argos_names(argos_env, monkeypatch):
    from workbench.mt.argos import EngineSettings, load_engine
    monkeypatch.setenv("ARGOS_BEAM_SIZE", "2")
    monkeypatch.setenv("ARGOS_BATCH_SIZE", "5")
    monkeypatch.setenv("ARGOS_INTRA_THREADS", "1")
    monkeypatch.setenv("WORKBENCH_MT_HYPOTHESES", "3")
    engine = load_engine()
    assert (engine.batch_size, engine.hypotheses) == (5, 3)
    assert engine.config == EngineSettings(beam_size=2, batch_size=5, intra_threads=1, hypotheses=3)
    assert engine.settings == {"device": "cpu", "compute_type": "auto", "beam_size": 2,
                               "hypotheses": 3, "max_input_tokens": 150, "length_penalty": 0.2}


@pytest.mark.parametrize("key, value, message", [
    ("ARGOS_BEAM_SIZE", "wide", "ARGOS_BEAM_SIZE=wide: expected a whole number ≥ 1"),
    ("ARGOS_BATCH_SIZE", "0", "ARGOS_BATCH_SIZE=0: expected a whole number ≥ 1"),
    ("ARGOS_DEVICE_TYPE", "tpu", "ARGOS_DEVICE_TYPE=tpu: expected cpu or cuda"),
])
def test_bad_settings_are_one_line(argos_env, monkeypatch, cli, key, value, message):
    from workbench.mt.argos import load_engine
    monkeypatch.setenv(key, value)
    with pytest.raises(InvalidValue) as caught:
        load_engine()
    assert str(caught.value) == message
    result = cli("translate", "--all")
    assert (result.exit_code, result.output.strip()) == (1, f"error: {message}")


def test_cuda_without_a_gpu_is_one_line(argos_env, monkeypatch, pairs):
    import ctranslate2
    if ctranslate2.get_cuda_device_count() > 0:
        pytest.skip("this machine has a CUDA device")
    from workbench.mt.argos import load_engine
    monkeypatch.setenv("ARGOS_DEVICE_TYPE", "cuda")
    engine = load_engine()
    assert engine.settings["device"] == "cuda"
    with pytest.raises(ModelError, match="CTranslate2 sees no CUDA device; use --device cpu"):
        engine.translate_batch([pairs[0][0]])
