"""A small workflow framework: a workflow is a function of a `Flow` (the seam, the steps done, the study to clean
up) that raises `WorkflowFailure` at the step that went wrong; `run_workflow` turns that into a `WorkflowResult`.

A JATOS 404 "Requested page … couldn't be found." (the router's miss) is reported as "not implemented by the
target", naming the operation: never a pass.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from jatos_mock.core.conformance.transport import Answer

PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"
READ_ONLY_REASON = "changes state: skipped in read-only mode"


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


class Flow:
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
                                        f"{' or '.join(map(str, expect))}: {excerpt(answer.body)}")
        return answer

    def data(self, step: str, answer: Answer):
        """The envelope's `data` of a JSON answer."""
        try:
            document = answer.json()
        except ValueError:
            raise WorkflowFailure(step, f"answer is not JSON: {excerpt(answer.body)}") from None
        if not isinstance(document, dict) or "data" not in document:
            raise WorkflowFailure(step, f"answer has no envelope 'data': {excerpt(answer.body)}")
        return document["data"]

    @staticmethod
    def expect(step: str, condition: bool, message: str) -> None:
        if not condition:
            raise WorkflowFailure(step, message)

    def create_study(self, step: str, title: str) -> dict:
        answer = self.call(step, "POST", "studies", (201,), "POST /studies (create)",
                           json={"title": title, "dirName": unique("jatos_mock_wf")})
        study = self.data(step, answer)
        self.expect(step, isinstance(study, dict) and isinstance(study.get("id"), int),
                    f"data has no integer id: {excerpt(answer.body)}")
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
            with contextlib.suppress(Exception):  # the failure is already reported
                self.seam.request("DELETE", f"studies/{self.study_id}")


def excerpt(body: bytes, limit: int = 200) -> str:
    text = body[:limit].decode("utf-8", "replace")
    return text + ("…" if len(body) > limit else "")


def unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


@dataclass(frozen=True)
class Workflow:
    name: str
    title: str
    function: Callable[[Flow], None]


def run_workflow(workflow: Workflow, seam) -> WorkflowResult:
    flow = Flow(seam)
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
