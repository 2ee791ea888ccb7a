"""A small world of studies and results built through the domain constructors, for the results tests.

Imported by the other test_results_* modules (pytest puts this folder on sys.path); holds no tests itself.
"""

from dataclasses import dataclass, field

from jatos_mock.jatos.domain import batches, components, results, studies, workers
from jatos_mock.jatos.domain.users import find_by_username
from jatos_mock.jatos.models import ResultFile

T0 = 1_704_067_200_000  # 2024-01-01T00:00:00Z


@dataclass
class World:
    study_ids: dict[str, int] = field(default_factory=dict)  # key -> id
    component_ids: dict[str, list[int]] = field(default_factory=dict)
    batch_ids: dict[str, int] = field(default_factory=dict)
    study_result_ids: dict[str, list[int]] = field(default_factory=dict)  # study key -> study result ids
    component_result_ids: dict[str, list[int]] = field(default_factory=dict)  # study key -> cr ids
    group_id: int | None = None
    worker_ids: dict[str, int] = field(default_factory=dict)


def _study(store, state, key, title, members, locked=False, n_components=2):
    users = [find_by_username(state, name) for name in members]
    study = studies.add_study(state, store.new_uuid(), title, f"dir_{key}", users, T0, store.new_uuid())
    comps = [components.add_component(state, study, store.new_uuid(), f"{title} c{i}", T0) for i in range(n_components)]
    study.locked = locked
    return study, comps


def build(api) -> World:
    """Studies 'rt' (admin, researcher), 'survey' (researcher, coauthor), 'locked' (researcher, locked), results in
    each; data, empty data, no data, and uploaded files."""
    store = api.runtime.store
    world = World()
    blobs = store.blobs
    with store.write() as state:
        for key, title, members in (("rt", "RT", ["admin", "researcher"]),
                                    ("survey", "Survey", ["researcher", "coauthor"]),
                                    ("locked", "Locked", ["researcher"])):
            study, comps = _study(store, state, key, title, members)
            world.study_ids[key] = study.id
            world.component_ids[key] = [c.id for c in comps]
            batch = state.batches[study.batch_ids[0]]
            world.batch_ids[key] = batch.id
            world.study_result_ids[key] = []
            world.component_result_ids[key] = []
            ps = workers.add_worker(state, "PersonalSingle", comment="participant 7", batch_ids=[batch.id])
            gm = workers.add_worker(state, "GeneralMultiple", batch_ids=[batch.id])
            world.worker_ids[key] = ps.id
            # study result 1: finished, two components with data, one with a file
            sr1 = results.add_study_result(state, store.new_uuid(), study.id, batch.id, ps.id, study_code="abcdefghijk",
                                           state="FINISHED", start_date=T0, end_date=T0 + 26_000,
                                           last_seen_date=T0 + 26_000, url_query_parameters={"pid": "7"})
            data1 = f'{{"{key}":1}}'.encode()
            cr1 = results.add_component_result(state, sr1, comps[0].id, state="FINISHED", start_date=T0,
                                               end_date=T0 + 10_000, data_blob=blobs.put(data1), data_size=len(data1))
            cr1.files["upload.csv"] = ResultFile(blobs.put(b"a,b\n1,2\n"), 8)
            data2 = b"x" * 1500
            cr2 = results.add_component_result(state, sr1, comps[1].id, state="FINISHED", start_date=T0 + 10_000,
                                               end_date=T0 + 26_000, data_blob=blobs.put(data2), data_size=1500)
            # study result 2: running, one component without data, one with empty data; general worker, no code
            sr2 = results.add_study_result(state, store.new_uuid(), study.id, batch.id, gm.id, study_code=None,
                                           state="STARTED", start_date=T0 + 90_000_000)
            cr3 = results.add_component_result(state, sr2, comps[0].id, state="STARTED", start_date=T0 + 90_000_000)
            cr4 = results.add_component_result(state, sr2, comps[1].id, state="FINISHED", start_date=T0,
                                               end_date=T0 + 90_061_000, data_blob=blobs.put(b""), data_size=0)
            world.study_result_ids[key] += [sr1.id, sr2.id]
            world.component_result_ids[key] += [cr1.id, cr2.id, cr3.id, cr4.id]
            if key == "survey":
                group = batches.add_group(state, batch, T0, group_state="FINISHED")
                group.history_member_ids.append(sr1.id)
                sr1.history_group_id = group.id
                world.group_id = group.id
        state.studies[world.study_ids["locked"]].locked = True
    return world
