"""Ids that exist on the target, so success answers get checked too: generated ids almost never name an existing
study, component or batch, and an operation that only ever answers 404 has its 2xx answers unchecked.

- Existing ids, asked once, read-only (GET studies/properties with components and batches): the pass that uses them
  sends only read-only operations (GET, HEAD), so a real JATOS's studies are read, never changed.
- Unless the run is read-only, the run's own study too: imported (a small .jzip), its ids fixed for every operation
  on a study, component or batch (writes included; the deletes last), then deleted.
"""

from __future__ import annotations

import contextlib
import re

from jatos_mock.core.conformance.selection import SAFE_METHODS

PROPERTIES = "studies/properties"
# which kind of id each operation's {id} names, by its path template
ID_KINDS = (
    ("study", re.compile(r"^/jatos/api/v1/studies/\{id\}(/|$)")),
    ("component", re.compile(r"^/jatos/api/v1/components/\{id\}(/|$)")),
    ("batch", re.compile(r"^/jatos/api/v1/batches/\{id\}(/|$)")),
)


def id_kind(method: str, path: str, writes: bool = False) -> str | None:
    """The kind of id this operation takes as {id}, or None (not an operation on such an id; unless `writes`, not
    a read-only one)."""
    if not writes and method.upper() not in SAFE_METHODS:
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


def create_own_study(seam, jatos) -> tuple[int, dict[str, int]] | None:
    """Imports a small study for the run (by the route of the target's version, a `dialects.Dialect`); (its id,
    {kind: id} of it, its component and its batch), or None."""
    import uuid

    from jatos_mock.jatos.conformance.jzip import build_jzip

    study_uuid, component_uuid = str(uuid.uuid4()), str(uuid.uuid4())
    archive = build_jzip(study_uuid, f"jatos-mock check {study_uuid[:8]}", f"jatos_mock_check_{study_uuid[:12]}",
                         component_uuid, {"index.html": b"<!doctype html><title>check</title>\n"})
    try:
        answer = seam.request("POST", jatos.import_path, files={"study": ("check.jzip", archive, "application/zip")})
        document = answer.json() if answer.status in (200, 201) else None
        study = document.get("data") if jatos.modern and document else document  # 3.9: raw, with a top-level id
        study_id = study.get("id") if isinstance(study, dict) else None
        if not isinstance(study_id, int):
            return None
        answer = seam.request("GET", f"studies/{study_id}/properties",
                              params={"withComponentProperties": "true", "withBatchProperties": "true"})
        props = answer.json().get("data") if answer.status == 200 else None
    except Exception:  # noqa: BLE001 - a bonus again: no study, no pass
        return None
    found = {"study": study_id}
    if isinstance(props, dict):
        for kind, key in (("component", "components"), ("batch", "batches")):
            for item in props.get(key) or ():
                if isinstance(item, dict):
                    _keep(found, kind, item.get("id"))
    return study_id, found


def delete_study(seam, study_id: int) -> None:
    with contextlib.suppress(Exception):  # best effort: the pass may have deleted it already
        seam.request("DELETE", f"studies/{study_id}")
