"""Study results and component results: what participants' runs leave behind."""

from jatos_mock.domain.models import ComponentResult, State, StudyResult


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


def remove_component_results(state: State, ids: list[int]) -> list[int]:
    """ResultRemover.removeComponentResults without the access check: the results go with their files, study
    results left empty go too (detached from their groups), and FINISHED groups left empty are deleted."""
    removed = []
    for cr_id in ids:
        component_result = state.component_results.pop(cr_id, None)
        if component_result is None:
            continue  # named twice in the selection
        removed.append(cr_id)
        study_result = state.study_results.get(component_result.study_result_id)
        if study_result is None:
            continue
        if cr_id in study_result.component_result_ids:
            study_result.component_result_ids.remove(cr_id)
        if not study_result.component_result_ids:
            remove_study_result(state, study_result)
    return removed


def remove_study_result(state: State, study_result: StudyResult) -> None:
    """StudyResult removal: its component results, its group memberships; an empty FINISHED group goes too."""
    for cr_id in study_result.component_result_ids:
        state.component_results.pop(cr_id, None)
    study_result.component_result_ids = []
    state.study_results.pop(study_result.id, None)
    for group_id in {study_result.active_group_id, study_result.history_group_id} - {None}:
        group = state.groups.get(group_id)
        if group is None:
            continue
        for members in (group.active_member_ids, group.history_member_ids):
            while study_result.id in members:
                members.remove(study_result.id)
        # ResultRemover: a group is removed only when FINISHED and without members
        if group.group_state == "FINISHED" and not group.active_member_ids and not group.history_member_ids:
            del state.groups[group_id]


def remove_results_of_study(state: State, study_id: int) -> None:
    """All study results of a study and their component results (StudyService.removeStudyInclusive)."""
    for study_result in [sr for sr in state.study_results.values() if sr.study_id == study_id]:
        remove_study_result(state, study_result)


def results_of_study(state: State, study_id: int) -> list[StudyResult]:
    return sorted((sr for sr in state.study_results.values() if sr.study_id == study_id), key=lambda sr: sr.id)
