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
