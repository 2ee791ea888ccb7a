"""The mock's own application log, so `GET admin/logs/list` and `GET admin/logs/{filename}` have real files.

Kept in memory (thread-safe): `application.log` gets one line per request (time, method, path, status) and
`loader.log` the start-up lines. Times come from the store's clock. Not part of the state: a reset keeps it.
"""

import posixpath
import threading
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from jatos_mock.jatos.domain import safe_paths

APPLICATION_LOG = "application.log"
LOADER_LOG = "loader.log"
LOGS_DIR_NAME = "logs"
MAX_LINES = 10_000  # per file; memory stays bounded however long the server runs


_last_second: tuple[int, str] = (-1, "")  # formatting a date costs more than a log line: once per second


def log_time(ms: int) -> str:
    """Logback's default date pattern: 2024-01-01 00:00:00,000 (UTC here)."""
    global _last_second
    second, text = _last_second
    if second != ms // 1000:
        second = ms // 1000
        text = datetime.fromtimestamp(second, tz=UTC).strftime("%Y-%m-%d %H:%M:%S")
        _last_second = (second, text)
    return f"{text},{ms % 1000:03d}"


@dataclass
class LogFile:
    created: int
    modified: int
    lines: deque[str] = field(default_factory=deque)
    size: int = 0

    def content(self) -> bytes:
        return "".join(line + "\n" for line in self.lines).encode("utf-8")


class AppLog:
    def __init__(self, now: Callable[[], int]):
        self._now = now
        self._lock = threading.Lock()
        self._files: dict[str, LogFile] = {}

    def write(self, filename: str, message: str, level: str = "INFO") -> None:
        now = self._now()
        line = f"{log_time(now)} [{level}] - {message}"
        with self._lock:
            log_file = self._files.get(filename)
            if log_file is None:
                log_file = self._files[filename] = LogFile(created=now, modified=now)
            log_file.lines.append(line)
            log_file.size += len(line.encode("utf-8")) + 1
            if len(log_file.lines) > MAX_LINES:  # a rolled log: the oldest lines go, as with the journal's cap
                log_file.size -= len(log_file.lines.popleft().encode("utf-8")) + 1
            log_file.modified = now

    def request(self, method: str, path: str, status: int, query: str = "") -> None:
        target = f"{path}?{query}" if query else path
        self.write(APPLICATION_LOG, f"jatos_mock: {method} {target} -> {status}")

    # --- reading ---
    def names(self) -> list[str]:
        with self._lock:
            return sorted(self._files)

    def nodes(self) -> list[dict]:
        """The flattened listing of the logs folder (DirectoryStructureToJson, flatten=true): one node per file."""
        with self._lock:
            files = {name: (f.created, f.modified, f.content()) for name, f in sorted(self._files.items())}
        if not files:
            now = self._now()
            return [{"name": LOGS_DIR_NAME, "path": "", "type": "directory", "creation": now, "lastModified": now,
                     "size": 0, "content": []}]
        return [{"name": posixpath.basename(name), "path": name, "type": "file", "creation": created,
                 "lastModified": modified, "size": len(data), "checksum": zlib.adler32(data) & 0xFFFFFFFF}
                for name, (created, modified, data) in files.items()]

    def resolve(self, filename: str) -> str | None:
        """The log file a requested name addresses, or None (traversal, illegal characters, unknown, directory)."""
        normalized = safe_paths.secure(filename)  # IOUtils.getExistingFileSecurely under the logs folder
        if not normalized:
            return None
        with self._lock:
            return normalized if normalized in self._files else None

    def lines(self, filename: str) -> list[str]:
        with self._lock:
            return list(self._files[filename].lines)

    def content(self, filename: str) -> bytes:
        with self._lock:
            return self._files[filename].content()
