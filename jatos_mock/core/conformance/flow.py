"""A small workflow framework: a workflow is a function of a `Flow` (the seam, the steps done, the requests sent,
what to clean up) that raises `WorkflowFailure` at the step that went wrong, naming the operation it blames;
`run_workflow` turns that into a `WorkflowResult` with the requests in order as curl commands.

A JATOS 404 "Requested page … couldn't be found." (the router's miss) is reported as "not implemented by the
target", naming the operation: never a pass.
"""

from __future__ import annotations

import contextlib
import json as _json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from jatos_mock.core.conformance.selection import is_read_only
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
    operation: str | None = None  # the operation a failure blames
    reproduction: list[str] = field(default_factory=list)  # a failure's requests in order, as curl commands
    note: str = ""  # what a passed workflow covered, e.g. how many results it could cross-check

    @property
    def failed(self) -> bool:
        return self.status == FAILED

    def line(self) -> str:
        if self.status == PASSED:
            return f"{len(self.steps)} steps in {self.elapsed:.2f} s" + (f"; {self.note}" if self.note else "")
        return self.message


class WorkflowFailure(Exception):
    """A broken expectation at `step`; `operation` is the one it blames (default: the step's request)."""

    def __init__(self, step: str, message: str, operation: str | None = None):
        super().__init__(f"{step}: {message}")
        self.step = step
        self.message = message
        self.operation = operation


class WorkflowSkipped(Exception):
    """The target cannot run this workflow (no data to cross-check, an operation the token may not use)."""


@dataclass
class Sent:
    """One request as sent, for the reproduction."""

    method: str
    url: str
    token_label: str | None  # None: sent without a token
    params: dict | None = None
    json: object = None
    files: dict | None = None
    data: bytes | None = None

    def curl(self) -> str:
        parts = ["curl", "-sS", "-X", self.method]
        if self.token_label is not None:
            parts += ["-H", f'"Authorization: Bearer {self.token_label}"']
        if self.json is not None:
            parts += ["-H", "'Content-Type: application/json'", "--data-raw", _quote(_json.dumps(self.json))]
        if self.data is not None:
            parts += ["--data-binary", _quote(self.data.decode("utf-8", "replace"))]
        for part, (filename, _content, ctype) in (self.files or {}).items():
            parts += ["-F", _quote(f"{part}=@{filename};type={ctype}")]
        query = ("?" + urlencode(self.params, doseq=True)) if self.params else ""
        return " ".join(parts + [_quote(self.url + query)])


def _route(seam, url: str) -> str:
    """A request URL's path as the server's routes name it: without the base path the target's URL carries (a
    server that lives under one, e.g. JATOS's jatos.urlBasePath, checked at http://host/base/)."""
    base = urlsplit(seam.url("", "/")).path.rstrip("/")
    path = urlsplit(url).path
    return path[len(base):] if base and path.startswith(base + "/") else path


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


class Flow:
    """A workflow's running state: the seam, the steps done, the requests sent, what to clean up.

    `read_only`: every request must be one that changes nothing (`selection.is_read_only`), else the workflow
    fails before sending it: a read-only run never writes, even through a workflow's bug."""

    def __init__(self, seam, read_only: bool = False, token_label: str = "$TOKEN",
                 read_only_posts: frozenset[str] = frozenset()):
        self.seam = seam
        self.read_only = read_only
        self.read_only_posts = read_only_posts  # the API's POSTs that only read
        self.token_label = token_label
        self.steps: list[str] = []
        self.sent: list[Sent] = []
        self.operation: str | None = None  # the last request's operation
        self.undo: list[tuple[str, str]] = []  # (method, path) to send, last first, when the workflow fails
        self.note = ""

    def call(self, step: str, method: str, path: str, expect: tuple[int, ...], operation: str, *, seam=None,
             token_label: str | None = None, prefix: str | None = None, missing_ok: bool = False, **kw) -> Answer:
        """One request; fails the step on a connection error, a route miss (unless `missing_ok`: an operation the
        target may lack, whose answer is then returned), or a status not in `expect`. `path` is relative to the
        seam's API root, or to `prefix`."""
        seam = seam or self.seam
        self.steps.append(step)
        self.operation = operation
        if prefix is not None:
            kw["prefix"] = prefix
        url = seam.url(path, prefix) if prefix is not None else seam.url(path)
        if self.read_only and not is_read_only(method, _route(seam, url), self.read_only_posts):
            raise WorkflowFailure(step, f"{method} {path} changes state: refused in read-only mode", operation)
        label = None if getattr(seam, "token", "") is None else token_label or self.token_label
        self.sent.append(Sent(method, url, label, kw.get("params"), kw.get("json"), kw.get("files"), kw.get("data")))
        try:
            answer = seam.request(method, path, **kw)
        except Exception as exc:  # noqa: BLE001 - the target could not be reached: the step failed
            raise WorkflowFailure(step, f"request failed: {type(exc).__name__}: {exc}") from None
        if answer.route_miss and missing_ok:
            return answer
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

    def get(self, step: str, path: str, operation: str, expect: tuple[int, ...] = (200,), **kw):
        """A GET's envelope data."""
        return self.data(step, self.call(step, "GET", path, expect, operation, **kw))

    @staticmethod
    def expect(step: str, condition: bool, message: str, operation: str | None = None) -> None:
        if not condition:
            raise WorkflowFailure(step, message, operation)

    def cleanup(self) -> None:
        """Best effort after a failure: what the workflow created should not stay behind on the target."""
        for method, path in reversed(self.undo):
            with contextlib.suppress(Exception):  # the failure is already reported
                self.seam.request(method, path)
        self.undo.clear()

    def reproduction(self) -> list[str]:
        return [sent.curl() for sent in self.sent]


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
    reads_only: bool = False  # sends only requests that change nothing: runs in read-only mode too


def run_workflow(workflow: Workflow, seam, read_only: bool = False, token_label: str = "$TOKEN",
                 read_only_posts: frozenset[str] = frozenset()) -> WorkflowResult:
    flow = Flow(seam, read_only=read_only or workflow.reads_only, token_label=token_label,
                read_only_posts=read_only_posts)
    started = time.perf_counter()

    def result(status: str, message: str = "", step: str | None = None, operation: str | None = None,
               reproduction: list[str] | None = None) -> WorkflowResult:
        return WorkflowResult(workflow.name, workflow.title, status, message, step, flow.steps,
                              time.perf_counter() - started, operation, reproduction or [], flow.note)

    try:
        workflow.function(flow)
    except WorkflowSkipped as skipped:
        flow.cleanup()
        return result(SKIPPED, str(skipped))
    except WorkflowFailure as failure:
        reproduction = flow.reproduction()
        flow.cleanup()
        return result(FAILED, f"step '{failure.step}': {failure.message}", failure.step,
                      failure.operation or flow.operation, reproduction)
    except Exception as exc:  # noqa: BLE001 - an unexpected answer shape: the current step failed
        reproduction = flow.reproduction()
        flow.cleanup()
        step = flow.steps[-1] if flow.steps else "start"
        return result(FAILED, f"step '{step}': unexpected {type(exc).__name__}: {exc}", step, flow.operation,
                      reproduction)
    return result(PASSED)
