"""JATOS's configuration while the mock runs, and the control API's `/__mock__/config` that shows and changes it.

The start configuration is the settings' JatosConfig, then the fixture directory's `jatos.conf`, then the `--config
KEY=VALUE` values (later wins, as JATOS's -D options win over its conf file). `PUT /__mock__/config` (and a test's
`@pytest.mark.jatos(config={...})`) changes it until the next reset, which restores the start configuration.

    GET /__mock__/config                                   -> {"jatos.api.allowed": true, ...} (every key)
    PUT /__mock__/config  {"jatos.api.allowed": false}     -> the whole configuration after the change
"""

from collections.abc import Mapping
from pathlib import Path

from jatos_mock.core.http.control import control_blueprint, json_body, problem
from jatos_mock.core.http.json_body import json_response
from jatos_mock.core.http.runtime import Runtime, runtime
from jatos_mock.core.state.fixtures import FixtureError
from jatos_mock.jatos.domain.config import ConfigError, JatosConfig, as_keys, parse_conf, with_values

CONF_FILE = "jatos.conf"  # in the fixture directory, like JATOS's conf/jatos.conf
_START, _CURRENT = "jatos_config_start", "jatos_config"

bp = control_blueprint("jatos_config")


def start_config(settings, fixtures_dir: Path | None) -> JatosConfig:
    """The settings' configuration, the fixture directory's jatos.conf over it, the --config values over both.
    A bad file is a FixtureError naming its line, a bad value in the settings a ConfigError."""
    config = settings.jatos
    conf = fixtures_dir / CONF_FILE if fixtures_dir is not None else None
    if conf is not None and conf.is_file():  # a broken one is a broken fixture file, named with its line
        try:
            config = with_values(config, parse_conf(conf.read_text(encoding="utf-8"), str(conf)))
        except UnicodeDecodeError:
            raise FixtureError(f"{conf}: not UTF-8 text") from None
        except ConfigError as exc:
            raise FixtureError(str(exc)) from None
    return with_values(config, settings.jatos_keys)


def install(rt: Runtime, config: JatosConfig) -> None:
    rt.extras[_START] = rt.extras[_CURRENT] = config
    rt.on_reset.append(lambda: restore(rt))  # a reset returns to the start configuration


def current(rt: Runtime) -> JatosConfig:
    """The configuration a request runs under (one immutable object, swapped whole)."""
    return rt.extras[_CURRENT]


def change(rt: Runtime, values: Mapping[str, object]) -> JatosConfig:
    """Sets some keys (all or none); a ConfigError names the bad key or value."""
    rt.extras[_CURRENT] = config = with_values(current(rt), values)
    return config


def restore(rt: Runtime) -> None:
    rt.extras[_CURRENT] = rt.extras[_START]


@bp.get("/config")
def show():
    return json_response(as_keys(current(runtime())))


@bp.route("/config", methods=["PUT", "PATCH"])
def update():
    values = json_body()
    if not isinstance(values, dict):
        return problem("expected a JSON object of JATOS configuration keys and values, e.g. "
                       "{\"jatos.api.allowed\": false}")
    try:
        config = change(runtime(), values)
    except ConfigError as exc:
        return problem(f"configuration not changed: {exc}")
    return json_response(as_keys(config))
