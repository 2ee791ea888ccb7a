"""BatchService.remove, one cascade for DELETE /batches/{id} and for every batch of a deleted study."""

from jatos_mock.jatos.domain import batches, cascades
from jatos_mock.jatos.domain.config import JatosConfig
from jatos_mock.jatos.domain.results import add_component_result, add_study_result
from jatos_mock.jatos.domain.studies import add_study
from jatos_mock.jatos.domain.users import add_user
from jatos_mock.jatos.domain.workers import add_worker
from jatos_mock.jatos.models import State


def _world():
    state = State()
    owner = add_user(state, "owner", "Olivia Owner", ["USER"])
    study = add_study(state, "s-uuid", "S", "s_dir", [owner], 1000, "b1-uuid")
    second = batches.add_batch(state, study, "b2-uuid", "Wave 2")
    worker = add_worker(state, "GeneralMultiple", batch_ids=[second.id])  # not in the batch's own list
    group = batches.add_group(state, second, 1000, group_state="FINISHED")
    result = add_study_result(state, "r-uuid", study.id, second.id, worker.id, state="FINISHED",
                              history_group_id=group.id)
    group.history_member_ids.append(result.id)
    add_component_result(state, result, 1)
    return state, owner, study, second, worker


def _entries(state, study):
    return [{k: v for k, v in e.items() if k != "timestamp"} for e in state.study_logs[study.uuid]]


def test_removing_a_batch_logs_who_and_which_batch_and_frees_its_workers():
    state, owner, study, batch, worker = _world()
    cascades.remove_batch(state, batch, owner, 2000, True)
    assert _entries(state, study)[-2:] == [
        {"msg": "Removed result data and files", "userName": "Olivia Owner"},
        {"msg": "Removed batch", "batchId": batch.id, "userName": "Olivia Owner"}]
    assert worker.id not in state.workers and state.study_results == {} and state.groups == {}
    assert study.batch_ids == [study.batch_ids[0]] and batch.id not in state.batches


def test_a_deleted_study_removes_each_batch_the_same_way():
    state, owner, study, batch, _ = _world()
    cascades.remove_study(state, study, owner, 2000, JatosConfig())
    [entries] = state.retired_study_logs.values()
    assert {"msg": "Removed batch", "batchId": batch.id, "userName": "Olivia Owner", "timestamp": 2000} in entries
    assert state.workers.keys() == {owner.worker_id} and state.batches == {} and state.groups == {}
