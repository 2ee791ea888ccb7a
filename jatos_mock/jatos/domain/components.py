"""Components of a study (services/gui/ComponentService)."""

from jatos_mock.jatos import errors
from jatos_mock.jatos.deviations import deviates
from jatos_mock.jatos.domain import assets, properties
from jatos_mock.jatos.models import Component, State, Study


def add_component(state: State, study: Study, uuid: str, title: str, now_ms: int, **properties) -> Component:
    """Appends a component at the end of the study's component list."""
    component = Component(id=state.next_id("component"), uuid=uuid, study_id=study.id, title=title, date=now_ms,
                          **properties)
    state.components[component.id] = component
    study.component_ids.append(component.id)
    return component


def create_component(state: State, study: Study, uuid: str, body: dict, now_ms: int) -> Component:
    """Api.createComponent: strict bind, validate, append (no HTML file is created)."""
    body = properties.normalize_input_field(body, "componentInput")
    bound = properties.bind(body, properties.COMPONENT_FIELDS, properties.COMPONENT_READ_ONLY,
                            properties.COMPONENT_WRITE_ONLY, strict_create=True, entity="ComponentProperties")
    bound.pop("htmlFileRename", None)
    bound.pop("htmlFileExists", None)
    props = {"reloadable": False, "active": True, **bound}
    properties.raise_if_invalid(properties.component_problem(props))
    title = props.pop("title")
    return add_component(state, study, uuid, title, now_ms, **props)


def update_component(state: State, study: Study, component: Component, body: dict) -> None:
    """Api.updateComponent: strict merge, validation, then ComponentService.renameHtmlFilePath."""
    body = properties.normalize_input_field(body, "componentInput")
    bound = properties.bind(body, properties.COMPONENT_FIELDS, properties.COMPONENT_READ_ONLY,
                            properties.COMPONENT_WRITE_ONLY, strict_create=False, entity="ComponentProperties")
    rename_file = bool(bound.pop("htmlFileRename", False))
    bound.pop("htmlFileExists", None)
    current = {attr: getattr(component, attr) for attr, _ in properties.COMPONENT_FIELDS.values()}
    merged = {**current, **bound}
    properties.raise_if_invalid(properties.component_problem(merged))
    new_path = merged.pop("html_file_path")
    new_path = "" if new_path is None or new_path.strip() == "" else new_path.strip()
    old_path = component.html_file_path
    if new_path and old_path is None and deviates("A35"):
        raise errors.UnexpectedError()  # renameHtmlFilePath: getHtmlFilePath().trim() on null
    if rename_file and new_path and old_path and new_path != old_path:
        old_key, new_key = assets.normalize(old_path), assets.normalize(new_path)
        if old_key and new_key and assets.is_file(study, old_key):
            if assets.is_file(study, new_key) or assets.is_dir(study, new_key):
                message = f"HTML file \"{old_path}\" couldn't be renamed to \"{new_path}\" because it already exists."
                if deviates("A35"):
                    raise errors.IOFailure(message)
                raise errors.ValidationFailed(f"Error in field 'htmlFilePath' - {message}")
            study.assets[new_key] = study.assets.pop(old_key)
            study.asset_dirs.update(assets.parents(new_key))
    component.html_file_path = new_path
    for attr, value in merged.items():
        setattr(component, attr, value)
