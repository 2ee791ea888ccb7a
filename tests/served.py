"""`jatos-mock serve` as a user starts it, for the tests of every API's doors: a subprocess whose output is read
until the server says it is ready."""

import subprocess
import sys
import time


def serve(*args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "jatos_mock", "serve", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def read_until(process: subprocess.Popen, marker: str, timeout: float = 30) -> str:
    """The output up to the line holding `marker`; kills the server and fails naming what it printed otherwise."""
    lines, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if marker in line:
            return "".join(lines)
    process.kill()
    raise AssertionError(f"no {marker!r} in output: {''.join(lines)}")
