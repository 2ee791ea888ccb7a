"""Ids that exist on the target, so success answers get checked too: generated ids almost never name an existing
study, component or batch, and an operation that only ever answers 404 has its 2xx answers unchecked.

Asked once, read-only (GET studies/properties with components and batches); the extra pass that uses the ids sends
only read-only operations (GET, HEAD), so a real JATOS's studies are read, never changed.
"""

from __future__ import annotations

import re

from jatos_mock.conformance.selection import SAFE_METHODS

PROPERTIES = "studies/properties"
# which kind of id each operation's {id} names, by its path template
ID_KINDS = (
    ("study", re.compile(r"^/jatos/api/v1/studies/\{id\}(/|$)")),
    ("component", re.compile(r"^/jatos/api/v1/components/\{id\}(/|$)")),
    ("batch", re.compile(r"^/jatos/api/v1/batches/\{id\}(/|$)")),
)


def id_kind(method: str, path: str) -> str | None:
    """The kind of existing id this operation may be given, or None (not a read-only operation on such an id)."""
    if method.upper() not in SAFE_METHODS:
        return None
    return next((kind for kind, pattern in ID_KINDS if pattern.match(path)), None)


def discover(seam) -> dict[str, int]:
    """One existing id of each kind the token can see ({} when none or when the server does not answer)."""
    try:
        answer = seam.request("GET", PROPERTIES, params={"withComponentProperties": "true",
                                                         "withBatchProperties": "true"})
        studies = answer.json().get("data") if answer.status == 200 else None
    except Exception:  # noqa: BLE001 - discovery is a bonus: no ids, no extra pass
        return {}
    found: dict[str, int] = {}
    for study in studies if isinstance(studies, list) else ():
        if not isinstance(study, dict):
            continue
        _keep(found, "study", study.get("id"))
        for kind, key in (("component", "components"), ("batch", "batches")):
            for item in study.get(key) or ():
                if isinstance(item, dict):
                    _keep(found, kind, item.get("id"))
        if len(found) == len(ID_KINDS):
            break
    return found


def _keep(found: dict[str, int], kind: str, value) -> None:
    if kind not in found and isinstance(value, int) and not isinstance(value, bool):
        found[kind] = value
