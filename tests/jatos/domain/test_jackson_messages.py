"""Jackson's names for a JSON value, as both JATOS binders (batch properties, new users) put them in their errors."""

import pytest

from jatos_mock.jatos import errors
from jatos_mock.jatos.domain import batches, jackson, users


@pytest.mark.parametrize(("value", "kind", "unexpected"), [
    (True, "Boolean", "Boolean value"), (7, "Integer", "Integer value"),
    (1.5, "Floating-point", "Floating-point value"),
    ("x", "String", "String value"), (None, "Null", "Null value"),
    ([1], "Array", "Array value (token `JsonToken.START_ARRAY`)"),
    ({"a": 1}, "Object", "Object value (token `JsonToken.START_OBJECT`)"),
])
def test_kinds_and_unexpected_tokens(value, kind, unexpected):
    assert jackson.kind(value) == kind and jackson.unexpected(value) == unexpected


def test_a_batch_title_given_as_a_list_names_the_array_token():
    with pytest.raises(batches.BindingError) as info:
        batches.bind_properties({"title": ["a"]}, {})
    assert info.value.detail == ("Cannot deserialize value of type `java.lang.String` from Array value "
                                 "(token `JsonToken.START_ARRAY`)")


def test_a_batch_limit_given_as_text_names_the_string_value():
    with pytest.raises(batches.BindingError) as info:
        batches.bind_properties({"maxTotalWorkers": "10"}, {})
    assert info.value.detail == "Cannot deserialize value of type `java.lang.Integer` from String value"


def test_a_new_users_role_and_name_of_the_wrong_kind_are_named_as_jackson_does():
    with pytest.raises(errors.InvalidJson, match=r"from Integer \"5\": not one of the values accepted"):
        users.bind_new_user({"role": 5}, lambda: True, lambda: True)
    with pytest.raises(errors.InvalidJson, match=r"Cannot coerce Array value \(\[1\]\) to `java.lang.String` value"):
        users.bind_new_user({"name": [1]}, lambda: True, lambda: True)
