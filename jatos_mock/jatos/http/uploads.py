"""Uploaded files go to disk as they arrive: Werkzeug's multipart parser writes each file part into a file the
stream factory gives (here an anonymous file in the app's blob store), so a 100 MB upload is never held in memory
(Play buffers it to disk too: play.http.parser.maxDiskBuffer)."""

from flask import Request, request

from jatos_mock.core.http.runtime import runtime

MULTIPART = "multipart/form-data"


class StreamingRequest(Request):
    def _get_file_stream(self, total_content_length, content_type, filename=None, content_length=None):
        return runtime().store.blobs.incoming()


def is_multipart(req=None) -> bool:
    """A multipart body is left to the form parser (read as a stream), never read whole."""
    return (req if req is not None else request).mimetype == MULTIPART


def size_of(part) -> int:
    """The size of an uploaded part, from its file (no read)."""
    stream = part.stream
    position = stream.tell()
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(position)
    return size
