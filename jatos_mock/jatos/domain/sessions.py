"""Batch and group sessions: one JSON value with a version (ApiService.getSessionNode, BatchDao/GroupResultDao).

The stored value is compact JSON text. Versions start at 1 and rise by exactly one per successful write; a write
names the version it is based on (or none: the current one), and the compare-and-set runs under the store lock.
"""

import json

from jatos_mock.jatos import errors
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.models import Batch, GroupResult

EMPTY = "{}"


def session_text(stored: str | None) -> str:
    """The stored text; a null session (a finished group) reads as "{}" (ApiService.getSessionNode)."""
    return EMPTY if stored is None or stored == "" else stored


def session_value(stored: str | None):
    """The session as the JSON value it holds (any JSON: object, array, number, string, null)."""
    return json.loads(session_text(stored))


def stored_data(value) -> str:
    """ApiService.getSessionDataFromBody: the parsed body, any JSON value, kept as compact JSON text."""
    if not isinstance(value, dict) and not deviates("B4"):  # the spec: the session is a JSON object
        raise errors.InvalidJson("Session data must be a JSON object")
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _compare_and_set(entity, data: str, expected: int | None, what: str) -> int:
    # BatchDao.updateBatchSession: UPDATE ... SET data, version+1 WHERE version = expected (expected: the
    # query's version, else the current one); no row updated -> 403 FORBIDDEN "<what> session version conflict"
    current = entity.session_version
    if expected is None:
        expected = current
    if expected != current:
        raise errors.VersionConflict(f"{what} session version conflict")
    entity.session_data = data
    entity.session_version = current + 1
    return entity.session_version


def update_batch_session(batch: Batch, data: str, expected: int | None) -> int:
    """Replaces the whole batch session; returns the new version. Call under `store.write()`."""
    return _compare_and_set(batch, data, expected, "Batch")


def update_group_session(group: GroupResult, data: str, expected: int | None) -> int:
    """Replaces the whole group session (no lock or group-state check); returns the new version."""
    return _compare_and_set(group, data, expected, "Group")
