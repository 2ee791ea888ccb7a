"""`jatos-mock serve --api brainstem` starts the BrainSTEM mock and the official client can talk to it."""

import subprocess
import sys
import time

import requests

from jatos_mock.core.server import free_port


def test_serve_api_brainstem(tmp_path):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "jatos_mock", "serve", "--api", "brainstem", "--port", str(port),
                             "--seed", "1", "--config", "device_auto_approve=carol", "--config", "device_interval=0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if requests.get(url + "/openapi.yaml", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        assert b"BrainSTEM API" in requests.get(url + "/openapi.yaml", timeout=5).content
        token = requests.get(url + "/__mock__/tokens", timeout=5).json()[0]["token"]
        from brainstem_api_tools import BrainstemClient

        client = BrainstemClient(token=token, url=url)
        assert client.load("project").json()["count"] == 2
        start = requests.post(url + "/api/auth/device/", json={}, timeout=5).json()
        assert start["interval"] == 0
        poll = requests.post(url + "/api/auth/device/token/", json={"device_code": start["device_code"]}, timeout=5)
        assert poll.json()["status"] == "success"  # approved for carol by --config device_auto_approve
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=10)
    assert "BrainSTEM API" in out and "alice@brainstem.example" in out


def test_serve_refuses_an_unknown_config_key():
    out = subprocess.run([sys.executable, "-m", "jatos_mock", "serve", "--api", "brainstem", "--config", "x=1"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "device_auto_approve" in out.stderr
