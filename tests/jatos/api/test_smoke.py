def test_admin_token_answers_with_the_metadata_of_the_token_used(api):
    r = api.call("GET", "admin/token", user="researcher")
    assert r.status_code == 200
    assert r.json["data"]["username"] == "researcher"
    assert api.violations() == []
