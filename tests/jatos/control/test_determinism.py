"""Same seed + same fixtures + same requests -> byte-identical responses; another seed -> other tokens."""

from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.settings import Settings

ADMIN = {"Authorization": "Bearer jap_KGpOyQNcdOyZbkBFTFoOxtzHq8STZHEa5b7c3"}
HEADERS = ("Content-Type", "Content-Length", "Content-Disposition", "Location", "ETag", "Last-Modified")


def session(seed: int) -> list[tuple]:
    """A scripted session on a fresh mock: tokens, a study, its export, study codes, a minted token."""
    client = create_app(Settings(seed=seed)).test_client()
    answers = []

    def call(method, path, **kwargs):
        r = client.open(path, method=method, headers=ADMIN, **kwargs)
        answers.append((method, path, r.status_code, r.get_data(),
                        tuple((h, r.headers.get(h)) for h in HEADERS)))
        return r

    call("GET", "/jatos/api/v1/admin/token")
    call("POST", "/jatos/api/v1/users/1/tokens", json={"name": "determinism", "expires": 3600})
    call("POST", "/jatos/api/v1/users/2/tokens", json={"name": "second"})
    study = call("POST", "/jatos/api/v1/studies", json={"title": "Determinism", "description": "same bytes"})
    study_id = (study.get_json(silent=True) or {}).get("data", {}).get("id", 1)
    call("GET", f"/jatos/api/v1/studies/{study_id}")
    call("GET", f"/jatos/api/v1/studies/{study_id}/properties")
    call("POST", f"/jatos/api/v1/studies/{study_id}/studyCodes?type=ps&amount=3")
    call("POST", "/__mock__/tokens", json={"username": "researcher", "expires": 60})
    call("GET", "/__mock__/state")
    return answers


def test_the_same_seed_gives_byte_identical_responses():
    first, second = session(42), session(42)
    assert [a[:3] for a in first] == [a[:3] for a in second]
    for one, other in zip(first, second):
        assert one == other, f"{one[0]} {one[1]} differs between two runs with the same seed"
    created = [a for a in first if a[1].endswith("/tokens") and a[0] == "POST"]
    assert all(status in (200, 201) for _, _, status, _, _ in created)


def test_another_seed_gives_other_tokens():
    def minted(answers):
        return [body for method, path, status, body, _ in answers if path.endswith("/tokens") and method == "POST"]
    one, other = minted(session(1)), minted(session(2))
    assert len(one) == 3
    assert all(a != b for a, b in zip(one, other))
