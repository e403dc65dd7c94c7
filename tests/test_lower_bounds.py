"""The pins of .ci/lower-bounds: every runtime dependency at its pyproject.toml bound."""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_SPEC = importlib.util.spec_from_file_location("lower_bounds", ROOT / ".ci" / "lower_bounds.py")
lower_bounds = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(lower_bounds)


def test_every_runtime_dependency_is_pinned_at_its_bound():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = lower_bounds.pins()
    assert len(pins) == len(project["dependencies"])
    for requirement, pin in zip(project["dependencies"], pins, strict=True):
        assert pin == requirement.replace(">=", "==")


def test_a_dependency_without_a_plain_lower_bound_is_refused(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\ndependencies = ["pandas>=3.1", "numpy<3"]\n')
    with pytest.raises(SystemExit, match="'numpy<3' has no plain '>=' lower bound"):
        lower_bounds.pins(pyproject)
