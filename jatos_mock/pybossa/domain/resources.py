"""The API's resources as PyBossa's API classes define them (pybossa/api/*.py): model, reserved keys, and what
each class adds to create and update (_update_object, _validate_instance, _update_attribute)."""

from dataclasses import dataclass

from jatos_mock.pybossa.models import (
    Announcement,
    Blogpost,
    Category,
    HelpingMaterial,
    Page,
    Project,
    ProjectStats,
    Result,
    Task,
    TaskRun,
    User,
)


@dataclass(frozen=True)
class Resource:
    name: str  # the URL segment, the auth class and the error object's `target`
    model: type
    reserved: frozenset[str] = frozenset()
    reserved_names_key: bool = False  # "Reserved keys in payload: <key>" (Category, Blogpost)
    uploads: bool = False  # APIBase.allowed_classes_upload
    sets_user_id: bool = False  # _update_object: user_id = the caller


RESOURCES = {r.name: r for r in (
    Resource("project", Project, frozenset({"id", "created", "updated", "completed", "contacted", "published",
                                            "secret_key"})),
    Resource("projectstats", ProjectStats),
    Resource("category", Category, frozenset({"id", "created"}), reserved_names_key=True),
    Resource("task", Task, frozenset({"id", "created", "state", "fav_user_ids"})),
    Resource("taskrun", TaskRun, frozenset({"id", "created", "finish_time"}), uploads=True),
    Resource("result", Result, frozenset({"id", "created", "project_id", "task_id", "task_run_ids", "last_version"})),
    Resource("user", User),
    Resource("announcement", Announcement, frozenset({"id", "created", "updated", "user_id"}), uploads=True,
             sets_user_id=True),
    Resource("blogpost", Blogpost, frozenset({"id", "created", "updated", "user_id"}), reserved_names_key=True,
             uploads=True, sets_user_id=True),
    Resource("helpingmaterial", HelpingMaterial, uploads=True),
    Resource("page", Page, frozenset({"id", "created"}), uploads=True),
)}
