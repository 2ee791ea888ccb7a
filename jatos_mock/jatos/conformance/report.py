"""What a run found, for people (summary with curl reproductions) and for CI (JUnit XML, one testcase per operation)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from jatos_mock.core.conformance.results import FAILED, KNOWN, MISSING, PASSED, RunResult
from jatos_mock.jatos.conformance.explain import ADMIN_TOKEN_VAR, TOKEN_VAR

_MARK = {PASSED: "ok", FAILED: "FAIL", KNOWN: "known", MISSING: "MISSING"}
_WORKFLOW_MARK = {"passed": "ok", "failed": "FAIL", "skipped": "skipped"}
REPRODUCE_TAIL = 6  # requests of a failed workflow shown without -v


def _workflow_counts(result: RunResult) -> str:
    counts = Counter(flow.status for flow in result.workflows)
    return (f"{len(result.workflows)} workflows: {counts['passed']} passed, {counts['failed']} failed, "
            f"{counts['skipped']} skipped")


def summary(result: RunResult, verbose: bool = False) -> str:
    lines = [f"Conformance of {result.target} (seed {result.seed})", ""]
    width = max((len(label) for label in result.operations), default=10)
    for label, op in result.operations.items():
        detail = f"{op.cases} cases"
        if op.status == KNOWN:
            detail += "; " + ", ".join(sorted({d for f in op.known for d in f.deviations}))
        elif op.status == FAILED:
            detail += "; " + ", ".join(sorted({f.check for f in op.failures} | ({"error"} if op.errors else set())))
        elif op.status == MISSING:
            detail += "; every answer was 404 'Requested page ... couldn't be found'"
        lines.append(f"  {_MARK.get(op.status, op.status):7} {label.ljust(width)}  {detail}")
    if result.workflows:
        lines += ["", "Workflows:"]
        for flow in result.workflows:
            lines.append(f"  {_WORKFLOW_MARK.get(flow.status, flow.status):7} {flow.title}: {flow.line()}")

    failing = result.with_status(FAILED)
    if failing:
        lines += ["", "Failures (not explained by a registered deviation):"]
        curls = [f.curl for op in failing for f in op.failures]
        if any(TOKEN_VAR in c for c in curls):
            lines.append(f"  (in the reproduce commands, {TOKEN_VAR} stands for the token given with --token"
                         + (f", {ADMIN_TOKEN_VAR} for --admin-token" if any(ADMIN_TOKEN_VAR in c for c in curls)
                            else "") + ")")
        for op in failing:
            for error in op.errors:
                times = op.error_counts.get(error, 1)
                lines.append(f"- {op.label}: error: {error.splitlines()[0]}"
                             + (f" ({times} times)" if times > 1 else ""))
            for finding in op.failures:
                lines.append(f"- {op.label} [{finding.check}, {finding.phase}] {finding.title}")
                message = finding.message.strip().splitlines()
                for line in message[: (20 if verbose else 4)]:
                    lines.append(f"    {line}")
                if finding.answer:
                    lines.append(f"    answered: {finding.answer}")
                if finding.curl:
                    lines.append(f"    reproduce: {finding.curl.strip()}")
    known = [f for op in result.operations.values() for f in op.known]
    if known:
        lines += ["", "Known deviations (registered; they do not fail the run):"]
        for finding in known:
            lines.append(f"- {finding.operation} [{finding.check}] {finding.title}: {', '.join(finding.deviations)}")
    failed_flows = [flow for flow in result.workflows if flow.failed]
    if failed_flows:
        lines += ["", "Workflow failures (the requests in order; the last ones showed the problem):"]
        for flow in failed_flows:
            lines.append(f"- {flow.title}: blames {flow.operation or 'the target'}")
            lines.append(f"    {flow.message}")
            shown = flow.reproduction if verbose else flow.reproduction[-REPRODUCE_TAIL:]
            if len(shown) < len(flow.reproduction):
                lines.append(f"    ({len(flow.reproduction) - len(shown)} earlier requests left out; -v shows all)")
            lines += [f"    reproduce: {curl}" for curl in shown]
    if result.errors:
        lines += ["", "Run errors:"] + [f"- {e.splitlines()[0]}" for e in result.errors]

    counts = Counter(op.status for op in result.operations.values())
    sweep = [f"{len(result.operations)} operations: {counts[PASSED]} passed, {counts[FAILED]} failed, "
             f"{counts[KNOWN]} known deviation, {counts[MISSING]} missing"
             + (f", {counts['not run']} not run" if counts["not run"] else ""),
             f"{result.cases} test cases in {result.elapsed:.1f} s ({result.rate:.0f} test cases/s)"] \
        if result.operations or not result.workflows else ["no contract sweep: the operations were not fuzzed"]
    lines += ["", *sweep,
              *([_workflow_counts(result)] if result.workflows else []),
              "Result: " + (("PASSED (only known deviations)" if known else "PASSED") if result.ok else "FAILED")]
    return "\n".join(lines)


def junit(result: RunResult, path: str | Path) -> None:
    """JUnit XML: one <testcase> per operation, named by its label; known deviations are skipped with their ids."""
    flows = Counter(flow.status for flow in result.workflows)
    suite = ET.Element("testsuite", name="jatos-conformance", tests=str(len(result.operations) + len(result.workflows)),
                       failures=str(len(result.with_status(FAILED, MISSING)) + flows["failed"]),
                       skipped=str(len(result.with_status(KNOWN)) + flows["skipped"]), time=f"{result.elapsed:.3f}")
    for label, op in result.operations.items():
        case = ET.SubElement(suite, "testcase", classname=op.operation_id or "operation", name=label,
                             time="0")
        if op.status == FAILED:
            text = "\n\n".join([f"[{f.check}] {f.title}\n{f.message}\nanswered: {f.answer}\n{f.curl}"
                                  for f in op.failures]
                               + [f"error: {e}" for e in op.errors])
            first = op.failures[0].title if op.failures else "error"
            ET.SubElement(case, "failure", message=first, type="conformance").text = text
        elif op.status == MISSING:
            ET.SubElement(case, "failure", message="operation missing: every answer was a route 404",
                          type="missing")
        elif op.status == KNOWN:
            ids = sorted({d for f in op.known for d in f.deviations})
            ET.SubElement(case, "skipped", message=f"known deviation {', '.join(ids)}")
    for flow in result.workflows:  # one testcase per example-based workflow
        case = ET.SubElement(suite, "testcase", classname="workflow", name=f"workflow {flow.name}",
                             time=f"{flow.elapsed:.3f}")
        if flow.status == "failed":
            ET.SubElement(case, "failure", message=flow.message.splitlines()[0][:500],
                          type="workflow").text = "\n".join([flow.title, flow.message, f"blames: {flow.operation}",
                                                             f"steps done: {', '.join(flow.steps)}",
                                                             *flow.reproduction])
        elif flow.status == "skipped":
            ET.SubElement(case, "skipped", message=flow.message)
    root = ET.Element("testsuites", name="jatos-mock check")
    root.append(suite)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
