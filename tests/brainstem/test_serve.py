"""`jatos-mock serve --api brainstem` starts the BrainSTEM mock and the official client can talk to it."""

import subprocess
import sys
import time

import requests

from jatos_mock.core.server import free_port


def test_serve_api_brainstem(tmp_path):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "jatos_mock", "serve", "--api", "brainstem", "--port", str(port),
                             "--seed", "1"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
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
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=10)
    assert "BrainSTEM API" in out and "alice@brainstem.example" in out
