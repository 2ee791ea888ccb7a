"""Transport faults: the connection closes without an answer (drop), or in the middle of the body (truncate).

Both replace the response body with an iterator that raises once the WSGI server pulls from it, which makes the
server close the connection.
"""

import itertools

from flask import Response


class Disconnect(Exception):
    """Raised inside the response iterator to make the WSGI server close the connection."""


def disconnect_error() -> Exception:
    try:  # waitress closes the connection quietly on its own ClientDisconnected
        from waitress.channel import ClientDisconnected
        return ClientDisconnected("jatos-mock fault: connection dropped")
    except ImportError:  # pragma: no cover - another server
        return Disconnect("jatos-mock fault: connection dropped")


def dropped(response: Response) -> Response:
    """Sends nothing, not even the status line, and closes the connection."""
    def body():
        raise disconnect_error()
        yield b""  # pragma: no cover - makes this a generator

    response.response = body()
    response.direct_passthrough = True
    response.headers.pop("Content-Length", None)
    return response


def truncated(response: Response, limit: int | None) -> Response:
    """Sends the first bytes of the body under the full Content-Length, then closes the connection.

    `limit`: how many bytes; None: half the body."""
    original = response.response if response.is_streamed else [response.get_data()]
    known_length = response.headers.get("Content-Length")

    def body():
        sent = 0
        chunks = iter(original)
        first = next(chunks, b"")
        if isinstance(first, str):
            first = first.encode("utf-8")
        # the cut: the given byte count, half the known length, or half the first chunk of a stream
        cut = limit if limit is not None else int(known_length) // 2 if known_length else len(first) // 2
        for chunk in itertools.chain([first], chunks):
            if isinstance(chunk, str):
                chunk = chunk.encode("utf-8")
            if sent + len(chunk) >= cut:
                if cut > sent:
                    yield chunk[:cut - sent]
                break
            sent += len(chunk)
            yield chunk
        close = getattr(original, "close", None)
        if close:
            close()
        raise disconnect_error()

    if not response.is_streamed:
        response.headers["Content-Length"] = str(len(response.get_data()))
        known_length = response.headers["Content-Length"]
    response.response = body()
    response.direct_passthrough = True
    return response
