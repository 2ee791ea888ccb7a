"""In-memory study assets: path rules, files, directories, the structure (reference A §7)."""

import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jatos_mock.core.state.blobs import BlobStore
from jatos_mock.jatos import errors
from jatos_mock.jatos.domain import assets
from jatos_mock.jatos.models import Study


@pytest.fixture
def blobs(tmp_path):
    return BlobStore(tmp_path)


@pytest.mark.parametrize("path, expected", [
    ("a/b.txt", "a/b.txt"), ("a/./b.txt", "a/b.txt"), ("a/../b.txt", "b.txt"), ("a//b", "a/b"),
    ("../x", None), ("/etc/passwd", None), ("a\\b", None), ("c:x", None), ("", None), ("  ", None),
    ("a/../..", None), ("x\x01", None), ("what?", None),
])
def test_normalize(path, expected):
    assert assets.normalize(path) == expected


@given(st.text())
def test_normalized_paths_never_leave_the_assets(path):
    key = assets.normalize(path)
    if key is not None:
        assert not key.startswith("/") and ".." not in key.split("/") and "\\" not in key


def test_java_url_decode():
    assert assets.java_url_decode("a+b%2Fc%20d") == "a b/c d"
    with pytest.raises(ValueError):
        assets.java_url_decode("100%")


def test_put_file_and_tree(blobs):
    study = Study(id=1, uuid="u", title="t", dir_name="d")
    assert assets.put_file(study, blobs, "a/b/c.txt", b"abc", 5) is True
    assert assets.put_file(study, blobs, "a/b/c.txt", b"abcd", 6) is False
    assert study.assets["a/b/c.txt"].checksum == zlib.adler32(b"abcd") and study.assets["a/b/c.txt"].created == 5
    with pytest.raises(errors.FileAlreadyExists):
        assets.put_file(study, blobs, "a/b", b"x", 7)
    with pytest.raises(errors.FileAlreadyExists):
        assets.put_file(study, blobs, "a/b/c.txt/d", b"x", 7)
    root = assets.tree(study)
    assert root.name == "d" and root.content[0].content[0].content[0].path == "a/b/c.txt"
    assets.delete_file(study, "a/b/c.txt")
    leaves = assets.leaves(assets.tree(study))
    assert [(n.path, n.type) for n in leaves] == [("a/b", "directory")]


def test_empty_assets_flatten_to_the_root():
    study = Study(id=1, uuid="u", title="t", dir_name="d")
    assert [n.path for n in assets.leaves(assets.tree(study))] == [""]
