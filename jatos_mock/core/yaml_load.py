"""YAML read with libyaml's parser when PyYAML has it: about ten times faster, and start-up reads the deviations
registry and the fixtures (`jatos-mock serve` should answer within a second or so)."""

import yaml

_FAST = getattr(yaml, "CSafeLoader", None)


def safe_load(text: str):
    """As `yaml.safe_load(text)`. A document libyaml refuses is read again by PyYAML's own parser, so a broken file
    is reported in the same words either way."""
    if _FAST is not None:
        try:
            return yaml.load(text, Loader=_FAST)  # noqa: S506 - CSafeLoader is the safe loader
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)
