"""The JATOS workflows: round trips a client really does, run against any JATOS (a base URL) or the mock in-process.

Each is a plain function of a `flow.Flow` over the HTTP seam (transport.py). A workflow that writes creates its own
study (or token) and deletes it again, and follows every write by the read that shows its effect; read-only runs
report those as skipped. The cross-checks (`reads_only`) send nothing but reads and run in read-only mode too.
"""

from __future__ import annotations

import io
import json
import re
import uuid
import zipfile
import zlib
from functools import partial
from inspect import signature

from jatos_mock.core.conformance import flow as core_flow
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
    unique,
)
from jatos_mock.core.conformance.transport import AppSeam, HttpSeam, seam_for
from jatos_mock.jatos.conformance import (
    cross_checks,
    effects,
    import_effects,
    read_checks,
    result_effects,
    workflow_study,
)
from jatos_mock.jatos.conformance.dialects import DIALECTS, JATOS_3_10, Dialect
from jatos_mock.jatos.conformance.explain import TOKEN_VAR
from jatos_mock.jatos.conformance.jzip import build_jzip
from jatos_mock.jatos.conformance.read_only import READ_ONLY_POSTS

# what callers (the run loop, the tests) import from here, beside the workflows
__all__ = ["WORKFLOWS", "workflows_for", "by_name", "run_all", "run_workflow", "Workflow", "WorkflowResult", "AppSeam",
           "HttpSeam", "seam_for", "PASSED", "FAILED", "SKIPPED", "READ_ONLY_REASON"]

CODE = re.compile(r"^[A-Za-z0-9]{11}$")


def import_export_round_trip(flow: Flow, jatos: Dialect) -> None:
    """import (.jzip) → properties → export: the exported archive holds the same study and asset bytes."""
    study_uuid, component_uuid = str(uuid.uuid4()), str(uuid.uuid4())
    title, dir_name = f"jatos-mock workflow {study_uuid[:8]}", unique("jatos_mock_wf")
    assets = {"index.html": b"<!doctype html><title>workflow</title>\n", "img/pixel.bin": bytes(range(256)) * 4}
    archive = build_jzip(study_uuid, title, dir_name, component_uuid, assets)

    step = f"{jatos.step(jatos.IMPORT)} (import .jzip)"
    study = jatos.import_study(flow, step, archive)
    workflow_study.keep(flow, study.id)
    flow.expect(step, study.uuid == study_uuid, f"the answer's uuid is {study.uuid!r}, imported {study_uuid!r}")
    flow.expect(step, study.title == title, f"the answer's title is {study.title!r}, imported {title!r}")

    step = "GET studies/{id}/properties"
    props = flow.data(step, flow.call(step, "GET", f"studies/{study.id}/properties", (200,),
                                      "GET /studies/{id}/properties"))
    flow.expect(step, isinstance(props, dict), f"data is not an object: {props!r:.200}")
    flow.expect(step, jatos.study_shape(props) is None, str(jatos.study_shape(props)))
    flow.expect(step, props.get("uuid") == study_uuid, f"uuid is {props.get('uuid')!r}, imported {study_uuid!r}")
    flow.expect(step, props.get("title") == title, f"title is {props.get('title')!r}, imported {title!r}")

    step = "GET studies/{id} (export)"
    answer = flow.call(step, "GET", f"studies/{study.id}", (200,), "GET /studies/{id}")
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

    workflow_study.delete(flow, study.id)


def batch_codes_results(flow: Flow, jatos: Dialect) -> None:
    """create batch (3.9: the default batch) → personal single study codes → code info (3.10) → the general single
    code, the same each time → result exports of the study."""
    study_id = jatos.create_study(flow, "POST studies (create)", f"jatos-mock workflow {uuid.uuid4().hex[:8]}")

    if jatos.modern:
        step = "POST studies/{id}/batches"
        batch = flow.data(step, flow.call(step, "POST", f"studies/{study_id}/batches", (200, 201),  # JATOS: 200
                                          "POST /studies/{id}/batches", json={"title": "Workflow batch"}))
        flow.expect(step, isinstance(batch, dict) and isinstance(batch.get("id"), int), f"data has no integer id: "
                                                                                        f"{batch!r:.200}")
        batch_id = batch["id"]
    else:  # 3.9 creates no batch through its API
        batch_id = effects.default_batch(flow, study_id)

    step = jatos.step(jatos.STUDY_CODES)
    codes = jatos.study_codes(flow, step, study_id, {"type": "ps", "batchId": batch_id, "amount": 2, "comment": "wf"})
    flow.expect(step, isinstance(codes, list) and len(codes) == 2, f"expected a list of 2 codes, got {codes!r:.200}")
    flow.expect(step, all(isinstance(c, str) and CODE.match(c) for c in codes),
                f"codes are not 11 alphanumerics: {codes}")
    flow.expect(step, codes[0] != codes[1], f"the two codes are equal: {codes}")

    # StudyLinkService: a batch has one general single code, created on the first request
    general = [jatos.study_codes(flow, f"{step} type=gs #{n}", study_id, {"type": "gs", "batchId": batch_id})
               for n in (1, 2)]
    flow.expect(f"{step} type=gs #2", general[0] == general[1] and len(general[0]) == 1 and
                general[0][0] not in codes, f"the general single code should be one code, the same twice and "
                                            f"none of the personal ones: {general} (personal: {codes})")

    for code in codes if jatos.modern else ():  # 3.9 has no route reading a code
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

    workflow_study.delete(flow, study_id)


def _leaf(flow: Flow, study_id: int, path: str) -> dict | None:
    step = "GET studies/{id}/assets/structure?flatten=true"
    leaves = flow.get(step, f"studies/{study_id}/assets/structure", "GET /studies/{id}/assets/structure",
                      params={"flatten": "true"})
    flow.expect(step, isinstance(leaves, list), f"data is not a list: {leaves!r:.200}")
    return next((n for n in leaves if isinstance(n, dict) and n.get("path") == path), None)


def _asset_shown(flow: Flow, study_id: int, path: str, content: bytes, write: str) -> None:
    """The structure reports the written file's size and Adler-32 checksum, and the download gives its bytes."""
    step = "GET studies/{id}/assets/structure?flatten=true"
    leaf = _leaf(flow, study_id, path)
    flow.expect(step, leaf is not None, f"{write} answered success, but the structure has no leaf {path!r}", write)
    checksum = zlib.adler32(content)
    flow.expect(step, leaf.get("type") == "file", f"{path} has type {leaf.get('type')!r}, expected 'file'", write)
    flow.expect(step, leaf.get("size") == len(content) and leaf.get("checksum") == checksum,
                f"{write} answered success with {len(content)} bytes (Adler-32 {checksum}), but the structure says "
                f"{leaf.get('size')!r} bytes, checksum {leaf.get('checksum')!r}", write)
    step = f"GET studies/{{id}}/assets/{path}"
    answer = flow.call(step, "GET", f"studies/{study_id}/assets/{path}", (200,), "GET /studies/{id}/assets/{filepath}")
    flow.expect(step, answer.body == content, f"{write} answered success, but the download has {len(answer.body)} "
                                              f"bytes that differ from the {len(content)} written: "
                                              f"{excerpt(answer.body, 80)}", write)


def asset_round_trip(flow: Flow, jatos: Dialect) -> None:
    """upload to a nested path → structure (flattened) and download; overwrite → the new size, checksum and bytes;
    upload to the root; delete → gone from the structure, download is 404."""
    study_id = jatos.create_study(flow, "POST studies (create)", f"jatos-mock workflow {uuid.uuid4().hex[:8]}")
    path, content = "img/x.txt", f"jatos-mock workflow asset {uuid.uuid4()}\n".encode()
    upload = "POST /studies/{id}/assets/{filepath}"

    flow.call(f"POST studies/{{id}}/assets/{path}", "POST", f"studies/{study_id}/assets/{path}",
              jatos.upload_status(new=True), upload, files={"studyAssetsFile": ("upload.txt", content, "text/plain")})
    _asset_shown(flow, study_id, path, content, upload)

    content = b"overwritten " + bytes(range(256)) * 3  # another size and checksum
    flow.call(f"POST studies/{{id}}/assets/{path} (overwrite)", "POST", f"studies/{study_id}/assets/{path}",
              jatos.upload_status(new=False), upload,
              files={"studyAssetsFile": ("upload.bin", content, "application/octet-stream")})
    _asset_shown(flow, study_id, path, content, f"{upload} (overwrite)")

    root = b"at the root\n"
    answer = flow.call(f"{jatos.step(jatos.UPLOAD_ROOT)} (root)", "POST", jatos.upload_root(study_id),
                       jatos.upload_status(new=True), jatos.UPLOAD_ROOT, missing_ok=not jatos.root_upload_documented,
                       files={"studyAssetsFile": ("root.txt", root, "text/plain")})
    if answer.route_miss:  # a 3.9 as its published spec has it
        flow.note = f"no {jatos.UPLOAD_ROOT}: the upload to the root is undocumented in JATOS {jatos.name}"
    else:
        _asset_shown(flow, study_id, "root.txt", root, jatos.UPLOAD_ROOT)

    remove = "DELETE /studies/{id}/assets/{filepath}"
    flow.call(f"DELETE studies/{{id}}/assets/{path}", "DELETE", f"studies/{study_id}/assets/{path}", (200,), remove)
    step = f"GET studies/{{id}}/assets/{path} after the delete"
    answer = flow.call(step, "GET", f"studies/{study_id}/assets/{path}", (200, 404),
                       "GET /studies/{id}/assets/{filepath}")
    flow.expect(step, answer.status == 404, f"{remove} answered success, but the download still answered 200", remove)
    flow.expect(step, _leaf(flow, study_id, path) is None,
                f"{remove} answered success, but the structure still lists {path!r}", remove)

    workflow_study.delete(flow, study_id)


def _workflows(jatos: Dialect) -> tuple[Workflow, ...]:
    """The workflows for one version, each bound to its dialect; 3.9 lacks the routes of the 3.10-only ones."""
    every = (
        ("import_export", "import → properties → export round trip", import_export_round_trip, False),
        ("batch_codes_results", "create batch → study codes → results", batch_codes_results, False),
        ("assets", "asset upload → overwrite → structure → download → delete", asset_round_trip, False),
        ("properties", "properties PATCH of study, component, batch → the reads and the study log",
         effects.properties_take_effect, False),
        ("creates", "study and component create → the reads; component delete → gone", effects.creates_take_effect,
         False),
        ("members", "member add / remove → the members list", effects.members_take_effect, False),
        ("token_activation", "token deactivate / activate → the token refused / accepted",
         effects.token_activation_takes_effect, False),
        ("study_code_toggle", "study code deactivate / activate → the code's info",
         effects.study_code_toggle_takes_effect, False),
        ("sessions", "batch and group session PATCH → new value and version; a stale version changes nothing",
         effects.sessions_take_effect, False),
        ("import_flags", "re-import with keepProperties / keepAssets / keepCurrentAssetsName / renameAssets",
         import_effects.import_flags_take_effect, False),
        ("results_delete", "results delete → gone from metadata and exports, nothing else",
         result_effects.results_delete_takes_effect, False),
        ("results_agree", "results metadata ↔ data zip ↔ files zip ↔ combined export ↔ plain text",
         cross_checks.results_agree, True),
        ("selectors_agree", "every result selector form ↔ the study's unfiltered metadata",
         cross_checks.selectors_agree, True),
        ("assets_agree", "asset structure sizes and checksums ↔ downloaded bytes", read_checks.assets_agree, True),
        ("study_log_agrees", "study log inline ↔ cut ↔ download", read_checks.study_log_agrees, True),
        ("lists_match_items", "list endpoints ↔ item endpoints; the same read twice", read_checks.lists_match_items,
         True),
    )
    return tuple(Workflow(name, title, _bound(function, jatos), reads_only)
                 for name, title, function, reads_only in every if jatos.modern or name not in ONLY_3_10)


def _bound(function, jatos: Dialect):
    """The workflow with the target's dialect, where its requests or answers depend on the version."""
    return partial(function, jatos=jatos) if "jatos" in signature(function).parameters else function


# written through routes 3.9 does not have (PATCH of properties, members, tokens, study-code info, sessions)
ONLY_3_10 = frozenset({"properties", "members", "token_activation", "study_code_toggle", "sessions"})
WORKFLOWS = _workflows(JATOS_3_10)
BY_VERSION = {name: _workflows(dialect) for name, dialect in DIALECTS.items()}


def workflows_for(jatos: Dialect) -> tuple[Workflow, ...]:
    return BY_VERSION[jatos.name]


def by_name(name: str, jatos: Dialect = JATOS_3_10) -> Workflow:
    return next(w for w in workflows_for(jatos) if w.name == name)


def run_workflow(workflow: Workflow, seam, read_only: bool = False, token_label: str = "$TOKEN") -> WorkflowResult:
    """One workflow against a JATOS; in read-only mode the result exports count as reads."""
    return core_flow.run_workflow(workflow, seam, read_only=read_only, token_label=token_label,
                                  read_only_posts=READ_ONLY_POSTS)


def run_all(seam, read_only: bool = False, workflows: tuple[Workflow, ...] | None = None,
            jatos: Dialect = JATOS_3_10) -> list[WorkflowResult]:
    """Runs the workflows of the target's version in order; in read-only mode only those that send nothing but
    reads (the others are reported as skipped)."""
    return [run_workflow(w, seam, read_only=read_only, token_label=TOKEN_VAR) if w.reads_only or not read_only
            else WorkflowResult(w.name, w.title, SKIPPED, READ_ONLY_REASON)
            for w in (workflows if workflows is not None else workflows_for(jatos))]
