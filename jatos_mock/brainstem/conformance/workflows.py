"""Workflows that prove BrainSTEM's behaviour on a target (every write followed by the read that shows its effect):
each is a function of a core `Flow` whose seam checks every answer against the contract."""

from __future__ import annotations

from jatos_mock.core.conformance.flow import Flow, Workflow, unique

SPECIES = "/api/{portal}/taxonomies/species/"
PROJECT = "/api/{portal}/stem/project/"
SESSION = "/api/{portal}/stem/session/"
PROJECTS = "api/private/stem/project/"


def _json(flow: Flow, step: str, answer):
    try:
        return answer.json()
    except ValueError:
        flow.expect(step, False, "answer is not JSON")


def _records(flow: Flow, step: str, answer, plural: str) -> list:
    body = _json(flow, step, answer)
    flow.expect(step, isinstance(body, dict) and list(body)[:1] == [plural] and isinstance(body[plural], list),
                f"the list is not the answer's first key {plural!r}: keys {list(body)[:5]}")
    return body[plural]


def paging(flow: Flow) -> None:
    """limit/offset pages reach exactly `count` records, each once; the detail answer envelopes the record."""
    step = "GET taxonomies/species/?limit=1"
    first = flow.call(step, "GET", "api/private/taxonomies/species/", (200,), f"GET {SPECIES}", params={"limit": "1"})
    body = _json(flow, step, first)
    flow.expect(step, isinstance(body.get("count"), int), "no integer top-level count (the official client's "
                                                           "load_all pages on it)")
    seen, offset = [], 0
    while offset < body["count"]:
        step = f"GET taxonomies/species/?limit=1&offset={offset}"
        page = flow.call(step, "GET", "api/private/taxonomies/species/", (200,), f"GET {SPECIES}",
                         params={"limit": "1", "offset": str(offset)})
        items = _records(flow, step, page, "species")
        flow.expect(step, len(items) == 1, f"page at offset {offset} of {body['count']} has {len(items)} records")
        seen.append(items[0]["id"])
        offset += 1
    flow.expect("count", len(set(seen)) == len(seen), "a record came twice across the pages")
    if seen:
        step = "GET taxonomies/species/{id}/"
        one = _json(flow, step, flow.call(step, "GET", f"api/private/taxonomies/species/{seen[0]}/", (200,),
                                          f"GET {SPECIES}{{id}}/"))
        flow.expect(step, list(one) == ["species"] and one["species"]["id"] == seen[0], "not {\"species\": {...}}")


def query_language(flow: Flow) -> None:
    """sort[] both ways, exact and icontains filters, and dynamic-rest's list body for an unknown filter field."""
    step = "GET taxonomies/species/?sort[]=name"
    up = _records(flow, step, flow.call(step, "GET", "api/private/taxonomies/species/", (200,), f"GET {SPECIES}",
                                        params={"sort[]": "name", "limit": "100"}), "species")
    step = "GET taxonomies/species/?sort[]=-name"
    down = _records(flow, step, flow.call(step, "GET", "api/private/taxonomies/species/", (200,), f"GET {SPECIES}",
                                          params={"sort[]": "-name", "limit": "100"}), "species")
    flow.expect(step, [s["name"] for s in up] == sorted(s["name"] for s in up) and
                [s["name"] for s in down] == [s["name"] for s in reversed(up)], "sort[] does not order by name")
    if up:
        name = up[0]["name"]
        step = "GET taxonomies/species/?filter{name.icontains}=<upper>"
        found = _records(flow, step, flow.call(step, "GET", "api/private/taxonomies/species/", (200,), f"GET {SPECIES}",
                                               params={"filter{name.icontains}": name.upper()}), "species")
        flow.expect(step, up[0]["id"] in [s["id"] for s in found], "icontains does not ignore case")
    step = "GET taxonomies/species/?filter{no_such_field}=1"
    bad = flow.call(step, "GET", "api/private/taxonomies/species/", (400,), f"GET {SPECIES}",
                    params={"filter{no_such_field}": "1"})
    flow.expect(step, _json(flow, step, bad) == ["Invalid filter field: no_such_field"],
                "not dynamic-rest's list body")


def public_portal(flow: Flow) -> None:
    """The public portal reads without a token; the private one answers 401 without."""
    flow.seam, keep = flow.seam.with_token(None), flow.seam
    try:
        flow.call("GET public/stem/project/ without a token", "GET", "api/public/stem/project/", (200,),
                  f"GET {PROJECT}")
        flow.call("GET private/stem/project/ without a token", "GET", PROJECTS, (401,), f"GET {PROJECT}")
    finally:
        flow.seam = keep


def write_and_read_back(flow: Flow) -> None:
    """A project and a session in it: the project's reverse `sessions` follows, PATCH shows, DELETE removes."""
    step = "POST stem/project/"
    project = _json(flow, step, flow.call(step, "POST", PROJECTS, (201,), f"POST {PROJECT}",
                                          json={"name": unique("jatos_mock_project")}))["project"]
    flow.undo.append(("DELETE", f"{PROJECTS}{project['id']}/"))  # sent, last first, if a later step fails
    step = "POST stem/session/"
    session = _json(flow, step, flow.call(step, "POST", "api/private/stem/session/", (201,),
                                          f"POST {SESSION}",
                                          json={"name": unique("jatos_mock_session"), "projects": [project["id"]]}
                                          ))["session"]
    flow.undo.append(("DELETE", f"api/private/stem/session/{session['id']}/"))
    step = "GET stem/project/{id}/"
    read = _json(flow, step, flow.call(step, "GET", f"{PROJECTS}{project['id']}/", (200,),
                                          f"GET {PROJECT}{{id}}/"))["project"]
    flow.expect(step, session["id"] in read["sessions"] and read["links"].get("sessions") == "sessions/",
                "the project's sessions do not list the new session")
    step = "PATCH stem/session/{id}/"
    patched = _json(flow, step, flow.call(step, "PATCH", f"api/private/stem/session/{session['id']}/", (200,),
                                          f"PATCH {SESSION}{{id}}/",
                                          json={"description": "written by jatos-mock check"}))["session"]
    flow.expect(step, patched["description"] == "written by jatos-mock check", "PATCH did not change it")
    while flow.undo:
        method, path = flow.undo.pop()
        operation = f"DELETE {PROJECT if path.startswith(PROJECTS) else SESSION}{{id}}/"
        flow.call(f"DELETE {path}", method, path, (204,), operation)
    flow.call("GET the deleted project", "GET", f"{PROJECTS}{project['id']}/", (404,), f"GET {PROJECT}{{id}}/")


def device_login(flow: Flow) -> None:
    """The device flow starts, and a poll before approval is 200 authorization_pending."""
    step = "POST auth/device/"
    start = _json(flow, step, flow.call(step, "POST", "api/auth/device/", (200,), "POST /api/auth/device/",
                                        json={"client_name": "jatos-mock check"}))
    step = "POST auth/device/token/"
    poll = flow.call(step, "POST", "api/auth/device/token/", (200,), "POST /api/auth/device/token/",
                     json={"device_code": start["device_code"]})
    flow.expect(step, _json(flow, step, poll) == {"status": "authorization_pending"}, "not pending")


READ_ONLY = (Workflow("paging", "limit/offset paging reaches count", paging, reads_only=True),
             Workflow("query_language", "filter{}, sort[] and their errors", query_language, reads_only=True),
             Workflow("public_portal", "anonymous reads on the public portal", public_portal, reads_only=True))
WRITING = (Workflow("write_and_read_back", "create, reverse relation, PATCH, DELETE", write_and_read_back),
           Workflow("device_login", "device flow: start and a pending poll", device_login))
