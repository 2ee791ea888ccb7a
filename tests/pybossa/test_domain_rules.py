"""PyBossa's rules that live below HTTP: PostgreSQL's coercions and jsonb containment, fuzzyboolean, Crypto-PAn."""

import pytest

from jatos_mock.pybossa import errors
from jatos_mock.pybossa.domain import values
from jatos_mock.pybossa.domain.anonymizer import anonymize
from jatos_mock.pybossa.domain.query import fuzzyboolean
from jatos_mock.pybossa.models import BOOL, FLOAT, INT, INT_ARRAY, TEXT


def test_crypto_pan_of_the_default_key():
    assert anonymize("127.0.0.1") == "124.252.3.233"  # observed on the real server
    assert anonymize("::1") == "::1"  # not IPv4: unchanged


def test_values_go_into_columns_as_postgresql_takes_them():
    assert values.to_column("n_answers", INT, "5") == 5
    assert values.to_column("n_answers", INT, 2.5) == 3 and values.to_column("n_answers", INT, -2.5) == -3
    assert values.to_column("priority_0", FLOAT, 1) == 1.0
    assert values.to_column("name", TEXT, 7) == "7"
    assert values.to_column("published", BOOL, "yes") is True and values.to_column("published", BOOL, "of") is False
    assert values.to_column("owners_ids", INT_ARRAY, ["2", 3]) == [2, 3]
    with pytest.raises(errors.DataError, match='invalid input syntax for type integer: "abc"'):
        values.to_column("n_answers", INT, "abc")
    with pytest.raises(errors.PybossaError) as refused:
        values.to_column("published", BOOL, 1)
    assert refused.value.exception_cls == "ProgrammingError" and refused.value.status == 500


def test_jsonb_containment_and_text():
    assert values.contains({"a": 1, "b": {"c": [1, 2]}}, {"b": {"c": [2]}})
    assert not values.contains({"n": 110}, "110") and not values.contains({"n": 110}, '"110"')
    assert values.contains(["x", "y"], "x") and not values.contains({"x": 1}, "x")  # an array holds a bare scalar
    assert not values.contains({"n": 1}, {"n": True})
    assert values.as_text(110) == "110" and values.as_text({"a": [1, 2]}) == '{"a": [1, 2]}'
    assert values.as_text(None) is None


def test_fuzzyboolean():
    assert fuzzyboolean("Yes") is True and fuzzyboolean("0") is False
    with pytest.raises(errors.PybossaError, match="Invalid literal for boolean\\(\\): maybe"):
        fuzzyboolean("MAYBE")
