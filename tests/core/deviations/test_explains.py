"""A registered deviation excuses only the violations it says it explains: one applied on every answer of an
operation (`explains: response`) must not hide a request that broke the contract."""

import pytest
import yaml

from jatos_mock.core.deviations.registry import RegistryError, load_registry
from jatos_mock.core.deviations.switch import Switch, fidelity_scope
from jatos_mock.core.profile import Profile

ENTRY = {"title": "t", "operations": ["GET /things"], "kind": "field", "spec": "s", "toy": "r", "versions": ["1"],
         "source": "x"}


def _switch(tmp_path, entries):
    path = tmp_path / "deviations.yaml"
    path.write_text(yaml.safe_dump(entries))
    return Switch(lambda: load_registry(path, "toy"), str(path))


def test_a_response_only_deviation_explains_response_violations_only(tmp_path):
    switch = _switch(tmp_path, [{"id": "T1", **ENTRY, "explains": "response"}, {"id": "T2", **ENTRY}])
    with fidelity_scope(Profile("toy", "1", "toy")) as scope:
        assert switch.deviates("T1") and switch.deviates("T2")
    assert scope.explaining("response") == ("T1", "T2")
    assert scope.explaining("request") == ("T2",)


def test_explains_takes_request_or_response_only(tmp_path):
    path = tmp_path / "deviations.yaml"
    path.write_text(yaml.safe_dump([{"id": "T1", **ENTRY, "explains": "answers"}]))
    with pytest.raises(RegistryError, match="field 'explains' must be one of request, response"):
        load_registry(path, "toy")
