"""Seeding study results for tests (the control API's POST /__mock__/results; not part of JATOS): finished or
running runs of a study, optionally as runs of one of its study codes."""

from jatos_mock.jatos import errors
from jatos_mock.jatos.domain import results, study_codes, workers
from jatos_mock.jatos.domain.access import find_study
from jatos_mock.jatos.models import STUDY_STATES, WORKER_TYPES
from jatos_mock.jatos.store import Store


class SeedError(Exception):
    """Results that cannot be added; `status` and the reason."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def add_results(store: Store, study, count: int = 1, data: bytes | None = b"{}", state: str = "FINISHED",
                worker_type: str | None = None, study_code: str | None = None) -> list[int]:
    """Adds `count` study results (one component result each, on the study's first component) to the store;
    returns their ids. Without a study code: each on a new worker of `worker_type` (default GeneralMultiple) in
    the study's first batch. With one: as runs of that code (domain study_codes.start_study_run), so they get its
    batch, its worker type, its worker and comment (personal codes) and the studyCode."""
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise SeedError("'count' must be a non-negative integer")
    if state not in STUDY_STATES:
        raise SeedError(f"'state' must be one of {', '.join(STUDY_STATES)}")
    if worker_type is not None and worker_type not in WORKER_TYPES:
        worker_type = workers.worker_type_from_alias(worker_type)
        if worker_type is None:
            raise SeedError(f"unknown worker type: one of {', '.join(sorted(WORKER_TYPES))}")
    ids = []
    with store.write() as st:
        found = find_study(st, str(study))
        if found is None:
            raise SeedError(f"no study {study!r}", 404)
        link = None
        if study_code is not None:
            link = study_codes.find_link(st, study_code)
            if link is None:
                raise SeedError(f"no study code {study_code!r}", 404)
            code_study = st.batches[link.batch_id].study_id
            if code_study != found.id:
                raise SeedError(f"study code {study_code!r} belongs to study {code_study}, not {found.id}")
            if not link.active:
                raise SeedError(f"study code {study_code!r} is inactive", 409)
            if worker_type is not None and worker_type != link.worker_type:
                raise SeedError(f"study code {study_code!r} is of worker type {link.worker_type}, not {worker_type}")
        else:
            worker_type = worker_type or "GeneralMultiple"
        if not found.component_ids or not found.batch_ids:
            raise SeedError(f"study {found.id} has no component or no batch to hold results")
        now = store.now()
        for _ in range(count):
            if link is not None:
                try:
                    study_result = study_codes.start_study_run(st, store, link.code)
                except errors.JatosError as exc:  # an inactive code
                    raise SeedError(f"study code {study_code!r}: {exc}", 409) from None
                study_result.state = state
                if state == "FINISHED":
                    study_result.end_date = now
            else:
                worker = workers.add_worker(st, worker_type, batch_ids=[found.batch_ids[0]])
                study_result = results.add_study_result(st, store.new_uuid(), found.id, found.batch_ids[0],
                                                               worker.id, state=state, start_date=now, end_date=now,
                                                               last_seen_date=now)
            blob, size = None, 0
            if data is not None:
                blob, size = store.blobs.put(data), len(data)
            component_state = "FINISHED" if state == "FINISHED" else "STARTED"
            results.add_component_result(st, study_result, found.component_ids[0], state=component_state,
                                                start_date=now, end_date=now, data_blob=blob, data_size=size)
            ids.append(study_result.id)
    return ids
