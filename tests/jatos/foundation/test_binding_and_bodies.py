"""Play's parameter binding and JATOS's body readers, with the messages clients see."""

import pytest

from jatos_mock.jatos import errors
from jatos_mock.jatos.http import bodies
from jatos_mock.jatos.http.params import Bool, Int, Long, bind_query


def test_long_binding_failure_has_plays_message():
    with pytest.raises(errors.ClientError) as raised:
        Long().bind("id", "abc")
    assert raised.value.message == 'Cannot parse parameter id as Long: For input string: "abc"'


@pytest.mark.parametrize("raw,value", [("5", 5), ("-3", -3), ("+7", 7), (str(2**63 - 1), 2**63 - 1)])
def test_long_binds_what_java_parses(raw, value):
    assert Long().bind("id", raw) == value


@pytest.mark.parametrize("raw", ["", " 5", "5.0", str(2**63), "0x10"])
def test_long_refuses_what_java_refuses(raw):
    with pytest.raises(errors.ClientError):
        Long().bind("id", raw)


def test_int_is_32_bit():
    assert Int().bind("entryLimit", str(2**31 - 1)) == 2**31 - 1
    with pytest.raises(errors.ClientError, match="as Int"):
        Int().bind("entryLimit", str(2**31))


@pytest.mark.parametrize("raw,value", [("true", True), ("1", True), ("false", False), ("0", False), (" true ", True)])
def test_boolean_accepts_exactly_true_false_1_0(raw, value):
    assert Bool(False).bind("flatten", raw) is value


@pytest.mark.parametrize("raw", ["TRUE", "yes", "2", ""])
def test_boolean_refuses_others_with_plays_message(raw):
    with pytest.raises(errors.ClientError) as raised:
        Bool(False).bind("flatten", raw)
    assert raised.value.message == "Cannot parse parameter flatten as Boolean: should be true, false, 0 or 1"


def test_missing_required_query_parameter():
    with pytest.raises(errors.ClientError, match="Missing parameter: componentResultId"):
        bind_query({"componentResultId": Long()}, {})


def test_defaults_fill_absent_query_parameters():
    assert bind_query({"flatten": Bool(False), "limit": Int(-1)}, {}) == {"flatten": False, "limit": -1}


def test_json_readers_ignore_trailing_content_like_jackson_readtree():
    assert bodies.jackson_read('{"a": 1} trailing') == {"a": 1}


def test_empty_raw_body_is_invalid_request():
    with pytest.raises(errors.InvalidRequest, match="Request body is empty"):
        bodies.json_from_body(b"")


def test_malformed_raw_body_names_line_and_column():
    with pytest.raises(errors.InvalidJson) as raised:
        bodies.json_from_body(b'{\n  "a": }')
    assert raised.value.message.startswith("Invalid JSON at line 2, column 8:")


def test_non_object_body_is_rejected():
    with pytest.raises(errors.InvalidJson, match="Request body is not a JSON object"):
        bodies.json_object_from_body(b"[1, 2]")


def test_json_body_parser_wants_a_json_content_type():
    with pytest.raises(bodies.ClientUnsupported, match="Expected application/json"):
        bodies.parse_before_auth(bodies.JSON, "text/plain", b"{}")
    assert bodies.parse_before_auth(bodies.JSON, "text/json; charset=utf-8", b'{"a":1}') == {"a": 1}


def test_lenient_field_reading_as_jacksons_default_mapper():
    data = {"name": 123, "active": "true", "flag": 1, "obj": {}, "amount": "5"}
    assert bodies.field_from_json(data, "name", "String") == "123"
    assert bodies.field_from_json(data, "active", "Boolean") is True
    assert bodies.field_from_json(data, "flag", "Boolean") is True
    assert bodies.field_from_json(data, "amount", "Integer") == 5
    with pytest.raises(errors.InvalidRequest, match="'obj' field must be of type String"):
        bodies.field_from_json(data, "obj", "String")
    with pytest.raises(errors.InvalidRequest, match="Missing absent field"):
        bodies.field_from_json(data, "absent", "String")
