"""The default fixtures have runs in groups: the group selector, the metadata's groupId, the groups' members."""


def test_group_ids_select_the_runs_of_those_groups(api):
    r = api.call("POST", "results/metadata", json={"groupIds": [1, 3]})
    runs = [sr for study in r.get_json()["data"] for sr in study["studyResults"]]
    assert sorted((sr["groupId"], sr["studyState"]) for sr in runs) == \
        [(1, "STARTED"), (1, "STARTED"), (3, "FINISHED")]
    assert {sr["comment"] for sr in runs if sr["workerType"] == "PersonalMultiple"} == {"pair member B"}


def test_deleting_the_last_run_of_a_finished_group_removes_the_group(api):
    finished = [sr["id"] for study in api.call("POST", "results/metadata", json={"groupIds": [3]}).get_json()["data"]
                for sr in study["studyResults"]]
    assert len(finished) == 1
    with api.runtime.store.read() as state:
        batch_id = state.groups[3].batch_id
    assert api.call("POST", "results/delete", json={"studyResultIds": finished}).status_code == 200
    with api.runtime.store.read() as state:
        assert 3 not in state.groups and state.groups[1].batch_id == batch_id  # a running group stays
