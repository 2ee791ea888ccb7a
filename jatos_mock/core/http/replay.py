"""The front of every mock app: a read asked again at an unchanged state is answered from the answer cache before
Flask builds a request (answer_cache.py says when that is provably the same answer); any other request goes on to
Flask and the pipeline."""

import io
import time

from jatos_mock.core.deviations import switch as fidelity
from jatos_mock.core.http import answer_cache
from jatos_mock.core.http.accounting import account
from jatos_mock.core.http.runtime import EXTENSION


class Replay:
    """WSGI middleware around a Flask app's `wsgi_app`."""

    def __init__(self, wsgi_app, app):
        self.wsgi_app = wsgi_app
        self.app = app

    def __call__(self, environ, start_response):
        rt = self.app.extensions[EXTENSION]
        if not rt.answers or environ.get("REQUEST_METHOD") not in answer_cache.METHODS or rt.extras.get("faults"):
            return self.wsgi_app(environ, start_response)  # nothing to reuse, or faults decide per request
        started = time.perf_counter()
        body = _read_ahead(environ)
        found = rt.answers.find(rt.store, environ, body, rt.profile) if body is not None else None
        if found is None:
            return self.wsgi_app(environ, start_response)
        slot, answer = found
        _, token = fidelity.begin(slot.request_profile)
        try:
            fresh = slot.recheck(environ)
        finally:
            fidelity.end(token)
        if fresh is None:  # the API refuses this request what it allowed the first: computed, with its error
            return self.wsgi_app(environ, start_response)
        headers = list(answer.headers)  # WSGI wants a list of its own
        if fresh:  # in place, where the first answer had them
            headers = [(name, fresh.get(name, value)) for name, value in headers]
            headers += [(name, value) for name, value in fresh.items() if name not in dict(answer.headers)]
        seq = rt.journal.next_seq()
        start_response(answer.status, headers)
        account(rt, answer.exchange, seq, started)
        return [answer.body]


def _read_ahead(environ) -> bytes | None:
    """The request's body, read here so it can be part of the key (and put back for Flask); None: too large, or of
    unknown length (a chunked body a server did not count), so the request is not looked up."""
    length = environ.get("CONTENT_LENGTH")
    if not length:
        return None if environ.get("HTTP_TRANSFER_ENCODING") else b""
    try:
        size = int(length)
    except ValueError:
        return None
    if size < 0 or size > answer_cache.MAX_REQUEST_BODY:
        return None
    body = environ["wsgi.input"].read(size) if size else b""
    environ["wsgi.input"] = io.BytesIO(body)
    return body
