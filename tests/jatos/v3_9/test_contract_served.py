"""Under JATOS 3.9 the mock serves 3.9's own contract (jatos-api-3.9.yaml) at /openapi.yaml and on the docs page,
under the base path like 3.10's, and the wheel carries it as package data."""

import tomllib
from pathlib import Path

import yaml

from jatos_mock.jatos.contract import load_spec
from jatos_mock.jatos.domain.config import JatosConfig
from jatos_mock.jatos.resources import contract_path

ROOT = Path(__file__).resolve().parents[3]


def test_openapi_yaml_is_the_3_9_contract(api39):
    r = api39.client.get("/openapi.yaml")
    assert r.status_code == 200 and r.mimetype == "application/yaml"
    spec = yaml.safe_load(r.get_data(as_text=True))
    assert spec["info"]["version"] == "1.0.1" and "3.9" in spec["info"]["title"]
    assert "/jatos/api/v1/studies/create" in spec["paths"] and "/jatos/api/v1/users" not in spec["paths"]
    assert spec == load_spec(line="3.9")


def test_a_request_asking_for_3_9_gets_3_9s_contract_and_3_10_keeps_its_own(api):
    asked = yaml.safe_load(api.client.get("/openapi.yaml", headers={"X-Jatos-Mock-Version": "3.9"}).data)
    default = yaml.safe_load(api.client.get("/openapi.yaml").data)
    assert asked["info"]["version"] == "1.0.1" and default["info"]["version"] == "1.1.0"


def test_the_docs_page_loads_it(api39):
    page = api39.client.get("/docs").get_data(as_text=True)
    assert 'url: "/openapi.yaml"' in page
    assert api39.client.get("/openapi.yaml").status_code == 200


def test_it_is_served_under_the_base_path(make_api):
    based = make_api(seed=1, version="3.9", jatos=JatosConfig(url_base_path="/study-server/"))
    spec = yaml.safe_load(based.client.get("/study-server/openapi.yaml").data)
    assert [s["url"] for s in spec["servers"]] == ["/study-server", "http://localhost:9000/study-server"]
    assert based.client.get("/openapi.yaml").status_code == 404
    assert 'url: "/study-server/openapi.yaml"' in based.client.get("/study-server/docs").get_data(as_text=True)


def test_the_wheel_and_the_sdist_carry_it():
    build = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"]["targets"]
    assert build["wheel"]["force-include"]["jatos-api-3.9.yaml"] == "jatos_mock/jatos/resources/jatos-api-3.9.yaml"
    assert "jatos-api-3.9.yaml" in build["sdist"]["include"]
    assert contract_path("3.9") == ROOT / "jatos-api-3.9.yaml"  # a checkout reads it from the repository root


def test_it_is_a_valid_openapi_document_with_an_operation_id_everywhere():
    from openapi_spec_validator import validate

    spec = yaml.safe_load(contract_path("3.9").read_text(encoding="utf-8"))
    validate(spec)
    ids = [op.get("operationId") for item in spec["paths"].values() for op in item.values()]
    assert len(ids) == 23 and None not in ids and len(set(ids)) == len(ids)
