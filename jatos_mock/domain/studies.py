"""Studies (services/gui/StudyService): creation with default batch, members and study log."""

from jatos_mock.domain import batches, study_log
from jatos_mock.domain.models import State, Study, User


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
