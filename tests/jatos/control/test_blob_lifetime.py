"""Issue 16 D9 and D12: blob folders live as long as what owns them; a `--state` server reuses its blob store;
temp files a killed save left behind are removed at the next start."""

import gc
import os
import subprocess
import sys
from pathlib import Path

import jatos_mock
from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.settings import Settings

REPO = Path(jatos_mock.__file__).resolve().parents[1]  # the code under test


def _blobs(app) -> Path:
    return app.extensions["jatos_mock"].store.blobs.root


def test_an_apps_temporary_blob_folder_goes_with_the_app():
    app = create_app(Settings(seed=1))
    root = _blobs(app)
    assert root.is_dir() and any(root.rglob("*"))  # the fixtures' files
    del app
    gc.collect()
    assert not root.exists()


def test_a_process_that_ends_leaves_no_blob_folder():
    code = ("from jatos_mock.jatos.app import create_app\napp = create_app()\n"
            "print(app.extensions['jatos_mock'].store.blobs.root)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)})
    root = Path(out.stdout.strip().splitlines()[-1])
    assert root.name.startswith("jatos-mock-blobs-") and not root.exists()


def test_a_state_server_reuses_its_blob_store_across_restarts(tmp_path):
    from jatos_mock.core.state.state_io import save_file
    state = tmp_path / "state.json"
    app = create_app(Settings(seed=1, state_file=state))
    root = _blobs(app)
    assert root == tmp_path / "state.json.blobs"
    save_file(app.extensions["jatos_mock"].store, state)
    files = {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}
    assert files
    del app
    gc.collect()
    assert root.is_dir()  # a lasting store is not removed with the app
    (root / ".incoming-killed").write_bytes(b"half")
    app = create_app(Settings(seed=1, state_file=state))
    assert _blobs(app) == root
    assert {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()} == files  # nothing copied again


def test_temp_files_of_a_killed_save_are_removed_at_start(tmp_path):
    state = tmp_path / "mock-state.json"
    stale = [tmp_path / ".mock-state.json.abc123.tmp", tmp_path / ".mock-state.json.x.tmp"]
    for path in stale:
        path.write_text("{")
    other = tmp_path / ".other.json.abc.tmp"
    other.write_text("{")
    create_app(Settings(seed=1, state_file=state))
    assert not any(p.exists() for p in stale) and other.exists()
