"""Pins of pyproject.toml's runtime dependencies at their lower bounds, for pip -c.

``python .ci/lower_bounds.py > constraints.txt`` prints ``name==bound`` for every
``name>=bound`` in ``[project] dependencies``; a dependency written otherwise is an error
(every runtime dependency must have a lower bound, and that bound is what is tested).
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def pins(pyproject: Path = PYPROJECT) -> list[str]:
    """``name==bound`` for each runtime dependency ``name>=bound``."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    out = []
    for requirement in project["dependencies"]:
        found = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)\s*>=\s*([0-9][^\s,;]*)\s*", requirement)
        if not found:
            sys.exit(f"{pyproject}: dependency {requirement!r} has no plain '>=' lower bound")
        out.append(f"{found.group(1)}=={found.group(2)}")
    return out


if __name__ == "__main__":
    print("\n".join(pins()))
