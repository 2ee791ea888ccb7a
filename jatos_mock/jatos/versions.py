"""The JATOS versions this mock serves, by the names `--jatos-version`, the marker and the version header take."""

from jatos_mock.core.http.version import ApiVersion

DEFAULT = "3.10"
# a release of a served version answers as that version (3.10.1-3.10.5 alike; 3.9 is 3.9.8; 3.9.1-3.9.6 alike)
ALIASES = {**{f"3.10.{n}": "3.10" for n in range(1, 6)}, "3.9.8": "3.9", **{f"3.9.{n}": "3.9.6" for n in range(1, 6)}}


class UnknownVersion(ValueError):
    pass


def served() -> dict[str, ApiVersion]:
    """Every version by name, the default first."""
    from jatos_mock.jatos.v3_9 import VERSION, VERSION_3_9_6, VERSION_3_9_7
    from jatos_mock.jatos.v3_10 import VERSION as JATOS_3_10

    return {v.name: v for v in (JATOS_3_10, VERSION, VERSION_3_9_7, VERSION_3_9_6)}


NAMES = ("3.10", "3.9", "3.9.7", "3.9.6")  # served()'s names, known without importing the versions
BY_API_VERSION = {"1.1.0": "3.10", "1.0.1": "3.9"}  # Common.jatosApiVersion of each: how a server says its version


def resolve(name: str) -> str:
    """The served version a name means; an unknown one raises UnknownVersion listing the known ones."""
    name = ALIASES.get(str(name).strip(), str(name).strip())
    if name not in NAMES:
        raise UnknownVersion(f"unknown JATOS version {name!r}; known versions: {', '.join(NAMES)} "
                             f"(releases {', '.join(ALIASES)} are answered as their version)")
    return name
