"""A JATOS 3.9 mock per test (the built-in fixtures, a seed), and helpers for its plain-text answers.

Every app a test here builds is checked afterwards: its answers broke 3.9's contract (jatos-api-3.9.yaml) only where
a registered 3.9 deviation explains it (requests that matched no operation are the test's own, not checked).
"""

import pytest

from jatos_mock.core.contract.ledger import UNMATCHED
from jatos_mock.jatos.deviations import load_registry


@pytest.fixture
def make_api(make_api):
    built = []

    def make(**settings):
        api = make_api(**settings)
        built.append(api)
        return api

    yield make
    for api in (a for a in built if a.runtime.version.name.startswith("3.9")):
        unexplained = [v.describe() for v in api.runtime.ledger.entries() if v.kind != UNMATCHED
                       and (not v.registered or not all(_for_3_9(d) for d in v.deviations))]
        assert unexplained == [], "3.9 answers that broke 3.9's contract without a registered 3.9 deviation"


def _for_3_9(deviation_id: str) -> bool:
    return any(v.startswith("3.9") for v in load_registry()[deviation_id].versions)


@pytest.fixture
def api39(make_api):
    return make_api(seed=1, version="3.9")


def text(r) -> tuple[int, str, str]:
    """(status, Content-Type, body) of a 3.9 answer."""
    return r.status_code, r.headers.get("Content-Type"), r.get_data(as_text=True)


PLAIN = "text/plain; charset=utf-8"
