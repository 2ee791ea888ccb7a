"""Uploaded files go to disk as they arrive: Werkzeug's multipart parser writes each file part into a file the
stream factory gives (here an anonymous file in the app's blob store), and a raw archive body (a study import
sent as application/zip) is copied there in chunks, so a 100 MB upload is never held in memory (Play buffers
bodies to disk too: play.http.parser.maxDiskBuffer)."""

from functools import cached_property
from typing import BinaryIO

from flask import Request, request

from jatos_mock.core.http.runtime import runtime
from jatos_mock.jatos import errors
from jatos_mock.jatos.http import bodies, config_control

MULTIPART = "multipart/form-data"
CHUNK = 1 << 16


class StreamingRequest(Request):
    def _get_file_stream(self, total_content_length, content_type, filename=None, content_length=None):
        return runtime().store.blobs.incoming()

    @cached_property
    def body_file(self) -> BinaryIO:
        """The raw body, copied into an anonymous file in the blob store's folder as it arrives (at most the
        upload limit: a body without a Content-Length is cut off there with 413, as Play's parser does)."""
        limit = config_control.current(runtime()).max_upload_bytes
        out = runtime().store.blobs.incoming()
        while chunk := self.stream.read(CHUNK):
            if out.tell() + len(chunk) > limit:
                out.close()
                raise errors.TooLarge("Request entity too large")
            out.write(chunk)
        out.seek(0)
        return out


def is_multipart() -> bool:
    """A multipart body is left to the form parser (read as a stream), never read whole."""
    return request.mimetype == MULTIPART


def _kept_on_disk(kind: str) -> bool:
    """An archive body nothing reads as JSON: neither Play's parser (application/json, text/json) nor a handler's
    own Content-Type check (importOrCreateStudy's startsWith("application/json"))."""
    return kind == bodies.ARCHIVE and not bodies.mime_of(request.content_type).startswith(("application/json",
                                                                                           "text/json"))


def read_body(kind: str) -> bytes:
    """The body as Play's parser takes it before auth: bytes, or b"" when it went to disk (multipart parts,
    archives; `body_file` then holds it)."""
    if is_multipart():
        return b""
    if _kept_on_disk(kind):
        request.body_file  # noqa: B018 -- read now, before auth, as Play's parser does
        return b""
    return request.get_data(cache=True)


def body_sample(kind: str) -> bytes:
    """What the contract check needs of a body kept on disk: whether there is one (binary media are not looked
    into), so its first bytes."""
    if is_multipart() or not _kept_on_disk(kind):
        return b""
    data = request.body_file.read(CHUNK)
    request.body_file.seek(0)
    return data


def size_of(stream: BinaryIO) -> int:
    """The size of a body or an uploaded part on disk, from its file (no read)."""
    position = stream.tell()
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(position)
    return size
