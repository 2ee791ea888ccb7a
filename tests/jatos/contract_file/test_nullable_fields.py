"""JATOS leaves null properties out after an assets-structure call (A42: NON_NULL on the shared mapper), so every
answer the contract describes must stay valid with its nullable properties absent as well as null."""

import yaml

from jatos_mock.jatos.resources import contract_path


def _nullable(schema: dict) -> bool:
    return bool(schema.get("nullable")) or any(isinstance(s, dict) and s.get("nullable")
                                               for s in schema.get("oneOf", []) + schema.get("anyOf", []))


def _schemas_with(document: dict):
    """Every object schema in components (properties of allOf parts merged), with its required list."""
    for name, schema in document["components"]["schemas"].items():
        parts = [schema] + [p for p in schema.get("allOf", []) if isinstance(p, dict)]
        properties = {k: v for part in parts for k, v in part.get("properties", {}).items()}
        required = {r for part in parts for r in part.get("required", [])}
        yield name, properties, required


def test_no_nullable_property_is_required():
    document = yaml.safe_load(contract_path().read_text(encoding="utf-8"))
    required_nullable = [f"{name}.{prop}" for name, properties, required in _schemas_with(document)
                         for prop, schema in properties.items()
                         if isinstance(schema, dict) and _nullable(schema) and prop in required]
    assert required_nullable == []


def test_an_answer_without_its_null_properties_is_valid(api):
    from jatos_mock.core.contract.spec import load_spec
    from jatos_mock.core.contract.validation import ContractValidator

    validator = ContractValidator(load_spec(contract_path()))
    r = api.call("GET", "users/1")
    user = r.json["data"]
    assert any(value is None for value in user.values())  # the fixture admin has null fields to leave out
    trimmed = {"apiVersion": r.json["apiVersion"], "data": {k: v for k, v in user.items() if v is not None}}
    op = validator.operation("GET", "/jatos/api/v1/users/{id}")
    assert validator.validate_response(op, "GET", 200, "application/json", None, trimmed) == []
