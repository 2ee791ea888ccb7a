"""results.yaml: study results of fixture studies (called by domain/fixtures.py with its FixtureContext and
FixtureFile, after users, studies and batches)."""

from jatos_mock.jatos.domain import heartbeats, study_codes, workers
from jatos_mock.jatos.domain.results import add_component_result, add_study_result
from jatos_mock.jatos.domain.users import find_by_username
from jatos_mock.jatos.models import ResultFile


def load_results(ctx, fixture) -> None:
    """studyResults: [{study: <uuid>, batch?: <position from 1>, group?: <position in that batch, from 1>,
    worker: <type>, user?, comment?, studyCode?: false, state, start, end, lastSeen (left out: jatos.js's
    last heartbeat when a component ran, see heartbeats.py; null: never seen),
    message?, urlQueryParameters?, componentResults: [{component: <position from 1>, state, start, end,
    data? | dataFile?, files?: {name: <path under the fixture folder>}}]}]; times are seconds after the clock."""
    state, store, now = ctx.state, ctx.store, ctx.store.now()

    def at(item, key):
        value = item.get(key)
        return None if value is None else now + int(float(value) * 1000)

    def blob_of(item, where):
        if "dataFile" in item:
            path = ctx.directory / str(item["dataFile"])
            if not path.is_file():
                fixture.fail(f"{where}: dataFile {item['dataFile']!r} not found")
            with open(path, "rb") as f:
                return store.blobs.put_stream(f)
        if item.get("data") is not None:
            data = str(item["data"]).encode("utf-8")
            return store.blobs.put(data), len(data)
        return None, 0

    for index, item in enumerate(fixture.items("studyResults")):
        where = f"studyResults[{index}]"
        study_uuid = str(fixture.require(item, "study", where)).lower()
        study = next((s for s in state.studies.values() if s.uuid.lower() == study_uuid), None)
        if study is None:
            fixture.fail(f"{where}: no study with UUID {study_uuid}")
        batch_position = int(item.get("batch", 1))
        if not 1 <= batch_position <= len(study.batch_ids):
            fixture.fail(f"{where}: the study has no batch at position {batch_position}")
        batch = state.batches[study.batch_ids[batch_position - 1]]
        worker_type = workers.worker_type_from_alias(str(item.get("worker", "PersonalSingle"))) or \
            ("MTSandbox" if item.get("worker") == "MTSandbox" else None)
        if worker_type is None:
            fixture.fail(f"{where}: unknown worker type {item.get('worker')!r}")
        code = None
        if worker_type == "Jatos":
            user = find_by_username(state, str(fixture.require(item, "user", where)))
            if user is None or user.worker_id is None:
                fixture.fail(f"{where}: Jatos results need an existing user")
            worker = state.workers[user.worker_id]
            code = study_codes.get_or_create(state, store, batch, worker_type, None, 1)[0]
        elif worker_type in workers.PERSONAL_TYPES:
            code = study_codes.get_or_create(state, store, batch, worker_type, item.get("comment"), 1)[0]
            worker = state.workers[state.study_links[code].worker_id]
        else:
            code = study_codes.get_or_create(state, store, batch, worker_type, None, 1)[0]
            worker = workers.add_worker(state, worker_type, batch_ids=[batch.id])
            batch.worker_ids.append(worker.id)
        if item.get("studyCode") is False:
            code = None  # legacy data without a study code
        study_result = add_study_result(
            state, store.new_uuid(), study.id, batch.id, worker.id, study_code=code,
            state=str(item.get("state", "FINISHED")), start_date=at(item, "start") or now, end_date=at(item, "end"),
            last_seen_date=_last_seen(item, at), message=item.get("message"),
            url_query_parameters={str(k): str(v) for k, v in (item.get("urlQueryParameters") or {}).items()},
            confirmation_code=item.get("confirmationCode"))
        if "group" in item:
            groups = sorted(g.id for g in state.groups.values() if g.batch_id == batch.id)
            position = int(item["group"])
            if not 1 <= position <= len(groups):
                fixture.fail(f"{where}: batch {batch_position} has no group at position {position}")
            group = state.groups[groups[position - 1]]
            if study_result.state in ("FINISHED", "FAIL", "ABORTED"):  # GroupChannel: a run that ended is history
                group.history_member_ids.append(study_result.id)
                study_result.history_group_id = group.id
            else:
                group.active_member_ids.append(study_result.id)
                study_result.active_group_id = group.id
        for c_index, c_item in enumerate(item.get("componentResults", [])):
            c_where = f"{where}.componentResults[{c_index}]"
            position = int(fixture.require(c_item, "component", c_where))
            if not 1 <= position <= len(study.component_ids):
                fixture.fail(f"{c_where}: the study has no component at position {position}")
            blob, size = blob_of(c_item, c_where)
            component_result = add_component_result(
                state, study_result, study.component_ids[position - 1], state=str(c_item.get("state", "FINISHED")),
                start_date=at(c_item, "start") or now, end_date=at(c_item, "end"), data_blob=blob, data_size=size)
            for name, source in (c_item.get("files") or {}).items():
                path = ctx.directory / str(source)
                if not path.is_file():
                    fixture.fail(f"{c_where}: file {source!r} not found")
                with open(path, "rb") as f:
                    key, file_size = store.blobs.put_stream(f)
                component_result.files[str(name)] = ResultFile(key, file_size)


def _last_seen(item: dict, at) -> int | None:
    """The run's lastSeenDate: as given (null: never seen), else the last heartbeat of a run whose components ran
    jatos.js; a run without component results (e.g. PRE) was never seen."""
    if "lastSeen" in item:
        return at(item, "lastSeen")
    start = at(item, "start")
    if start is None or not item.get("componentResults"):
        return None
    return heartbeats.last_seen(start, at(item, "end"))
