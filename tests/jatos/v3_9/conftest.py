"""A JATOS 3.9 mock per test (the built-in fixtures, a seed), and helpers for its plain-text answers."""

import pytest


@pytest.fixture
def api39(make_api):
    return make_api(seed=1, version="3.9")


def text(r) -> tuple[int, str, str]:
    """(status, Content-Type, body) of a 3.9 answer."""
    return r.status_code, r.headers.get("Content-Type"), r.get_data(as_text=True)


PLAIN = "text/plain; charset=utf-8"
