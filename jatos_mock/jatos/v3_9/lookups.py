"""JATOS 3.9's look-ups and their messages (StudyService.getStudyFromIdOrUuid, ComponentService
.getComponentFromIdOrUuid, Checker of 3.9.8): what 3.10 answers as "Study doesn't exist." 3.9 says with the id."""

from jatos_mock.jatos import errors
from jatos_mock.jatos.domain import access
from jatos_mock.jatos.domain.config import JatosConfig
from jatos_mock.jatos.models import Component, State, Study, User


def _is_id(value: str) -> bool:
    return access.parse_long(value) is not None  # the rule that picks an id or a UUID look-up


def locked_text(study: Study) -> str:
    return f"Study with ID {study.id} is locked. Unlock it if you want to make changes."


def not_user_text(user: User, study_id: int) -> str:
    return f"{user.name} ({user.username}) isn't user of study with ID {study_id}."


def study(state: State, id_or_uuid: str, user: User, config: JatosConfig, unlocked: bool = False) -> Study:
    found = access.find_study(state, id_or_uuid)
    if found is None:
        kind = "ID" if _is_id(id_or_uuid) else "UUID"
        raise errors.NotFound(f"Couldn't find study with {kind} {id_or_uuid}")
    if not access.can_access(found, user, config):
        raise errors.Forbidden(f"No access to study with ID {found.id}")  # the numeric id, even by UUID
    if unlocked and found.locked:
        raise errors.Forbidden(locked_text(found))
    return found


def component(state: State, id_or_uuid: str, user: User, config: JatosConfig) -> Component:
    found = access.find_component(state, id_or_uuid)
    if found is None:
        kind = "ID" if _is_id(id_or_uuid) else "UUID"
        raise errors.NotFound(f"Couldn't find component with {kind} {id_or_uuid}")
    if not access.can_access(state.studies[found.study_id], user, config):
        raise errors.Forbidden(not_user_text(user, found.study_id))
    return found
