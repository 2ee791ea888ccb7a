"""`jatos-mock serve` as a user runs it: it prints what to use, answers HTTP, and stops cleanly."""

import re
import signal
import subprocess
import sys

import requests

from jatos_mock.core.server import free_port
from tests.served import read_until as _read_until
from tests.served import serve as _serve

ADMIN = "jap_KGpOyQNcdOyZbkBFTFoOxtzHq8STZHEa5b7c3"


def test_serve_prints_users_answers_and_stops_cleanly_on_ctrl_c():
    process = _serve("--port", "0", "--seed", "3")
    try:
        banner = _read_until(process, "Press Ctrl-C")
        url = re.search(r"at (http://127\.0\.0\.1:\d+)", banner).group(1)
        assert re.search(rf"admin\s+USER,ADMIN\s+{ADMIN}", banner)
        answer = requests.get(f"{url}/jatos/api/v1/admin/token", headers={"Authorization": f"Bearer {ADMIN}"},
                              timeout=10)
        assert answer.status_code == 200 and answer.json()["data"]["username"] == "admin"
        process.send_signal(signal.SIGINT)
        rest = process.communicate(timeout=15)[0]
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
    assert "stopped" in rest and "Traceback" not in rest


def test_a_port_in_use_is_a_one_line_error():
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "jatos_mock", "serve", "--port", str(port)],
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [f"Error: cannot listen on 127.0.0.1:{port}: Address already in use"]


def test_a_broken_fixture_file_stops_start_up_naming_it(tmp_path):
    (tmp_path / "users.yaml").write_text("users:\n  - name: no username here\n")
    result = subprocess.run([sys.executable, "-m", "jatos_mock", "serve", "--port", str(free_port()),
                             "--fixtures", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{tmp_path / 'users.yaml'}: users[0]: missing 'username'" in result.stderr


def test_a_fidelity_the_api_does_not_have_is_a_usage_error_naming_the_ones_it_has():
    result = subprocess.run([sys.executable, "-m", "jatos_mock", "serve", "--api", "jatos", "--fidelity", "pybossa"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "'pybossa' is not one of 'jatos', 'spec' (for --api jatos)" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_spec_fidelity_is_said_in_the_banner_and_followed():
    process = _serve("--port", "0", "--api", "jatos", "--fidelity", "spec")
    try:
        banner = _read_until(process, "Press Ctrl-C")
        assert "(JATOS 3.10, spec fidelity)" in banner
        url = re.search(r"at (http://127\.0\.0\.1:\d+)", banner).group(1)
        # real JATOS routes no OPTIONS (404); the spec's server answers 405 with the methods it has
        answer = requests.options(f"{url}/jatos/api/v1/admin/token", headers={"Authorization": f"Bearer {ADMIN}"},
                                  timeout=10)
        assert answer.status_code == 405 and set(answer.headers["Allow"].split(", ")) == {"GET", "HEAD"}
    finally:
        process.terminate()  # serve stops cleanly on SIGTERM: its blob folder goes with it
        process.communicate(timeout=15)
