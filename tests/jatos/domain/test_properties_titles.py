"""The title rules shared by study, component and batch properties (…Properties.validate), in JATOS's order."""

import pytest

from jatos_mock.jatos.domain.batches import batch_problem
from jatos_mock.jatos.domain.properties import component_problem, study_problem


@pytest.mark.parametrize("problem_of", [study_problem, component_problem, batch_problem])
@pytest.mark.parametrize("title,message", [(None, "Missing title"), ("  ", "Missing title"),
                                           ("x" * 256, "Title too long"), ("<b>x</b>", "No HTML allowed")])
def test_title_rules(problem_of, title, message):
    assert problem_of({"title": title, "dir_name": "ok_dir"}) == ("title", message)


def test_a_good_title_passes_on_to_the_next_rule():
    assert batch_problem({"title": "Wave 1", "maxActiveMembers": 0})[0] == "maxActiveMembers"
