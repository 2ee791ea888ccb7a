"""The control API's Python client for a PyBossa mock: the core's calls plus PyBossa's own (publishing a project,
its secret key). Standard library only.

    control = ControlClient("http://127.0.0.1:9010")
    control.publish(1)
    key = control.secret_key(1)
"""

from jatos_mock.core.client import ControlClient as CoreControlClient
from jatos_mock.core.client import ControlError

__all__ = ["ControlClient", "ControlError"]


class ControlClient(CoreControlClient):
    def publish(self, project_id: int, published: bool = True) -> dict:
        """Publishes (or un-publishes) a project, as an admin does in PyBossa's database."""
        return self.call("POST", f"projects/{project_id}/publish", {"published": published})

    def secret_key(self, project_id: int) -> str:
        return self.call("GET", f"projects/{project_id}/secret-key")["secret_key"]

    def set_secret_key(self, project_id: int, secret_key: str) -> dict:
        return self.call("PUT", f"projects/{project_id}/secret-key", {"secret_key": secret_key})
