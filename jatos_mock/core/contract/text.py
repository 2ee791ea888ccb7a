"""JSON strings as they leave Java: a lone UTF-16 surrogate cannot be written as UTF-8. Java's encoder writes '?'
for it; Jackson's UTF8JsonGenerator writes it as a \\uXXXX escape."""

import json
import re
import sys
from itertools import accumulate

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


# --- how deep a JSON document may nest ----------------------------------------------------------------------------
# One rule for every JSON text the mock reads (API bodies, stored values, .jas files, the control API, state files):
# at most 1000 levels of arrays and objects, Jackson 2.13.2.2's limit (UntypedObjectDeserializer.MAX_DEPTH, the
# CVE-2020-36518 fix in the version JATOS 3.10 ships). Checked on the text, without recursion, before parsing.
MAX_JSON_DEPTH = 1000
TOO_DEEP = f"JSON nesting depth exceeds the maximum allowed ({MAX_JSON_DEPTH})"
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_ALL_BUT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = {91: 1, 123: 1, 93: -1, 125: -1}
# what parsing, copying, encoding and validating a document of that depth (or a deep asset tree) takes on the stack
RECURSION_ROOM = 10_000


def too_deep(text: str | bytes) -> bool:
    """True if arrays and objects in the JSON text nest deeper than MAX_JSON_DEPTH (brackets in strings skipped)."""
    if text.count("[" if isinstance(text, str) else b"[") + text.count("{" if isinstance(text, str) else b"{") \
            <= MAX_JSON_DEPTH:
        return False
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    brackets = _JSON_STRING.sub(b"", data).translate(None, _ALL_BUT_BRACKETS)
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0) > MAX_JSON_DEPTH


def loads(text: str | bytes):
    """json.loads under the depth rule: a document nested too deep is a ValueError, like any invalid JSON."""
    if too_deep(text):
        raise ValueError(TOO_DEEP)
    return json.loads(text)


def make_room_for_deep_documents() -> None:
    """Documents up to MAX_JSON_DEPTH (and asset trees as deep as paths go) must fit Python's recursion limit."""
    if sys.getrecursionlimit() < RECURSION_ROOM:
        sys.setrecursionlimit(RECURSION_ROOM)
