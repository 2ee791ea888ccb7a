"""An entry the mock applies in every fidelity (`fidelity: every`: it cannot answer otherwise) is recorded in spec
fidelity too, so the answer it causes is attributed to it instead of counted as an unregistered violation."""

import pytest
import yaml

from jatos_mock.core.deviations.registry import RegistryError, load_registry
from jatos_mock.core.deviations.switch import Switch, fidelity_scope
from jatos_mock.core.profile import Profile

ENTRY = {"title": "t", "operations": ["*"], "kind": "status", "spec": "s", "toy": "r", "versions": ["1"],
         "source": "x"}


def _switch(tmp_path, entries):
    path = tmp_path / "deviations.yaml"
    path.write_text(yaml.safe_dump(entries))
    return Switch(lambda: load_registry(path, "toy"), str(path))


def test_an_every_fidelity_entry_applies_in_spec_fidelity(tmp_path):
    switch = _switch(tmp_path, [{"id": "T1", **ENTRY, "fidelity": "every"}, {"id": "T2", **ENTRY}])
    with fidelity_scope(Profile("toy", "1", "spec")) as scope:
        assert switch.deviates("T1") and not switch.deviates("T2")
    assert scope.applied == ["T1"]
    with fidelity_scope(Profile("toy", "2", "spec")) as scope:  # still only for the versions it names
        assert not switch.deviates("T1")
    assert scope.applied == []


def test_fidelity_takes_every_only(tmp_path):
    path = tmp_path / "deviations.yaml"
    path.write_text(yaml.safe_dump([{"id": "T1", **ENTRY, "fidelity": "spec"}]))
    with pytest.raises(RegistryError, match="field 'fidelity' must be 'every'"):
        load_registry(path, "toy")
