"""A study a JATOS workflow creates: registered in the flow's undo list when it is made, so a failing workflow leaves
none behind, and deleted (then checked gone) when the workflow is done with it."""

import contextlib

from jatos_mock.core.conformance.flow import Flow


def _undo(study_id: int) -> tuple[str, str]:
    return "DELETE", f"studies/{study_id}"


def keep(flow: Flow, study_id: int) -> int:
    flow.undo.append(_undo(study_id))
    return study_id


def delete(flow: Flow, study_id: int, step: str = "DELETE studies/{id}") -> None:
    flow.call(step, "DELETE", f"studies/{study_id}", (200,), "DELETE /studies/{id}")
    with contextlib.suppress(ValueError):  # already gone from the list: nothing left to undo
        flow.undo.remove(_undo(study_id))
    flow.call("GET studies/{id}/properties after the delete", "GET", f"studies/{study_id}/properties", (404,),
              "GET /studies/{id}/properties")
