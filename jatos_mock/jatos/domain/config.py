"""JATOS's own configuration keys that change API behaviour, with JATOS's defaults, set by JATOS's key names.

The keys are those of conf/jatos.conf (defaults in conf/application.conf, read in general/common/Common.java). A
value comes as Python/JSON (bool, int, str) or as HOCON text (a `key = value` line, `--config KEY=VALUE`); it is
converted as Typesafe Config converts it for the getter JATOS uses (getBoolean, getInt, getBytes, and
Common.getDurationWithDefaultUnit). An unknown key or a value of the wrong kind is a ConfigError naming the keys.
"""

import dataclasses
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class JatosConfig:
    api_allowed: bool = True  # jatos.api.allowed
    token_generation_allowed: bool = True  # jatos.api.tokens.apiGeneration.allowed
    token_expires_after: int = 3600  # jatos.api.tokens.apiGeneration.expiresAfter, seconds
    allow_superuser: bool = False  # jatos.user.role.allowSuperuser
    password_length: int = 7  # jatos.user.password.length
    study_logs_enabled: bool = True  # jatos.studyLogs.enabled
    url_base_path: str = "/"  # jatos.urlBasePath
    http_context: str | None = None  # play.http.context, when set: the base path (its older name; see base_path)
    # play.http.parser.maxDiskBuffer: JATOS's default is 2048MB; the mock keeps uploads and imports to 100 MiB
    max_upload_bytes: int = 100 * 1024 * 1024
    # play.http.parser.maxMemoryBuffer: the bodies Play parses in memory (JSON, text, forms); JATOS's is 2048MB too
    max_memory_bytes: int = 100 * 1024 * 1024
    results_archive_suffix: str = "zip"  # jatos.resultsArchive.suffix
    study_archive_suffix: str = "jzip"  # jatos.studyArchive.suffix
    openai_allowed: bool = False  # jatos.openai.allowed
    openai_call_limit: int = 10  # jatos.openai.callLimit (-1: unlimited)


    @property
    def base_path(self) -> str:
        """The base path JATOS runs under: Common reads play.http.context, which application.conf sets to
        ${jatos.urlBasePath}; a play.http.context of its own (the deprecated name, still accepted) wins."""
        return self.http_context if self.http_context is not None else self.url_base_path


class ConfigError(ValueError):
    """An unknown key or a bad value; the message names the known keys."""


class _Quoted(str):
    """A HOCON quoted string: for a duration it is text (no unit: milliseconds), never a number of seconds."""


# --- Typesafe Config's conversions ------------------------------------------------------------------------------

_TRUE, _FALSE = ("true", "yes", "on"), ("false", "no", "off")  # ConfigImpl: what getBoolean takes from a string
_INT = re.compile(r"[+-]?[0-9]+")
# SimpleConfig.parseDuration / parseBytes: a number, optional blanks, a unit name
_AMOUNT = re.compile(r"([+-]?[0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]*)")
_DURATION_UNITS = {1e-9: ("ns", "nano", "nanos", "nanosecond", "nanoseconds"),
                   1e-6: ("us", "micro", "micros", "microsecond", "microseconds"),
                   1e-3: ("", "ms", "milli", "millis", "millisecond", "milliseconds"),
                   1: ("s", "second", "seconds"), 60: ("m", "minute", "minutes"), 3600: ("h", "hour", "hours"),
                   86400: ("d", "day", "days")}
_SECONDS_PER_UNIT = {name: factor for factor, names in _DURATION_UNITS.items() for name in names}
_BYTE_UNITS = {"": 1, "b": 1, "byte": 1, "bytes": 1}
for _power, (_si, _iec) in enumerate((("kilo", "kibi"), ("mega", "mebi"), ("giga", "gibi"), ("tera", "tebi")), 1):
    _letter = "kmgt"[_power - 1]
    _BYTE_UNITS.update({f"{_letter}b": 1000 ** _power, f"{_si}byte": 1000 ** _power, f"{_si}bytes": 1000 ** _power})
    _BYTE_UNITS.update({_letter: 1024 ** _power, f"{_letter}i": 1024 ** _power, f"{_letter}ib": 1024 ** _power,
                        f"{_iec}byte": 1024 ** _power, f"{_iec}bytes": 1024 ** _power})
_JAVA_INT = (-(2 ** 31), 2 ** 31 - 1)


def _boolean(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value in _TRUE + _FALSE:
        return value in _TRUE
    raise ValueError("a boolean (true or false)")


def _int(value):
    if isinstance(value, str) and _INT.fullmatch(value.strip()):
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and _JAVA_INT[0] <= value <= _JAVA_INT[1]:
        return value
    raise ValueError("an integer")


def _amount(value, units: dict, what: str):
    match = _AMOUNT.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None or match[2].lower() not in units and match[2] not in units:
        raise ValueError(what)
    factor = units[match[2]] if match[2] in units else units[match[2].lower()]
    return float(match[1]) * factor


def _duration_seconds(value):
    """Common.getDurationWithDefaultUnit: a number is seconds; text is a HOCON duration (no unit: milliseconds)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return int(_amount(value, _SECONDS_PER_UNIT, "a duration (seconds, or e.g. '1 day', '3600s')"))


def _bytes(value):
    if isinstance(value, int) and not isinstance(value, bool):
        size = value
    else:
        size = int(_amount(value, _BYTE_UNITS, "a size in bytes (e.g. 104857600, '100MB', '2048M')"))
    if size <= 0:
        raise ValueError("a positive size in bytes")
    return size


def _string(value):
    if isinstance(value, str):
        return str(value)
    raise ValueError("a string")


_BASE_PATH = re.compile(r"/(?:[A-Za-z0-9._~-]+/)*")  # segments of URL-safe characters


def _base_path(value):
    # conf/jatos.conf: "It has to start and end with '/'"; the mock takes segments of unreserved URL characters
    if isinstance(value, str) and _BASE_PATH.fullmatch(value):
        return str(value)
    raise ValueError("a path that starts and ends with '/', of letters, digits and '._~-' (e.g. \"/jatos-base/\")")


# JATOS's key -> (JatosConfig field, conversion)
KEYS: dict[str, tuple[str, Callable]] = {
    "jatos.api.allowed": ("api_allowed", _boolean),
    "jatos.api.tokens.apiGeneration.allowed": ("token_generation_allowed", _boolean),
    "jatos.api.tokens.apiGeneration.expiresAfter": ("token_expires_after", _duration_seconds),
    "jatos.user.role.allowSuperuser": ("allow_superuser", _boolean),
    "jatos.user.password.length": ("password_length", _int),
    "jatos.studyLogs.enabled": ("study_logs_enabled", _boolean),
    "jatos.urlBasePath": ("url_base_path", _base_path),
    "play.http.context": ("http_context", _base_path),
    "play.http.parser.maxDiskBuffer": ("max_upload_bytes", _bytes),
    "play.http.parser.maxMemoryBuffer": ("max_memory_bytes", _bytes),
    "jatos.resultsArchive.suffix": ("results_archive_suffix", _string),
    "jatos.studyArchive.suffix": ("study_archive_suffix", _string),
    "jatos.openai.allowed": ("openai_allowed", _boolean),
    "jatos.openai.callLimit": ("openai_call_limit", _int),
}


def known_keys() -> str:
    return ", ".join(KEYS)


def convert(key: str, value):
    """One key's value as JatosConfig holds it."""
    if key not in KEYS:
        raise ConfigError(f"unknown JATOS configuration key {key!r}; known keys: {known_keys()}")
    try:
        return KEYS[key][1](value)
    except ValueError as exc:
        raise ConfigError(f"{key}: expected {exc}, got {_shown(value)} (known keys: {known_keys()})") from None


def _shown(value) -> str:
    return json.dumps(value) if isinstance(value, _Quoted) or not isinstance(value, str) else repr(value)


def with_values(config: JatosConfig, values: Mapping[str, object]) -> JatosConfig:
    """`config` with the given keys set (all or none: the first bad one is a ConfigError)."""
    changes = {KEYS[key][0] if key in KEYS else key: convert(key, value) for key, value in values.items()}
    return dataclasses.replace(config, **changes)


def as_keys(config: JatosConfig) -> dict:
    """Every key with its value, as JSON (play.http.context as JATOS's configuration resolves it)."""
    values = {key: getattr(config, field) for key, (field, _) in KEYS.items()}
    values["play.http.context"] = config.base_path
    return values


# --- HOCON text: jatos.conf lines and KEY=VALUE ------------------------------------------------------------------

def hocon_value(text: str):
    """A value as HOCON reads it (the forms jatos.conf uses): a quoted string, true/false, a number, or an unquoted
    string up to a comment (`#` or `//`)."""
    text = text.strip()
    if text.startswith('"'):
        decoder = json.JSONDecoder()
        try:
            value, end = decoder.raw_decode(text)
        except ValueError:
            raise ConfigError(f"unterminated or invalid quoted string: {text}") from None
        rest = text[end:].strip()
        if rest and not rest.startswith(("#", "//")):
            raise ConfigError(f"unexpected text after the quoted string: {rest}")
        return _Quoted(value)
    text = re.split(r"#|//", text, maxsplit=1)[0].strip()
    if text in ("true", "false"):
        return text == "true"
    if _INT.fullmatch(text):
        return int(text)
    return text


def parse_assignment(text: str) -> tuple[str, object]:
    """'KEY=VALUE' (the --config option) -> (key, value); the key is checked, the value converted later."""
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise ConfigError(f"expected KEY=VALUE, got {text!r} (known keys: {known_keys()})")
    if key not in KEYS:
        raise ConfigError(f"unknown JATOS configuration key {key!r}; known keys: {known_keys()}")
    return key, hocon_value(value)


_LINE = re.compile(r'\s*([A-Za-z0-9_.-]+)\s*[=:]\s*(.*)')


def parse_conf(text: str, name: str = "jatos.conf") -> dict:
    """The `key = value` lines of a jatos.conf (comments and blank lines skipped; later lines win, as in HOCON;
    `include` lines, as the old production.conf had, are left to JATOS's own files)."""
    values = {}
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "//")) or stripped.startswith("include "):
            continue
        match = _LINE.fullmatch(line)
        if match is None:
            raise ConfigError(f"{name} line {number}: expected 'key = value', got {stripped!r}")
        try:
            key, value = match[1], hocon_value(match[2])
            convert(key, value)
        except ConfigError as exc:
            raise ConfigError(f"{name} line {number}: {exc}") from None
        values[key] = value
    return values
