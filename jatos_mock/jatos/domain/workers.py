"""Workers (models/common/workers): who runs a study. Jatos workers belong to users; the others to study codes."""

from jatos_mock.jatos.models import State, Worker

# WorkerService.WORKER_TYPE_ALIASES, matched after lower-casing
WORKER_TYPE_ALIASES = {
    "jatos": "Jatos", "ja": "Jatos",
    "personalsingle": "PersonalSingle", "ps": "PersonalSingle",
    "personalmultiple": "PersonalMultiple", "pm": "PersonalMultiple",
    "generalsingle": "GeneralSingle", "gs": "GeneralSingle",
    "generalmultiple": "GeneralMultiple", "gm": "GeneralMultiple",
    "mturk": "MT", "mt": "MT",
    "mturksandbox": "MTSandbox", "mts": "MTSandbox",
}


def worker_type_from_alias(value: str | None) -> str | None:
    """The canonical worker type for an input alias, or None (so 'MTSandbox' itself is not accepted)."""
    return WORKER_TYPE_ALIASES.get(value.lower()) if isinstance(value, str) else None


def add_worker(state: State, worker_type: str, comment: str | None = None, batch_ids: list[int] | None = None,
               user_id: int | None = None) -> Worker:
    worker = Worker(id=state.next_id("worker"), worker_type=worker_type, comment=comment,
                    batch_ids=list(batch_ids or []), user_id=user_id)
    state.workers[worker.id] = worker
    return worker


PERSONAL_TYPES = ("PersonalSingle", "PersonalMultiple")  # one worker per study code
GENERAL_TYPES = ("GeneralSingle", "GeneralMultiple", "MT")  # one shared code per batch and type, no worker
