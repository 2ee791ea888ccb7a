"""A seam that checks every answer against the contract: each request the sweep and the workflows send is one test
case of its operation, and an answer the contract does not describe is a finding (known when the answer names the
registered deviations that explain it, as a jatos-mock does in its X-Jatos-Mock-Deviations header)."""

from __future__ import annotations

import copy
import re
from urllib.parse import urlsplit

from jatos_mock.core.conformance.results import Finding, OperationResult
from jatos_mock.core.contract.validation import ContractValidator
from jatos_mock.core.http.pipeline import DEVIATIONS_HEADER

_UUID = r"[0-9a-fA-F-]{36}|\d+"


class CheckingSeam:
    def __init__(self, seam, validator: ContractValidator, results: dict[str, OperationResult]):
        self.seam = seam
        self.validator = validator
        self.results = results
        self._routes = [(_pattern(template), method, template) for method, template in _operations(validator)]

    @property
    def token(self):
        return self.seam.token

    def with_token(self, token: str | None) -> CheckingSeam:
        """The same target and checks with another token (None: none)."""
        twin = copy.copy(self)
        twin.seam = self.seam.with_token(token)
        return twin

    def describe(self) -> str:
        return self.seam.describe()

    def url(self, path: str, prefix: str | None = None) -> str:
        """The request's whole URL (the workflows' curl reproductions)."""
        return self.seam.url(path, prefix)

    def request(self, method: str, path: str, **kw):
        answer = self.seam.request(method, path, **kw)
        full = urlsplit(self.seam.url(path, kw.get("prefix"))).path
        template = self._template(method, full)
        if template is None:
            return answer
        label = f"{method} {template}"
        op = self.validator.operation(method, template)
        result = self.results.setdefault(label, OperationResult(label, op.operation_id))
        result.cases += 1
        result.statuses[answer.status] = result.statuses.get(answer.status, 0) + 1
        content_type = answer.header("content-type")
        problems = self.validator.validate_response(op, method, answer.status, content_type,
                                                    answer.body if answer.body else None)
        if problems:
            applied = tuple(d for d in (answer.header(DEVIATIONS_HEADER) or "").split(",") if d)
            curl = f"curl -X {method} '{self.seam.url(path, kw.get('prefix'))}'"
            finding = Finding(label, "response_schema_conformance", problems[0].split(":")[0], "\n".join(problems),
                              curl, "sweep", applied, answer.status)
            shape = (applied, _shape(problems[0]))  # one finding per kind of problem, not per answer body
            if shape not in {(f.deviations, _shape(f.message)) for f in result.findings}:
                result.findings.append(finding)
        return answer

    def _template(self, method: str, path: str) -> str | None:
        candidates = [(t.count("{"), t) for pattern, m, t in self._routes if m == method and pattern.fullmatch(path)]
        return min(candidates)[1] if candidates else None  # the most literal path, as a router picks it


def _shape(problem: str) -> str:
    return re.sub(r"\{.*\}", "{...}", problem.split("\n")[0])


def _operations(validator: ContractValidator):
    for op in validator.operations.values():
        yield op.method.upper(), op.template


def _pattern(template: str) -> re.Pattern:
    parts = re.split(r"(\{[^}]+\})", template)
    return re.compile("".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts))
