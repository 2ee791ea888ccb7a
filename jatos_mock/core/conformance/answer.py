"""What a check sees of one request and its answer."""

from dataclasses import dataclass, field


@dataclass
class Answer:
    """One request/answer pair, independent of the transport that carried it."""

    operation_id: str | None
    method: str
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes
    sent_credentials: bool = True
    secured: bool = True  # the operation requires the API's credentials
    query: dict[str, str] = field(default_factory=dict)

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def is_json(self) -> bool:
        return self.media_type == "application/json" or self.media_type.endswith("+json")
