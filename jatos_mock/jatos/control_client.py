"""The control API's Python client for a JATOS mock: the core's calls plus JATOS's own (seeding results, minting
tokens). Standard library only.

    control = ControlClient("http://127.0.0.1:9000")
    control.reset()
    token = control.mint_token("researcher", expires=60)["token"]
    ids = control.add_results(1, count=3)
    control.set_config({"jatos.api.allowed": False})   # JATOS's configuration keys, until the next reset
"""

from jatos_mock.core.client import ControlClient as CoreControlClient
from jatos_mock.core.client import ControlError

__all__ = ["ControlClient", "ControlError"]


class ControlClient(CoreControlClient):
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
        return self.call("POST", "results", {k: v for k, v in body.items()
                                               if v is not None or k == "data"})["ids"]

    def mint_token(self, username: str, expires: int | None = None, name: str | None = None) -> dict:
        return self.call("POST", "tokens", {"username": username, "expires": expires, "name": name})

    def config(self) -> dict:
        """JATOS's configuration keys and their values (GET /__mock__/config)."""
        return self.call("GET", "config")

    def set_config(self, values: dict) -> dict:
        """Sets some of JATOS's configuration keys until the next reset; answers the whole configuration. An unknown
        key or a bad value raises ControlError (400) naming the known keys."""
        return self.call("PUT", "config", values)
