"""When a study run was last seen: jatos.js's heartbeat worker (publix heartbeat.js) posts to `.../heartbeat` once
right after the component page loads, then every 2 minutes (its default period) until the page is left; each post
sets the study result's lastSeenDate. Real recordings show the first one about a second after the start."""

FIRST_AFTER_MS = 1_000  # the first heartbeat, as recorded on real servers
PERIOD_MS = 120_000  # heartbeat.js periodDefault


def last_seen(start_ms: int, end_ms: int | None) -> int:
    """The last heartbeat of a run that started at `start_ms` and ended at `end_ms` (None: still running, only the
    first heartbeat is known)."""
    first = start_ms + FIRST_AFTER_MS
    if end_ms is None:
        return first
    if end_ms < first:
        return end_ms  # ended before the first heartbeat could be recorded later than the end
    return first + (end_ms - first) // PERIOD_MS * PERIOD_MS
