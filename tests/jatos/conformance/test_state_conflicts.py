"""A schema-valid request that the target refuses because of its state (a rename onto a taken name) is not a
contract failure; every other refusal of schema-valid data still is."""

from jatos_mock.jatos.conformance.checks import is_state_conflict


def test_a_rename_onto_a_taken_dir_name_is_a_state_conflict(mock_app, token_of):
    app = mock_app()
    client = app.test_client()
    auth = {"Authorization": f"Bearer {token_of(app)['researcher']}"}
    studies = client.get("/jatos/api/v1/studies/properties", headers=auth).json["data"]
    first, second = studies[0], studies[1]
    taken = client.patch(f"/jatos/api/v1/studies/{first['id']}/properties", headers=auth,
                         json={"dirName": second["dirName"]})
    assert taken.status_code == 400 and is_state_conflict(taken.status_code, taken.get_data())
    blank = client.patch(f"/jatos/api/v1/studies/{first['id']}/properties", headers=auth, json={"title": " "})
    assert blank.status_code == 400 and not is_state_conflict(blank.status_code, blank.get_data())
    assert not is_state_conflict(500, taken.get_data()) and not is_state_conflict(400, b"not json")
