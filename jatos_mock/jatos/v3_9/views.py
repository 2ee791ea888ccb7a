"""JATOS 3.9's JSON views of the entities (Jackson view JsonForApi of 3.9.8): input data as the stored JSON text
(`jsonData`), the study's lazy `componentList`/`batchList`, members by username only, the token's `expires` and
`isAdminToken`, asset directories with a trailing slash."""

from jatos_mock.jatos.domain.auth import expiration_date, is_expired
from jatos_mock.jatos.models import ApiToken, Batch, Component, State, Study, User


def token_metadata(state: State, t: ApiToken, now_ms: int) -> dict:
    """ApiToken as Api.testToken writes it; `expires` null for a token that never expires (stored as null)."""
    owner: User = state.users[t.user_id]
    return {"id": t.id, "name": t.name, "creationDate": t.creation_date, "expires": t.expires or None,
            "active": t.active, "expirationDate": expiration_date(t), "isExpired": is_expired(t, now_ms),
            "isAdminToken": "ADMIN" in owner.roles}


def component(c: Component) -> dict:
    return {"id": c.id, "uuid": c.uuid, "title": c.title, "htmlFilePath": c.html_file_path,
            "reloadable": c.reloadable, "active": c.active, "comments": c.comments, "jsonData": c.component_input}


def batch(b: Batch) -> dict:
    return {"id": b.id, "uuid": b.uuid, "title": b.title, "active": b.active, "maxActiveMembers": b.max_active_members,
            "maxTotalMembers": b.max_total_members, "maxTotalWorkers": b.max_total_workers,
            "allowedWorkerTypes": list(b.allowed_worker_types), "comments": b.comments, "jsonData": b.batch_input}


def study(state: State, s: Study, with_components: bool = False, with_batches: bool = False) -> dict:
    """JsonUtils.studyAsJsonForApi of 3.9.8: no description (only its hash); the lazy component and batch lists
    are not loaded when Jackson writes them, so null."""
    from jatos_mock.jatos.domain.studies import description_hash
    view = {"id": s.id, "uuid": s.uuid, "title": s.title, "locked": s.locked, "active": s.active,
            "groupStudy": s.group_study, "linearStudy": s.linear_study, "allowPreview": s.allow_preview,
            "dirName": s.dir_name, "comments": s.comments, "jsonData": s.study_input,
            "endRedirectUrl": s.end_redirect_url, "studyEntryMsg": s.study_entry_msg, "componentList": None,
            "batchList": None, "descriptionHash": description_hash(s.description)}
    comps = [state.components[cid] for cid in s.component_ids]
    view["components"] = [component(c) if with_components else {"id": c.id, "uuid": c.uuid} for c in comps]
    bs = [state.batches[bid] for bid in s.batch_ids]
    view["batches"] = [batch(b) if with_batches else {"id": b.id, "uuid": b.uuid} for b in bs]
    view["members"] = [{"username": state.users[m].username} for m in s.member_ids]
    return view


def asset_node(node) -> dict:
    """DirectoryStructureToJson of 3.9.8: paths relative as URIs, so directories end with '/' (the root's is "")."""
    root: dict = {}
    pending = [(node, root)]
    while pending:
        current, view = pending.pop()
        path = current.path + "/" if current.type != "file" and current.path else current.path
        view.update({"name": current.name, "path": path, "type": current.type, "creation": current.creation,
                     "lastModified": current.last_modified, "size": current.size})
        if current.type == "file":
            view["checksum"] = current.checksum
        else:
            view["content"] = [{} for _ in current.content]
            pending.extend(zip(current.content, view["content"]))
    return root
