"""Issue 16 D2 and D12: unpacking a .jzip is bounded by the bytes it actually produces, and an entry name with a
NUL is refused as JATOS's unzip refuses it (not cut short)."""

import io
import json
import struct
import zipfile

import pytest

from jatos_mock.jatos import errors
from jatos_mock.jatos.domain import archive
from jatos_mock.jatos.domain.config import JatosConfig

JAS = {"version": "3", "data": {"uuid": "bomb-1", "title": "Bomb", "dirName": "bomb", "componentList": [],
                                "batchList": []}}


def _forged_bomb(real: int, declared: int) -> bytes:
    """A DEFLATE entry of `real` zero bytes whose local and central headers declare `declared` bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("s.jas", json.dumps(JAS))
        with z.open("bomb/zeros.bin", "w") as w:
            for _ in range(real >> 16):
                w.write(bytes(1 << 16))
    data = bytearray(buffer.getvalue())
    name = b"bomb/zeros.bin"
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        i = data.find(signature)
        while i >= 0:
            if data[i + name_at:i + name_at + len(name)] == name:
                data[i + size_at:i + size_at + 4] = struct.pack("<I", declared)
            i = data.find(signature, i + 4)
    return bytes(data)


@pytest.fixture
def inflated(monkeypatch):
    """Counts the bytes the decompressors actually produce."""
    produced = []
    real = zipfile._get_decompressor

    class Counting:
        def __init__(self, inner):
            self._inner = inner

        def decompress(self, *args):
            out = self._inner.decompress(*args)
            produced.append(len(out))
            return out

        def __getattr__(self, name):
            return getattr(self._inner, name)

    monkeypatch.setattr(zipfile, "_get_decompressor", lambda method: Counting(real(method)))
    return produced


def _import(api, data):
    return api.call("POST", "studies", user="researcher", data=data, headers={"Content-Type": "application/zip"})


def test_a_forged_declared_size_stops_decompression_early(api, inflated):
    bomb = _forged_bomb(real=16 << 20, declared=1000)
    r = _import(api, bomb)
    assert r.status_code == 400
    assert r.get_json()["error"] == {"code": "IMPORT_EXPORT_ERROR", "message": "Unpacking ZIP archive failed"}
    assert sum(inflated) < 1 << 20  # a single read() used to inflate all 16 MiB before it noticed
    assert not any(s.uuid == "bomb-1" for s in api.runtime.store.state.studies.values())


def test_decompression_stops_at_the_total_cap_counted_in_produced_bytes(inflated):
    # the declared sizes are checked first; this is the cap on what is actually produced behind them
    z = zipfile.ZipFile(io.BytesIO(_forged_bomb(real=8 << 20, declared=8 << 20)))
    budget = archive._Budget(4 << 20)
    with pytest.raises(errors.TooLarge):
        archive._inflate(z, z.getinfo("bomb/zeros.bin"), budget)
    assert sum(inflated) <= (4 << 20) + 2 * archive.INFLATE_CHUNK


def test_declared_sizes_over_the_cap_are_refused_before_unpacking(make_api, inflated):
    api = make_api(seed=1, jatos=JatosConfig(max_upload_bytes=4 << 20))
    inflated.clear()  # the fixtures' archives
    r = _import(api, _forged_bomb(real=8 << 20, declared=8 << 20))
    assert r.status_code == 413 and r.get_json()["error"]["code"] == "TOO_LARGE"
    assert sum(inflated) == 0


def test_an_absurd_compression_ratio_is_refused_before_the_total_cap(api, inflated, monkeypatch):
    monkeypatch.setattr(archive, "MAX_RATIO", 100)  # DEFLATE of zeros reaches ~1000:1
    r = _import(api, _forged_bomb(real=8 << 20, declared=8 << 20))
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "IMPORT_EXPORT_ERROR"
    assert sum(inflated) <= archive.RATIO_FLOOR + 2 * archive.INFLATE_CHUNK


def test_an_honest_archive_still_imports(api):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("bomb/zeros.bin", bytes(3 << 20))
        z.writestr("s.jas", json.dumps(JAS))
    r = _import(api, buffer.getvalue())
    assert r.status_code == 201, r.get_data()
    study = next(s for s in api.runtime.store.state.studies.values() if s.uuid == "bomb-1")
    assert study.assets["zeros.bin"].size == 3 << 20


def test_a_nul_in_an_entry_name_is_refused_not_cut(api):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("bomb/evil.txt", b"x")
        z.writestr("s.jas", json.dumps(JAS))
    data = buffer.getvalue().replace(b"bomb/evil.txt", b"bomb/evil\x00txt")
    r = _import(api, data)
    assert r.status_code == 400
    assert r.get_json()["error"] == {"code": "IMPORT_EXPORT_ERROR", "message": "Unpacking ZIP archive failed"}
