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


def check_review(config: Mapping[str, Any], root: Path, source: str = "review.yaml") -> None:
    """Checks of a validated review that must hold before any stage runs.

    Text that no file can hold (a lone surrogate from a YAML escape), a cache path that is
    a file, and an overrides file that is missing, out of the review folder or broken all
    stop the run here, before the online stages.
    """
    _check_text(config, source, "")
    cache = Path(root, config["sources"]["cache"])
    if cache.exists() and not cache.is_dir():
        raise ConfigError(
            f"{source}: setting 'sources/cache': {cache} is a file; "
            "it must be a folder (the HTTP cache is kept in it)"
        )
    overrides = config["match"]["overrides"]
    if overrides:
        from refnet.inputs.paths import allowed_outside, path_problem
        from refnet.match.overrides import read_overrides

        reason = path_problem(overrides, root, allowed_outside(config), "overrides file")
        if reason:
            raise ConfigError(f"{source}: setting 'match/overrides': {overrides}: {reason}")
        read_overrides(Path(root, overrides))


def _check_text(value: Any, source: str, where: str) -> None:
    """Refuse strings with lone surrogates anywhere in the settings."""
    if isinstance(value, str):
        if any("\ud800" <= c <= "\udfff" for c in value):
            raise ConfigError(
                f"{source}: setting '{where or '(top level)'}': holds a lone surrogate "
                "(an escape such as \\uD800 that is no character): "
                + value.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
            )
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _check_text(key, source, where)
            _check_text(item, source, f"{where}/{key}" if where else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_text(item, source, f"{where}/{index}")


def check_review_file(path: str | Path) -> None:
    """Refuse a review file that is not UTF-8 text holding a YAML mapping (absent: no check)."""
    from refnet.inputs.text import decode

    path = Path(path)
    if not path.is_file():
        return
    decoded = decode(path.read_bytes())
    if decoded.bad_lines:
        raise ConfigError(
            f"{path}:{decoded.bad_lines[0]}: bytes that are not {decoded.encoding.upper()}; "
            "save the file as UTF-8"
        )
    try:
        data = yaml.safe_load(decoded.text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings, got {type(data).__name__}")
