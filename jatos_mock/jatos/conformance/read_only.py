"""Which JATOS requests change nothing, for read-only runs against production servers."""

from jatos_mock.core.conformance import selection

# the result exports are POSTs with a selector body; they read, never write (Api.exportResults*)
READ_ONLY_POSTS = frozenset({
    "/jatos/api/v1/results",
    "/jatos/api/v1/results/metadata",
    "/jatos/api/v1/results/data",
    "/jatos/api/v1/results/files",
})


def is_read_only(method: str, path: str) -> bool:
    """Whether a JATOS operation ("METHOD", "/path template") changes nothing on the server."""
    return selection.is_read_only(method, path, READ_ONLY_POSTS)
