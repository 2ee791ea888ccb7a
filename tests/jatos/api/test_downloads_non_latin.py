"""Issue 16 D1: download names outside Latin-1 (or with CR/LF) are sent as JATOS sends them (Play's RFC 5987
encoding), over a real socket too, and an answer the server could not send is a visible 500."""

import io
import json
import urllib.request
import zipfile

from flask import Response

from jatos_mock.core.server import MockServer

RTD = "5a1c3e0e-8f2b-4d3a-9a61-2f0c7b9e4d11"


def test_play_encoding_of_filenames():
    from jatos_mock.jatos.http.downloads import content_disposition

    assert content_disposition("attachment", "f.txt") == 'attachment; filename="f.txt"'
    assert content_disposition("attachment", "a b(1).txt") == 'attachment; filename="a b(1).txt"'
    assert content_disposition("attachment", "图片.png") == \
        "attachment; filename=\"??.png\"; filename*=utf-8''%e5%9b%be%e7%89%87.png"
    assert content_disposition("inline", "naïve.txt") == \
        "inline; filename=\"na?ve.txt\"; filename*=utf-8''na%c3%afve.txt"
    # '"', '\\' and '%' are not kept in the quoted name; CR/LF become '?' and %0d%0a: no header injection
    assert content_disposition("attachment", 'a"b\\c%\r\nd') == \
        "attachment; filename=\"a?b?c???d\"; filename*=utf-8''a%22b%5cc%25%0d%0ad"


def _upload(api, name, data=b"x"):
    return api.call("POST", f"studies/{RTD}/assets", user="researcher",
                    data={"studyAssetsFile": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_a_non_latin_asset_name_downloads_with_an_encoded_header(api):
    assert _upload(api, "图片.png").status_code == 201
    r = api.call("GET", f"studies/{RTD}/assets/%E5%9B%BE%E7%89%87.png", user="researcher")
    assert r.status_code == 200 and r.get_data() == b"x"
    assert r.headers["Content-Disposition"] == \
        "attachment; filename=\"??.png\"; filename*=utf-8''%e5%9b%be%e7%89%87.png"
    assert api.violations() == []


def _jzip(uuid: str) -> bytes:
    jas = {"version": "3", "data": {
        "uuid": uuid, "title": "Non Latin", "dirName": "nonlatin", "componentList": [], "batchList": []}}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("nonlatin/index.html", "hi")
        z.writestr("s.jas", json.dumps(jas))
    return buffer.getvalue()


def test_over_a_real_socket_a_study_with_a_non_latin_or_crlf_uuid_exports_and_its_log_downloads(make_api):
    api = make_api(seed=1)
    server = MockServer(api.app).start()
    try:
        for uuid, encoded in (("研究-1", "%e7%a0%94%e7%a9%b6-1"), ("a\r\nX-Evil: 1", "a%0d%0aX-Evil%3a%201")):
            r = api.call("POST", "studies", user="researcher", data=_jzip(uuid),
                         headers={"Content-Type": "application/zip"})
            assert r.status_code == 201, r.get_data()
            study_id = r.get_json()["data"]["id"]
            auth = api.headers("researcher")
            for path, name in ((f"studies/{study_id}", f"jatos_study_{encoded}.jzip"),
                               (f"studies/{study_id}/log?download=true", f"jatos_studylog_{encoded}.log")):
                request = urllib.request.Request(f"{server.url}/jatos/api/v1/{path}", headers=auth)
                with urllib.request.urlopen(request, timeout=10) as answer:
                    assert answer.status == 200
                    assert answer.headers["Content-Disposition"].endswith(f"; filename*=utf-8''{name}")
                    assert "X-Evil" not in answer.headers
                    answer.read()
    finally:
        server.stop()
    assert [e.status for e in api.runtime.journal.entries()] == [201, 200, 200, 201, 200, 200]
    assert api.violations() == []


def test_a_header_the_server_cannot_send_is_a_500_in_journal_and_ledger(api):
    @api.app.get("/jatos/api/v1/bad-header-probe")
    def probe():
        return Response(b"x", headers={"Content-Disposition": 'attachment; filename="图.png"'})

    r = api.client.get("/jatos/api/v1/bad-header-probe")
    assert r.status_code == 500 and r.get_json()["error"]["code"] == "UNEXPECTED_ERROR"
    assert api.runtime.journal.entries()[-1].status == 500
    problems = [v for v in api.violations() if v.status == 500]
    assert problems and "not Latin-1" in problems[0].problems[0]
