"""A run never cuts off its own access: generated ids that name the run's tokens or their users are swapped for an
id no server has, so `PATCH tokens/1 {"active": false}` cannot turn the rest of the run into accepted 401s."""

from types import SimpleNamespace

from jatos_mock.jatos.conformance import credentials
from jatos_mock.jatos.conformance.runner import Options, Target, run

GUARDED = ("toggleApiTokenActive", "deleteApiToken", "deleteUser", "updateUser", "changeUserRole")


def _case(operation_id, value):
    operation = SimpleNamespace(definition=SimpleNamespace(raw={"operationId": operation_id}))
    return SimpleNamespace(operation=operation, path_parameters={"id": value})


def test_only_the_runs_own_ids_are_swapped():
    own = credentials.OwnCredentials(token_ids={1}, user_ids={2})
    for operation_id, value, expected in [
        ("toggleApiTokenActive", 1, credentials.ABSENT_ID),
        ("deleteApiToken", "01", str(credentials.ABSENT_ID)),  # Play binds "01" to 1 as well
        ("deleteApiToken", 2, 2),  # a token id that is not the run's
        ("deleteUser", "2", str(credentials.ABSENT_ID)),
        ("deleteUser", 1, 1),  # user 1 is not the run's user here
        ("getUser", 2, 2),  # reading is harmless
        ("deleteUser", "x", "x"),
    ]:
        case = _case(operation_id, value)
        credentials.guard(case, own)
        assert case.path_parameters["id"] == expected, (operation_id, value)


def _answers(app, path):
    return [e for e in app.extensions["jatos_mock"].journal.entries() if e.path == path]


def test_a_run_keeps_its_tokens_and_users(mock_app, token_of):
    app = mock_app()
    tokens = token_of(app)
    target = Target(token=tokens["researcher"], admin_token=tokens["admin"], app=app)
    twin = mock_app().test_client()  # same fixtures, same ids (the app under test must see no request yet)
    own = {name: twin.get("/jatos/api/v1/admin/token", headers={"Authorization": f"Bearer {tokens[name]}"}).json["data"]
           for name in ("researcher", "admin")}
    result = run(target, Options(operations=GUARDED, max_examples=20, seed=1, existing_ids=False,
                                 phases=("examples", "coverage", "fuzzing")))
    assert result.cases > 0 and not result.errors
    client = app.test_client()
    for name, token in (("researcher", own["researcher"]), ("admin", own["admin"])):
        answer = client.get("/jatos/api/v1/admin/token", headers={"Authorization": f"Bearer {tokens[name]}"})
        assert answer.status_code == 200 and answer.json["data"]["active"] is True, name
        assert client.get(f"/jatos/api/v1/users/{token['userId']}",
                          headers={"Authorization": f"Bearer {tokens['admin']}"}).status_code == 200, name
    # the aimed requests were still sent and answered, at an id no server has
    swapped = _answers(app, f"/jatos/api/v1/tokens/{credentials.ABSENT_ID}")
    assert swapped and all(e.status in (400, 401, 403, 404) for e in swapped)

