"""What goes with a deleted entity: the one place for JATOS's removal cascades (ResultRemover, BatchService.remove,
ComponentService.remove, StudyService.removeStudyInclAssets, UserService.removeUser).

Entity modules create and change; they never delete across entities, so they need not import each other.
"""

from jatos_mock.jatos.domain import study_log
from jatos_mock.jatos.domain.config import JatosConfig
from jatos_mock.jatos.domain.studies import remove_member
from jatos_mock.jatos.models import Batch, Component, State, Study, StudyResult, User

# --- results (services/gui/ResultRemover) ---


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


def remove_results_of_study(state: State, study_id: int) -> None:
    """All study results of a study and their component results (StudyService.removeStudyInclusive)."""
    for study_result in [sr for sr in state.study_results.values() if sr.study_id == study_id]:
        remove_study_result(state, study_result)


# --- batches, components, studies, users ---


def remove_batch(state: State, batch: Batch, user: User, now_ms: int, logs_enabled: bool) -> None:
    """BatchService.remove: results (ResultRemover.removeAllStudyResults), study codes and groups of the batch go;
    every worker leaves it, and workers left without a batch are deleted unless they are a user's Jatos worker."""
    study = state.studies[batch.study_id]
    for study_result in [sr for sr in state.study_results.values() if sr.batch_id == batch.id]:
        remove_study_result(state, study_result)
    study_log.log(state, study, now_ms, "Removed result data and files", logs_enabled, userName=user.name)
    for code in [c for c, link in state.study_links.items() if link.batch_id == batch.id]:
        del state.study_links[code]
    for group_id in [g.id for g in state.groups.values() if g.batch_id == batch.id]:
        del state.groups[group_id]
    # removeOrUpdateJatosWorker / removeOrUpdateNonJatosWorkers (and the join rows of workers not listed)
    for worker in [w for w in state.workers.values() if w.id in batch.worker_ids or batch.id in w.batch_ids]:
        if batch.id in worker.batch_ids:
            worker.batch_ids.remove(batch.id)
        if not worker.batch_ids and worker.worker_type != "Jatos":
            del state.workers[worker.id]
    state.batches.pop(batch.id, None)
    if batch.id in study.batch_ids:
        study.batch_ids.remove(batch.id)
    # StudyLogger.log(study, user, msg, batch)
    study_log.log(state, study, now_ms, "Removed batch", logs_enabled, batchId=batch.id, userName=user.name)


def remove_component(state: State, study: Study, component: Component, user: User, now_ms: int,
                     logs_enabled: bool) -> None:
    """ComponentService.remove: its component results go; the HTML file stays."""
    ids = [cr.id for cr in state.component_results.values() if cr.component_id == component.id]
    remove_component_results(state, ids)
    study_log.log(state, study, now_ms, "Removed result data and files", logs_enabled, userName=user.name)
    study.component_ids.remove(component.id)
    del state.components[component.id]


def remove_study(state: State, study: Study, user: User, now_ms: int, config: JatosConfig) -> None:
    """StudyService.removeStudyInclAssets: batches (with results), members, components, assets; log retired."""
    logs = config.study_logs_enabled
    for batch_id in list(study.batch_ids):
        remove_batch(state, state.batches[batch_id], user, now_ms, logs)
    remove_results_of_study(state, study.id)
    for component_id in study.component_ids:
        state.components.pop(component_id, None)
    study.component_ids = []
    study.member_ids = []
    study.assets, study.asset_dirs = {}, set()
    del state.studies[study.id]
    study_log.log(state, study, now_ms, "Removed study", logs, userName=user.name)
    if logs:
        study_log.retire(state, study, now_ms)


def remove_user(state: State, target: User, now_ms: int, config: JatosConfig) -> None:
    """UserService.removeUser: sole-member studies go completely, other memberships and all tokens go."""
    for study in [s for s in state.studies.values() if target.id in s.member_ids]:
        if study.member_ids == [target.id]:
            remove_study(state, study, target, now_ms, config)  # as DELETE /studies/{id}
        else:
            remove_member(state, study, target)
    for token_id in [t.id for t in state.tokens.values() if t.user_id == target.id]:
        del state.tokens[token_id]
    worker = state.workers.get(target.worker_id) if target.worker_id is not None else None
    if worker is not None:  # the user's JatosWorker goes with the user, and with it its study results
        for batch in state.batches.values():
            if worker.id in batch.worker_ids:
                batch.worker_ids.remove(worker.id)
        for study_result in [r for r in state.study_results.values() if r.worker_id == worker.id]:
            remove_study_result(state, study_result)
        del state.workers[worker.id]
    del state.users[target.id]
