"""Read-only mode for production servers: only requests that change nothing."""

# JATOS's result exports are POSTs with a selector body; they read, never write (Api.exportResults*)
READ_ONLY_POSTS = frozenset({
    "/jatos/api/v1/results",
    "/jatos/api/v1/results/metadata",
    "/jatos/api/v1/results/data",
    "/jatos/api/v1/results/files",
})
SAFE_METHODS = frozenset({"GET", "HEAD"})


def is_read_only(method: str, path: str) -> bool:
    """Whether an operation ("METHOD", "/path template") changes nothing on the server."""
    method = method.upper()
    return method in SAFE_METHODS or (method == "POST" and path.rstrip("/") in READ_ONLY_POSTS)


def admin_only(operation) -> bool:
    """Whether an operation (engine.Operation) needs an admin's token: the contract's summary says so."""
    return "(admin tokens only)" in operation.summary
