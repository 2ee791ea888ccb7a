"""IOUtils' rules for a relative path under a base directory (study assets, result files, log files).

IOUtils.getFileSecurely: REGEX_LEGAL_IN_PATH (no control characters, DEL or \\ < > : " | ? *), not absolute, and
nothing that leaves the base directory once normalised. The base directory itself ("", from "." or "a/..") passes.
"""

import re

_ILLEGAL = re.compile(r'[\x00-\x1f\x7f\\<>:"|?*]')  # IOUtils.REGEX_LEGAL_IN_PATH, negated


def refusal(path: str) -> str | None:
    """The IOException message IOUtils.getFileSecurely throws for `path`, or None if it takes the path."""
    if path == "" or _ILLEGAL.search(path):
        return f'Couldn\'t generate path to file or directory "{path}".'
    if path.startswith("/"):
        return f'Path "{java_path(path)}" should be relative.'
    if resolve(path) is None:
        return f'Couldn\'t generate path to file or directory "{java_path(path)}".'
    return None


def secure(path: str) -> str | None:
    """The normalised relative path getFileSecurely takes ('/' separators, "" for the base itself), or None."""
    return None if refusal(path) is not None else resolve(path)


def resolve(path: str) -> str | None:
    """A relative '/' path normalised (Path.resolve(...).normalize()): no '', '.' or '..' segments; None if it
    leaves the directory it is relative to."""
    parts: list[str] = []
    for segment in path.split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if not parts:
                return None
            parts.pop()
            continue
        parts.append(segment)
    return "/".join(parts)


def java_path(path: str) -> str:
    """Path.toString: repeated and trailing separators dropped."""
    text = re.sub("/+", "/", path)
    return text[:-1] if len(text) > 1 and text.endswith("/") else text
