"""PyBossa's workflows, as its clients run them (reference §8, §11), against a base URL: every step checks what the
real server answers, and every answer is checked against the contract and checks.py. A workflow that writes
cleans up what it can (a project with results can only be deleted by an admin: it is reported when left)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from jatos_mock.core.contract.validation import ContractValidator
from jatos_mock.pybossa.conformance import checks
from jatos_mock.pybossa.contract import load_spec

PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"
# what pbclient's update_project leaves out of the body it PUTs (the rest of a GET item goes back, links included)
PBCLIENT_DROPS = ("id", "created", "updated", "completed", "contacted", "published", "secret_key")


@dataclass
class Result:
    name: str
    status: str
    steps: int = 0
    message: str = ""
    notes: list[str] = field(default_factory=list)


class StepFailed(Exception):
    pass


class Session:
    """Requests to one PyBossa, each answer checked; `problems` collects what broke the contract or PyBossa's rules."""

    def __init__(self, url: str, timeout: float = 30.0):
        import requests

        self.url = url.rstrip("/")
        self.http = requests.Session()
        self.timeout = timeout
        self.validator = ContractValidator(load_spec())
        self.problems: list[str] = []
        self.steps = 0

    def call(self, method: str, path: str, expect: int, *, key: str | None = None, **kwargs):
        params = dict(kwargs.pop("params", {}) or {})
        if key is not None:
            params["api_key"] = key
        answer = self.http.request(method, self.url + path, params=params, timeout=self.timeout, **kwargs)
        self.steps += 1
        label = f"{method} {path}"
        headers = {k.lower(): v for k, v in answer.headers.items()}
        template = self._template(method, path)
        for problem in checks.problems(answer.status_code, headers, answer.content, api_view=template is not None):
            self.problems.append(f"{label} -> {answer.status_code}: {problem}")
        if template is not None:
            op = self.validator.operation(method if method != "HEAD" else "GET", template)
            for problem in self.validator.validate_response(op, method, answer.status_code,
                                                            answer.headers.get("Content-Type"), answer.content):
                self.problems.append(f"{label} -> {answer.status_code}: contract: {problem}")
        if answer.status_code != expect:
            raise StepFailed(f"{label}: expected {expect}, got {answer.status_code}: {answer.text[:300]}")
        return answer

    def _template(self, method: str, path: str) -> str | None:
        """The contract path this concrete path matches: most literal segments first; a number fills an id before
        a short name."""
        parts = path.split("/")
        best = None
        for template in self.validator.spec["paths"]:
            pieces = template.split("/")
            numeric = self._integer_parameters(template)
            if len(pieces) != len(parts) or not all(
                    p == q or (p.startswith("{") and q and (p[1:-1] not in numeric or q.isdigit()))
                    for p, q in zip(pieces, parts)):
                continue
            literal = sum(1 for p in pieces if not p.startswith("{"))
            by_name = sum(1 for p, q in zip(pieces, parts) if p == "{short_name}" and q.isdigit())
            rank = (literal, -by_name)
            if best is None or rank > best[0]:
                best = (rank, template)
        return best[1] if best else None


    def _integer_parameters(self, template: str) -> set[str]:
        """Path parameters the contract types as integers (PyBossa's `<int:…>` routes: anything else is a miss)."""
        item = self.validator.spec["paths"][template]
        return {p["name"] for p in item.get("parameters", []) if p.get("in") == "path"
                and p.get("schema", {}).get("type") == "integer"}


def _run(name: str, body: Callable[[Session], list[str]], session: Session) -> Result:
    before, steps = len(session.problems), session.steps
    try:
        notes = body(session) or []
    except StepFailed as exc:
        return Result(name, FAILED, session.steps - steps, str(exc))
    except Exception as exc:  # the server could not be reached, or answered what the step could not read
        return Result(name, FAILED, session.steps - steps, f"{type(exc).__name__}: {exc}")
    new = session.problems[before:]
    if new:
        return Result(name, FAILED, session.steps - steps, "; ".join(new[:5]) + (" …" if len(new) > 5 else ""))
    return Result(name, PASSED, session.steps - steps, notes=notes)


def discovery(s: Session) -> list[str]:
    """Read-only: the index, lists, strict slashes and int ids, the query language's refusals, HEAD."""
    assert_that(s.call("GET", "/api/", 200).text.startswith("The "), "GET /api/ is not 'The <BRAND> API'")
    s.call("GET", "/api/category", 200)
    s.call("GET", "/api/project", 200)
    s.call("GET", "/api/globalstats", 200)
    head = s.call("HEAD", "/api/task", 200)
    assert_that("X-RateLimit-Remaining" in head.headers, "HEAD /api/task has no X-RateLimit-Remaining")
    miss = s.call("GET", "/api/project/abc", 404)
    assert_that("X-RateLimit-Limit" not in miss.headers, "a routing 404 carries rate-limit headers")
    s.call("GET", "/api/project/", 404)
    bad = s.call("GET", "/api/project", 415, params={"foo": "bar"}).json()
    assert_that(bad["exception_msg"] == "type object 'Project' has no attribute 'foo'", f"unknown column: {bad}")
    desc = s.call("GET", "/api/task", 415, params={"desc": "maybe"}).json()
    assert_that(desc["exception_cls"] == "ValueError", f"desc=maybe: {desc}")
    assert_that(s.call("GET", "/api/task", 200, params={"limit": 0}).json() == [], "limit=0 is not []")
    assert_that(len(s.call("GET", "/api/task", 200, params={"limit": 500, "all": 1}).json()) <= 100,
                "limit is not capped at 100")
    missing = s.call("GET", "/api/project/2147483647", 404).json()
    assert_that(missing["exception_cls"] == "NotFound" and missing["target"] == "project", f"missing: {missing}")
    return []


def anonymous_writes(s: Session) -> list[str]:
    """Writes without a key (or with an unknown one) are refused 401: nothing changes."""
    body = {"name": "x", "short_name": "x", "description": "d"}
    for key in (None, f"unknown-{uuid.uuid4()}"):
        refused = s.call("POST", "/api/project", 401, key=key, json=body).json()
        assert_that(refused["exception_cls"] == "Unauthorized" and refused["action"] == "POST", f"{refused}")
    return []


def project_life_cycle(key: str, admin_key: str | None) -> Callable[[Session], list[str]]:
    """Create a project and tasks as pbclient does, contribute through newtask, see the result appear."""

    def body(s: Session) -> list[str]:
        notes = []
        name = f"jatos-mock check {uuid.uuid4().hex[:10]}"
        short = name.replace(" ", "-").replace("jatos-mock-check", "jmcheck")
        project = s.call("POST", "/api/project", 200, key=key,
                         json={"name": name, "short_name": short, "description": "conformance run"}).json()
        pid = project["id"]
        try:
            assert_that("link" not in project and project["published"] is False, f"create answer: {project}")
            dup = s.call("POST", "/api/project", 415, key=key,
                         json={"name": name, "short_name": short, "description": "d"}).json()
            assert_that(dup["exception_cls"] == "DBIntegrityError", f"duplicate: {dup}")
            reserved = s.call("POST", "/api/project", 400, key=key,
                              json={"name": name + "x", "short_name": short + "x", "description": "d", "id": 1})
            assert_that(reserved.json()["exception_msg"] == "Reserved keys in payload", reserved.text)
            found = s.call("GET", "/api/project", 200, key=key, params={"short_name": short}).json()
            assert_that([p["id"] for p in found] == [pid], f"owner's lookup by short_name: {found}")
            assert_that("link" in found[0] and "links" in found[0], "GET items lack link/links")
            sent = {k: v for k, v in found[0].items() if k not in PBCLIENT_DROPS}  # link, links… stay, as in pbclient
            updated = s.call("PUT", f"/api/project/{pid}", 200, key=key,
                             json={**sent, "long_description": "long"}).json()
            assert_that(updated["long_description"] == "long", f"update: {updated}")
            task = s.call("POST", "/api/task", 200, key=key, json={"project_id": pid, "info": {"q": 1}}).json()
            assert_that(task["n_answers"] == 30 and task["state"] == "ongoing", f"task defaults: {task}")
            changed = s.call("PUT", f"/api/task/{task['id']}", 200, key=key, json={"n_answers": "1"}).json()
            assert_that(changed["n_answers"] == 1, f"n_answers as a string: {changed}")
            run = {"project_id": pid, "task_id": task["id"], "info": {"answer": "yes"}}
            early = s.call("POST", "/api/taskrun", 403, key=key, json=run).json()
            assert_that(early["exception_msg"] == "You must request a task first!", f"unstamped run: {early}")
            offered = s.call("GET", f"/api/project/{pid}/newtask", 200, key=key).json()
            assert_that(offered.get("id") == task["id"], f"newtask: {offered}")
            s.call("POST", "/api/taskrun", 200, key=key, json=run)
            done = s.call("GET", f"/api/task/{task['id']}", 200).json()
            assert_that(done["state"] == "completed", f"task after its last run: {done}")
            results = s.call("GET", "/api/result", 200, key=key, params={"project_id": pid}).json()
            assert_that(len(results) == 1 and results[0]["task_id"] == task["id"], f"results: {results}")
            s.call("DELETE", f"/api/project/{pid}", 403, key=key)
            progress = s.call("GET", f"/api/project/{pid}/userprogress", 200, key=key).json()
            assert_that(progress == {"done": 1, "total": 1}, f"userprogress: {progress}")
        finally:
            notes += _clean_up(s, pid, short, key, admin_key)
        return notes

    return body


def _clean_up(s: Session, pid: int, short: str, key: str, admin_key: str | None) -> list[str]:
    """Deletes the run's project: its owner may while it has no results, an admin always."""
    answer = s.http.delete(f"{s.url}/api/project/{pid}", params={"api_key": key}, timeout=s.timeout)
    if answer.status_code == 204:
        return []
    if admin_key:
        # PyBossa refuses to delete a project with results, even to an admin: its tasks go first (results with them)
        tasks = s.http.get(f"{s.url}/api/task", params={"project_id": pid, "api_key": admin_key, "all": 1},
                           timeout=s.timeout).json()
        for task in tasks:
            s.http.delete(f"{s.url}/api/task/{task['id']}", params={"api_key": admin_key}, timeout=s.timeout)
        answer = s.http.delete(f"{s.url}/api/project/{pid}", params={"api_key": admin_key}, timeout=s.timeout)
        if answer.status_code == 204:
            return []
    return [f"project {pid} ({short}) has results: only an admin can delete it (give --admin-api-key)"]


def rate_limit_headers(s: Session) -> list[str]:
    """Read-only: the same endpoint's bucket counts down across GET and HEAD; Reset is the window's end."""
    first = s.call("GET", "/api/category", 200)
    second = s.call("HEAD", "/api/category", 200)
    a, b = int(first.headers["X-RateLimit-Remaining"]), int(second.headers["X-RateLimit-Remaining"])
    assert_that(b in (a - 1, 0) or b > a, f"Remaining did not count down: {a} then {b}")
    reset = int(second.headers["X-RateLimit-Reset"])
    assert_that(reset % 900 == 0 or int(second.headers["X-RateLimit-Limit"]) != 300,
                f"Reset {reset} is not a 900 s window boundary")
    return [] if reset >= time.time() - 1 else [f"X-RateLimit-Reset {reset} lies in the past (a frozen clock)"]


def assert_that(condition: bool, message: str) -> None:
    if not condition:
        raise StepFailed(message)


def run_all(url: str, api_key: str, admin_key: str | None = None, read_only: bool = False) -> list[Result]:
    session = Session(url)
    plan = [("discovery", discovery, False), ("rate-limit headers", rate_limit_headers, False),
            ("anonymous writes refused", anonymous_writes, True),
            ("project life cycle", project_life_cycle(api_key, admin_key), True)]
    results = []
    for name, body, writes in plan:
        if writes and read_only:
            results.append(Result(name, SKIPPED, message="changes state: skipped in read-only mode"))
        else:
            results.append(_run(name, body, session))
    return results
