"""How Jackson (JATOS's JSON binder) names a JSON value in its binding errors: DeserializationContext._shapeForToken,
and the token it adds for a container in handleUnexpectedToken."""


def kind(value) -> str:
    """'Integer', 'String', 'Array', ...: as in "from String \\"x\\"" and "Cannot coerce Integer value"."""
    if value is None:
        return "Null"
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float):
        return "Floating-point"
    if isinstance(value, list):
        return "Array"
    return "Object" if isinstance(value, dict) else "String"


def unexpected(value) -> str:
    """What follows "Cannot deserialize value of type `T` from " when the value's token does not fit `T`."""
    token = {"Array": "START_ARRAY", "Object": "START_OBJECT"}.get(kind(value))
    return f"{kind(value)} value" + (f" (token `JsonToken.{token}`)" if token else "")
