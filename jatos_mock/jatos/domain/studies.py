"""Studies (services/gui/StudyService): creation with default batch, properties, members, deletion, study log."""

import hashlib

from jatos_mock.jatos import errors
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain import batches, properties, study_log
from jatos_mock.jatos.domain.config import JatosConfig
from jatos_mock.jatos.models import State, Study, User


def add_study(state: State, uuid: str, title: str, dir_name: str, members: list[User], now_ms: int,
              default_batch_uuid: str, logs_enabled: bool = True, **properties) -> Study:
    """Persists a study with its members, a default batch and a new study log (no validation here)."""
    study = Study(id=state.next_id("study"), uuid=uuid, title=title, dir_name=dir_name, date=now_ms,
                  assets_created=now_ms, **properties)
    study.member_ids = [u.id for u in members]
    state.studies[study.id] = study
    batches.add_default_batch(state, study, default_batch_uuid)
    study_log.create(state, study, now_ms, logs_enabled)
    return study


def description_hash(description: str | None) -> str | None:
    # Study.getDescriptionHash: SHA-256 of the ISO-8859-1 bytes, null for an empty description
    if not description:
        return None
    return hashlib.sha256(description.encode("latin-1", errors="replace")).hexdigest()


# "." and ".." name directories that always exist under the study-assets root, so JATOS's check whether the
# assets directory exists finds them taken: create/import renames (or refuses), a dirName change fails.
ALWAYS_EXISTING_DIR_NAMES = frozenset({".", ".."})


def dir_name_taken(state: State, dir_name: str, except_study: Study | None = None) -> bool:
    if dir_name in ALWAYS_EXISTING_DIR_NAMES:
        return True
    return any(s.dir_name == dir_name for s in state.studies.values() if s is not except_study)


def free_dir_name(state: State, dir_name: str, first: int | None = None) -> str:
    """IOUtils.findNonExistingStudyAssetsDirName: the first free <dirName>_<n> from `first` (None: as the running
    version's contract and registry say)."""
    n = first if first is not None else 2 if deviates("A20") else 1  # JATOS starts at _2; the 3.10 spec says _1
    while dir_name_taken(state, f"{dir_name}_{n}"):
        n += 1
    return f"{dir_name}_{n}"


def log_created(state: State, study: Study, user: User, now_ms: int, enabled: bool) -> None:
    """StudyService.createAndPersistStudy's log entries."""
    study_log.log(state, study, now_ms, "Created study", enabled, userName=user.name)
    if study.description:
        log_description(state, study, user, now_ms, enabled)


def log_description(state: State, study: Study, user: User, now_ms: int, enabled: bool) -> None:
    # StudyLogger.logStudyDescriptionHash
    study_log.log(state, study, now_ms, "Study description changed", enabled,
                  studyDescriptionHash=description_hash(study.description), userName=user.name)


def create_study(state: State, new_uuid, user: User, body: dict, rename_assets: bool, now_ms: int,
                 config: JatosConfig) -> Study:
    """Api.createStudy / createStudyFromJson → StudyService.createAndPersistStudyAndAssetsDir."""
    body = properties.normalize_input_field(body, "studyInput")
    bound = properties.bind(body, properties.STUDY_FIELDS, properties.STUDY_READ_ONLY, strict_create=True)
    props = {"active": True, "group_study": False, "linear_study": False, "allow_preview": False, **bound}
    properties.raise_if_invalid(properties.study_problem(props))
    uuid = new_uuid()
    dir_name = props.pop("dir_name", None) or uuid
    if dir_name_taken(state, dir_name):
        if not rename_assets:
            raise errors.Forbidden("Cannot create study: a study assets directory with the same name exists "
                                   "already, but 'renameAssets' is set to false.")
        dir_name = free_dir_name(state, dir_name)
    title = props.pop("title")
    study = add_study(state, uuid, title, dir_name, [user], now_ms, new_uuid(), config.study_logs_enabled,
                      **props)
    log_created(state, study, user, now_ms, config.study_logs_enabled)
    return study


def update_properties(state: State, study: Study, user: User, body: dict, now_ms: int, config: JatosConfig) -> None:
    """Api.updateStudyProperties → StudyService.bindToProperties + updateStudy (validated before any change)."""
    body = properties.normalize_input_field(body, "studyInput")
    bound = properties.bind(body, properties.STUDY_FIELDS, properties.STUDY_READ_ONLY, strict_create=False)
    if "active" not in bound and deviates("A27"):
        bound["active"] = True  # bindToProperties never copies active; StudyProperties.active defaults to true
    current = {attr: getattr(study, attr) for attr, _ in properties.STUDY_FIELDS.values()}
    merged = {**current, **bound}
    if "dir_name" in bound and bound["dir_name"] is None:
        merged["dir_name"] = study.dir_name  # null keeps the current directory
    properties.raise_if_invalid(properties.study_problem(merged))
    if merged["dir_name"] != study.dir_name and dir_name_taken(state, merged["dir_name"], study):
        message = (f"Study assets directory \"{study.dir_name}\" couldn't be renamed to \"{merged['dir_name']}\" "
                   "because it already exists.")
        if deviates("M4"):
            raise errors.IOFailure(message)  # IOUtils.renameStudyAssetsDir throws an IOException
        raise errors.ValidationFailed(f"Error in field 'dirName' - {message}")
    description_changed = (merged["description"] or None) != (study.description or None)
    for attr, value in merged.items():
        setattr(study, attr, value)
    if description_changed:
        log_description(state, study, user, now_ms, config.study_logs_enabled)


def toggle_active(study: Study, active: bool) -> None:
    study.active = active


def add_member(state: State, study: Study, user: User) -> None:
    """StudyService.addUserToStudy: the user and their Jatos worker join the study and all its batches."""
    if user.id in study.member_ids:
        return
    study.member_ids.append(user.id)
    worker = state.workers.get(user.worker_id) if user.worker_id is not None else None
    if worker is None:
        return
    for batch_id in study.batch_ids:
        batch = state.batches[batch_id]
        if worker.id not in batch.worker_ids:
            batch.worker_ids.append(worker.id)
        if batch_id not in worker.batch_ids:
            worker.batch_ids.append(batch_id)


def remove_member(state: State, study: Study, user: User) -> None:
    """StudyService.removeUserFromStudy: never the last member."""
    if user.id not in study.member_ids:
        return
    if len(study.member_ids) == 1:
        raise errors.Forbidden("A study needs at least one user.")
    study.member_ids.remove(user.id)
    worker = state.workers.get(user.worker_id) if user.worker_id is not None else None
    if worker is None:
        return
    for batch_id in study.batch_ids:
        batch = state.batches[batch_id]
        if worker.id in batch.worker_ids:
            batch.worker_ids.remove(worker.id)
        if batch_id in worker.batch_ids:
            worker.batch_ids.remove(batch_id)


def studies_of_member(state: State, user: User) -> list[Study]:
    """StudyDao.findAllByUser: membership only (superusers get no more here)."""
    return [s for s in sorted(state.studies.values(), key=lambda s: s.id) if user.id in s.member_ids]
