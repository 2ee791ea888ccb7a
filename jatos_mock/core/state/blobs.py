"""Content-addressed storage for asset files, result data and result files.

Blobs are immutable and named by their SHA-256, so the state holds only keys: a snapshot or reset never copies
file contents, and large result data stays on disk instead of in memory.
"""

import hashlib
import os
import shutil
import tempfile
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 16


class BlobStore:
    def __init__(self, root: str | os.PathLike | None = None):
        """Without `root`, a temporary folder that goes when the store does (or the process ends); with one, a
        lasting store (a `--state` server's): reused as it is, only the leftovers of interrupted writes removed."""
        self._owned = root is None
        self.root = Path(tempfile.mkdtemp(prefix="jatos-mock-blobs-") if root is None else root)
        self.root.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        if self._owned:
            self._cleanup = weakref.finalize(self, shutil.rmtree, str(self.root), True)
        else:
            for leftover in [*self.root.glob(".incoming-*"), *self.root.glob("*/.incoming-*")]:
                leftover.unlink(missing_ok=True)

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / key

    def put(self, data: bytes) -> str:
        key = hashlib.sha256(data).hexdigest()
        path = self._path(key)
        if not path.exists():
            self._write_atomically(path, [data])
        return key

    def put_stream(self, stream: BinaryIO) -> tuple[str, int]:
        """Stores a stream without holding it in memory; returns (key, size)."""
        digest, size = hashlib.sha256(), 0
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        with os.fdopen(fd, "wb") as out:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        key = digest.hexdigest()
        path = self._path(key)
        if path.exists():  # content-addressed: the same bytes are there already
            os.unlink(tmp)
        else:
            path.parent.mkdir(exist_ok=True)
            os.replace(tmp, path)
        return key, size

    def incoming(self) -> BinaryIO:
        """An anonymous file in the store's folder for a body on its way in (an upload part): nothing is left
        behind when it is closed or the process dies."""
        return tempfile.TemporaryFile(dir=self.root, prefix=".incoming-")

    def _write_atomically(self, path: Path, chunks) -> None:
        path.parent.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
        os.replace(tmp, path)

    def read(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def open(self, key: str) -> BinaryIO:
        return open(self._path(key), "rb")

    def iter_chunks(self, key: str, size: int = CHUNK) -> Iterator[bytes]:
        with self.open(key) as f:
            while chunk := f.read(size):
                yield chunk

    def size(self, key: str) -> int:
        return self._path(key).stat().st_size

    def exists(self, key: str) -> bool:
        return self._path(key).exists()

    def close(self) -> None:
        if self._owned:
            self._cleanup()
