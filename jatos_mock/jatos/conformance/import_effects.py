"""Re-importing a study with each of the import flags, and what the study looks like after (reference A §11.2,
IES.importStudyConfirmed): keepProperties keeps title and components, keepAssets keeps the asset files,
keepCurrentAssetsName keeps the assets directory's name, renameAssets picks a free directory name for a new study
(or refuses, changing nothing)."""

from __future__ import annotations

import uuid

from jatos_mock.core.conformance.flow import Flow, unique
from jatos_mock.core.conformance.verify import Request, expect_shown, refused_unchanged
from jatos_mock.jatos.conformance import workflow_study
from jatos_mock.jatos.conformance.dialects import Dialect, Imported
from jatos_mock.jatos.conformance.jzip import build_jzip


def _params(flags: dict[str, bool]) -> dict[str, str]:
    return {name: "true" if value else "false" for name, value in flags.items()}


def _import(flow: Flow, jatos: Dialect, step: str, archive: bytes, flags: dict[str, bool],
            expect: tuple[int, ...]) -> Imported:
    return jatos.import_study(flow, step, archive, _params(flags), expect, f"{jatos.IMPORT} {_params(flags)}")


def _asset(flow: Flow, sid: int, name: str) -> str | None:
    answer = flow.call(f"GET studies/{{id}}/assets/{name}", "GET", f"studies/{sid}/assets/{name}", (200, 404),
                       "GET /studies/{id}/assets/{filepath}")
    return answer.body.decode("utf-8", "replace") if answer.status == 200 else None


def _seen(flow: Flow, jatos: Dialect, sid: int) -> dict:
    """The study as an importer cares about it: properties, its component's title, its asset files."""
    props = flow.get("GET studies/{id}/properties", f"studies/{sid}/properties", "GET /studies/{id}/properties")
    components = jatos.components(flow, "the study's components", sid)
    return {"title": props.get("title"), "dirName": props.get("dirName"),
            "component": components[0].get("title") if components else None,
            "index.html": _asset(flow, sid, "index.html"), "extra.txt": _asset(flow, sid, "extra.txt")}


def import_flags_take_effect(flow: Flow, jatos: Dialect) -> None:
    study_uuid, component_uuid = str(uuid.uuid4()), str(uuid.uuid4())
    dirs = [unique("jatos_mock_wf") for _ in range(3)]
    titles = [f"jatos-mock import {study_uuid[:8]} v{n}" for n in (1, 2, 3)]
    v1 = build_jzip(study_uuid, titles[0], dirs[0], component_uuid, {"index.html": b"<p>one</p>"}, "First")
    v2 = build_jzip(study_uuid, titles[1], dirs[1], component_uuid,
                    {"index.html": b"<p>two</p>", "extra.txt": b"extra two\n"}, "Second")
    v3 = build_jzip(study_uuid, titles[2], dirs[2], component_uuid, {"index.html": b"<p>three</p>"}, "Third")

    sid = workflow_study.keep(flow, _import(flow, jatos, "POST studies (import v1)", v1, {}, (201,)).id)
    first = {"title": titles[0], "dirName": dirs[0], "component": "First", "index.html": "<p>one</p>",
             "extra.txt": None}
    expect_shown(flow, "after the import of v1", jatos.IMPORT, "the study's reads", first, _seen(flow, jatos, sid))

    # (flags, archive, what the study must look like after)
    rounds = [
        ({"keepProperties": True, "keepAssets": True}, v2, first),
        ({"keepProperties": False, "keepAssets": True}, v2,
         {**first, "title": titles[1], "component": "Second"}),
        ({"keepProperties": False, "keepAssets": False, "keepCurrentAssetsName": True}, v2,
         {"title": titles[1], "dirName": dirs[0], "component": "Second", "index.html": "<p>two</p>",
          "extra.txt": "extra two\n"}),
        ({"keepProperties": False, "keepAssets": False, "keepCurrentAssetsName": False}, v3,
         {"title": titles[2], "dirName": dirs[2], "component": "Third", "index.html": "<p>three</p>",
          "extra.txt": None}),
    ]
    for flags, archive, wanted in rounds:
        step = f"POST studies (re-import) {flags}"
        again = _import(flow, jatos, step, archive, flags, (200,))
        flow.expect(step, again.id == sid, f"the re-import answered another study: {again}")
        expect_shown(flow, f"after the re-import {flags}", f"{jatos.IMPORT} {_params(flags)}", "the study's reads",
                     wanted, _seen(flow, jatos, sid))

    # a new study whose directory name is taken: refused with renameAssets=false (nothing imported), renamed else
    other_uuid = str(uuid.uuid4())
    other = build_jzip(other_uuid, "jatos-mock import rename", dirs[2], str(uuid.uuid4()),
                       {"index.html": b"<p>other</p>"})
    flow.undo.append(("DELETE", f"studies/{other_uuid}"))  # should a refused import create it after all
    studies = Request("GET studies/properties", "GET", "studies/properties", "GET /studies/properties")
    refused_unchanged(flow, Request("POST studies (import, renameAssets=false, taken dirName)", "POST",
                                    jatos.import_path, f"{jatos.IMPORT} renameAssets=false", expect=(403,),
                                    kw={"params": {"renameAssets": "false"},
                                        "files": {"study": ("workflow.jzip", other, "application/zip")}}),
                      studies, lambda data: sorted(s.get("id") for s in data or []))
    step = "POST studies (import, renameAssets=true, taken dirName)"
    renamed = _import(flow, jatos, step, other, {"renameAssets": True}, (201,))
    flow.expect(step, renamed.dir_name != dirs[2] and str(renamed.dir_name).startswith(dirs[2]),
                f"renameAssets=true gave dirName {renamed.dir_name!r} for the taken {dirs[2]!r}",
                f"{jatos.IMPORT} renameAssets=true")
    flow.call("DELETE studies/{id} (the renamed import)", "DELETE", f"studies/{renamed.id}", (200,),
              "DELETE /studies/{id}")
    flow.undo.remove(("DELETE", f"studies/{other_uuid}"))
    workflow_study.delete(flow, sid)
