"""PyBossa's reads reused for the same request at an unchanged state (core/http/answer_cache.py): the same bytes as
a computed answer, with the rate limit counted and its headers fresh for every request."""

from jatos_mock.core.http.answer_cache import AnswerCache
from jatos_mock.pybossa.app import create_app
from jatos_mock.pybossa.settings import Settings
from tests.pybossa.conftest import OWNER


def _client(**settings):
    app = create_app(Settings(seed=1, **settings))
    return app.test_client(), app.extensions["jatos_mock"]


def test_a_reused_read_is_the_computed_one_and_counts_against_the_limit():
    client, rt = _client(rate_limit=6)
    computing, computing_rt = _client(rate_limit=6)
    computing_rt.answers = AnswerCache(size=0)
    for path in ("/api/category", "/api/task?project_id=1&limit=5", "/api/project/1?callback=show"):
        seen = [client.get(path) for _ in range(6)]
        computed = [computing.get(path) for _ in range(6)]
        for a, b in zip(seen, computed):
            assert (a.status_code, sorted(a.headers.items()), a.get_data()) == \
                   (b.status_code, sorted(b.headers.items()), b.get_data())
        assert [r.headers["X-RateLimit-Remaining"] for r in seen] == ["5", "4", "3", "2", "1", "0"]
        if "callback" not in path:  # JSONP answers a refusal with 200 too (util.jsonpify)
            assert [r.status_code for r in seen] == [200] * 5 + [429]
    assert len(rt.answers) == 3
    assert len(rt.journal.entries()) == 18


def test_a_write_gives_the_next_read_the_new_state():
    client, rt = _client()
    path = "/api/task?project_id=1&limit=100"
    before = client.get(path).get_json()
    assert client.get(path).get_json() == before and len(rt.answers) == 1
    made = client.post(f"/api/task?api_key={OWNER}", json={"project_id": 1, "info": {"n": "new"}})
    assert made.status_code == 200, made.get_data()
    after = client.get(path).get_json()
    assert len(after) == len(before) + 1 and after[-1]["info"] == {"n": "new"}
