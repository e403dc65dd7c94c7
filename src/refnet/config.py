"""Load and validate ``refs/review.yaml`` with messages a user understands."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from refnet.errors import ConfigError

#: The JSON Schema of review.yaml, a file of the package (found installed or in a checkout).
SCHEMA = resources.files("refnet") / "config.schema.yaml"


def load_schema() -> dict[str, Any]:
    """The JSON Schema of review.yaml."""
    return yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))


def _fill_defaults(schema: Mapping[str, Any], value: Any) -> Any:
    """Apply ``default`` values of object properties, recursively."""
    if not isinstance(value, dict) or schema.get("type") != "object":
        return value
    for name, sub in schema.get("properties", {}).items():
        if name not in value and "default" in sub:
            value[name] = copy.deepcopy(sub["default"])
        if name in value:
            value[name] = _fill_defaults(sub, value[name])
    return value


def _describe(error: jsonschema.ValidationError, source: str) -> str:
    where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
    return f"{source}: setting '{where}': {error.message}"


def validate_config(config: Mapping[str, Any], source: str = "review.yaml") -> dict[str, Any]:
    """Validate ``config``, fill defaults, and return a new dict.

    Raises :class:`ConfigError` listing every problem with the setting's path.
    """
    schema = load_schema()
    data = copy.deepcopy(dict(config))
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        lines = "\n".join("  - " + _describe(e, source) for e in errors)
        raise ConfigError(f"{source} is not a valid refnet review:\n{lines}")
    return _fill_defaults(schema, data)


def load_config(path: str | Path) -> dict[str, Any]:
    """Read, validate and complete a review.yaml."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"review configuration not found: {path}") from exc
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings, got {type(data).__name__}")
    return validate_config(data, str(path))
