"""Workarounds for schemathesis 4.32.5, applied once when the conformance package drives it."""

import functools

_applied = False


def apply() -> None:
    """In-process WSGI: checks that re-send a request (ignored_auth, content-type probes) pass socket-level
    keyword arguments (max_redirects, verify, cert, proxies) that Werkzeug's EnvironBuilder rejects with a
    TypeError. Drop them, as the transport already does when it is given a requests session."""
    global _applied
    if _applied:
        return
    from schemathesis.transport.wsgi import WSGITransport

    original = WSGITransport.send

    @functools.wraps(original)
    def send(self, case, *, session=None, **kwargs):
        for name in ("max_redirects", "verify", "cert", "proxies"):
            kwargs.pop(name, None)
        return original(self, case, session=session, **kwargs)

    WSGITransport.send = send
    _applied = True
