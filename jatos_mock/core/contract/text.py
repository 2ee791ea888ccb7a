"""JSON strings as they leave Java: a lone UTF-16 surrogate cannot be written as UTF-8. Java's encoder writes '?'
for it; Jackson's UTF8JsonGenerator writes it as a \\uXXXX escape."""

import re

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_lone_surrogates(value):
    """A JSON value with every lone surrogate in its strings and keys replaced, as Java's UTF-8 encoder does.

    JSON's `\\uD800` escapes can produce them; the Python decoder joins valid pairs, so only lone ones are left.
    """
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("?", value)
    if isinstance(value, list):
        return [replace_lone_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {replace_lone_surrogates(k): replace_lone_surrogates(v) for k, v in value.items()}
    return value


def escape_lone_surrogates(json_text: str) -> str:
    """Serialised JSON with each lone surrogate written as an upper-case \\uXXXX escape (UTF8JsonGenerator
    ._outputMultiByteChar); in JSON text they only occur inside strings, so the result is valid JSON."""
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04X}", json_text)
