"""Every registry entry is switched in exactly the code that applies it, or says why it has no switch; and the
switch answers for the request's profile: its fidelity and its version."""

import ast
from pathlib import Path

import pytest

from jatos_mock.core.deviations.switch import current, fidelity_scope
from jatos_mock.core.profile import Profile
from jatos_mock.jatos.deviations import deviates, load_registry

PACKAGE = Path(__file__).resolve().parents[3] / "jatos_mock" / "jatos"  # JATOS's switches (other kits have their own)


def switched_ids() -> dict[str, list[str]]:
    """{id: [file:line, ...]} of every `deviates("ID")` call in the package (comments and strings do not count)."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "deviates" and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value, []).append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_every_entry_is_switched_in_the_code_or_says_why_not():
    switched = switched_ids()
    registry = load_registry()
    unexplained = [d.id for d in registry.values() if d.id not in switched and not d.switchless]
    assert unexplained == [], "switch these with deviates(\"ID\"), or mark them `switch: none` with a `why`"
    assert all(d.why for d in registry.values() if d.switchless)


def test_no_switched_entry_is_marked_switchless():
    switched = switched_ids()
    marked = {d.id: switched[d.id] for d in load_registry().values() if d.switchless and d.id in switched}
    assert marked == {}


def test_every_switch_names_a_registered_entry():
    assert set(switched_ids()) - set(load_registry()) == set()


JATOS_310 = Profile(api="jatos", version="3.10", fidelity="jatos")


@pytest.mark.parametrize("profile, answer", [
    (JATOS_310, True),
    (JATOS_310.with_fidelity("spec"), False),
    (Profile(api="jatos", version="3.9", fidelity="jatos"), False),  # A1 was established for 3.10 only
    ("jatos", True),  # a bare fidelity: no particular version
])
def test_deviates_answers_for_the_profiles_fidelity_and_version(profile, answer):
    assert load_registry()["A1"].versions == ("3.10",)
    with fidelity_scope(profile) as scope:
        assert deviates("A1") is answer
        assert current() is scope and scope.applied == (["A1"] if answer else [])
