"""How each JATOS version says what the workflows do: its routes and the shapes of its answers. The workflows are
written once; where 3.9 and 3.10 differ only in a route or an answer's shape, they ask the target's `Dialect`.

3.10 (API 1.1.0) wraps every JSON answer in its envelope; 3.9 (API 1.0.1, reference jatos-3.9-behaviour.md §1.4, §2,
§3) wraps six endpoints only, answers import and create with raw JSON (import: a top-level `id`), sends empty 200s,
names input data `jsonData` (a JSON string), reads study codes by GET only, deletes results by PUT only, uploads to
the assets root at `POST …/assets/` (trailing slash), and 3.9.1-3.9.7 name the results archive `.jrzip`.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from jatos_mock.core.conformance.flow import Flow, WorkflowFailure, WorkflowSkipped, excerpt, unique
from jatos_mock.jatos.conformance import workflow_study
from jatos_mock.jatos.conformance.jzip import build_jzip
from jatos_mock.jatos.versions import BY_API_VERSION, UnknownVersion, resolve


@dataclass(frozen=True)
class Imported:
    """A study import's answer, in any version's words."""

    id: int
    uuid: str | None
    title: str | None
    dir_name: str | None  # the assets directory the study got (3.9 names it only when it was renamed)


class Dialect:
    """JATOS 3.10 (3.10.1-3.10.5): the envelope on every JSON answer, one resource per route."""

    name = "3.10"
    modern = True  # the routes 3.10 added: members, tokens, batches, components, sessions, study-code info, PATCH
    input_key = "studyInput"  # how a study's input data is named (component: componentInput, batch: batchInput)
    component_input_key = "componentInput"
    component_uuids_selector = True  # the results selector `componentUuids` selects by component UUID
    results_archive_suffix: str | None = None  # jatos.resultsArchive.suffix (default zip): not fixed by the version
    root_upload_documented = True  # the contract has the upload to the assets root
    study_keys = ("studyInput", "description")  # what a study object has that the other version's has not
    not_study_keys = ("jsonData", "componentList", "batchList")
    has_create_routes = True  # the routes creating a study and a component
    contract_line = "3.10"  # which of jatos-mock's contracts describes it (resources.CONTRACTS)
    contract_sweep = True  # by default, check every operation against that contract with generated requests
    import_path = "studies"
    plain_text_logged = "Exported result data"  # the study log's entry for plain-text data (download=false)
    IMPORT = "POST /studies (import)"
    CREATE = "POST /studies (create)"
    CREATE_COMPONENT = "POST /studies/{id}/components"
    DELETE_COMPONENT = "DELETE /components/{id}"
    UPLOAD_ROOT = "POST /studies/{id}/assets"
    STUDY_CODES = "POST /studies/{id}/studyCodes"
    RESULTS_DELETE = "POST /results/delete"

    @staticmethod
    def step(operation: str) -> str:
        """A workflow step named after the operation it sends ("POST /study" → "POST study")."""
        return operation.replace(" /", " ", 1)

    def study_shape(self, study) -> str | None:
        """What is wrong with a study object's keys for this version (None: nothing)."""
        if not isinstance(study, dict):
            return f"the study is not an object: {excerpt(json.dumps(study).encode())}"
        missing = [key for key in self.study_keys if key not in study]
        foreign = [key for key in self.not_study_keys if key in study]
        if missing or foreign:
            return f"JATOS {self.name}'s study object has {list(self.study_keys)} and not " \
                   f"{list(self.not_study_keys)}; this one lacks {missing}, has {foreign}"
        return None

    def input_value(self, value):
        """Input data as this version's create and PATCH take it: 3.10 a JSON value."""
        return value

    def import_study(self, flow: Flow, step: str, archive: bytes, params: dict | None = None,
                     expect: tuple[int, ...] = (201,), operation: str | None = None) -> Imported:
        answer = flow.call(step, "POST", self.import_path, expect, operation or self.IMPORT, params=params,
                           files={"study": ("workflow.jzip", archive, "application/zip")})
        study = flow.data(step, answer)
        return self._imported(flow, step, answer, study, study.get("title") if isinstance(study, dict) else None,
                              study.get("dirName") if isinstance(study, dict) else None)

    @staticmethod
    def _imported(flow: Flow, step: str, answer, study, title, dir_name) -> Imported:
        flow.expect(step, isinstance(study, dict) and isinstance(study.get("id"), int),
                    f"the answer has no integer id: {excerpt(answer.body)}")
        return Imported(study["id"], study.get("uuid"), title, dir_name)

    def create_study(self, flow: Flow, step: str, title: str, **properties) -> int:
        """A new study (with these properties, input data by `input_key`); its id, deleted should the workflow fail."""
        answer = flow.call(step, "POST", "studies", (201,), self.CREATE,
                           json={"title": title, "dirName": unique("jatos_mock_wf"), **properties})
        return self._created_study(flow, step, answer, flow.data(step, answer))

    @staticmethod
    def _created_study(flow: Flow, step: str, answer, study) -> int:
        flow.expect(step, isinstance(study, dict) and isinstance(study.get("id"), int),
                    f"the answer has no integer id: {excerpt(answer.body)}")
        return workflow_study.keep(flow, study["id"])

    def create_component(self, flow: Flow, step: str, study_id: int, properties: dict) -> int:
        answer = flow.call(step, "POST", f"studies/{study_id}/components", (200, 201), self.CREATE_COMPONENT,
                           json=properties)
        return self._id(flow, step, answer, flow.data(step, answer))

    @staticmethod
    def _id(flow: Flow, step: str, answer, created) -> int:
        flow.expect(step, isinstance(created, dict) and isinstance(created.get("id"), int),
                    f"the answer has no integer id: {excerpt(answer.body)}")
        return created["id"]

    def delete_component(self, flow: Flow, step: str, study_id: int, component_id: int) -> None:
        flow.call(step, "DELETE", f"components/{component_id}", (200,), self.DELETE_COMPONENT)

    def components(self, flow: Flow, step: str, study_id: int) -> list:
        return flow.get(step, f"studies/{study_id}/components", "GET /studies/{id}/components")

    def upload_root(self, study_id: int) -> str:
        return f"studies/{study_id}/assets"

    def upload_status(self, new: bool) -> tuple[int, ...]:
        return (201,) if new else (200,)  # "File uploaded successfully" / "File overwritten successfully"

    def study_codes(self, flow: Flow, step: str, study_id: int, params: dict) -> list:
        return flow.data(step, flow.call(step, "POST", f"studies/{study_id}/studyCodes", (200, 201),
                                         self.STUDY_CODES, params=params))

    def delete_results(self, flow: Flow, step: str, selection: dict) -> list | None:
        """Deletes the selected results; the deleted component-result ids where the version answers them."""
        return flow.data(step, flow.call(step, "POST", "results/delete", (200,), self.RESULTS_DELETE,
                                         json=selection))


class Dialect39(Dialect):
    """JATOS 3.9 (= 3.9.8; reference jatos-3.9-behaviour.md)."""

    name = "3.9"
    modern = False
    input_key = "jsonData"
    component_input_key = "jsonData"
    contract_line = "3.9"
    contract_sweep = True  # jatos-api-3.9.yaml and the J entries describe what 3.9.8 answers
    import_path = "study"
    plain_text_logged = "Exported result data to file"  # 3.9 always sends it as an attachment
    component_uuids_selector = False  # ComponentResultIdsExtractor of 3.9 reads the studyUuids node for it (bug)
    root_upload_documented = False  # 3.9.8 has POST …/assets/, its published spec not (deviation J2)
    study_keys = ("jsonData", "componentList", "batchList")  # JsonUtils.studyAsJsonForApi of 3.9.8
    not_study_keys = ("studyInput", "description")  # 3.9 shows the description by its hash only
    IMPORT = "POST /study"
    CREATE = "POST /studies/create"
    CREATE_COMPONENT = "POST /studies/{id}/components/create"
    DELETE_COMPONENT = "DELETE /studies/{id}/components/{cid}"
    UPLOAD_ROOT = "POST /studies/{id}/assets/"
    STUDY_CODES = "GET /studies/{id}/studyCodes"
    RESULTS_DELETE = "PUT /results/delete"

    def input_value(self, value):
        return json.dumps(value)  # 3.9 maps jsonData onto a String: a JSON value must come as its text

    def import_study(self, flow: Flow, step: str, archive: bytes, params: dict | None = None,
                     expect: tuple[int, ...] = (201,), operation: str | None = None) -> Imported:
        # always 200, a new study too; raw JSON: studyExists, uuid, uploadedStudyTitle, …, newDirName, id
        expect = tuple(200 if status == 201 else status for status in expect)
        answer = flow.call(step, "POST", self.import_path, expect, operation or self.IMPORT, params=params,
                           files={"study": ("workflow.jzip", archive, "application/zip")})
        info = _raw(flow, step, answer)
        dir_name = info.get("newDirName") or info.get("currentDirName") or info.get("uploadedDirName") \
            if isinstance(info, dict) else None
        return self._imported(flow, step, answer, info, info.get("uploadedStudyTitle") if isinstance(info, dict)
                              else None, dir_name)

    def create_study(self, flow: Flow, step: str, title: str, **properties) -> int:
        if not self.has_create_routes:  # 3.9.1-3.9.6: a study comes by import only
            archive = build_jzip(str(uuid.uuid4()), title, unique("jatos_mock_wf"), str(uuid.uuid4()),
                                 {"index.html": b"<p>workflow</p>"})
            return workflow_study.keep(flow, self.import_study(flow, step, archive).id)
        answer = flow.call(step, "POST", "studies/create", (200,), self.CREATE, json={"title": title, **properties})
        return self._created_study(flow, step, answer, _raw(flow, step, answer))

    def create_component(self, flow: Flow, step: str, study_id: int, properties: dict) -> int:
        if not self.has_create_routes:
            raise WorkflowSkipped(f"JATOS {self.name} has no route to create a component")
        answer = flow.call(step, "POST", f"studies/{study_id}/components/create", (200,), self.CREATE_COMPONENT,
                           json=properties)
        return self._id(flow, step, answer, _raw(flow, step, answer))

    def delete_component(self, flow: Flow, step: str, study_id: int, component_id: int) -> None:
        flow.call(step, "DELETE", f"studies/{study_id}/components/{component_id}", (200,), self.DELETE_COMPONENT)

    def components(self, flow: Flow, step: str, study_id: int) -> list:
        props = flow.get(step, f"studies/{study_id}/properties", "GET /studies/{id}/properties",
                         params={"withComponentProperties": "true"})
        flow.expect(step, isinstance(props, dict), f"data is not an object: {excerpt(json.dumps(props).encode())}")
        return props.get("components")

    def upload_root(self, study_id: int) -> str:
        return f"studies/{study_id}/assets/"

    def upload_status(self, new: bool) -> tuple[int, ...]:
        return (200,)  # an empty 200 for a new file and an overwritten one alike

    def study_codes(self, flow: Flow, step: str, study_id: int, params: dict) -> list:
        return flow.get(step, f"studies/{study_id}/studyCodes", self.STUDY_CODES, params=params)

    def delete_results(self, flow: Flow, step: str, selection: dict) -> list | None:
        answer = flow.call(step, "PUT", "results/delete", (200,), self.RESULTS_DELETE, json=selection)
        flow.expect(step, answer.body == b"", f"3.9 answers an empty 200, got: {excerpt(answer.body)}",
                    self.RESULTS_DELETE)
        return None


class Dialect397(Dialect39):
    """JATOS 3.9.7: as 3.9.8, the results archive named .jrzip."""

    name = "3.9.7"
    results_archive_suffix = "jrzip"


class Dialect396(Dialect397):
    """JATOS 3.9.1-3.9.6: as 3.9.7, without the routes creating a study or a component or deleting a component
    (POST /studies/create and the component routes came with 3.9.7)."""

    name = "3.9.6"
    # jatos-api-3.9.yaml names the three routes of 3.9.7, which the sweep would report missing: it runs when asked
    contract_sweep = False
    has_create_routes = False


def _raw(flow: Flow, step: str, answer):
    """A raw (unwrapped) JSON answer of 3.9."""
    try:
        document = answer.json()
    except ValueError:
        raise WorkflowFailure(step, f"answer is not JSON: {excerpt(answer.body)}") from None
    flow.expect(step, isinstance(document, dict) and "apiVersion" not in document,
                f"3.9 answers this with raw JSON, not wrapped: {excerpt(answer.body)}")
    return document


DIALECTS = {d.name: d for d in (Dialect(), Dialect39(), Dialect397(), Dialect396())}
JATOS_3_10 = DIALECTS["3.10"]


def for_version(name: str) -> Dialect:
    """The dialect of a served version name or release (`3.9.8`, `3.10.2`); UnknownVersion lists the known ones."""
    return DIALECTS[resolve(name)]


def detect(seam) -> Dialect:
    """The target's version by the apiVersion of GET admin/token; 3.10 when it does not say. A server naming an
    apiVersion no served version has raises UnknownVersion."""
    try:
        answer = seam.request("GET", "admin/token")
        api_version = answer.json().get("apiVersion")
    except Exception:  # noqa: BLE001 - it does not say: the default
        return JATOS_3_10
    if not api_version:
        return JATOS_3_10
    if api_version not in BY_API_VERSION:
        raise UnknownVersion(f"the server answers apiVersion {api_version!r}, which no JATOS version jatos-mock "
                             f"knows has (known: {', '.join(f'{v} = JATOS {n}' for v, n in BY_API_VERSION.items())});"
                             f" give --jatos-version")
    return DIALECTS[BY_API_VERSION[api_version]]
