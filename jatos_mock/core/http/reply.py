"""What a handler answers: data and a message, with a status. The running API version renders it (its envelope)."""

from dataclasses import dataclass

MISSING = object()  # no `data` key at all, as JATOS's message-only answers


@dataclass(frozen=True)
class Reply:
    data: object = MISSING
    message: str | None = None
    status: int = 200
    headers: dict | None = None


def ok(data=MISSING, message: str | None = None, status: int = 200, headers: dict | None = None) -> Reply:
    return Reply(data, message, status, headers)

