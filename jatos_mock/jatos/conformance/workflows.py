"""The JATOS workflows: round trips a client really does, run against any JATOS (a base URL) or the mock in-process.

Each is a plain function of a `flow.Flow` over the HTTP seam (transport.py). Every workflow creates its own study
and deletes it again; they all change state, so read-only runs report them as skipped.
"""

from __future__ import annotations

import io
import json
import re
import uuid
import zipfile
import zlib

from jatos_mock.core.conformance.flow import (
    FAILED,
    PASSED,
    READ_ONLY_REASON,
    SKIPPED,
    Flow,
    Workflow,
    WorkflowFailure,
    WorkflowResult,
    excerpt,
    run_workflow,
    unique,
)
from jatos_mock.core.conformance.transport import AppSeam, HttpSeam, seam_for
from jatos_mock.jatos.conformance.jzip import build_jzip

# what callers (the run loop, the tests) import from here, beside the workflows
__all__ = ["WORKFLOWS", "by_name", "run_all", "run_workflow", "Workflow", "WorkflowResult", "AppSeam", "HttpSeam",
           "seam_for", "PASSED", "FAILED", "SKIPPED", "READ_ONLY_REASON"]

CODE = re.compile(r"^[A-Za-z0-9]{11}$")


def import_export_round_trip(flow: Flow) -> None:
    """import (.jzip) → properties → export: the exported archive holds the same study and asset bytes."""
    study_uuid, component_uuid = str(uuid.uuid4()), str(uuid.uuid4())
    title, dir_name = f"jatos-mock workflow {study_uuid[:8]}", unique("jatos_mock_wf")
    assets = {"index.html": b"<!doctype html><title>workflow</title>\n", "img/pixel.bin": bytes(range(256)) * 4}
    archive = build_jzip(study_uuid, title, dir_name, component_uuid, assets)

    step = "POST studies (import .jzip)"
    answer = flow.call(step, "POST", "studies", (201,), "POST /studies (import)",
                       files={"study": ("workflow.jzip", archive, "application/zip")})
    study = flow.data(step, answer)
    flow.expect(step, isinstance(study, dict) and isinstance(study.get("id"), int),
                f"data has no integer id: {excerpt(answer.body)}")
    flow.study_id = study["id"]
    flow.expect(step, study.get("uuid") == study_uuid, f"data.uuid is {study.get('uuid')!r}, imported {study_uuid!r}")
    flow.expect(step, study.get("title") == title, f"data.title is {study.get('title')!r}, imported {title!r}")

    step = "GET studies/{id}/properties"
    props = flow.data(step, flow.call(step, "GET", f"studies/{flow.study_id}/properties", (200,),
                                      "GET /studies/{id}/properties"))
    flow.expect(step, isinstance(props, dict), f"data is not an object: {props!r:.200}")
    flow.expect(step, props.get("uuid") == study_uuid, f"uuid is {props.get('uuid')!r}, imported {study_uuid!r}")
    flow.expect(step, props.get("title") == title, f"title is {props.get('title')!r}, imported {title!r}")

    step = "GET studies/{id} (export)"
    answer = flow.call(step, "GET", f"studies/{flow.study_id}", (200,), "GET /studies/{id}")
    flow.expect(step, "attachment" in (answer.header("Content-Disposition") or ""),
                f"no Content-Disposition attachment header (got {answer.header('Content-Disposition')!r})")
    length = answer.header("Content-Length")
    flow.expect(step, length is not None, "no Content-Length header")
    if not answer.header("Content-Encoding"):  # a compressed answer's length is not the decoded body's
        flow.expect(step, length == str(len(answer.body)),
                    f"Content-Length {length} but the body has {len(answer.body)} bytes")
    try:
        exported = zipfile.ZipFile(io.BytesIO(answer.body))
        names = exported.namelist()
        bad = exported.testzip()
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise WorkflowFailure(step, f"the export is not a valid zip ({exc}): {excerpt(answer.body, 60)}") from None
    flow.expect(step, bad is None, f"the export zip's entry {bad!r} is corrupt (CRC mismatch)")
    jas_names = [n for n in names if n.endswith(".jas") and "/" not in n]
    flow.expect(step, len(jas_names) == 1, f"expected exactly one .jas at the zip's root, found {jas_names} "
                                           f"among {names[:10]}")
    try:
        jas = json.loads(exported.read(jas_names[0]))
    except ValueError as exc:
        raise WorkflowFailure(step, f"{jas_names[0]} is not JSON: {exc}") from None
    data = jas.get("data") if isinstance(jas, dict) else None
    flow.expect(step, isinstance(data, dict), f"{jas_names[0]} has no 'data' object")
    flow.expect(step, data.get("uuid") == study_uuid, f".jas uuid is {data.get('uuid')!r}, imported {study_uuid!r}")
    flow.expect(step, data.get("title") == title, f".jas title is {data.get('title')!r}, imported {title!r}")
    components = [c.get("uuid") for c in data.get("componentList") or [] if isinstance(c, dict)]
    flow.expect(step, component_uuid in components,
                f".jas componentList lacks the imported component {component_uuid} (has {components})")
    exported_dir = data.get("dirName") or props.get("dirName")
    for name, content in assets.items():
        entry = f"{exported_dir}/{name}"
        flow.expect(step, entry in names, f"asset {entry!r} missing from the export (entries: {names[:10]})")
        flow.expect(step, exported.read(entry) == content, f"asset {entry!r} differs from the imported bytes")

    flow.delete_study()


def batch_codes_results(flow: Flow) -> None:
    """create batch → personal single study codes → code info → result exports of the study."""
    flow.create_study("POST studies (create)", f"jatos-mock workflow {uuid.uuid4().hex[:8]}")
    study_id = flow.study_id

    step = "POST studies/{id}/batches"
    batch = flow.data(step, flow.call(step, "POST", f"studies/{study_id}/batches", (200, 201),  # JATOS: 200
                                      "POST /studies/{id}/batches", json={"title": "Workflow batch"}))
    flow.expect(step, isinstance(batch, dict) and isinstance(batch.get("id"), int), f"data has no integer id: "
                                                                                    f"{batch!r:.200}")
    batch_id = batch["id"]

    step = "POST studies/{id}/studyCodes"
    codes = flow.data(step, flow.call(step, "POST", f"studies/{study_id}/studyCodes", (200, 201),
                                      "POST /studies/{id}/studyCodes",
                                      params={"type": "ps", "batchId": batch_id, "amount": 2, "comment": "wf"}))
    flow.expect(step, isinstance(codes, list) and len(codes) == 2, f"expected a list of 2 codes, got {codes!r:.200}")
    flow.expect(step, all(isinstance(c, str) and CODE.match(c) for c in codes),
                f"codes are not 11 alphanumerics: {codes}")
    flow.expect(step, codes[0] != codes[1], f"the two codes are equal: {codes}")

    for code in codes:
        step = f"GET studyCodes/{code}"
        info = flow.data(step, flow.call(step, "GET", f"studyCodes/{code}", (200,), "GET /studyCodes/{code}"))
        flow.expect(step, isinstance(info, dict), f"data is not an object: {info!r:.200}")
        flow.expect(step, info.get("batchId") == batch_id, f"batchId is {info.get('batchId')!r}, expected {batch_id}")
        flow.expect(step, info.get("type") == "PersonalSingle", f"type is {info.get('type')!r}, "
                                                                f"expected 'PersonalSingle'")

    step = "POST results/metadata"
    metadata = flow.data(step, flow.call(step, "POST", "results/metadata", (200,), "POST /results/metadata",
                                         json={"studyIds": [study_id]}))
    flow.expect(step, isinstance(metadata, list), f"data is not a list: {metadata!r:.200}")

    step = "POST results/data"
    answer = flow.call(step, "POST", "results/data", (200,), "POST /results/data", json={"studyIds": [study_id]})
    try:
        bad = zipfile.ZipFile(io.BytesIO(answer.body)).testzip()
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise WorkflowFailure(step, f"the answer is not a valid zip ({exc}): {excerpt(answer.body, 60)}") from None
    flow.expect(step, bad is None, f"zip entry {bad!r} is corrupt")

    flow.delete_study()


def asset_round_trip(flow: Flow) -> None:
    """upload to a nested path → structure (flattened) → download → delete → download is 404."""
    flow.create_study("POST studies (create)", f"jatos-mock workflow {uuid.uuid4().hex[:8]}")
    study_id = flow.study_id
    path, content = "img/x.txt", f"jatos-mock workflow asset {uuid.uuid4()}\n".encode()

    step = f"POST studies/{{id}}/assets/{path}"
    flow.call(step, "POST", f"studies/{study_id}/assets/{path}", (201,), "POST /studies/{id}/assets/{filepath}",
              files={"studyAssetsFile": ("upload.txt", content, "text/plain")})

    step = "GET studies/{id}/assets/structure?flatten=true"
    leaves = flow.data(step, flow.call(step, "GET", f"studies/{study_id}/assets/structure", (200,),
                                       "GET /studies/{id}/assets/structure", params={"flatten": "true"}))
    flow.expect(step, isinstance(leaves, list), f"data is not a list: {leaves!r:.200}")
    leaf = next((n for n in leaves if isinstance(n, dict) and n.get("path") == path), None)
    paths = [n.get("path") for n in leaves if isinstance(n, dict)]
    flow.expect(step, leaf is not None, f"no leaf with path {path!r}: {paths[:10]}")
    flow.expect(step, leaf.get("type") == "file", f"{path} has type {leaf.get('type')!r}, expected 'file'")
    flow.expect(step, leaf.get("size") == len(content), f"{path} has size {leaf.get('size')!r}, uploaded "
                                                        f"{len(content)} bytes")
    checksum = zlib.adler32(content)
    flow.expect(step, leaf.get("checksum") == checksum, f"{path} has checksum {leaf.get('checksum')!r}, "
                                                        f"expected Adler-32 {checksum}")

    step = f"GET studies/{{id}}/assets/{path}"
    answer = flow.call(step, "GET", f"studies/{study_id}/assets/{path}", (200,), "GET /studies/{id}/assets/{filepath}")
    flow.expect(step, answer.body == content, f"downloaded {len(answer.body)} bytes differ from the "
                                              f"{len(content)} uploaded: {excerpt(answer.body, 80)}")

    step = f"DELETE studies/{{id}}/assets/{path}"
    flow.call(step, "DELETE", f"studies/{study_id}/assets/{path}", (200,), "DELETE /studies/{id}/assets/{filepath}")

    step = f"GET studies/{{id}}/assets/{path} after the delete"
    flow.call(step, "GET", f"studies/{study_id}/assets/{path}", (404,), "GET /studies/{id}/assets/{filepath}")

    flow.delete_study()


WORKFLOWS = (
    Workflow("import_export", "import → properties → export round trip", import_export_round_trip),
    Workflow("batch_codes_results", "create batch → study codes → results", batch_codes_results),
    Workflow("assets", "asset upload → structure → download → delete", asset_round_trip),
)


def by_name(name: str) -> Workflow:
    return next(w for w in WORKFLOWS if w.name == name)


def run_all(seam, read_only: bool = False, workflows=WORKFLOWS) -> list[WorkflowResult]:
    """Runs the workflows in order; in read-only mode each is reported as skipped (they all change state)."""
    if read_only:
        return [WorkflowResult(w.name, w.title, SKIPPED, READ_ONLY_REASON) for w in workflows]
    return [run_workflow(w, seam) for w in workflows]
