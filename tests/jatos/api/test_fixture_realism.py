"""The fixture runs look like runs of real studies (issue 16): jatos.js's heartbeat gives every run whose components
ran a lastSeenDate, the first about a second after the start, then one every 2 minutes until the end."""

from jatos_mock.jatos.domain import heartbeats

UUIDS = ["5a1c3e0e-8f2b-4d3a-9a61-2f0c7b9e4d11", "b7e2d4c6-1a3f-4e5b-8c9d-0f1e2a3b4c5d",
         "c3d9f1a2-6b4e-4c8d-9e0f-1a2b3c4d5e6f"]


def _runs(api):
    r = api.call("POST", "results/metadata", user="researcher", json={"studyUuids": UUIDS})
    assert r.status_code == 200
    return [run for study in r.get_json()["data"] for run in study["studyResults"]]


def test_every_run_with_components_was_last_seen_by_a_heartbeat(api):
    runs = _runs(api)
    assert any(run["studyState"] == "FINISHED" for run in runs)
    for run in runs:
        if not run["componentResults"]:
            assert run["lastSeenDate"] is None  # jatos.js never ran (PRE)
            continue
        seen, start, end = run["lastSeenDate"], run["startDate"], run["endDate"]
        assert seen is not None, run
        assert start < seen and (end is None or seen <= end), run
        if end is not None and seen >= start + heartbeats.FIRST_AFTER_MS:
            assert (seen - start - heartbeats.FIRST_AFTER_MS) % heartbeats.PERIOD_MS == 0
            assert end - seen < heartbeats.PERIOD_MS  # the last heartbeat before the end


def test_a_short_finished_run_was_last_seen_a_second_after_its_start(api):
    first = next(run for run in _runs(api) if run["comment"] == "participant 7")
    assert first["studyState"] == "FINISHED"
    assert first["lastSeenDate"] - first["startDate"] == 1_000


def test_no_fixture_run_lasts_longer_than_a_working_day(api):
    for run in _runs(api):
        if run["endDate"] is not None:
            assert run["endDate"] - run["startDate"] < 8 * 3600 * 1000, run


def test_last_seen_rule():
    assert heartbeats.last_seen(0, None) == 1_000
    assert heartbeats.last_seen(0, 500) == 500
    assert heartbeats.last_seen(0, 121_000) == 121_000
    assert heartbeats.last_seen(0, 240_999) == 121_000
