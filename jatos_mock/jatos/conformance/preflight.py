"""Before a run over HTTP: do the tokens authenticate at all? A wrong token would otherwise turn every answer into a
401 that the checks accept, and the run would pass without having checked anything."""

from __future__ import annotations

import json

from jatos_mock.core.conformance.transport import is_route_miss

TOKEN_PATH = "/jatos/api/v1/admin/token"


class TokenRefused(Exception):
    """A token did not authenticate; the message is one line for the user."""


def check_token(url: str, token: str, option: str = "--token", timeout: float = 30.0) -> str | None:
    """GET /jatos/api/v1/admin/token with `token`. Raises TokenRefused when the server does not accept it and
    requests' ConnectionError/Timeout when it cannot be reached; returns a warning when it cannot tell (the
    server has no such route)."""
    import requests

    answer = requests.get(url.rstrip("/") + TOKEN_PATH, headers={"Authorization": f"Bearer {token}"},
                          timeout=timeout, allow_redirects=False)
    if 200 <= answer.status_code < 300:
        return None
    if is_route_miss(answer.status_code, answer.content):
        return (f"warning: cannot verify {option}: the server has no GET {TOKEN_PATH} (a JATOS with "
                "jatos.urlBasePath serves its API under that path: give --url with it, e.g. http://host/base/)")
    raise TokenRefused(f"{option} was not accepted: GET {TOKEN_PATH} answered {answer.status_code}"
                       f"{describe_body(answer.content)}")


def server_version(url: str, token: str, timeout: float = 30.0) -> str | None:
    """The JATOS version a server says it is, by the apiVersion of GET admin/token (None: it does not say)."""
    import requests

    from jatos_mock.jatos.versions import BY_API_VERSION

    answer = requests.get(url.rstrip("/") + TOKEN_PATH, headers={"Authorization": f"Bearer {token}"},
                          timeout=timeout, allow_redirects=False)
    try:
        api_version = answer.json().get("apiVersion")
    except (ValueError, AttributeError):
        return None
    return BY_API_VERSION.get(api_version, f"apiVersion {api_version}") if api_version else None


def describe_body(body: bytes) -> str:
    """An answer's body in a few words: JATOS's error code and message, else its first line."""
    try:
        error = json.loads(body).get("error")
    except (ValueError, AttributeError):
        error = None
    if isinstance(error, dict):
        message = " ".join(str(error.get("message") or "").split())[:200]
        return f" {error.get('code')} \"{message}\""
    try:
        text = body.decode("utf-8").strip().splitlines()
    except UnicodeDecodeError:
        return f" ({len(body)} bytes)"
    return f": {text[0][:200]}" if text else ""
