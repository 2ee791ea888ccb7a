"""Example-based workflows: round trips a client really does, run against any JATOS (a base URL) or the mock in-process.

Each workflow is a plain function over a small HTTP seam (`.request(method, path, **kw)` → `Answer`), so the same
code drives `requests` against a server and Flask's test client against an app. A workflow returns a
`WorkflowResult`: passed, or failed with the step and what was wrong. Every workflow creates its own study and
deletes it again; they all change state, so read-only runs report them as skipped.

A JATOS 404 "Requested page … couldn't be found." (the router's miss) is reported as "not implemented by the
target", naming the operation: never a pass.
"""

from __future__ import annotations

import io
import json
import re
import time
import uuid
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Callable

API = "/jatos/api/v1/"
ROUTE_MISS = b"Requested page"  # JATOS's 404 for a route it does not have (as runner.ROUTE_MISS)
PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"
READ_ONLY_REASON = "changes state: skipped in read-only mode"
CODE = re.compile(r"^[A-Za-z0-9]{11}$")


# --- the HTTP seam ------------------------------------------------------------------------------------------------

@dataclass
class Answer:
    status: int
    headers: dict[str, str]  # lower-cased names
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def json(self):
        return json.loads(self.body)

    @property
    def route_miss(self) -> bool:
        return self.status == 404 and ROUTE_MISS in self.body[:300]


class HttpSeam:
    """A JATOS at a base URL, through `requests`. `path` is relative to /jatos/api/v1/."""

    def __init__(self, base_url: str, token: str, timeout: float = 30.0, session=None):
        import requests

        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.session = session or requests.Session()

    def describe(self) -> str:
        return self.base_url

    def request(self, method: str, path: str, *, params=None, json=None, files=None) -> Answer:
        """`files`: {part name: (filename, bytes, content type)} sent as multipart/form-data."""
        response = self.session.request(method, self.base_url + API + path.lstrip("/"), params=params, json=json,
                                        files=files, timeout=self.timeout,
                                        headers={"Authorization": f"Bearer {self.token}"})
        return Answer(response.status_code, {k.lower(): v for k, v in response.headers.items()}, response.content)


class AppSeam:
    """A WSGI app in this process (the mock), through Flask's test client; same calls as `HttpSeam`."""

    def __init__(self, app, token: str):
        self.app = app
        self.token = token
        self.client = app.test_client()

    def describe(self) -> str:
        return "in-process mock"

    def request(self, method: str, path: str, *, params=None, json=None, files=None) -> Answer:
        kwargs = {"headers": {"Authorization": f"Bearer {self.token}"}, "query_string": params}
        if json is not None:
            kwargs["json"] = json
        if files:
            kwargs["data"] = {part: (io.BytesIO(content), filename, ctype)
                              for part, (filename, content, ctype) in files.items()}
            kwargs["content_type"] = "multipart/form-data"
        response = self.client.open(API + path.lstrip("/"), method=method, **kwargs)
        return Answer(response.status_code, {k.lower(): v for k, v in response.headers.items()}, response.get_data())


# --- results ------------------------------------------------------------------------------------------------------

@dataclass
class WorkflowResult:
    name: str
    title: str
    status: str
    message: str = ""
    step: str | None = None  # the step that failed
    steps: list[str] = field(default_factory=list)  # the steps that were done
    elapsed: float = 0.0

    @property
    def failed(self) -> bool:
        return self.status == FAILED

    def line(self) -> str:
        if self.status == PASSED:
            return f"{len(self.steps)} steps in {self.elapsed:.2f} s"
        return self.message


class WorkflowFailure(Exception):
    def __init__(self, step: str, message: str):
        super().__init__(f"{step}: {message}")
        self.step = step
        self.message = message


class _Flow:
    """A workflow's running state: the seam, the steps done, the study to clean up."""

    def __init__(self, seam):
        self.seam = seam
        self.steps: list[str] = []
        self.study_id: int | None = None

    def call(self, step: str, method: str, path: str, expect: tuple[int, ...], operation: str, **kw) -> Answer:
        """One request; fails the step on a connection error, a route miss, or a status not in `expect`."""
        self.steps.append(step)
        try:
            answer = self.seam.request(method, path, **kw)
        except Exception as exc:  # noqa: BLE001 - the target could not be reached: the step failed
            raise WorkflowFailure(step, f"request failed: {type(exc).__name__}: {exc}") from None
        if answer.route_miss:
            raise WorkflowFailure(step, f"not implemented by the target: {operation} answered 404 "
                                        f"'Requested page ... couldn't be found.'")
        if answer.status not in expect:
            raise WorkflowFailure(step, f"{operation} answered {answer.status}, expected "
                                        f"{' or '.join(map(str, expect))}: {_excerpt(answer.body)}")
        return answer

    def data(self, step: str, answer: Answer):
        """The envelope's `data` of a JSON answer."""
        try:
            document = answer.json()
        except ValueError:
            raise WorkflowFailure(step, f"answer is not JSON: {_excerpt(answer.body)}") from None
        if not isinstance(document, dict) or "data" not in document:
            raise WorkflowFailure(step, f"answer has no envelope 'data': {_excerpt(answer.body)}")
        return document["data"]

    @staticmethod
    def expect(step: str, condition: bool, message: str) -> None:
        if not condition:
            raise WorkflowFailure(step, message)

    def create_study(self, step: str, title: str) -> dict:
        answer = self.call(step, "POST", "studies", (201,), "POST /studies (create)",
                           json={"title": title, "dirName": _unique("jatos_mock_wf")})
        study = self.data(step, answer)
        self.expect(step, isinstance(study, dict) and isinstance(study.get("id"), int),
                    f"data has no integer id: {_excerpt(answer.body)}")
        self.study_id = study["id"]
        return study

    def delete_study(self, step: str = "DELETE studies/{id}") -> None:
        study_id = self.study_id
        self.call(step, "DELETE", f"studies/{study_id}", (200,), "DELETE /studies/{id}")
        self.study_id = None
        self.call("GET studies/{id}/properties after the delete", "GET", f"studies/{study_id}/properties", (404,),
                  "GET /studies/{id}/properties")

    def cleanup(self) -> None:
        """Best effort after a failure: the workflow's study should not stay behind on the target."""
        if self.study_id is not None:
            try:
                self.seam.request("DELETE", f"studies/{self.study_id}")
            except Exception:  # noqa: BLE001 - the failure is already reported
                pass


def _excerpt(body: bytes, limit: int = 200) -> str:
    text = body[:limit].decode("utf-8", "replace")
    return text + ("…" if len(body) > limit else "")


def _unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


# --- the workflows ------------------------------------------------------------------------------------------------

def build_jzip(study_uuid: str, title: str, dir_name: str, component_uuid: str,
               assets: dict[str, bytes]) -> bytes:
    """A small JATOS study archive (behaviour A §11): the assets under `<dirName>/`, then one `.jas` at the root."""
    jas = {"version": "3", "data": {
        "uuid": study_uuid, "title": title, "description": "", "groupStudy": False, "linearStudy": False,
        "allowPreview": False, "dirName": dir_name, "comments": "", "studyInput": "", "endRedirectUrl": "",
        "studyEntryMsg": "",
        "componentList": [{"uuid": component_uuid, "title": "Workflow component", "htmlFilePath": "index.html",
                           "reloadable": False, "active": True, "comments": "", "componentInput": ""}],
        "batchList": []}}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in assets.items():
            archive.writestr(f"{dir_name}/{name}", content)
        archive.writestr("jatos_mock_workflow.jas", json.dumps(jas))
    return buffer.getvalue()


def import_export_round_trip(flow: _Flow) -> None:
    """import (.jzip) → properties → export: the exported archive holds the same study and asset bytes."""
    study_uuid, component_uuid = str(uuid.uuid4()), str(uuid.uuid4())
    title, dir_name = f"jatos-mock workflow {study_uuid[:8]}", _unique("jatos_mock_wf")
    assets = {"index.html": b"<!doctype html><title>workflow</title>\n", "img/pixel.bin": bytes(range(256)) * 4}
    archive = build_jzip(study_uuid, title, dir_name, component_uuid, assets)

    step = "POST studies (import .jzip)"
    answer = flow.call(step, "POST", "studies", (201,), "POST /studies (import)",
                       files={"study": ("workflow.jzip", archive, "application/zip")})
    study = flow.data(step, answer)
    flow.expect(step, isinstance(study, dict) and isinstance(study.get("id"), int),
                f"data has no integer id: {_excerpt(answer.body)}")
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
        raise WorkflowFailure(step, f"the export is not a valid zip ({exc}): {_excerpt(answer.body, 60)}") from None
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


def batch_codes_results(flow: _Flow) -> None:
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
        raise WorkflowFailure(step, f"the answer is not a valid zip ({exc}): {_excerpt(answer.body, 60)}") from None
    flow.expect(step, bad is None, f"zip entry {bad!r} is corrupt")

    flow.delete_study()


def asset_round_trip(flow: _Flow) -> None:
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
                                              f"{len(content)} uploaded: {_excerpt(answer.body, 80)}")

    step = f"DELETE studies/{{id}}/assets/{path}"
    flow.call(step, "DELETE", f"studies/{study_id}/assets/{path}", (200,), "DELETE /studies/{id}/assets/{filepath}")

    step = f"GET studies/{{id}}/assets/{path} after the delete"
    flow.call(step, "GET", f"studies/{study_id}/assets/{path}", (404,), "GET /studies/{id}/assets/{filepath}")

    flow.delete_study()


@dataclass(frozen=True)
class Workflow:
    name: str
    title: str
    function: Callable[[_Flow], None]


WORKFLOWS = (
    Workflow("import_export", "import → properties → export round trip", import_export_round_trip),
    Workflow("batch_codes_results", "create batch → study codes → results", batch_codes_results),
    Workflow("assets", "asset upload → structure → download → delete", asset_round_trip),
)


def by_name(name: str) -> Workflow:
    return next(w for w in WORKFLOWS if w.name == name)


def run_workflow(workflow: Workflow, seam) -> WorkflowResult:
    flow = _Flow(seam)
    started = time.perf_counter()
    try:
        workflow.function(flow)
    except WorkflowFailure as failure:
        flow.cleanup()
        return WorkflowResult(workflow.name, workflow.title, FAILED, f"step '{failure.step}': {failure.message}",
                              failure.step, flow.steps, time.perf_counter() - started)
    except Exception as exc:  # noqa: BLE001 - an unexpected answer shape: the current step failed
        flow.cleanup()
        step = flow.steps[-1] if flow.steps else "start"
        return WorkflowResult(workflow.name, workflow.title, FAILED,
                              f"step '{step}': unexpected {type(exc).__name__}: {exc}", step, flow.steps,
                              time.perf_counter() - started)
    return WorkflowResult(workflow.name, workflow.title, PASSED, "", None, flow.steps, time.perf_counter() - started)


def run_all(seam, read_only: bool = False, workflows=WORKFLOWS) -> list[WorkflowResult]:
    """Runs the workflows in order; in read-only mode each is reported as skipped (they all change state)."""
    if read_only:
        return [WorkflowResult(w.name, w.title, SKIPPED, READ_ONLY_REASON) for w in workflows]
    return [run_workflow(w, seam) for w in workflows]


def seam_for(target) -> AppSeam | HttpSeam:
    """The seam for a runner `Target`: its in-process app if it has one, else its URL."""
    if target.app is not None:
        return AppSeam(target.app, target.token)
    return HttpSeam(target.url, target.token)
