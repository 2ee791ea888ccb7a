"""Play 2.7's query binding as JATOS 3.9 gets it (reference 3.9 §1.1), and 3.9's study log answers (§2.6, §3.3)."""

import json

import pytest

from tests.jatos.v3_9.conftest import PLAIN, text


@pytest.mark.parametrize("value, with_components", [("", False), ("true", True), (" 1 ", True), ("0", False)])
def test_booleans_take_true_false_1_0_and_empty_means_the_default(api39, value, with_components):
    study = api39.call("GET", f"studies/1/properties?withComponentProperties={value}").get_json()["data"]
    assert ("title" in study["components"][0]) is with_components


@pytest.mark.parametrize("value", ["TRUE", "yes", "2"])
def test_other_boolean_values_are_bad_requests(api39, value):
    assert text(api39.call("GET", f"studies/1/properties?withBatchProperties={value}")) == (400, PLAIN, "bad request")


def test_an_empty_integer_means_its_default(api39):
    assert len(api39.call("GET", "studies/1/studyCodes?type=pm&amount=").get_json()["data"]) == 1


def test_the_study_log_as_json_lines_newest_first(api39):
    r = api39.call("GET", "studies/1/log?download=false&entryLimit=1")
    assert r.status_code == 200 and r.mimetype == "application/jsonline"
    entries = json.loads(r.get_data())
    assert len(entries) == 2 and entries[1] == "--- Log is cut here. Download it to get the whole file. ---"


def test_the_study_log_download_and_a_missing_log(api39):
    r = api39.call("GET", "studies/1/log")
    assert r.status_code == 200 and r.mimetype == "application/octet-stream"
    assert r.headers["Content-Disposition"] == 'attachment; filename="jatos_studylog_5a1c3e0e-8f2b-4d3a-9a61-' \
                                               '2f0c7b9e4d11.log"'
    with api39.runtime.store.write() as state:  # a study whose log file is gone
        state.study_logs.pop("5a1c3e0e-8f2b-4d3a-9a61-2f0c7b9e4d11")
    missing = api39.call("GET", "studies/1/log")
    assert (missing.status_code, missing.get_data()) == (404, b"")
    assert json.loads(api39.call("GET", "studies/1/log?download=false").get_data()) == [
        "Error: Could not open log file"]


def test_a_blank_value_is_a_value_not_an_absence(api39):
    """Play's Parsing.bind drops only the empty string: a blank is parsed, and fails."""
    assert text(api39.call("GET", "studies/1/properties?withBatchProperties=%20")) == (400, PLAIN, "bad request")
    assert api39.call("GET", "studies/1/properties?withBatchProperties=").status_code == 200
