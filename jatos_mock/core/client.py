"""A small Python client for the control API (/__mock__/) of a running jatos-mock. Standard library only.

    control = ControlClient("http://127.0.0.1:9000")
    control.reset()
    token = control.mint_token("researcher", expires=60)["token"]
    control.add_fault("error:503@getCurrentApiToken#2")
    control.advance_clock(61_000)
"""

import json
import urllib.error
import urllib.parse
import urllib.request

__all__ = ["ControlClient", "ControlError"]


class ControlError(Exception):
    """The control API refused a call; `status` and the mock's message."""

    def __init__(self, status: int, message: str):
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message


class ControlClient:
    def __init__(self, base_url: str, timeout: float = 30.0):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def _call(self, method: str, path: str, body=None, query: dict | None = None):
        url = f"{self.base_url}/__mock__/{path}"
        if query:
            url += "?" + urllib.parse.urlencode({k: v for k, v in query.items() if v is not None})
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"X-Jatos-Mock-Control": "1"}  # state-changing calls need it (or a JSON body): no CSRF
        if data is not None:
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            try:
                message = json.loads(raw).get("error", raw.decode("utf-8", "replace"))
            except (ValueError, AttributeError):
                message = raw.decode("utf-8", "replace")
            raise ControlError(exc.code, message) from None

    # state
    def reset(self) -> None:
        self._call("POST", "reset")

    def export_state(self) -> dict:
        return self._call("GET", "state")

    def import_state(self, document: dict) -> None:
        self._call("PUT", "state", document)

    def save_state(self) -> str:
        return self._call("POST", "state/save")["saved"]

    # what happened
    def journal(self, since: int = 0) -> list[dict]:
        return self._call("GET", "journal", query={"since": since})["entries"]

    def position(self) -> int:
        """A journal position: pass it as `since` to see only later requests."""
        return self._call("GET", "journal", query={"since": 1 << 62})["next"]

    def violations(self, since: int = 0, unregistered_only: bool = False) -> list[dict]:
        return self._call("GET", "violations", query={"since": since,
                                                      "unregistered": "true" if unregistered_only else None})

    # seeding
    def add_results(self, study, count: int = 1, data: str | bytes | None = "{}", state: str = "FINISHED",
                    worker_type: str | None = None, study_code: str | None = None) -> list[int]:
        """Adds `count` study results (one component result each, on the study's first component) straight into
        the mock; returns their ids. With `study_code` they are runs of that code: its batch, worker type, worker
        and comment, and the studyCode in results metadata. Without it: new `worker_type` workers (default
        GeneralMultiple) in the study's first batch."""
        body = {"study": study, "count": count, "state": state, "workerType": worker_type, "studyCode": study_code}
        if isinstance(data, bytes):
            import base64
            body["dataBase64"] = base64.b64encode(data).decode("ascii")
        else:
            body["data"] = data
        return self._call("POST", "results", {k: v for k, v in body.items()
                                               if v is not None or k == "data"})["ids"]

    # tokens
    def fixture_tokens(self) -> list[dict]:
        return self._call("GET", "tokens")

    def mint_token(self, username: str, expires: int | None = None, name: str | None = None) -> dict:
        return self._call("POST", "tokens", {"username": username, "expires": expires, "name": name})

    # clock
    def clock(self) -> dict:
        return self._call("GET", "clock")

    def set_clock(self, *, freeze: bool | None = None, at_ms: int | None = None, advance_ms: int | None = None) -> dict:
        body = {}
        if freeze is not None:
            body["freeze"] = freeze
        if at_ms is not None:
            body["set"] = at_ms
        if advance_ms is not None:
            body["advance"] = advance_ms
        return self._call("POST", "clock", body)

    def freeze_clock(self, at_ms: int | None = None) -> dict:
        return self.set_clock(freeze=True, at_ms=at_ms)

    def advance_clock(self, ms: int) -> dict:
        return self.set_clock(advance_ms=ms)

    # faults
    def faults(self) -> list[dict]:
        return self._call("GET", "faults")

    def add_fault(self, fault) -> dict:
        """A spec string ('error:503@getCurrentApiToken#2') or its JSON form; returns the fault with its id."""
        return self._call("POST", "faults", fault)[0]

    def remove_fault(self, fault_id: int) -> None:
        self._call("DELETE", f"faults/{fault_id}")

    def clear_faults(self) -> None:
        self._call("DELETE", "faults")
