"""Components of a study (services/gui/ComponentService)."""

from jatos_mock.domain.models import Component, State, Study


def add_component(state: State, study: Study, uuid: str, title: str, now_ms: int, **properties) -> Component:
    """Appends a component at the end of the study's component list."""
    component = Component(id=state.next_id("component"), uuid=uuid, study_id=study.id, title=title, date=now_ms,
                          **properties)
    state.components[component.id] = component
    study.component_ids.append(component.id)
    return component
