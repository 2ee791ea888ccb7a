"""The .jzip reader and writer without HTTP (reference A §11)."""

import io
import json
import sys
import zipfile
from pathlib import Path

import pytest

from jatos_mock.jatos import errors
from jatos_mock.jatos.domain import archive
from jatos_mock.jatos.domain.config import JatosConfig

REPO = Path(__file__).resolve().parents[3]
ARCHIVES = REPO / "fixtures" / "archives"


def test_jas_file_name_is_sanitised():
    assert archive.jas_file_name("  Potato Compass ", 797869999003056583) == "potato_compass797869999003056583.jas"
    assert archive.jas_file_name("a/b:c?*", 1) == "a_b_c__1.jas"
    assert len(archive.jas_file_name("x" * 300, 5)) == 100 + 1 + 4


def test_version_is_found_anywhere_and_read_as_int():
    jas = json.loads((ARCHIVES / "reaction_time_demo" / "study.jas").read_text())
    study, comps, batches = archive.deserialize(json.dumps({"data": jas["data"], "meta": {"version": 3}}).encode())
    assert study["uuid"] == "5a1c3e0e-8f2b-4d3a-9a61-2f0c7b9e4d11" and len(comps) == 3 and len(batches) == 1


@pytest.mark.parametrize("version, message", [("1", "unsupported"), (7, "newer")])
def test_unsupported_versions(version, message):
    with pytest.raises(errors.IOFailure, match=message):
        archive.deserialize(json.dumps({"version": version, "data": {}}).encode())


def test_duplicate_entries_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("d/a.txt", b"1")
        with pytest.warns(UserWarning):
            z.writestr("d/a.txt", b"2")
        z.writestr("s.jas", b"{}")
    with pytest.raises(errors.ImportExportFailed):
        archive.read_archive(buffer.getvalue(), JatosConfig())


def test_zip_bomb_is_too_large():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("d/zeros", b"\0" * 200_000)
        z.writestr("s.jas", b"{}")
    assert len(buffer.getvalue()) < 10_000
    with pytest.raises(errors.TooLarge):
        archive.read_archive(buffer.getvalue(), JatosConfig(max_upload_bytes=100_000))


def test_fixture_archive_is_built_deterministically_from_its_sources(tmp_path):
    sys.path.insert(0, str(ARCHIVES))
    try:
        import build
    finally:
        sys.path.remove(str(ARCHIVES))
    built = build.build(ARCHIVES / "reaction_time_demo")
    assert built == build.build(ARCHIVES / "reaction_time_demo")
    assert built == (ARCHIVES / "reaction_time_demo.jzip").read_bytes(), "run fixtures/archives/build.py"
    contents = archive.read_archive(built, JatosConfig())
    assert contents.top_dirs == ["reaction_time_demo"]
    assert {"instructions.html", "js/reaction.js", "img/stimulus.png"} <= set(contents.files)
