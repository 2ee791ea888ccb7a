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


# --- fixtures: results.yaml (called by domain/fixtures.py with its FixtureContext and FixtureFile) ---

_PERSONAL = ("PersonalSingle", "PersonalMultiple")


def load_fixture(ctx, fixture) -> None:
    """studyResults: [{study: <uuid>, batch?: <position from 1>, group?: <position in that batch, from 1>,
    worker: <type>, user?, comment?, studyCode?: false, state, start, end, lastSeen,
    message?, urlQueryParameters?, componentResults: [{component: <position from 1>, state, start, end,
    data? | dataFile?, files?: {name: <path under the fixture folder>}}]}]; times are seconds after the clock."""
    from jatos_mock.domain import study_codes, workers  # late: study codes import this module
    from jatos_mock.domain.models import ResultFile
    from jatos_mock.domain.users import find_by_username

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
        elif worker_type in _PERSONAL:
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
            last_seen_date=at(item, "lastSeen"), message=item.get("message"),
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
