"""Model management: install from a file and from the index, list, and refuse bad packages."""

from __future__ import annotations

import json
import shutil
import threading
import zipfile
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.mt.conftest import PACKAGE_FILE, folder_state, make_package
from workbench.errors import ModelError

AR_EN = {"from_code": "ar", "to_code": "en", "package_version": "1.0", "argos_version": "1.9",
         "from_name": "Arabic", "to_name": "English", "type": "translate"}


@pytest.fixture
def pkgdir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "argos" / "packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    monkeypatch.delenv("WORKBENCH_ALLOW_TEST_MODEL", raising=False)
    return folder


def _one_error_line(result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    assert "Traceback" not in result.output
    return lines[0]


def test_install_fixture_file_through_the_cli(cli, pkgdir, monkeypatch):
    result = cli("models", "install", PACKAGE_FILE)
    assert result.exit_code == 0, result.output
    assert "installed translate-ar_en-fixture" in result.output
    assert "test fixture" in result.output
    package = pkgdir / "translate-ar_en-fixture"
    assert (package / "model" / "model.bin").is_file()
    assert (package / "sentencepiece.model").is_file()
    assert json.loads((package / "metadata.json").read_text())["from_code"] == "ar"
    assert [p.name for p in pkgdir.parent.iterdir()] == ["packages"]  # no staging left behind

    # Argos itself sees it through its own package layer.
    from argostranslate.package import get_installed_packages
    assert [p.from_code + p.to_code for p in get_installed_packages(path=[pkgdir])] == ["aren"]

    listing = json.loads(cli("models", "list", "--json").output)
    assert listing["packages_dir"] == str(pkgdir)
    assert [p["name"] for p in listing["packages"]] == ["translate-ar_en-fixture"]
    assert listing["packages"][0]["test_fixture"] is True
    assert listing["active"] is None  # a test fixture is never offered to users

    monkeypatch.setenv("WORKBENCH_ALLOW_TEST_MODEL", "1")
    listing = json.loads(cli("models", "list", "--json").output)
    assert listing["active"] == "translate-ar_en-fixture"


def test_reinstalling_replaces_the_package(cli, pkgdir):
    assert cli("models", "install", PACKAGE_FILE).exit_code == 0
    before = folder_state(pkgdir)
    (pkgdir / "translate-ar_en-fixture" / "stale.txt").write_text("left from an older version")
    assert cli("models", "install", PACKAGE_FILE).exit_code == 0
    assert folder_state(pkgdir) == before


def test_fixture_is_not_used_unless_allowed(pkgdir, cli):
    from workbench.mt.argos import load_engine
    assert cli("models", "install", PACKAGE_FILE).exit_code == 0
    with pytest.raises(ModelError) as caught:
        load_engine()
    message = str(caught.value)
    assert "translate-ar_en-fixture is a test fixture" in message
    assert "workbench models install ar en" in message


def test_no_model_installed_says_how_to_install(cli, pkgdir):
    line = _one_error_line(cli("translate", "--all"))
    assert line == ("error: no Arabic→English translation model installed: install one with "
                    "`workbench models install ar en` (online) or "
                    "`workbench models install FILE.argosmodel` (offline)")
    listing = cli("models", "list")
    assert listing.exit_code == 0
    assert "no packages installed" in listing.output and "models install ar en" in listing.output


def _corrupt(tmp_path: Path) -> Path:
    data = bytearray(PACKAGE_FILE.read_bytes())
    with zipfile.ZipFile(PACKAGE_FILE) as archive:
        info = max(archive.infolist(), key=lambda i: i.compress_size)
    middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    for i in range(middle, middle + 64):
        data[i] ^= 0xFF
    path = tmp_path / "corrupt.argosmodel"
    path.write_bytes(bytes(data))
    return path


def _truncated(tmp_path: Path) -> Path:
    path = tmp_path / "truncated.argosmodel"
    path.write_bytes(PACKAGE_FILE.read_bytes()[: PACKAGE_FILE.stat().st_size // 2])
    return path


def _not_a_zip(tmp_path: Path) -> Path:
    path = tmp_path / "notes.argosmodel"
    path.write_text("this is not a package")
    return path


def _wrong_pair(tmp_path: Path) -> Path:
    return make_package(tmp_path / "fr_en.argosmodel", {**AR_EN, "from_code": "fr"})


def _escaping(tmp_path: Path) -> Path:
    return make_package(tmp_path / "evil.argosmodel", AR_EN,
                        extra={"translate-x_y-1_0/../../escaped.txt": b"gotcha"})


def _absolute(tmp_path: Path) -> Path:
    return make_package(tmp_path / "abs.argosmodel", AR_EN,
                        extra={str(tmp_path / "absolute.txt"): b"gotcha"})


def _no_metadata(tmp_path: Path) -> Path:
    return make_package(tmp_path / "bare.argosmodel", AR_EN, files={
        "pkg/model/model.bin": b"x", "pkg/sentencepiece.model": b"x"})


def _deep_metadata(tmp_path: Path) -> Path:
    return make_package(tmp_path / "deep.argosmodel", AR_EN, files={
        "pkg/metadata.json": b"[" * 100_000 + b"]" * 100_000,
        "pkg/model/model.bin": b"x", "pkg/sentencepiece.model": b"x"})


def _two_tops(tmp_path: Path) -> Path:
    return make_package(tmp_path / "two.argosmodel", AR_EN, extra={"other/file.txt": b"x"})


@pytest.mark.parametrize("build, expected", [
    (_corrupt, "corrupt archive"),
    (_truncated, "not an Argos package (not a zip archive, or truncated)"),
    (_not_a_zip, "not an Argos package (not a zip archive, or truncated)"),
    (_wrong_pair, "a package for fr→en; the workbench needs ar→en"),
    (_escaping, "would be written outside the packages folder"),
    (_absolute, "would be written outside the packages folder"),
    (_no_metadata, "not an Argos package (no metadata.json)"),
    (_two_tops, "expected one top-level folder"),
    (_deep_metadata, "metadata.json is not valid JSON"),
])
def test_bad_package_files_leave_the_packages_as_they_were(cli, pkgdir, tmp_path, build, expected):
    assert cli("models", "install", PACKAGE_FILE).exit_code == 0
    before = folder_state(pkgdir.parent)
    bad = build(tmp_path)
    line = _one_error_line(cli("models", "install", bad))
    assert str(bad) in line and expected in line
    assert folder_state(pkgdir.parent) == before
    assert not (tmp_path / "escaped.txt").exists() and not (tmp_path / "absolute.txt").exists()


def test_missing_file(cli, pkgdir, tmp_path):
    line = _one_error_line(cli("models", "install", tmp_path / "nope.argosmodel"))
    assert line.endswith("nope.argosmodel: no such file")


def test_installed_package_that_cannot_load_is_one_line(cli, pkgdir, tmp_path, monkeypatch):
    fake = make_package(tmp_path / "fake.argosmodel", AR_EN, top="translate-ar_en-9_9")
    assert cli("models", "install", fake).exit_code == 0
    line = _one_error_line(cli("translate", "--all"))
    assert "translate-ar_en-9_9" in line and "cannot be loaded" in line


# --- the online path, against a loopback index ----------------------------------------------

class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def index_server(tmp_path):
    root = tmp_path / "www"
    root.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _publish(root: Path, base: str, entries: list[dict]) -> None:
    shutil.copy(PACKAGE_FILE, root / "translate-ar_en-fixture.argosmodel")
    (root / "index.json").write_text(json.dumps(entries))


def _fixture_metadata() -> dict:
    with zipfile.ZipFile(PACKAGE_FILE) as archive:
        return json.loads(archive.read("translate-ar_en-fixture/metadata.json"))


def test_install_ar_en_from_the_index(cli, pkgdir, index_server, monkeypatch):
    root, base = index_server
    meta = _fixture_metadata()
    _publish(root, base, [
        {**AR_EN, "from_code": "fr", "links": [f"{base}/missing-fr.argosmodel"]},
        {**meta, "links": [f"{base}/translate-ar_en-fixture.argosmodel"]},
    ])
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base + "/")
    monkeypatch.setenv("WORKBENCH_ALLOW_TEST_MODEL", "1")
    result = cli("models", "install", "ar", "en")
    assert result.exit_code == 0, result.output
    assert (pkgdir / "translate-ar_en-fixture" / "model" / "model.bin").is_file()
    from workbench.mt.argos import load_engine
    assert load_engine().model == "translate-ar_en-fixture"


def test_index_without_ar_en(cli, pkgdir, index_server, monkeypatch):
    root, base = index_server
    _publish(root, base, [{**AR_EN, "from_code": "fr", "links": [f"{base}/x.argosmodel"]},
                          {**_fixture_metadata(), "links": [f"{base}/translate-ar_en-fixture.argosmodel"]}])
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base)
    # The fixture is listed but, without the test switch, never offered.
    line = _one_error_line(cli("models", "install", "ar", "en"))
    assert line == f"error: package index {base}/index.json lists no ar→en translation package"
    assert folder_state(pkgdir) == {}


def test_unreachable_index(cli, pkgdir, index_server, monkeypatch):
    root, base = index_server
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", f"http://127.0.0.1:{closed_port}/")
    line = _one_error_line(cli("models", "install", "ar", "en"))
    assert f"package index http://127.0.0.1:{closed_port}/index.json is unreachable" in line
    assert "workbench models install FILE.argosmodel" in line
    assert folder_state(pkgdir) == {}


def test_broken_download_link(cli, pkgdir, index_server, monkeypatch):
    root, base = index_server
    _publish(root, base, [{**_fixture_metadata(), "links": [f"{base}/gone.argosmodel"]}])
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base)
    monkeypatch.setenv("WORKBENCH_ALLOW_TEST_MODEL", "1")
    line = _one_error_line(cli("models", "install", "ar", "en"))
    assert f"package download {base}/gone.argosmodel is unreachable (HTTP 404)" in line
    assert folder_state(pkgdir) == {}


def test_only_ar_en_pairs(cli, pkgdir):
    line = _one_error_line(cli("models", "install", "fr", "en"))
    assert "translates ar → en only" in line


# --- hostile package files and interrupted installs (issue 11) ------------------------------

def _tree_digest(folder: Path) -> str:
    """Every path under `folder` with its kind and bytes: equal digests, identical trees."""
    import hashlib
    digest = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        kind = "link" if p.is_symlink() else "dir" if p.is_dir() else "file"
        digest.update(f"{p.relative_to(folder)}\0{kind}\0".encode())
        if kind == "link":
            digest.update(str(p.readlink()).encode())
        elif kind == "file":
            digest.update(p.read_bytes())
    return digest.hexdigest()


def _stderr_line(result) -> str:
    """The single `error:` line a refused command prints, with nothing else on stderr."""
    assert result.exit_code != 0, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def _package_entries(prefix: str) -> dict[str, bytes]:
    return {f"{prefix}metadata.json": json.dumps(AR_EN).encode(),
            f"{prefix}model/model.bin": b"not a model",
            f"{prefix}sentencepiece.model": b"not a tokenizer"}


def _with_symlink(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in _package_entries("pkg/").items():
            archive.writestr(name, data)
        link = zipfile.ZipInfo("pkg/model/escape")
        link.external_attr = (0o120777 << 16)
        archive.writestr(link, "/etc/passwd")
    return path


@pytest.mark.parametrize("build, expected", [
    # `./` at the root: the package would be the packages folder itself (0.2 replaced it).
    (lambda p: make_package(p, AR_EN, files=_package_entries("./")),
     "expected one top-level folder"),
    (lambda p: make_package(p, AR_EN, files=_package_entries("pkg\\")),
     "archive entry 'pkg\\\\metadata.json' has a backslash in its path"),
    (_with_symlink, "archive entry 'pkg/model/escape' is a symbolic link"),
    (lambda p: make_package(p, AR_EN, files=_package_entries("pkg/"),
                            extra={"./pkg/model/model.bin": b"a different model"}),
     "archive entries 'pkg/model/model.bin' and './pkg/model/model.bin' unpack to the same path"),
    (lambda p: make_package(p, AR_EN, files=_package_entries(".previous/")),
     "hidden top-level folder '.previous'"),
    (lambda p: make_package(p, AR_EN, files=_package_entries("pkg/"), extra={".": b"x"}),
     "archive entry '.' has an empty name"),
], ids=["dot-root", "backslash", "symlink", "duplicate", "hidden-top", "empty-name"])
def test_odd_entry_names_are_refused_and_nothing_changes(cli, pkgdir, tmp_path, build, expected):
    assert cli("models", "install", PACKAGE_FILE).exit_code == 0
    before = _tree_digest(pkgdir.parent)
    bad = build(tmp_path / "odd.argosmodel")
    line = _stderr_line(cli("models", "install", bad))
    assert line.startswith(f"error: {bad}: ") and expected in line
    assert _tree_digest(pkgdir.parent) == before


@pytest.mark.parametrize("prefix", ["./pkg/", "pkg//", "pkg/./"])
def test_dot_and_empty_components_are_normalised(cli, pkgdir, tmp_path, prefix):
    assert cli("models", "install", PACKAGE_FILE).exit_code == 0
    fixture = _tree_digest(pkgdir / "translate-ar_en-fixture")
    package = make_package(tmp_path / "dotted.argosmodel", AR_EN, files=_package_entries(prefix))
    result = cli("models", "install", package)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in pkgdir.iterdir()) == ["pkg", "translate-ar_en-fixture"]
    assert sorted(str(p.relative_to(pkgdir / "pkg")) for p in (pkgdir / "pkg").rglob("*")) == [
        "metadata.json", "model", "model/model.bin", "sentencepiece.model"]
    assert _tree_digest(pkgdir / "translate-ar_en-fixture") == fixture
    assert [p.name for p in pkgdir.parent.iterdir()] == ["packages"]


def test_unpacked_result_is_checked_before_the_swap(cli, pkgdir, monkeypatch):
    """What argos writes is checked as it lies on disk, not only as the archive names it."""
    assert cli("models", "install", PACKAGE_FILE).exit_code == 0
    before = _tree_digest(pkgdir.parent)
    from argostranslate import package, settings
    real = package.install_from_path

    def install_and_add_a_stray(path):
        real(path)
        (Path(settings.package_data_dir) / "stray").mkdir()
    monkeypatch.setattr(package, "install_from_path", install_and_add_a_stray)
    line = _stderr_line(cli("models", "install", PACKAGE_FILE))
    assert "it unpacked to ['stray', 'translate-ar_en-fixture'], not one package folder" in line
    assert _tree_digest(pkgdir.parent) == before


def test_a_fifo_is_refused_without_blocking(cli, pkgdir, tmp_path):
    import os
    fifo = tmp_path / "pipe.argosmodel"
    os.mkfifo(fifo)
    assert _stderr_line(cli("models", "install", fifo)) == f"error: {fifo}: not a regular file"
    assert folder_state(pkgdir.parent) == {}


_KILLED_INSTALL = """
import os, sys
from pathlib import Path
from argostranslate import package
from workbench.mt import models
where = sys.argv[3]
real_rename, real_unpack = Path.rename, package.install_from_path

def rename(self, target):
    real_rename(self, target)
    if where == "between renames" and Path(target).name == ".previous":
        os._exit(9)
    return Path(target)

def unpack(path):
    real_unpack(path)
    if where == "after unpacking":
        os._exit(9)
Path.rename, package.install_from_path = rename, unpack
models.install_file(Path(sys.argv[1]), Path(sys.argv[2]))
"""


@pytest.mark.parametrize("where", ["after unpacking", "between renames"])
def test_next_install_cleans_up_after_a_killed_one(cli, pkgdir, tmp_path, where):
    import subprocess
    import sys
    assert cli("models", "install", PACKAGE_FILE).exit_code == 0
    before = _tree_digest(pkgdir.parent)
    killed = subprocess.run([sys.executable, "-c", _KILLED_INSTALL, str(PACKAGE_FILE),
                             str(pkgdir), where], capture_output=True, text=True)
    assert killed.returncode == 9, killed.stderr
    assert len(list(pkgdir.parent.glob(".packages-install-*"))) == 1
    if where == "between renames":
        assert not (pkgdir / "translate-ar_en-fixture").exists()

    # Even a refused install first puts things back as they were.
    line = _stderr_line(cli("models", "install", tmp_path / "nope.argosmodel"))
    assert line.endswith("nope.argosmodel: no such file")
    assert [p.name for p in pkgdir.parent.iterdir()] == ["packages"]
    assert _tree_digest(pkgdir.parent) == before


def test_a_previous_left_inside_the_packages_folder_is_put_back(cli, pkgdir, tmp_path):
    """0.2 moved the whole packages folder to `.previous` inside its replacement."""
    assert cli("models", "install", PACKAGE_FILE).exit_code == 0
    before = _tree_digest(pkgdir)
    (pkgdir / ".previous").mkdir()
    (pkgdir / "translate-ar_en-fixture").rename(pkgdir / ".previous" / "translate-ar_en-fixture")
    _stderr_line(cli("models", "install", tmp_path / "nope.argosmodel"))
    assert _tree_digest(pkgdir) == before


def _deep(n: int) -> str:
    return "[" * n + "]" * n


@pytest.mark.parametrize("index, expected", [
    ([{**AR_EN, "languages": 5, "links": ["x"]}], 'entry 1 "languages" is a number, expected a list'),
    ([{**AR_EN, "links": "x"}], 'entry 1 "links" is text, expected a list'),
    ([{**AR_EN, "links": ["x", 7]}], 'entry 1 "links" holds something other than text'),
    ([{**AR_EN, "from_code": "fr", "links": []}, {**AR_EN, "from_code": 3}],
     'entry 2 "from_code" is a number, expected text'),
    ([{**AR_EN, "package_version": {"major": 1}, "links": ["x"]}],
     'entry 1 "package_version" is an object, expected text'),
    ([{**AR_EN, "to_code": True, "links": ["x"]}], 'entry 1 "to_code" is true/false, expected text'),
    ([[AR_EN]], "entry 1 is a list, not an object"),
    ({"packages": [AR_EN]}, "not an argospm index (it is an object, not a list of packages)"),
    (_deep(100_000), "not an argospm index (nested too deeply)"),
    # deep enough to pass json but not argos' deepcopy of "languages"
    ('[{"from_code": "ar", "to_code": "en", "links": ["x"], "languages": [%s]}]' % _deep(900),
     "not an argospm index (nested too deeply)"),
    (b"\xff\xfe[]", "not an argospm index ("),
], ids=["languages", "links", "link", "from_code", "package_version", "to_code", "entry",
        "not-a-list", "deep", "deep-languages", "not-utf8"])
def test_malformed_index_is_one_line(cli, pkgdir, index_server, monkeypatch, index, expected):
    root, base = index_server
    raw = index if isinstance(index, bytes) else (
        index if isinstance(index, str) else json.dumps(index)).encode()
    (root / "index.json").write_bytes(raw)
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base)
    monkeypatch.setenv("WORKBENCH_ALLOW_TEST_MODEL", "1")
    line = _stderr_line(cli("models", "install", "ar", "en"))
    assert line.startswith(f"error: package index {base}/index.json: ") and expected in line
    assert folder_state(pkgdir.parent) == {}


def test_malformed_index_from_a_file_url(cli, pkgdir, tmp_path, monkeypatch):
    index = tmp_path / "index.json"
    index.write_text(json.dumps([{**AR_EN, "languages": 5}]))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", index.as_uri())
    line = _stderr_line(cli("models", "install", "ar", "en"))
    assert line == f'error: package index {index.as_uri()}: entry 1 "languages" is a number, expected a list'
