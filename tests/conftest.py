"""Shared fixtures: the project root and the real data beside the project."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def root() -> Path:
    """The project root."""
    return ROOT


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` (real recorded responses and exports), or skip."""
    path = SHARED / "data"
    if not path.is_dir():
        pytest.skip(f"real data folder {path} is absent (it lives beside the project, not in it)")
    return path


@pytest.fixture(scope="session")
def softbalancing() -> Path:
    """``../shared/softbalancing``, or skip."""
    path = SHARED / "softbalancing"
    if not path.is_dir():
        pytest.skip(f"soft-balancing corpus {path} is absent")
    return path
