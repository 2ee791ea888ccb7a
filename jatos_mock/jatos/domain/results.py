"""Study results and component results: what participants' runs leave behind."""

from jatos_mock.jatos.models import ComponentResult, State, StudyResult


def add_study_result(state: State, uuid: str, study_id: int, batch_id: int, worker_id: int, /,
                     **properties) -> StudyResult:
    """Positional-only arguments, so `state="FINISHED"` (the study state) can be given as a property."""
    result = StudyResult(id=state.next_id("study_result"), uuid=uuid, study_id=study_id, batch_id=batch_id,
                         worker_id=worker_id, **properties)
    state.study_results[result.id] = result
    return result


def add_component_result(state: State, study_result: StudyResult, component_id: int, /,
                         **properties) -> ComponentResult:
    result = ComponentResult(id=state.next_id("component_result"), study_result_id=study_result.id,
                             component_id=component_id, **properties)
    state.component_results[result.id] = result
    study_result.component_result_ids.append(result.id)
    return result


def results_of_study(state: State, study_id: int) -> list[StudyResult]:
    return sorted((sr for sr in state.study_results.values() if sr.study_id == study_id), key=lambda sr: sr.id)
