"""Uploads are written to disk as they arrive and stored from there in chunks: a large asset upload or archive
import does not hold its body in memory (audit D12: a 99 MB upload peaked at 2.7 times its size)."""

import http.client
import io
import json
import os
import tracemalloc
import zipfile
import zlib

import pytest
import requests

from jatos_mock.core.server import MockServer
from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.domain.config import JatosConfig
from jatos_mock.jatos.settings import Settings

ADMIN = "jap_KGpOyQNcdOyZbkBFTFoOxtzHq8STZHEa5b7c3"
RTD = "5a1c3e0e-8f2b-4d3a-9a61-2f0c7b9e4d11"
SIZE = 24 << 20
CHUNK = 1 << 16


@pytest.fixture
def server():
    server = MockServer(create_app(Settings(seed=1)), "127.0.0.1", 0, threads=2).start()
    try:
        yield server
    finally:
        server.stop()


def _post_multipart_in_chunks(server, path, part, filename, chunks, size) -> tuple[int, bytes]:
    """A multipart POST whose file part is sent chunk by chunk (the client holds one chunk at a time)."""
    boundary = "jatos-mock-boundary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{part}\"; filename=\"{filename}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    host, port = server.url.split("//")[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    connection.putrequest("POST", path)
    connection.putheader("Authorization", f"Bearer {ADMIN}")
    connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    connection.putheader("Content-Length", str(len(head) + size + len(tail)))
    connection.endheaders()
    connection.send(head)
    for chunk in chunks:
        connection.send(chunk)
    connection.send(tail)
    response = connection.getresponse()
    try:
        return response.status, response.read()
    finally:
        connection.close()


def _pattern_chunks(size):
    block = bytes(range(256)) * (CHUNK // 256)
    for _ in range(size // CHUNK):
        yield block


def test_a_large_asset_upload_is_not_held_in_memory(server):
    tracemalloc.start()
    try:
        status, body = _post_multipart_in_chunks(server, f"/jatos/api/v1/studies/{RTD}/assets/big.bin",
                                                 "studyAssetsFile", "big.bin", _pattern_chunks(SIZE), SIZE)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert status == 201, body
    assert peak < SIZE // 4, f"peak {peak >> 20} MiB of Python memory for a {SIZE >> 20} MiB upload"
    r = requests.get(f"{server.url}/jatos/api/v1/studies/{RTD}/assets/big.bin",
                     headers={"Authorization": f"Bearer {ADMIN}"}, timeout=60)
    assert r.status_code == 200 and len(r.content) == SIZE and r.content[:256] == bytes(range(256))
    blobs = server.app.extensions["jatos_mock"].store.blobs.root
    assert not [name for _, _, names in os.walk(blobs) for name in names if name.startswith(".incoming-")]


def test_a_multipart_archive_import_reads_the_archive_from_disk(server, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("study.jas", '{"version": "3", "data": {"uuid": "6f1b1e0a-1111-4222-8333-444455556666", '
                                      '"title": "Streamed", "dirName": "streamed", "componentList": [], '
                                      '"batchList": []}}')
        archive.writestr("streamed/data.bin", os.urandom(4 << 20))  # stored, so the archive is 4 MiB
    data = buffer.getvalue()
    chunks = (data[i:i + CHUNK] for i in range(0, len(data), CHUNK))
    status, body = _post_multipart_in_chunks(server, "/jatos/api/v1/studies", "study", "s.jzip", chunks, len(data))
    assert status == 201, body
    r = requests.get(f"{server.url}/jatos/api/v1/studies/6f1b1e0a-1111-4222-8333-444455556666/assets/structure",
                     headers={"Authorization": f"Bearer {ADMIN}"}, timeout=60)
    assert [node["name"] for node in r.json()["data"]["content"]] == ["data.bin"]


def _raw_post_in_chunks(server, path, chunks, size, token=ADMIN, content_type="application/zip"):
    """A POST of a raw body sent chunk by chunk, as a client streams a file."""
    host, port = server.url.split("//")[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    connection.putrequest("POST", path)
    if token:
        connection.putheader("Authorization", f"Bearer {token}")
    connection.putheader("Content-Type", content_type)
    connection.putheader("Content-Length", str(size))
    connection.endheaders()
    for chunk in chunks:
        connection.send(chunk)
    response = connection.getresponse()
    try:
        return response.status, response.read()
    finally:
        connection.close()


STREAMED_UUID = "6f1b1e0a-1111-4222-8333-777788889999"


def _jas(uuid: str) -> str:
    return json.dumps({"version": "3", "data": {"uuid": uuid, "title": "Raw", "dirName": "raw", "componentList": [],
                                                "batchList": []}})


def _large_archive(path) -> int:
    """A .jzip on disk holding one SIZE asset, written entry by entry (the test never holds it in memory)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("study.jas", _jas(STREAMED_UUID))
        with archive.open("raw/big.bin", "w", force_zip64=False) as entry:
            for chunk in _pattern_chunks(SIZE):
                entry.write(chunk)
    return os.path.getsize(path)


def _file_chunks(path):
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            yield chunk


@pytest.mark.parametrize("route", ["/jatos/api/v1/study", "/jatos/api/v1/studies"])
def test_a_large_raw_archive_import_is_not_held_in_memory(server, tmp_path, route):
    """A raw application/zip body goes to disk as it arrives, and its entries are unpacked to disk: neither the
    body nor the asset is ever whole in memory (before: the body was read whole before auth, the asset unpacked
    into memory)."""
    jzip = tmp_path / "raw.jzip"
    size = _large_archive(jzip)
    tracemalloc.start()
    try:
        status, body = _raw_post_in_chunks(server, route, _file_chunks(jzip), size)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert status == 201, body
    assert peak < SIZE // 4, f"peak {peak >> 20} MiB of Python memory for a {size >> 20} MiB import"
    auth = {"Authorization": f"Bearer {ADMIN}"}
    r = requests.get(f"{server.url}/jatos/api/v1/studies/{STREAMED_UUID}/assets/structure", headers=auth, timeout=60)
    [node] = r.json()["data"]["content"]
    assert (node["name"], node["size"]) == ("big.bin", SIZE)
    r = requests.get(f"{server.url}/jatos/api/v1/studies/{STREAMED_UUID}/assets/big.bin", headers=auth, timeout=60)
    assert len(r.content) == SIZE and r.content[:256] == bytes(range(256))
    assert zlib.adler32(r.content) == node["checksum"]  # DirectoryStructureToJson's checksum, computed in chunks
    blobs = server.app.extensions["jatos_mock"].store.blobs.root
    assert not [name for _, _, names in os.walk(blobs) for name in names if name.startswith(".incoming-")]


def _small_archive(uuid=STREAMED_UUID) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("study.jas", _jas(uuid))
        archive.writestr("raw/index.html", "<p>hi</p>")
    return buffer.getvalue()


def _post(server, route, data, token=ADMIN, content_type="application/zip"):
    headers = {"Content-Type": content_type} if content_type is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return requests.post(f"{server.url}{route}", data=data, headers=headers, timeout=60)


@pytest.mark.parametrize("route", ["/jatos/api/v1/study", "/jatos/api/v1/studies"])
def test_a_raw_archive_body_gets_the_answers_it_got_in_memory(server, route):
    first = _post(server, route, _small_archive())
    assert first.status_code == 201 and first.json()["data"]["uuid"] == STREAMED_UUID
    again = _post(server, route, _small_archive())
    assert again.status_code == 200  # an overwrite
    for content_type in ("application/octet-stream", "application/zip; charset=binary"):
        assert _post(server, route, _small_archive(), content_type=content_type).status_code == 200
    assert _post(server, route, _small_archive(), token=None).status_code == 401  # body read first, then auth
    empty = _post(server, route, b"")
    assert (empty.status_code, empty.json()["error"]) == (400, {"code": "MISSING_FILE", "message": "File missing"})
    garbage = _post(server, route, b"not a zip")
    assert (garbage.status_code, garbage.json()["error"]["message"]) == (400, "Unpacking ZIP archive failed")
    with_json = _post(server, route, b'{"title": "x"', content_type="application/json")  # Play parses it first
    assert with_json.status_code == 400 and with_json.json()["error"]["code"] == "INVALID_JSON"


def test_a_raw_archive_body_without_a_length_stops_at_the_upload_limit(tmp_path):
    """A body with no Content-Length (chunked, to a WSGI server that passes it through) is copied only up to the
    limit: 413, as from Content-Length, and nothing of it is left in the blob store."""
    app = create_app(Settings(seed=1, jatos=JatosConfig(max_upload_bytes=1 << 20)))
    client = app.test_client()
    headers = {"Authorization": f"Bearer {ADMIN}", "Content-Type": "application/zip", "Transfer-Encoding": "chunked"}
    chunked = {"wsgi.input_terminated": True}  # what a server that passes chunked bodies on sets
    r = client.post("/jatos/api/v1/studies", input_stream=io.BytesIO(bytes(2 << 20)), headers=headers,
                    environ_overrides=chunked)
    assert r.status_code == 413 and r.json["error"]["code"] == "TOO_LARGE"
    r = client.post("/jatos/api/v1/studies", input_stream=io.BytesIO(_small_archive()), headers=headers,
                    environ_overrides=chunked)
    assert r.status_code == 201
    blobs = app.extensions["jatos_mock"].store.blobs.root
    assert not [name for _, _, names in os.walk(blobs) for name in names if name.startswith(".incoming-")]
