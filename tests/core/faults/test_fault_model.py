"""The typed fault model shows each kind as the control API's JSON: the shared fields, then the kind's own."""

import pytest

from jatos_mock.core.faults import build

SHARED = {"id": 0, "target": None, "probability": 1.0, "times": None, "hits": 0}


@pytest.mark.parametrize("spec, own", [
    ("latency:200", {"kind": "latency", "distribution": "fixed", "ms": 200.0}),
    ("latency:uniform:50-300", {"kind": "latency", "distribution": "uniform", "min": 50.0, "max": 300.0}),
    ("latency:lognormal:100:0.5", {"kind": "latency", "distribution": "lognormal", "median": 100.0, "sigma": 0.5}),
    ("error:503", {"kind": "error", "status": 503, "code": "Boom", "message": "It broke"}),
    ("ratelimit:10/60", {"kind": "ratelimit", "limit": 10, "window": 60.0}),
    ("drop", {"kind": "drop"}),
    ("truncate:100", {"kind": "truncate", "bytes": 100}),
    ("truncate", {"kind": "truncate", "bytes": None})])
def test_each_kind_shows_the_shared_fields_and_only_its_own(profile, spec, own):
    shown = build(spec, profile).as_dict()
    assert shown == {**SHARED, **own}
    assert list(shown)[:6] == ["id", "kind", "target", "probability", "times", "hits"]


def test_the_json_form_round_trips_through_as_dict(profile):
    fault = build("error:404:Gone:Not here@GET /items/*~0.25#2", profile)
    shown = fault.as_dict()
    again = build({k: v for k, v in shown.items() if k not in ("id", "hits")}, profile)
    assert again.as_dict() == shown
