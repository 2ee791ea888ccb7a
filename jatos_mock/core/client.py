"""A small Python client for the core control API (/__mock__/) of a running mock, whatever its API. Standard library
only. An API's own control calls live in its subclass (jatos_mock.jatos.control_client).

    control = ControlClient("http://127.0.0.1:9000")
    control.reset()
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

    def call(self, method: str, path: str, body=None, query: dict | None = None):
        """One control call (`path` under /__mock__/); its JSON answer, or ControlError."""
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
        self.call("POST", "reset")

    def export_state(self) -> dict:
        return self.call("GET", "state")

    def import_state(self, document: dict) -> None:
        self.call("PUT", "state", document)

    def save_state(self) -> str:
        return self.call("POST", "state/save")["saved"]

    # what happened
    def journal(self, since: int = 0) -> list[dict]:
        return self.call("GET", "journal", query={"since": since})["entries"]

    def position(self) -> int:
        """A journal position: pass it as `since` to see only later requests."""
        return self.call("GET", "journal", query={"since": 1 << 62})["next"]

    def violations(self, since: int = 0, unregistered_only: bool = False) -> list[dict]:
        return self.call("GET", "violations", query={"since": since,
                                                      "unregistered": "true" if unregistered_only else None})

    # tokens
    def fixture_tokens(self) -> list[dict]:
        return self.call("GET", "tokens")


    # clock
    def clock(self) -> dict:
        return self.call("GET", "clock")

    def set_clock(self, *, freeze: bool | None = None, at_ms: int | None = None, advance_ms: int | None = None) -> dict:
        body = {}
        if freeze is not None:
            body["freeze"] = freeze
        if at_ms is not None:
            body["set"] = at_ms
        if advance_ms is not None:
            body["advance"] = advance_ms
        return self.call("POST", "clock", body)

    def freeze_clock(self, at_ms: int | None = None) -> dict:
        return self.set_clock(freeze=True, at_ms=at_ms)

    def advance_clock(self, ms: int) -> dict:
        return self.set_clock(advance_ms=ms)

    # faults
    def faults(self) -> list[dict]:
        return self.call("GET", "faults")

    def add_fault(self, fault) -> dict:
        """A spec string ('error:503@getCurrentApiToken#2') or its JSON form; returns the fault with its id."""
        return self.call("POST", "faults", fault)[0]

    def remove_fault(self, fault_id: int) -> None:
        self.call("DELETE", f"faults/{fault_id}")

    def clear_faults(self) -> None:
        self.call("DELETE", "faults")
