"""Look-ups by id or UUID and study-level authorization (services/gui/AuthorizationService.canUserAccessStudy)."""

from jatos_mock.jatos import errors
from jatos_mock.jatos.domain.config import JatosConfig
from jatos_mock.jatos.models import Batch, Component, State, Study, User


def parse_long(value: str) -> int | None:
    # StudyService.getStudyFromIdOrUuid: trimmed; a Long (negatives too) means id, anything else a UUID
    text = value.strip()
    try:
        number = int(text)
    except ValueError:
        return None
    return number if -(2**63) <= number < 2**63 and text.lstrip("+-").isdigit() else None


def _find_by_id_or_uuid(table: dict, id_or_uuid: str):
    number = parse_long(str(id_or_uuid))
    if number is not None:
        return table.get(number)
    wanted = str(id_or_uuid).strip().lower()  # UUID look-ups are case-insensitive on JATOS's databases
    return next((entity for entity in table.values() if entity.uuid.lower() == wanted), None)


def find_study(state: State, id_or_uuid: str) -> Study | None:
    return _find_by_id_or_uuid(state.studies, id_or_uuid)


def find_component(state: State, id_or_uuid: str) -> Component | None:
    return _find_by_id_or_uuid(state.components, id_or_uuid)


def find_batch(state: State, id_or_uuid: str) -> Batch | None:
    return _find_by_id_or_uuid(state.batches, id_or_uuid)


def is_member(study: Study, user: User) -> bool:
    return user.id in study.member_ids


def can_access(study: Study, user: User, config: JatosConfig) -> bool:
    return is_member(study, user) or (config.allow_superuser and "SUPERUSER" in user.roles)


def check_study(study: Study | None, user: User, config: JatosConfig, unlocked: bool = False) -> Study:
    """404, then membership (ADMIN gives no access), then the lock where the action needs it."""
    if study is None:
        raise errors.NotFound("Study doesn't exist.")
    if not can_access(study, user, config):
        raise errors.NoAccess("No access to study.")
    if unlocked and study.locked:
        raise errors.Locked()
    return study


def accessible_study(state: State, id_or_uuid: str, user: User, config: JatosConfig, unlocked: bool = False) -> Study:
    return check_study(find_study(state, id_or_uuid), user, config, unlocked)


def accessible_component(state: State, id_or_uuid: str, user: User, config: JatosConfig,
                         unlocked: bool = False) -> Component:
    component = find_component(state, id_or_uuid)
    if component is None:
        raise errors.NotFound("Component doesn't exist.")
    check_study(state.studies.get(component.study_id), user, config, unlocked)
    return component


def accessible_batch(state: State, id_or_uuid: str, user: User, config: JatosConfig, unlocked: bool = False) -> Batch:
    batch = find_batch(state, id_or_uuid)
    if batch is None:
        raise errors.NotFound("Batch doesn't exist.")
    check_study(state.studies.get(batch.study_id), user, config, unlocked)
    return batch
