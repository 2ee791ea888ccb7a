"""Writes followed by the reads that show their effect: properties of a study, a component and a batch; study members;
a token's activation; a study code's activation; batch and group sessions with their versions. Each creates what it
writes (its own study, its own token) and removes it again; a group session is written only on a jatos-mock (a real
server's groups belong to real study runs). Reference A §5, §6, §8, §9, §10; B §2, §3, §4.
"""

from __future__ import annotations

import uuid

from jatos_mock.core.conformance.flow import Flow, WorkflowSkipped, unique
from jatos_mock.core.conformance.verify import Request, expect_shown, refused_unchanged, show, write_then_read
from jatos_mock.jatos.conformance import mock_control, workflow_study
from jatos_mock.jatos.conformance.dialects import JATOS_3_10, Dialect
from jatos_mock.jatos.conformance.read_checks import log_messages

STUDY_PATCH = "PATCH /studies/{id}/properties"
STUDY_GET = "GET /studies/{id}/properties"


def _study(flow: Flow) -> int:
    """A new study of the 3.10-only workflows."""
    return JATOS_3_10.create_study(flow, "POST studies (create)", f"jatos-mock workflow {uuid.uuid4().hex[:8]}")


def default_batch(flow: Flow, study_id: int) -> int:
    """The id of the study's first batch (JATOS creates "Default" with every study)."""
    step = "GET studies/{id}/properties?withBatchProperties=true"
    props = flow.get(step, f"studies/{study_id}/properties", STUDY_GET, params={"withBatchProperties": "true"})
    batches = props.get("batches") if isinstance(props, dict) else None
    flow.expect(step, bool(batches) and isinstance(batches[0].get("id"), int),
                f"the new study has no default batch: {show(props)}")
    return batches[0]["id"]


def expect_logged(flow: Flow, study_id: int, message: str, blame: str, logging: bool) -> None:
    """The study log holds `message` (StudyLogger); nothing to see when the server keeps no log."""
    if not logging:
        return
    step = f"GET studies/{{id}}/log: '{message}'"
    messages = log_messages(flow, study_id, step) or []
    flow.expect(step, message in messages, f"{blame} answered success, but the study log has no '{message}' "
                                           f"entry (newest first: {messages[:6]})", blame)


def _listed(flow: Flow, step: str, path: str, operation: str, item_id: int, params=None) -> dict:
    items = flow.get(step, path, operation, params=params)
    found = next((i for i in items or [] if isinstance(i, dict) and i.get("id") == item_id), None)
    flow.expect(step, found is not None, f"{item_id} is not in the list: {show(items)}", operation)
    return found


def properties_take_effect(flow: Flow) -> None:
    """PATCH the properties of a study, a component and a batch; the item, the list and the log show each."""
    sid = _study(flow)
    logging = log_messages(flow, sid, "GET studies/{id}/log after the create") is not None
    expect_logged(flow, sid, "Created study", "POST /studies (create)", logging)

    asked = {"title": f"jatos-mock patched {uuid.uuid4().hex[:6]}", "description": "patched by jatos-mock check",
             "comments": "patched", "endRedirectUrl": "https://example.org/done", "studyEntryMsg": "Welcome back",
             "linearStudy": True, "allowPreview": True, "studyInput": {"patched": [1, 2]}, "active": False}
    write_then_read(flow, Request("PATCH studies/{id}/properties", "PATCH", f"studies/{sid}/properties",
                                  STUDY_PATCH, kw={"json": asked}),
                    Request("GET studies/{id}/properties", "GET", f"studies/{sid}/properties", STUDY_GET), asked)
    listed = _listed(flow, "GET studies/properties", "studies/properties", "GET /studies/properties", sid)
    expect_shown(flow, "GET studies/properties", STUDY_PATCH, "GET /studies/properties", asked, listed)
    expect_logged(flow, sid, "Study description changed", STUDY_PATCH, logging)

    step = "POST studies/{id}/components"
    component = flow.data(step, flow.call(step, "POST", f"studies/{sid}/components", (200, 201),
                                          "POST /studies/{id}/components",
                                          json={"title": "Workflow component", "htmlFilePath": "first.html"}))
    cid = component["id"]
    asked = {"title": "Patched component", "htmlFilePath": "second.html", "reloadable": True, "active": False,
             "comments": "patched", "componentInput": {"level": 3}}
    write_then_read(flow, Request("PATCH components/{id}", "PATCH", f"components/{cid}", "PATCH /components/{id}",
                                  kw={"json": asked}),
                    Request("GET components/{id}", "GET", f"components/{cid}", "GET /components/{id}"), asked)
    listed = _listed(flow, "GET studies/{id}/components", f"studies/{sid}/components",
                     "GET /studies/{id}/components", cid)
    expect_shown(flow, "GET studies/{id}/components", "PATCH /components/{id}", "GET /studies/{id}/components",
                 asked, listed)

    step = "POST studies/{id}/batches"
    batch = flow.data(step, flow.call(step, "POST", f"studies/{sid}/batches", (200, 201),  # JATOS: 200
                                      "POST /studies/{id}/batches", json={"title": "Workflow batch"}))
    bid = batch["id"]
    expect_logged(flow, sid, "Created batch", "POST /studies/{id}/batches", logging)
    asked = {"title": "Patched batch", "active": False, "maxActiveMembers": 2, "maxTotalMembers": 4,
             "maxTotalWorkers": 9, "allowedWorkerTypes": ["GeneralSingle", "PersonalMultiple"],
             "comments": "patched", "batchInput": {"arm": "B"}}
    write_then_read(flow, Request("PATCH batches/{id}", "PATCH", f"batches/{bid}", "PATCH /batches/{id}",
                                  kw={"json": asked}),
                    Request("GET batches/{id}", "GET", f"batches/{bid}", "GET /batches/{id}"), asked,
                    unordered=("allowedWorkerTypes",))
    listed = _listed(flow, "GET studies/{id}/batches", f"studies/{sid}/batches", "GET /studies/{id}/batches", bid)
    expect_shown(flow, "GET studies/{id}/batches", "PATCH /batches/{id}", "GET /studies/{id}/batches", asked,
                 listed, unordered=("allowedWorkerTypes",))

    flow.call("DELETE batches/{id}", "DELETE", f"batches/{bid}", (200,), "DELETE /batches/{id}")
    answer = flow.call("GET batches/{id} after the delete", "GET", f"batches/{bid}", (200, 404), "GET /batches/{id}")
    flow.expect("GET batches/{id} after the delete", answer.status == 404,
                "DELETE /batches/{id} answered success, but the batch still reads 200", "DELETE /batches/{id}")
    expect_logged(flow, sid, "Removed batch", "DELETE /batches/{id}", logging)
    workflow_study.delete(flow, sid)


def creates_take_effect(flow: Flow, jatos: Dialect) -> None:
    """Create a study with its properties and a component; the study's reads show what was asked; delete the
    component: no longer listed."""
    if not jatos.has_create_routes:
        raise WorkflowSkipped(f"JATOS {jatos.name} has no route creating a study or a component")
    asked = {"title": f"jatos-mock created {uuid.uuid4().hex[:6]}", "comments": "created by jatos-mock check",
             "endRedirectUrl": "https://example.org/done", "studyEntryMsg": "Welcome", "linearStudy": True,
             "allowPreview": True}
    data = {"created": [1, 2]}
    sid = jatos.create_study(flow, "POST studies (create)", **asked, **{jatos.input_key: jatos.input_value(data)})
    asked[jatos.input_key] = data
    props = flow.get("GET studies/{id}/properties", f"studies/{sid}/properties", STUDY_GET)
    expect_shown(flow, "GET studies/{id}/properties", jatos.CREATE, STUDY_GET, asked, props)
    listed = _listed(flow, "GET studies/properties", "studies/properties", "GET /studies/properties", sid)
    expect_shown(flow, "GET studies/properties", jatos.CREATE, "GET /studies/properties", asked, listed)

    step = jatos.step(jatos.CREATE_COMPONENT)
    asked = {"title": "Created component", "htmlFilePath": "created.html", "reloadable": True, "comments": "created"}
    cid = jatos.create_component(flow, step, sid, {**asked, jatos.component_input_key: jatos.input_value({"n": 3})})
    asked[jatos.component_input_key] = {"n": 3}
    shown = jatos.components(flow, "the study's components", sid)
    found = next((c for c in shown or [] if isinstance(c, dict) and c.get("id") == cid), None)
    flow.expect("the study's components", found is not None, f"{jatos.CREATE_COMPONENT} answered success, but the "
                                                             f"study lists no component {cid}: {show(shown)}",
                jatos.CREATE_COMPONENT)
    expect_shown(flow, "the study's components", jatos.CREATE_COMPONENT, "the study's components", asked, found)

    jatos.delete_component(flow, jatos.step(jatos.DELETE_COMPONENT), sid, cid)
    left = [c.get("id") for c in jatos.components(flow, "the study's components after the delete", sid) or []]
    flow.expect("the study's components after the delete", cid not in left,
                f"{jatos.DELETE_COMPONENT} answered success, but the study still lists component {cid}",
                jatos.DELETE_COMPONENT)
    workflow_study.delete(flow, sid)


def members_take_effect(flow: Flow) -> None:
    """Add a user to the study, remove them; the members list shows each; removing the last member is refused and
    changes nothing."""
    own = flow.get("GET admin/token", "admin/token", "GET /admin/token")
    answer = flow.call("GET users", "GET", "users", (200, 401, 403), "GET /users")
    if answer.status == 200:
        known = [u.get("id") for u in flow.data("GET users", answer) or []]
    else:  # GET /users is for admins; any member of a study the token sees is a user too
        studies = flow.get("GET studies/properties", "studies/properties", "GET /studies/properties")
        known = [m.get("id") for s in studies or [] for m in s.get("members") or []]
    others = sorted({i for i in known if isinstance(i, int) and i != own.get("userId")})
    if not others:
        raise WorkflowSkipped("no other user known to this token to add as a member")
    me, other = own["userId"], others[0]
    sid = _study(flow)
    members = Request("GET studies/{id}/members", "GET", f"studies/{sid}/members", "GET /studies/{id}/members")

    def member_ids(data):
        return {"members": sorted(data.get("members") or [])} if isinstance(data, dict) else data

    write_then_read(flow, Request("PUT studies/{id}/members/{userId}", "PUT", f"studies/{sid}/members/{other}",
                                  "PUT /studies/{id}/members/{userId}"), members,
                    {"members": sorted([me, other])}, member_ids)
    props = flow.get("GET studies/{id}/properties", f"studies/{sid}/properties", STUDY_GET)
    shown = sorted(m.get("id") for m in props.get("members") or [])
    flow.expect("GET studies/{id}/properties", shown == sorted([me, other]),
                f"the study's properties list members {shown}, the members list {sorted([me, other])}", STUDY_GET)
    write_then_read(flow, Request("DELETE studies/{id}/members/{userId}", "DELETE",
                                  f"studies/{sid}/members/{other}", "DELETE /studies/{id}/members/{userId}"),
                    members, {"members": [me]}, member_ids)
    # "A study needs at least one user." (Api.removeMemberFromStudy)
    refused_unchanged(flow, Request("DELETE studies/{id}/members/{own userId}", "DELETE",
                                    f"studies/{sid}/members/{me}", "DELETE /studies/{id}/members/{userId}",
                                    expect=(403,)), members, member_ids)
    workflow_study.delete(flow, sid)


def token_activation_takes_effect(flow: Flow) -> None:
    """Mint a token, deactivate it: it is refused; activate it: accepted; delete it: refused and gone."""
    own = flow.get("GET admin/token", "admin/token", "GET /admin/token")
    step = "POST users/{id}/tokens"
    answer = flow.call(step, "POST", f"users/{own['userId']}/tokens", (201, 403), "POST /users/{id}/tokens",
                       json={"name": unique("jatos_mock_wf")})
    if answer.status == 403:
        raise WorkflowSkipped("the server does not allow generating API tokens")
    minted = flow.data(step, answer)
    tid, value = minted["id"], minted["token"]
    flow.undo.append(("DELETE", f"tokens/{tid}"))
    label = "$MINTED_TOKEN"  # the token the POST above answered
    seam = flow.seam.with_token(value)

    def used(step: str, accepted: bool, blame: str) -> None:
        answer = flow.call(step, "GET", "admin/token", (200, 401), "GET /admin/token", seam=seam, token_label=label)
        flow.expect(step, (answer.status == 200) == accepted,
                    f"{blame} answered success, but the token is {'refused' if accepted else 'still accepted'} "
                    f"({answer.status})", blame)
        if accepted:
            flow.expect(step, flow.data(step, answer).get("id") == tid, f"the token authenticates as another token: "
                                                                        f"{show(flow.data(step, answer))}", blame)

    used("GET admin/token with the new token", True, "POST /users/{id}/tokens")
    for active in (False, True):
        write_then_read(flow, Request(f"PATCH tokens/{{id}} active={active}", "PATCH", f"tokens/{tid}",
                                      "PATCH /tokens/{id}", kw={"json": {"active": active}}),
                        Request("GET tokens/{id}", "GET", f"tokens/{tid}", "GET /tokens/{id}"), {"active": active})
        used(f"GET admin/token with the {'activated' if active else 'deactivated'} token", active,
             "PATCH /tokens/{id}")
    flow.call("DELETE tokens/{id}", "DELETE", f"tokens/{tid}", (200,), "DELETE /tokens/{id}")
    flow.undo.remove(("DELETE", f"tokens/{tid}"))
    used("GET admin/token with the deleted token", False, "DELETE /tokens/{id}")
    answer = flow.call("GET tokens/{id} after the delete", "GET", f"tokens/{tid}", (200, 404, 500), "GET /tokens/{id}")
    flow.expect("GET tokens/{id} after the delete", answer.status != 200,  # JATOS: 500 (NPE), the contract: 404
                "DELETE /tokens/{id} answered success, but the token still reads 200", "DELETE /tokens/{id}")


def study_code_toggle_takes_effect(flow: Flow) -> None:
    """Deactivate and activate a personal study code; its info shows each; deleting the study removes it."""
    sid = _study(flow)
    bid = default_batch(flow, sid)
    step = "POST studies/{id}/studyCodes"
    codes = flow.data(step, flow.call(step, "POST", f"studies/{sid}/studyCodes", (200, 201),
                                      "POST /studies/{id}/studyCodes",
                                      params={"type": "ps", "batchId": bid, "amount": 1, "comment": "wf"}))
    flow.expect(step, isinstance(codes, list) and len(codes) == 1, f"expected one code, got {show(codes)}")
    code = codes[0]
    info = Request("GET studyCodes/{code}", "GET", f"studyCodes/{code}", "GET /studyCodes/{code}")
    expect_shown(flow, info.step, "POST /studies/{id}/studyCodes", info.operation,
                 {"studyCode": code, "batchId": bid, "active": True, "comment": "wf"}, flow.data(info.step,
                                                                                               info.send(flow)))
    for active in (False, True):
        write_then_read(flow, Request(f"PATCH studyCodes/{{code}} active={active}", "PATCH", f"studyCodes/{code}",
                                      "PATCH /studyCodes/{code}", kw={"json": {"active": active}}), info,
                        {"active": active, "studyCode": code})
    workflow_study.delete(flow, sid)
    answer = flow.call("GET studyCodes/{code} after the study's delete", "GET", f"studyCodes/{code}", (200, 404),
                       "GET /studyCodes/{code}")
    flow.expect("GET studyCodes/{code} after the study's delete", answer.status == 404,
                "DELETE /studies/{id} answered success, but the study's code still reads 200", "DELETE /studies/{id}")


def session(data) -> dict:
    """{version, sessionData} as JATOS names them (ApiService.getSessionNode); the contract's key is `data`."""
    if isinstance(data, dict) and "sessionData" not in data and "data" in data:
        data = {"version": data.get("version"), "sessionData": data["data"]}
    return data


def _session_round(flow: Flow, kind: str, entity_id: int, value) -> None:
    """PATCH the session at its version: the read shows the value at version + 1; the same (now stale) version is
    refused (JATOS: 403 "... session version conflict") and changes nothing."""
    path = f"{kind}/{entity_id}/session"
    read = Request(f"GET {kind}/{{id}}/session", "GET", path, f"GET /{kind}/{{id}}/session")
    before = session(flow.data(read.step, read.send(flow)))
    version = before["version"]
    write = f"PATCH /{kind}/{{id}}/session"
    step = f"PATCH {kind}/{{id}}/session?version={version}"
    answer = flow.call(step, "PATCH", path, (200,), write, params={"version": version}, json=value)
    expect_shown(flow, step, write, write, {"version": version + 1}, flow.data(step, answer))
    expect_shown(flow, read.step, write, read.operation, {"version": version + 1, "sessionData": value},
                 session(flow.data(read.step, read.send(flow))))
    refused_unchanged(flow, Request(f"PATCH {kind}/{{id}}/session?version={version} (stale)", "PATCH", path, write,
                                    expect=(403,), kw={"params": {"version": version}, "json": {"stale": True}}),
                      read, session)


def sessions_take_effect(flow: Flow) -> None:
    """Batch session (own study) and, on a jatos-mock, a group session (restored afterwards)."""
    sid = _study(flow)
    _session_round(flow, "batches", default_batch(flow, sid), {"workflow": uuid.uuid4().hex, "n": [1, 2]})
    workflow_study.delete(flow, sid)
    if not mock_control.available(flow):
        flow.note = "group sessions not written: a real server's groups belong to real study runs"
        return
    group = _some_group(flow)
    if group is None:
        flow.note = "no group to write"
        return
    original = session(flow.get("GET groups/{id}/session (to restore)", f"groups/{group}/session",
                                "GET /groups/{id}/session"))
    _session_round(flow, "groups", group, {"workflow": uuid.uuid4().hex})
    flow.call("PATCH groups/{id}/session (restore)", "PATCH", f"groups/{group}/session", (200,),
              "PATCH /groups/{id}/session", json=original["sessionData"])


def _some_group(flow: Flow) -> int | None:
    studies = flow.get("GET studies/properties", "studies/properties", "GET /studies/properties",
                       params={"withBatchProperties": "true"})
    for study in studies or []:
        for batch in study.get("batches") or []:
            groups = flow.get("GET batches/{id}/groups", f"batches/{batch['id']}/groups", "GET /batches/{id}/groups")
            if groups:
                return groups[0]["id"]
    return None
