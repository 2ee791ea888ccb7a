"""Loading the fixture YAML (fixtures/pybossa.yaml) into the store, through the core's fixture framework."""

from jatos_mock.core.state.fixtures import FixtureContext, FixtureFile, Section
from jatos_mock.pybossa.domain import contributions, rows
from jatos_mock.pybossa.models import Category, HelpingMaterial, Project, ProjectStats, Task, TaskRun, User


def _users(ctx: FixtureContext, fixture: FixtureFile) -> None:
    now = rows.timestamp(ctx.store.now())
    for item in fixture.items("users"):
        user = User(id=None, **item)
        user.admin = not ctx.state.user or bool(item.get("admin"))  # event_listeners.make_admin: the first user
        rows.insert(ctx.state, user, now)
        ctx.tokens.append({"username": user.name, "roles": ["ADMIN", "USER"] if user.admin else ["USER"],
                           "token": user.api_key})


def _categories(ctx: FixtureContext, fixture: FixtureFile) -> None:
    now = rows.timestamp(ctx.store.now())
    for item in fixture.items("categories"):
        rows.insert(ctx.state, Category(id=None, **item), now)


def _projects(ctx: FixtureContext, fixture: FixtureFile) -> None:
    state, now_ms = ctx.state, ctx.store.now()
    now = rows.timestamp(now_ms)
    users = {u.name: u for u in state.user.values()}
    categories = {c.short_name: c for c in state.category.values()}
    for item in fixture.items("projects"):
        where = f"project {item.get('short_name')!r}"
        owner = users.get(fixture.require(item, "owner", where)) or fixture.fail(f"{where}: unknown owner")
        category = categories.get(item.get("category", "thinking")) or fixture.fail(f"{where}: unknown category")
        plain = {k: v for k, v in item.items() if k not in ("owner", "category", "tasks", "helpingmaterials")}
        project = Project(id=None, owner_id=owner.id, owners_ids=[owner.id], category_id=category.id,
                          secret_key=ctx.store.new_uuid(), **plain)
        rows.insert(state, project, now)
        stats = ProjectStats(id=state.next_id("project_stats"), project_id=project.id)
        state.project_stats[stats.id] = stats
        for task_item in item.get("tasks", []):
            answered_by = task_item.get("answered_by", [])
            task = Task(id=None, project_id=project.id, **{k: v for k, v in task_item.items() if k != "answered_by"})
            rows.insert(state, task, now)
            for name in answered_by:
                user = users.get(name) or fixture.fail(f"{where}: unknown user {name!r}")
                run = TaskRun(id=None, project_id=project.id, task_id=task.id, user_id=user.id, info={"answer": name})
                rows.insert(state, run, now)
                contributions.after_task_run(state, run, now)
        for material in item.get("helpingmaterials", []):
            rows.insert(state, HelpingMaterial(id=None, project_id=project.id, **material), now)


SECTIONS: tuple[Section, ...] = (("pybossa.yaml", _users), ("pybossa.yaml", _categories), ("pybossa.yaml", _projects))
