"""Uploads are written to disk as they arrive and stored from there in chunks: a large asset upload or archive
import does not hold its body in memory (audit D12: a 99 MB upload peaked at 2.7 times its size)."""

import http.client
import io
import os
import tracemalloc
import zipfile

import pytest
import requests

from jatos_mock.core.server import MockServer
from jatos_mock.jatos.app import create_app
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
