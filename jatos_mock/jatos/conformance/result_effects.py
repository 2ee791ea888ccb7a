"""Deleting results, and what the exports show after (reference B §5.7, ResultRemover): every selected result gone
from the metadata and every export, everything else still there. Results to delete exist only where the workflow
can add them: on a jatos-mock, through its control API (a real server gets results only from study runs, and
deleting the ones it has would destroy data)."""

from __future__ import annotations

import uuid

from jatos_mock.core.conformance.flow import Flow, WorkflowSkipped
from jatos_mock.core.conformance.verify import show
from jatos_mock.jatos.conformance import mock_control
from jatos_mock.jatos.conformance import result_exports as rx
from jatos_mock.jatos.conformance.cross_checks import exports_agree
from jatos_mock.jatos.conformance.dialects import Dialect
from jatos_mock.jatos.conformance.effects import expect_logged
from jatos_mock.jatos.conformance.read_checks import log_messages


def _study_with_results(flow: Flow, jatos: Dialect, label: str, count: int) -> tuple[int, list[rx.Record]]:
    sid = jatos.create_study(flow, f"POST studies (create {label})", f"jatos-mock results {label} "
                                                                     f"{uuid.uuid4().hex[:6]}")
    jatos.create_component(flow, f"{jatos.step(jatos.CREATE_COMPONENT)} ({label})", sid,
                           {"title": "Results", "htmlFilePath": "results.html"})
    for n in range(count):
        mock_control.add_results(flow, f"POST /__mock__/results ({label} #{n + 1})", sid,
                                 f'{{"study":"{label}","n":{n + 1}}}')
    records = rx.metadata(flow, f"POST results/metadata {{studyIds: [{label}]}}", {"studyIds": [sid]})
    flow.expect(f"POST results/metadata {{studyIds: [{label}]}}", len(records) == count,
                f"added {count} results, the metadata lists {len(records)}", rx.METADATA)
    return sid, records


def results_delete_takes_effect(flow: Flow, jatos: Dialect) -> None:
    if not mock_control.available(flow):
        raise WorkflowSkipped("a real server gets results only from study runs; deleting its results would "
                              "destroy data")
    delete = jatos.RESULTS_DELETE
    sid, records = _study_with_results(flow, jatos, "A", 4)
    other, other_records = _study_with_results(flow, jatos, "B", 1)
    exports_agree(flow, jatos, records, {"studyIds": [sid]})
    logging = log_messages(flow, sid, "GET studies/{id}/log before the delete") is not None
    expect_logged(flow, sid, "Exported results (files and/or data)", rx.COMBINED, logging)
    expect_logged(flow, sid, jatos.plain_text_logged, "POST /results/data?asPlainText=true", logging)

    doomed, kept = [records[1].id, records[2].id], [records[0], records[3]]
    step = f"{jatos.step(delete)} {{componentResultIds: {doomed}}}"
    deleted = jatos.delete_results(flow, step, {"componentResultIds": doomed})
    flow.expect(step, deleted is None or sorted(deleted) == doomed, f"answered {show(deleted)} for the selected "
                                                                    f"{doomed}", delete)
    step = "POST results/metadata {studyIds: [A]} after the delete"
    after = rx.metadata(flow, step, {"studyIds": [sid]})
    flow.expect(step, [r.id for r in after] == [r.id for r in kept],
                f"{delete} answered success; the study now lists {[r.id for r in after]}, expected "
                f"{[r.id for r in kept]} (deleted {doomed})", delete)
    exports_agree(flow, jatos, kept, {"studyIds": [sid]})
    step = "POST results/metadata {studyIds: [B]} after the delete"
    untouched = rx.metadata(flow, step, {"studyIds": [other]})
    flow.expect(step, untouched == other_records, f"{delete} of study A's results changed study B's: "
                                                  f"{[r.id for r in other_records]} became "
                                                  f"{[r.id for r in untouched]}", delete)
    expect_logged(flow, sid, "Removed result data and files", delete, logging)
    for study_id in (other, sid):
        flow.call("DELETE studies/{id}", "DELETE", f"studies/{study_id}", (200,), "DELETE /studies/{id}")
        flow.undo.remove(("DELETE", f"studies/{study_id}"))
