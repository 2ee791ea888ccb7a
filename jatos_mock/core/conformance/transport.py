"""The HTTP seam the workflows and the id discovery talk through: `.request(method, path, **kw)` → `Answer`, the same
calls for a JATOS at a base URL (`requests`) and for an app in this process (Flask's test client)."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

API = "/jatos/api/v1/"
ROUTE_MISS = b"Requested page"  # JATOS's 404 for a route it does not have ("Requested page ... couldn't be found.")


def is_route_miss(status: int, body: bytes) -> bool:
    """Whether an answer is JATOS's router miss: the target lacks the operation, whatever the contract says."""
    return status == 404 and ROUTE_MISS in body[:300]


@dataclass
class Answer:
    status: int
    headers: dict[str, str]  # lower-cased names
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def json(self):
        return json.loads(self.body)

    @property
    def route_miss(self) -> bool:
        return is_route_miss(self.status, self.body)


class HttpSeam:
    """A server at a base URL, through `requests`. `path` is relative to `prefix` (JATOS's /jatos/api/v1/ unless
    another API names its own; a request may name another); a `token` of None sends no Authorization header."""

    def __init__(self, base_url: str, token: str | None, timeout: float = 30.0, session=None, prefix: str = API):
        import requests

        self.base_url = base_url.rstrip("/")
        self.token = token
        self.prefix = prefix
        self.timeout = timeout
        self.session = session or requests.Session()

    def describe(self) -> str:
        return self.base_url

    def with_token(self, token: str | None) -> HttpSeam:
        """The same server, another token (a workflow's own, e.g. one it minted)."""
        return HttpSeam(self.base_url, token, self.timeout, self.session, self.prefix)

    def url(self, path: str, prefix: str | None = None) -> str:
        return self.base_url + (prefix or self.prefix) + path.lstrip("/")

    def request(self, method: str, path: str, *, params=None, json=None, files=None, data=None,
                prefix: str | None = None) -> Answer:
        """`files`: {part name: (filename, bytes, content type)} sent as multipart/form-data; `data`: raw bytes."""
        response = self.session.request(method, self.url(path, prefix), params=params, json=json, data=data,
                                        files=files, timeout=self.timeout, headers=_auth(self.token))
        return Answer(response.status_code, {k.lower(): v for k, v in response.headers.items()}, response.content)


class AppSeam:
    """A WSGI app in this process (the mock), through Flask's test client; same calls as `HttpSeam`."""

    def __init__(self, app, token: str | None, prefix: str = API):
        self.app = app
        self.token = token
        self.prefix = prefix
        self.client = app.test_client()

    def describe(self) -> str:
        return "in-process mock"

    def with_token(self, token: str | None) -> AppSeam:
        return AppSeam(self.app, token, self.prefix)

    def url(self, path: str, prefix: str | None = None) -> str:
        return "http://localhost" + (prefix or self.prefix) + path.lstrip("/")  # as the test client's requests look

    def request(self, method: str, path: str, *, params=None, json=None, files=None, data=None,
                prefix: str | None = None) -> Answer:
        kwargs = {"headers": _auth(self.token), "query_string": params}
        if json is not None:
            kwargs["json"] = json
        if data is not None:
            kwargs["data"] = data
        if files:
            kwargs["data"] = {part: (io.BytesIO(content), filename, ctype)
                              for part, (filename, content, ctype) in files.items()}
            kwargs["content_type"] = "multipart/form-data"
        response = self.client.open((prefix or self.prefix) + path.lstrip("/"), method=method, **kwargs)
        return Answer(response.status_code, {k.lower(): v for k, v in response.headers.items()}, response.get_data())


def _auth(token: str | None) -> dict:
    return {"Authorization": f"Bearer {token}"} if token is not None else {}


def seam_for(target) -> AppSeam | HttpSeam:
    """The seam for a `config.Target`: its in-process app if it has one, else its URL."""
    if target.app is not None:
        return AppSeam(target.app, target.token)
    return HttpSeam(target.url, target.token)
