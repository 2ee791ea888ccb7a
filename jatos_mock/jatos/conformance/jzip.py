"""The `.jzip` builder: small JATOS study archives for the workflows, the own-study pass and the engine's zip
bodies."""

from __future__ import annotations

import io
import json
import zipfile


def build_jzip(study_uuid: str, title: str, dir_name: str, component_uuid: str,
               assets: dict[str, bytes], component_title: str = "Workflow component") -> bytes:
    """A small JATOS study archive (behaviour A §11): the assets under `<dirName>/`, then one `.jas` at the root."""
    jas = {"version": "3", "data": {
        "uuid": study_uuid, "title": title, "description": "", "groupStudy": False, "linearStudy": False,
        "allowPreview": False, "dirName": dir_name, "comments": "", "studyInput": "", "endRedirectUrl": "",
        "studyEntryMsg": "",
        "componentList": [{"uuid": component_uuid, "title": component_title, "htmlFilePath": "index.html",
                           "reloadable": False, "active": True, "comments": "", "componentInput": ""}],
        "batchList": []}}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in assets.items():
            archive.writestr(f"{dir_name}/{name}", content)
        archive.writestr("jatos_mock_workflow.jas", json.dumps(jas))
    return buffer.getvalue()


def conformance_archive(study_uuid: str, component_uuid: str) -> bytes:
    """The study archive the engine sends as an application/zip body (a new study per pair of UUIDs)."""
    return build_jzip(study_uuid, f"Conformance {study_uuid[:8]}", f"conformance_{study_uuid[:8]}",
                      component_uuid, {"index.html": b"<p>conformance</p>"})
