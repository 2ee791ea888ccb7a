"""Keeps a run from cutting off its own access.

Generated ids are small integers, so fuzzing soon sends `PATCH tokens/1 {"active": false}` or `DELETE users/2`.
Where those ids are the run's own token or its user, every later answer is a 401 that the checks accept, and the
rest of the run checks nothing. So before each request, an id that names one of the run's tokens (or, for the user
operations, one of their users) is swapped for an id no server has; the request is still sent and checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# operationId -> what its {id} names
GUARDED = {"toggleApiTokenActive": "token", "deleteApiToken": "token",
           "deleteUser": "user", "updateUser": "user", "changeUserRole": "user"}
ABSENT_ID = 2 ** 62  # a valid int64 that no JATOS hands out


@dataclass
class OwnCredentials:
    token_ids: set[int] = field(default_factory=set)
    user_ids: set[int] = field(default_factory=set)

    def protects(self, kind: str, value) -> bool:
        try:
            number = int(str(value).strip())  # Play binds "01" and "+1" to 1 as well
        except ValueError:
            return False
        return number in (self.token_ids if kind == "token" else self.user_ids)


def find_own(seams) -> OwnCredentials:
    """The ids of each seam's token and of its user (GET admin/token); a seam that cannot tell adds nothing."""
    own = OwnCredentials()
    for seam in seams:
        try:
            answer = seam.request("GET", "admin/token")
            data = answer.json().get("data") if answer.status == 200 else None
        except Exception:  # noqa: BLE001 - then there is nothing known to protect
            continue
        if isinstance(data, dict):
            for ids, key in ((own.token_ids, "id"), (own.user_ids, "userId")):
                if isinstance(data.get(key), int):
                    ids.add(data[key])
    return own


def guard(case, own: OwnCredentials | None) -> None:
    """Swaps an {id} that names the run's own token or user for ABSENT_ID (a `before_call` hook's work)."""
    if own is None:
        return
    kind = GUARDED.get(case.operation.definition.raw.get("operationId"))
    parameters = case.path_parameters
    if kind and parameters and "id" in parameters and own.protects(kind, parameters["id"]):
        parameters["id"] = str(ABSENT_ID) if isinstance(parameters["id"], str) else ABSENT_ID
