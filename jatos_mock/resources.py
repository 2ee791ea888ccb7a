"""Where the packaged contract and default fixtures live (installed wheel or source checkout)."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def _find(name: str) -> Path:
    # A wheel carries them under jatos_mock/resources/; a checkout or editable install has them at the root.
    for candidate in (_PACKAGE / "resources" / name, _CHECKOUT / name):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"jatos-mock resource {name!r} not found (looked in {_PACKAGE / 'resources'} and {_CHECKOUT})")


def contract_path() -> Path:
    return _find("jatos-api.yaml")


def default_fixtures_dir() -> Path:
    return _find("fixtures")
