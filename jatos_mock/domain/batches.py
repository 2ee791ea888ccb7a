"""Batches and groups of a study (services/gui/BatchService, GroupResult)."""

from jatos_mock.domain.models import Batch, GroupResult, State, Study


def add_batch(state: State, study: Study, uuid: str, title: str, *, allowed_worker_types: list[str] | None = None,
              **properties) -> Batch:
    """Appends a batch to the study; the JatosWorkers of all current members join it (BatchService.initAndPersistBatch)."""
    batch = Batch(id=state.next_id("batch"), uuid=uuid, study_id=study.id, title=title,
                  allowed_worker_types=list(allowed_worker_types or []), **properties)
    for user_id in study.member_ids:
        worker_id = state.users[user_id].worker_id
        if worker_id is not None:
            batch.worker_ids.append(worker_id)
            state.workers[worker_id].batch_ids.append(batch.id)
    state.batches[batch.id] = batch
    study.batch_ids.append(batch.id)
    return batch


def add_default_batch(state: State, study: Study, uuid: str) -> Batch:
    """BatchService.createDefaultBatch: 'Default', PersonalMultiple + PersonalSingle, no maxima, no input."""
    return add_batch(state, study, uuid, "Default", allowed_worker_types=["PersonalMultiple", "PersonalSingle"])


def add_group(state: State, batch: Batch, start_date: int, **properties) -> GroupResult:
    group = GroupResult(id=state.next_id("group"), batch_id=batch.id, start_date=start_date, **properties)
    state.groups[group.id] = group
    return group
