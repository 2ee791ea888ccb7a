"""Reading faults: the compact spec and the JSON form become typed faults, checked against the API's profile."""

import pytest

from jatos_mock.core.faults import FaultError, build, parse_spec
from jatos_mock.core.faults.model import Drop, ErrorAnswer, Latency, LogNormal, RateLimit, Truncate, Uniform


def test_the_compact_spec_reads_target_probability_and_times(profile):
    assert parse_spec("error:500:UNEXPECTED_ERROR:Boom: really@POST /studies~0.5#3") == {
        "kind": "error", "status": "500", "code": "UNEXPECTED_ERROR", "message": "Boom: really",
        "target": "POST /studies", "probability": 0.5, "times": 3}
    assert build("latency:lognormal:100:0.5", profile).as_dict()["median"] == 100


def test_each_kind_becomes_its_own_type_with_its_own_fields(profile):
    latency = build("latency:uniform:50-300@listItems~0.5#3", profile)
    assert isinstance(latency, Latency) and latency.distribution == Uniform(min=50, max=300)
    assert (latency.target, latency.probability, latency.times) == ("listItems", 0.5, 3)
    assert build("latency:lognormal:100:0.5", profile).distribution == LogNormal(median=100, sigma=0.5)
    assert build({"kind": "error", "status": 500, "code": "Gone", "message": "x"}, profile) == \
        ErrorAnswer(status=500, code="Gone", message="x")
    assert build("ratelimit:10/60", profile) == RateLimit(limit=10, window=60)
    assert build("truncate:100", profile) == Truncate(bytes=100) and build("truncate", profile) == Truncate()
    assert build("drop@GET /items/*", profile) == Drop(target="GET /items/*")


def test_an_error_without_code_takes_the_apis_default_for_its_status(profile):
    assert (build("error:404", profile).code, build("error:404", profile).message) == ("Gone", "No such thing")
    assert (build("error:418", profile).code, build("error:418", profile).message) == ("BadRequest", "Bad")
    assert (build("error:503", profile).code, build("error:503", profile).message) == ("Boom", "It broke")


def test_build_rejects_unknown_fields(profile):
    with pytest.raises(FaultError, match="unknown fault field"):
        build({"kind": "drop", "colour": "red"}, profile)


@pytest.mark.parametrize("item, words", [
    ("explode", "unknown fault kind 'explode': one of latency, error, ratelimit, drop, truncate"),
    ("error:200", "4xx or 5xx"), ("latency:uniform:9-1", "min <= max"), ("latency:lognormal:0:1", "median above 0"),
    ("ratelimit:10", "LIMIT/SECONDS"), ("ratelimit:0/60", "at least 1"), ("drop~2", "between 0 and 1"),
    ("drop:now", "no arguments"), ("truncate:-1", "non-negative"), ("latency:x", "must be a number"),
    ({"kind": "latency", "distribution": "fixed", "ms": 5, "sigma": "wide"}, "sigma must be a number"),
    ({"kind": "latency", "distribution": "pareto"}, "one of fixed, uniform, lognormal"),
    ({"kind": "drop", "target": " "}, "target must be"), (["drop"], "spec string or a JSON object"),
    ("error", "error needs a status, e.g. error:503 or error:500:Boom:message")])
def test_a_bad_fault_is_refused_with_the_reason(profile, item, words):
    with pytest.raises(FaultError) as refused:
        build(item, profile)
    assert words in str(refused.value)


def test_an_error_code_outside_the_apis_codes_is_refused_with_the_api_and_its_codes(profile):
    with pytest.raises(FaultError) as refused:
        build("error:500:NOT_FOUND", profile)  # JATOS's code means nothing to this API
    assert str(refused.value) == "unknown error code 'NOT_FOUND': Acme answers with one of BadRequest, Gone, Boom"


def test_an_operation_target_must_be_one_of_the_apis_operations(profile):
    with pytest.raises(FaultError, match=r"unknown operation 'getItems'.*did you mean 'getItem' or 'listItems'"):
        build("drop@getItems", profile)
    with pytest.raises(FaultError, match=r"unknown operation 'getitem'.*did you mean 'getItem'\?"):
        build("drop@getitem", profile)  # a case slip
    with pytest.raises(FaultError) as refused:
        build("drop@getCurrentApiToken", profile)  # JATOS's operation is not this API's
    assert str(refused.value) == ("unknown operation 'getCurrentApiToken': not an operationId of the contract "
                                  "(or give 'METHOD /path', e.g. 'GET /items/{id}')")
    with pytest.raises(FaultError, match=r"matches no operationId.*'GET /items/\{id\}'"):
        build("drop@post*", profile)
    assert build("drop@*Item*", profile).target == "*Item*"
