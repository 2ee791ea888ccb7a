"""JATOS 3.10's JSON views of the entities (JsonUtils, Jackson view JsonForApi), key order as JATOS writes them.

Another API version gets its own views module; handlers pick views through the runtime, not by import.
"""

import json

from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain.auth import expiration_date, is_expired
from jatos_mock.jatos.models import ApiToken, Batch, GroupResult, State, StudyLink, User


def parsed_input(text: str | None):
    """Input fields are stored as JSON strings and rendered as the JSON value they hold (JsonUtils.*AsJsonForApi)."""
    if text is None or text == "":
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def user(u: User) -> dict:
    return {"username": u.username, "id": u.id, "name": u.name, "email": u.email, "authMethod": u.auth_method,
            "lastSeen": u.last_seen, "active": u.active, "roles": list(u.roles), "lastSignin": u.last_signin}


def token_metadata(state: State, t: ApiToken, now_ms: int) -> dict:
    owner = state.users[t.user_id]
    return {"id": t.id, "name": t.name, "creationDate": t.creation_date, "active": t.active,
            "expiresAfter": t.expires, "username": owner.username, "userId": owner.id,
            "expirationDate": _expiration_date(t), "isExpired": is_expired(t, now_ms), "roles": list(owner.roles)}


def _expiration_date(t: ApiToken) -> int | None:
    date = expiration_date(t)
    if date == 0 and not deviates("A37"):  # ApiToken.getExpirationDate: 0, never null, for never-expiring tokens
        return None
    return date


def user_with_study_ids(u: User, study_ids: list[int]) -> dict:
    """Api.allUsers: the user JSON plus the ids of the studies the user is a member of."""
    return {**user(u), "studyIds": list(study_ids)}


def token_toggled(t: ApiToken) -> dict:
    return {"id": t.id, "active": t.active}  # Api.toggleApiTokenActive: exactly these two keys


_OMIT = object()


def input_field(text: str | None):
    """studyInput/componentInput/batchInput: JATOS emits the parsed JSON value (null when unset); the spec
    describes a JSON text (string). Returns _OMIT when the spec view has nothing to show."""
    if deviates("A24"):  # JsonUtils.*AsJsonForApi parse the stored JSON string
        return parsed_input(text)
    return _OMIT if text is None else text


def batch(b: Batch) -> dict:
    """JsonUtils.batchAsJsonForApi (view JsonForApi, strict inclusion), reference B §1.1."""
    view = {"id": b.id, "uuid": b.uuid, "title": b.title, "active": b.active, "maxActiveMembers": b.max_active_members,
            "maxTotalMembers": b.max_total_members, "maxTotalWorkers": b.max_total_workers,
            "allowedWorkerTypes": list(b.allowed_worker_types), "comments": b.comments}
    batch_input = input_field(b.batch_input)
    if batch_input is not _OMIT:
        view["batchInput"] = batch_input
    return view


def group(g: GroupResult) -> dict:
    """GroupResult via valueToTree plus JsonUtils.allGroupResults' additions, reference B §1.2."""
    view = {"id": g.id, "groupState": g.group_state}
    if deviates("B5"):  # GroupResult.groupSessionVersion has no @JsonIgnore
        view["groupSessionVersion"] = g.session_version
    view.update({"activeMemberCount": len(g.active_member_ids), "historyMemberCount": len(g.history_member_ids),
                 "startDate": g.start_date, "endDate": g.end_date, "activeMemberList": list(g.active_member_ids),
                 "historyMemberList": list(g.history_member_ids),
                 "resultCount": len(g.active_member_ids) + len(g.history_member_ids)})
    return view


def session(version: int, stored: str, as_text: bool) -> dict:
    """ApiService.getSessionNode: {version, sessionData}; the value parsed, or the stored text with asText."""
    value = stored if as_text else json.loads(stored)
    if deviates("B3"):  # the key is sessionData, not the spec's data
        return {"version": version, "sessionData": value}
    if not as_text and not isinstance(value, dict):
        value = stored  # the spec's data is an object or a JSON text
    return {"version": version, "data": value}


def study_code(link: StudyLink, comment: str | None, url_base_path: str) -> dict:
    """JsonUtils.getStudyLinkData, reference B §1.4; paths start with jatos.urlBasePath (default "/")."""
    base = url_base_path if url_base_path.endswith("/") else url_base_path + "/"
    return {"studyCode": link.code, "batchId": link.batch_id, "type": link.worker_type, "comment": comment,
            "active": link.active, "studyLinkPath": f"{base}publix/{link.code}",
            "studyEntryPath": f"{base}publix/run?code={link.code}"}


def component(c) -> dict:
    """JsonUtils.componentAsJsonForApi (reference A §10)."""
    view = {"id": c.id, "uuid": c.uuid, "title": c.title, "htmlFilePath": c.html_file_path,
            "reloadable": c.reloadable, "active": c.active, "comments": c.comments}
    component_input = input_field(c.component_input)
    if component_input is not _OMIT:
        view["componentInput"] = component_input
    return view


def study(state: State, s, with_components: bool = False, with_batches: bool = False) -> dict:
    """JsonUtils.studyAsJsonForApi (reference A §6): properties, then components, batches, members."""
    from jatos_mock.jatos.domain.studies import description_hash
    view = {"id": s.id, "uuid": s.uuid, "title": s.title, "description": s.description, "locked": s.locked,
            "active": s.active, "groupStudy": s.group_study, "linearStudy": s.linear_study,
            "allowPreview": s.allow_preview, "dirName": s.dir_name, "comments": s.comments}
    study_input = input_field(s.study_input)
    if study_input is not _OMIT:
        view["studyInput"] = study_input
    view.update({"endRedirectUrl": s.end_redirect_url, "studyEntryMsg": s.study_entry_msg})
    if deviates("A23"):  # Study.getDescriptionHash carries @JsonView(JsonForApi)
        view["descriptionHash"] = description_hash(s.description)
    comps = [state.components[cid] for cid in s.component_ids]
    view["components"] = [component(c) if with_components else {"id": c.id, "uuid": c.uuid} for c in comps]
    bs = [state.batches[bid] for bid in s.batch_ids]
    view["batches"] = [batch(b) if with_batches else {"id": b.id, "uuid": b.uuid} for b in bs]
    view["members"] = [{"id": u.id, "username": u.username} for u in (state.users[m] for m in s.member_ids)]
    return view


def study_members(s) -> dict:
    """Api.allMembersOfStudy / addMemberToStudy / removeMemberFromStudy (reference A §8)."""
    return {"id": s.id, "uuid": s.uuid, "members": list(s.member_ids)}


def asset_node(node) -> dict:
    """DirectoryStructureToJson.Node: checksum for files only, content for directories only. Iterative, so a deep
    tree costs no stack."""
    root: dict = {}
    pending = [(node, root)]
    while pending:
        current, view = pending.pop()
        view.update({"name": current.name, "path": current.path, "type": current.type,
                     "creation": current.creation, "lastModified": current.last_modified, "size": current.size})
        if current.type == "file":
            view["checksum"] = current.checksum
        else:
            view["content"] = [{} for _ in current.content]
            pending.extend(zip(current.content, view["content"]))
    return root
