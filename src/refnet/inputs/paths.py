"""Which files a review may read: those inside its folder, unless the user allows more.

Every path a review names (under ``inputs:`` of review.yaml, a paper's ``bibliography:``,
``match.overrides``) is taken relative to the review folder (where snakemake runs). A
path that leads out of it (absolute, with ``..``, or through a symlink) is refused unless
review.yaml says ``inputs.allow_outside: true``, so a shared review cannot make refnet read
``/etc/passwd`` or a user's private files into its results.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

#: The review.yaml setting that lets a review read files outside its folder.
ALLOW_SETTING = "inputs.allow_outside"
#: review.yaml settings that name input files, in reading order.
FILE_SETTINGS = ("papers", "bibtex", "dois", "exports")
#: Paper keys become file names of per-paper jobs: at most this long.
MAX_KEY_LENGTH = 100
# Snakemake refuses a wildcard value ending in a part repeated 20 times or more.
_PERIODIC = re.compile(r"(.+?)\1{19,}$")


def allowed_outside(config: Mapping[str, Any]) -> bool:
    """Whether review.yaml allows input paths outside the review folder."""
    return bool((config.get("inputs") or {}).get("allow_outside", False))


def path_problem(name: str, root: Path, allow_outside: bool = False, what: str = "file") -> str:
    """Why the file ``name`` (relative to ``root``) cannot be read, or "" when it can."""
    if not name or "\x00" in name:
        return f"{what} name is empty or holds a NUL character"
    path = Path(root, name)
    if not allow_outside:
        base = Path(root).resolve()
        try:
            target = path.resolve()
        except (OSError, RuntimeError) as exc:  # a symlink loop
            return f"{what} cannot be resolved ({type(exc).__name__})"
        if not target.is_relative_to(base):
            how = _how_outside(name, path, target)
            return (
                f"{what} is outside the review folder ({how}); refused. "
                f"Set {ALLOW_SETTING}: true in review.yaml to read it"
            )
    if path.is_dir():
        return f"{what} is a folder, not a file"
    if not path.is_file():
        return f"{what} not found"
    return ""


def _how_outside(name: str, path: Path, target: Path) -> str:
    if Path(name).is_absolute():
        return "an absolute path"
    if ".." in Path(name).parts:
        return "a path through '..'"
    return f"a symlink to {target}"


def key_problem(key: str) -> str:
    """Why a paper key cannot name the files of its per-paper jobs, or ""."""
    if len(key) > MAX_KEY_LENGTH:
        return f"key longer than {MAX_KEY_LENGTH} characters"
    if _PERIODIC.search(key):
        return "key ends in a part repeated 20 or more times (Snakemake refuses such names)"
    return ""


def usable_inputs(
    config: Mapping[str, Any], root: Path
) -> tuple[dict[str, list[str]], list[dict[str, str]]]:
    """setting -> the files of ``inputs:`` that can be read, and a problem for each other.

    A file not found, a folder, or a path out of the review folder (unless
    ``inputs.allow_outside``) is refused with a reason naming its setting.
    """
    inputs = config.get("inputs") or {}
    allow = allowed_outside(config)
    usable: dict[str, list[str]] = {}
    problems: list[dict[str, str]] = []
    for setting in FILE_SETTINGS:
        usable[setting] = []
        for index, name in enumerate(inputs.get(setting) or []):
            reason = path_problem(name, root, allow, "input file")
            if reason:
                where = f"review.yaml inputs.{setting}[{index}]"
                reason = f"{reason} (named in {where}); skipped"
                problems.append({"stage": "seeds", "origin": name, "value": name, "reason": reason})
            else:
                usable[setting].append(name)
    return usable, problems
