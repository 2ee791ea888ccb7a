"""The host URL the links of PyBossa's answers start with (hateoas.py create_link: url_for(..., _external=True))."""

import functools

from flask import request
from werkzeug.sansio.utils import get_current_url


def host_url() -> str:
    """`request.host_url`, which werkzeug decodes anew (uri_to_iri) for every request; it depends only on the
    scheme and the host, so it is built once per pair."""
    return _host_url(request.scheme, request.host)


@functools.lru_cache(maxsize=256)  # bounded: the Host header is the client's to choose
def _host_url(scheme: str, host: str) -> str:
    return get_current_url(scheme, host)  # what werkzeug's Request.host_url returns
