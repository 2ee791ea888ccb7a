"""A jatos-mock's control API (/__mock__/, not part of JATOS), for what only a mock allows a workflow: results
added on demand (a real server gets results only from study runs) and its groups written."""

from __future__ import annotations

from jatos_mock.core.conformance.flow import Flow

CONTROL = "/__mock__/"


def available(flow: Flow) -> bool:
    """Whether the target is a jatos-mock whose control API answers this caller (a real JATOS: a route 404)."""
    try:
        answer = flow.seam.request("GET", "clock", prefix=CONTROL)
    except Exception:  # noqa: BLE001 - no control API
        return False
    return answer.status == 200 and (answer.header("Content-Type") or "").startswith("application/json")


def add_results(flow: Flow, step: str, study_id: int, data: str) -> list[int]:
    """One finished study result of the study (its first component) with `data`; its study-result ids."""
    answer = flow.call(step, "POST", "results", (201,), "POST /__mock__/results (control API)", prefix=CONTROL,
                       json={"study": study_id, "count": 1, "data": data})
    return answer.json()["ids"]
