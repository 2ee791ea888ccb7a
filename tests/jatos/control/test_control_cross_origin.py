"""The control API and /docs against web pages (issue 16, D6): no cross-origin simple request changes state, and a
Host that is not the listen address (DNS rebinding) is refused, on a real server and through the test client."""

import http.client

import pytest

from jatos_mock.core.server import MockServer
from jatos_mock.jatos.app import create_app
from jatos_mock.jatos.control_client import ControlClient
from jatos_mock.jatos.settings import Settings

ADMIN_TOKEN = "jap_KGpOyQNcdOyZbkBFTFoOxtzHq8STZHEa5b7c3"
EVIL = {"Origin": "https://evil.example"}


@pytest.fixture(scope="module")
def live():
    server = MockServer(create_app(Settings(seed=1)), "127.0.0.1", 0, threads=2).start()
    try:
        yield server
    finally:
        server.stop()


def raw(server, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})  # Host: 127.0.0.1:<port> unless given
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.mark.parametrize("path, body, content_type", [
    ("/__mock__/faults", '"error:500"', "text/plain"),
    ("/__mock__/reset", "a=b", "application/x-www-form-urlencoded"),
    ("/__mock__/tokens", '{"username": "admin"}', "text/plain"),
    ("/__mock__/clock", '{"advance": 999999999999}', "text/plain"),
    ("/__mock__/state", '{"format": "x"}', "multipart/form-data; boundary=x"),
    ("/__mock__/reset", None, None),
])
def test_a_simple_cross_origin_request_changes_nothing(live, path, body, content_type):
    control = ControlClient(live.url)
    control.mint_token("viewer")
    before = control.export_state()
    headers = dict(EVIL, **({"Content-Type": content_type} if content_type else {}))
    status, answer = raw(live, "POST", path, body, headers)
    assert status == 403 and b"X-Jatos-Mock-Control" in answer
    assert control.faults() == []
    assert control.export_state() == before  # the clock, the tokens, the studies: all as they were


def test_the_control_header_or_a_json_body_is_enough(live):
    assert raw(live, "POST", "/__mock__/reset", headers={"X-Jatos-Mock-Control": "1"})[0] == 200
    status, _ = raw(live, "POST", "/__mock__/clock", '{"freeze": true}', {"Content-Type": "application/json"})
    assert status == 200
    control = ControlClient(live.url)  # the project's own client sends what is required
    control.reset()
    control.clear_faults()
    assert control.mint_token("viewer")["token"].startswith("jap_")


@pytest.mark.parametrize("host", ["rebind.attacker.example", "rebind.attacker.example:{port}", "127.0.0.1:1",
                                  "localhost.attacker.example:{port}"])
def test_a_foreign_host_gets_no_tokens_from_the_control_api_or_the_docs_page(live, host):
    headers = {"Host": host.format(port=live.port)}
    status, answer = raw(live, "GET", "/__mock__/tokens", headers=headers)
    assert status == 403 and ADMIN_TOKEN.encode() not in answer
    status, page = raw(live, "GET", "/docs", headers=headers)
    assert status == 200 and ADMIN_TOKEN.encode() not in page


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}"])
def test_the_listen_address_by_any_loopback_name_is_answered(live, host):
    headers = {"Host": host.format(port=live.port)}
    status, answer = raw(live, "GET", "/__mock__/tokens", headers=headers)
    assert status == 200 and ADMIN_TOKEN.encode() in answer
    assert ADMIN_TOKEN.encode() in raw(live, "GET", "/docs", headers=headers)[1]


def test_a_non_loopback_caller_sees_no_tokens_on_the_docs_page():
    client = create_app(Settings(seed=1)).test_client()
    page = client.get("/docs", environ_base={"REMOTE_ADDR": "10.1.2.3"}).get_data(as_text=True)
    assert ADMIN_TOKEN not in page
    assert ADMIN_TOKEN in client.get("/docs").get_data(as_text=True)
