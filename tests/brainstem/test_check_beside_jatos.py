"""The engine's hooks are registered once per process and dispatch to the running check: a JATOS check and a
BrainSTEM check in one process both run the engine with their own checks and observers, in either order."""

from jatos_mock.brainstem.app import create_app as brainstem_app
from jatos_mock.brainstem.conformance.runner import Target as BrainstemTarget
from jatos_mock.brainstem.conformance.runner import run as brainstem_run
from jatos_mock.brainstem.settings import Settings as BrainstemSettings
from jatos_mock.jatos.app import create_app as jatos_app
from jatos_mock.jatos.conformance.runner import Options
from jatos_mock.jatos.conformance.runner import Target as JatosTarget
from jatos_mock.jatos.conformance.runner import run as jatos_run
from jatos_mock.jatos.settings import Settings as JatosSettings

ALICE = "5f1c0a7e2b9d4c6a8e0f1b3d5c7a9e2f4b6d8a0c"
JATOS_OPERATIONS = ("getStudyProperties", "getComponent")


def _brainstem(max_examples=2):
    app = brainstem_app(BrainstemSettings(seed=2))
    result = brainstem_run(BrainstemTarget(token=ALICE, app=app), read_only=True, max_examples=max_examples)
    engine_labels = [label for label in result.operations if "{portal}" in label and "{id}" in label]
    return result, engine_labels


def _jatos():
    app = jatos_app(JatosSettings(seed=1, fidelity="spec"))
    token = next(t["token"] for t in app.extensions["jatos_mock"].fixture_tokens if t["username"] == "researcher")
    return jatos_run(JatosTarget(token=token, app=app),
                     Options(operations=JATOS_OPERATIONS, max_examples=2, seed=1, existing_ids=False))


def test_a_jatos_check_and_a_brainstem_check_share_one_process():
    first, labels = _brainstem()
    jatos = _jatos()
    second, _ = _brainstem()
    for result in (first, second):
        assert result.ok, [(r.label, r.errors, [f.message[:200] for f in r.failures])
                           for r in result.operations.values() if r.status == "failed"]
        # the engine's generated requests reached the BrainSTEM operations (beyond the sweep's list and detail)
        assert result.cases > 100 and labels and all(result.operations[label].cases for label in labels)
    assert [op for op in jatos.operations.values() if op.cases] and jatos.ok, \
        [(r.label, r.errors, [f.message[:200] for f in r.failures]) for r in jatos.operations.values()]
    # JATOS's observer counted its own answers only
    assert all(label.startswith("GET /jatos/api/v1/") for label in jatos.operations), list(jatos.operations)
