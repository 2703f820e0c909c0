"""YAML from data/reference/ and the notebooks, read with libyaml's C parser (about ten times
faster than PyYAML's pure-Python one; every notebook reads the register, so it adds up).
Same safe subset as yaml.safe_load."""

from __future__ import annotations

import yaml

YAMLError = yaml.YAMLError
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the wheels ship libyaml; fall back if not


def laad(bron):
    """yaml.safe_load of a string or an open text file."""
    return yaml.load(bron, Loader=_Loader)  # noqa: S506 - a safe loader
