"""Known deviations: which failures of a run are expected, and why.

A baseline file (YAML or JSON) lists entries of operation + check + deviation id:

    # jatos-mock conformance baseline
    known:
      - operation: GET /jatos/api/v1/admin/token    # "METHOD /path" as the contract writes it, or "*"
        check: status_code_conformance              # a check name, or "*"
        deviation: A2                               # registry id (or your own label for a real server)
        note: optional free text

Without a file:
- in-process against the mock, attribution is exact: a failure is known when the request that failed applied a
  registered deviation of that operation (see `attribution`);
- over HTTP against a jatos-mock, each answer names the deviations it applied (X-Jatos-Mock-Deviations), and a
  failure is known only when those explain it, as in-process;
- against a server without that header (a real JATOS), a baseline is derived from the deviations registry: each
  entry naming an operation covers the checks its kind can make fail; an entry for every operation ("*") covers
  them on error answers only.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from jatos_mock.core.deviations.registry import ALL_OPERATIONS, Deviation
from jatos_mock.jatos.deviations import load_registry

ANY = "*"

# which checks a registered deviation of each kind can make fail
_STATUS_CHECKS = ("status_code_conformance", "negative_data_rejection", "positive_data_acceptance", "ignored_auth",
                  "use_after_free", "ensure_resource_availability", "jatos_auth_semantics",
                  "response_schema_conformance", "content_type_conformance")
KIND_CHECKS: dict[str, tuple[str, ...]] = {
    "status": _STATUS_CHECKS,
    "field": ("response_schema_conformance",),
    "error-code": ("response_schema_conformance", "jatos_error_code"),
    "server-bug": ("not_a_server_error",) + _STATUS_CHECKS + ("jatos_error_code", "jatos_study_log"),
    "parameter": ("negative_data_rejection", "positive_data_acceptance", "status_code_conformance",
                  "response_schema_conformance"),
    "behaviour": _STATUS_CHECKS,
    "route": _STATUS_CHECKS,
}


class BaselineError(ValueError):
    pass


@dataclass(frozen=True)
class Known:
    operation: str
    check: str
    deviation: str
    note: str | None = None
    errors_only: bool = False  # registry entries for every operation explain only error answers (>= 400)

    def matches(self, operation: str, check: str, status: int | None = None) -> bool:
        if self.errors_only and (status is None or status < 400):
            return False
        return self.operation in (ANY, operation) and self.check in (ANY, check)


class Baseline:
    def __init__(self, entries: list[Known], source: str):
        self.entries = entries
        self.source = source

    def match(self, operation: str, check: str, status: int | None = None) -> list[str]:
        """Deviation ids that explain `check` failing on `operation` with a `status` answer (empty: not known)."""
        return list(dict.fromkeys(e.deviation for e in self.entries if e.matches(operation, check, status)))

    def __len__(self) -> int:
        return len(self.entries)


def load(path: str | Path) -> Baseline:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read: {exc}") from None
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise BaselineError(f"{path}: not valid {'JSON' if path.suffix == '.json' else 'YAML'}: {exc}") from None
    items = data.get("known") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise BaselineError(f"{path}: expected a `known:` list of entries")
    entries = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise BaselineError(f"{path}: entry {i}: expected a mapping")
        missing = [k for k in ("operation", "check", "deviation") if not isinstance(item.get(k), str) or not item[k]]
        if missing:
            raise BaselineError(f"{path}: entry {i}: missing or empty {', '.join(missing)}")
        unknown = set(item) - {"operation", "check", "deviation", "note"}
        if unknown:
            raise BaselineError(f"{path}: entry {i}: unknown field(s) {', '.join(sorted(unknown))}")
        entries.append(Known(item["operation"], item["check"], str(item["deviation"]), item.get("note")))
    return Baseline(entries, str(path))


def from_registry(operations: list[str], registry: dict[str, Deviation] | None = None) -> Baseline:
    """A baseline from the registry for the given operation labels ("METHOD /path")."""
    registry = registry if registry is not None else load_registry()
    entries = []
    for deviation in registry.values():
        checks = KIND_CHECKS.get(deviation.kind, (ANY,))
        everywhere = ALL_OPERATIONS in deviation.operations
        targets = operations if everywhere else [op for op in operations if op in deviation.operations]
        for operation in targets:
            for check in checks:
                # a deviation of every operation (auth, error codes) is about error answers; it must not hide
                # a broken success answer
                entries.append(Known(operation, check, deviation.id, errors_only=everywhere))
    return Baseline(entries, "registry")


def dump(entries: list[Known], path: str | Path) -> None:
    """Writes a baseline file (YAML, or JSON when the name ends in .json)."""
    path = Path(path)
    data = {"known": [{k: v for k, v in asdict(e).items() if v is not None and k != "errors_only"}
                      for e in entries]}
    if path.suffix == ".json":
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    else:
        path.write_text("# jatos-mock conformance baseline: operation + check + deviation id\n"
                        + yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
