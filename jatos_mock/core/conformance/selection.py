"""Read-only mode for production servers: only requests that change nothing."""

SAFE_METHODS = frozenset({"GET", "HEAD"})


def is_read_only(method: str, path: str, read_only_posts: frozenset[str] = frozenset()) -> bool:
    """Whether an operation ("METHOD", "/path template") changes nothing on the server: a safe method, or one of
    the API's POSTs that only read (`read_only_posts`, path templates)."""
    method = method.upper()
    return method in SAFE_METHODS or (method == "POST" and path.rstrip("/") in read_only_posts)


def admin_only(operation) -> bool:
    """Whether an operation (engine.Operation) needs an admin's token: the contract's summary says so."""
    return "(admin tokens only)" in operation.summary
