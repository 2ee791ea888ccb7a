"""Requests real JATOS takes although its spec would not: answered, and in `jatos` fidelity ledgered as known."""

NEW_USER = '{"username": "bob", "name": "Bob", "password": "abcdefgh1A!x", "authMethod": "DB"}'


def test_raw_bodies_ignore_the_content_type_m13(api, spec_api):
    for content_type in (None, "text/plain"):
        headers = {"Content-Type": content_type} if content_type else {}
        r = api.call("POST", "users", data=NEW_USER.replace("bob", f"bob{len(headers)}"), headers=headers)
        assert r.status_code == 201, r.get_data()
    assert api.call("PATCH", "users/2", data='{"name": "Renamed"}').get_json()["data"]["name"] == "Renamed"
    assert api.violations() == []  # explained by M13, so strict plugin tests pass against the jatos-fidelity mock
    assert {v.deviations for v in api.violations(unregistered_only=False) if v.kind == "request"} == {("M13",)}

    r = spec_api.call("POST", "users", data=NEW_USER, headers={"Content-Type": "text/plain"})
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "VALIDATION_ERROR"
    assert "media type" in r.get_json()["error"]["message"]


def test_text_json_is_json_m13(api, spec_api):
    headers = {"Content-Type": "text/json; charset=utf-8"}
    assert api.call("POST", "users/2/tokens", data='{"name": "ci"}', headers=headers).status_code == 201
    assert api.violations() == []
    assert spec_api.call("POST", "users/2/tokens", data='{"name": "ci"}', headers=headers).status_code == 400


def test_a_role_by_ordinal_m14(api, spec_api):
    r = api.call("PATCH", "users/2/roles", json={"role": 2})
    assert r.status_code == 200 and "VIEWER" in r.get_json()["data"]["roles"]
    assert api.violations() == []
    r = spec_api.call("PATCH", "users/2/roles", json={"role": 2})
    assert r.status_code == 400
    assert "VIEWER" not in spec_api.call("GET", "users/2").get_json()["data"]["roles"]


def test_an_empty_boolean_or_number_in_the_query_takes_the_default_m19(api, spec_api):
    """JATOS 3.10.5 runs on Play 2.7.9, whose QueryStringBindable.Parsing drops an empty value: the route's default
    applies (a Boolean `?= false`, an Integer `?= 1`), as in 3.9."""
    r = api.call("GET", "studies/1/properties?withComponentProperties=&withBatchProperties=", user="researcher")
    assert r.status_code == 200, r.get_data()
    default = api.call("GET", "studies/1/properties", user="researcher").get_json()["data"]
    assert r.get_json()["data"] == default  # components as {id, uuid}, no batch properties: the false defaults
    r = api.call("GET", "studies/1/studyCodes?type=pm&amount=", user="researcher")
    assert r.status_code == 200 and len(r.get_json()["data"]) == 1  # amount ?= 1
    assert api.violations() == []  # explained by M19
    explained = [v.deviations for v in api.violations(unregistered_only=False) if v.kind == "request"]
    assert len(explained) == 2 and all("M19" in d for d in explained)

    blank = api.call("GET", "studies/1/properties?withComponentProperties=%20", user="researcher")
    assert blank.status_code == 400  # a blank is a value to Play: trimmed to "", not a boolean

    r = spec_api.call("GET", "studies/1/properties?withComponentProperties=", user="researcher")
    assert r.status_code == 400
