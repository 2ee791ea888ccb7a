"""Turns OpenAPI 3.0 schemas into JSON Schema (draft 4) that jsonschema_rs compiles.

OAS 3.0 differs from draft 4 in `nullable`, in int32/int64 formats (bounds), and in keywords JSON Schema does not
know. Schemas keep their `$ref`s; every compiled schema carries the converted `components` so refs resolve.
"""

INT_BOUNDS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
_DROP = {"nullable", "discriminator", "example", "examples", "xml", "externalDocs", "deprecated", "readOnly",
         "writeOnly", "description", "title"}
_DROP_FORMATS = {"binary", "byte", "password", "int32", "int64", "float", "double"}


def to_json_schema(node):
    if isinstance(node, list):
        return [to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return {"$ref": node["$ref"]}
    out = {}
    for key, value in node.items():
        if key in _DROP:
            continue
        if key in ("properties", "patternProperties", "definitions"):
            out[key] = {name: to_json_schema(sub) for name, sub in value.items()}
        elif key == "format" and value in _DROP_FORMATS:
            continue
        else:
            out[key] = to_json_schema(value)
    bounds = INT_BOUNDS.get(node.get("format")) if node.get("type") == "integer" else None
    if bounds:
        out.setdefault("minimum", bounds[0])
        out.setdefault("maximum", bounds[1])
    if node.get("nullable") is True:
        if "type" in out:
            out["type"] = [out["type"], "null"]
            if "enum" in out and None not in out["enum"]:
                out["enum"] = [*out["enum"], None]
        else:
            out = {"anyOf": [{"type": "null"}, out]}
    return out


def convert_components(spec: dict) -> dict:
    schemas = spec.get("components", {}).get("schemas", {})
    return {"schemas": {name: to_json_schema(schema) for name, schema in schemas.items()}}


def rooted(schema: dict, components: dict) -> dict:
    """A self-contained schema: the converted schema wrapped so '#/components/...' refs resolve."""
    return {"allOf": [to_json_schema(schema)], "components": components}
