"""JATOS's configuration keys as JATOS reads them (Typesafe Config conversions), one rule for every door."""

import pytest

from jatos_mock.jatos.domain.config import (
    KEYS,
    ConfigError,
    JatosConfig,
    as_keys,
    hocon_value,
    parse_assignment,
    parse_conf,
    with_values,
)


def test_every_key_shows_with_jatos_defaults():
    shown = as_keys(JatosConfig())
    assert shown["jatos.api.allowed"] is True
    assert shown["jatos.api.tokens.apiGeneration.expiresAfter"] == 3600
    assert shown["jatos.urlBasePath"] == "/"
    assert shown["jatos.user.password.length"] == 7
    assert set(shown) == set(KEYS)


@pytest.mark.parametrize("key, text, field, value", [
    ("jatos.api.allowed", "false", "api_allowed", False),
    ("jatos.api.allowed", "off", "api_allowed", False),  # getBoolean takes yes/no/on/off too
    ("jatos.user.role.allowSuperuser", '"yes"', "allow_superuser", True),
    ("jatos.api.tokens.apiGeneration.expiresAfter", "86400 # One day", "token_expires_after", 86400),  # seconds
    ("jatos.api.tokens.apiGeneration.expiresAfter", "1 day", "token_expires_after", 86400),
    ("jatos.api.tokens.apiGeneration.expiresAfter", "90m", "token_expires_after", 5400),
    ("jatos.api.tokens.apiGeneration.expiresAfter", '"86400"', "token_expires_after", 86),  # text: milliseconds
    ("play.http.parser.maxDiskBuffer", "2048MB", "max_upload_bytes", 2048 * 10 ** 6),  # HOCON: MB = 10^6
    ("play.http.parser.maxDiskBuffer", "10M", "max_upload_bytes", 10 * 2 ** 20),  # M = MiB
    ("jatos.user.password.length", "12", "password_length", 12),
    ("jatos.openai.callLimit", "-1", "openai_call_limit", -1),
    ("jatos.urlBasePath", '"/somepath/"', "url_base_path", "/somepath/"),
    ("play.http.context", '"/somepath/"', "http_context", "/somepath/"),  # its older name (conf/jatos.conf)
    ("play.http.parser.maxMemoryBuffer", "10M", "max_memory_bytes", 10 * 2 ** 20),
    ("jatos.resultsArchive.suffix", "jrzip", "results_archive_suffix", "jrzip"),
])
def test_hocon_values_convert_as_jatos_reads_them(key, text, field, value):
    assert getattr(with_values(JatosConfig(), {key: hocon_value(text)}), field) == value


@pytest.mark.parametrize("key, value, expected", [
    ("jatos.api.allowed", "maybe", "jatos.api.allowed: expected a boolean"),
    ("jatos.api.allowed", 1, "jatos.api.allowed: expected a boolean"),
    ("jatos.user.password.length", "seven", "expected an integer"),
    ("jatos.user.password.length", 2 ** 31, "expected an integer"),  # getInt: a Java int
    ("jatos.api.tokens.apiGeneration.expiresAfter", "soon", "expected a duration"),
    ("play.http.parser.maxDiskBuffer", "10XB", "expected a size in bytes"),
    ("play.http.parser.maxDiskBuffer", 0, "expected a positive size"),
    ("jatos.urlBasePath", "somepath", "starts and ends with '/'"),  # conf/jatos.conf: start and end with "/"
    ("jatos.urlBasePath", "/somepath", "starts and ends with '/'"),
    ("jatos.urlBasePath", "/a b/", "starts and ends with '/'"),
    ("jatos.studyArchive.suffix", 3, "expected a string"),
    ("jatos.db.url", "x", "unknown JATOS configuration key 'jatos.db.url'"),
])
def test_a_bad_key_or_value_is_refused_naming_the_known_keys(key, value, expected):
    with pytest.raises(ConfigError) as caught:
        with_values(JatosConfig(), {key: value})
    assert expected in str(caught.value)
    assert "jatos.api.allowed, jatos.api.tokens.apiGeneration.allowed" in str(caught.value)


def test_with_values_changes_all_or_nothing():
    config = JatosConfig()
    with pytest.raises(ConfigError):
        with_values(config, {"jatos.api.allowed": False, "jatos.user.password.length": "x"})
    assert config.api_allowed is True


def test_a_jatos_conf_file_is_read_as_jatos_conf_lines():
    text = """# This is JATOS' configuration
// another comment
include "application.conf"

jatos.urlBasePath = "/somepath/"
jatos.api.tokens.apiGeneration.expiresAfter = 86400 # One day
jatos.studyLogs.enabled: false
jatos.user.password.length = 8
jatos.user.password.length = 9
"""
    values = parse_conf(text)
    config = with_values(JatosConfig(), values)
    assert (config.url_base_path, config.token_expires_after, config.study_logs_enabled, config.password_length) \
        == ("/somepath/", 86400, False, 9)  # later lines win, as in HOCON


@pytest.mark.parametrize("text, expected", [
    ("jatos.api.allowed\n", "jatos.conf line 1: expected 'key = value'"),
    ("\njatos.api.alowed = false\n", "jatos.conf line 2: unknown JATOS configuration key 'jatos.api.alowed'"),
    ('jatos.urlBasePath = "/x/" trailing\n', "jatos.conf line 1: unexpected text after the quoted string"),
    ("jatos.api.allowed = perhaps\n", "jatos.conf line 1: jatos.api.allowed: expected a boolean"),
])
def test_a_broken_jatos_conf_names_its_line(text, expected):
    with pytest.raises(ConfigError) as caught:
        parse_conf(text)
    assert str(caught.value).startswith(expected)


def test_an_assignment_needs_a_known_key_and_an_equals_sign():
    assert parse_assignment("jatos.api.allowed=false") == ("jatos.api.allowed", False)
    assert parse_assignment("jatos.urlBasePath=/base/") == ("jatos.urlBasePath", "/base/")
    for text in ("jatos.api.allowed", "=false", "jatos.nope=1"):
        with pytest.raises(ConfigError, match="known keys: jatos.api.allowed"):
            parse_assignment(text)
