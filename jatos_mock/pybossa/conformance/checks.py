"""What every PyBossa answer must satisfy, beyond the contract's schemas (reference §1, §3, §5): the error object's
keys in PyBossa's order, the rate-limit headers of API views (Reset an absolute epoch), werkzeug's texts."""

import json
import time

ERROR_KEYS = ["action", "status", "status_code", "target", "exception_cls", "exception_msg"]
RATE_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")


def problems(status: int, headers: dict[str, str], body: bytes, *, api_view: bool = True,
             now: float | None = None) -> list[str]:
    """What is wrong with one answer of an API view (`api_view`: routed to PyBossa's views, so rate-limited)."""
    found = []
    content_type = headers.get("content-type", "")
    if api_view:
        missing = [h for h in RATE_HEADERS if h.lower() not in headers]
        if missing:
            found.append(f"rate-limit headers missing: {', '.join(missing)}")
        else:
            reset = headers["x-ratelimit-reset"]
            now = time.time() if now is None else now
            if not reset.isdigit() or int(reset) % 60 != 0:
                found.append(f"X-RateLimit-Reset {reset!r} is not an epoch window boundary")
            elif int(reset) < now - 86400 * 365 * 30:
                found.append(f"X-RateLimit-Reset {reset!r} is not an absolute epoch (pbs sleeps Reset - now)")
    if status >= 400 and content_type.startswith("application/json") and api_view:
        try:
            document = json.loads(body)
        except ValueError:
            return found + ["error answer is not JSON"]
        if isinstance(document, dict) and "code" not in document:
            if list(document) != ERROR_KEYS:
                found.append(f"error object keys {list(document)} are not PyBossa's {ERROR_KEYS}")
            elif document["status_code"] != status or document["status"] != "failed":
                found.append(f"error object says status_code {document['status_code']} on a {status} answer")
    return found
