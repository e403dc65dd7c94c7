"""Equivalence tables of the match stage: write them before a refactor, compare after.

Usage: python benchmarks/match_equivalence.py write DIR
       python benchmarks/match_equivalence.py compare BEFORE_DIR AFTER_DIR
``write`` reads every real export in ../shared/data (each Web of Science file alone, the two
book-heavy WoS exports together, each Scopus file), parses and matches its references as the
match stage does offline, and writes, per input set, the parsed references, the matched
references, the works and the decisions (CSV, rows sorted). ``compare`` lists every table
that differs (exit 1) or says all are identical (exit 0).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from refnet.inputs.exports import read_exports
from refnet.match.identity import match_references
from refnet.match.parse import parse_references

DATA = Path(__file__).resolve().parents[2] / "shared/data"
BOOKS = ["wos/bibliometrix_management.txt", "wos/tethne_wos3_history_of_biology.txt"]


def input_sets() -> dict[str, list[Path]]:
    """Named sets of export files: each WoS/Scopus file alone, the two book exports together."""
    sets: dict[str, list[Path]] = {}
    for path in sorted((DATA / "wos").glob("*")) + sorted((DATA / "scopus").glob("*")):
        if path.name != "badFile.isi":
            sets[path.name] = [path]
    sets["books"] = [DATA / name for name in BOOKS]
    return {name: paths for name, paths in sets.items() if all(p.is_file() for p in paths)}


def _sorted(table: pd.DataFrame) -> pd.DataFrame:
    table = table.astype(str)
    return table.sort_values(list(table.columns), kind="stable").reset_index(drop=True)


def write(out: Path) -> None:
    """Write the four tables of every input set under ``out``."""
    for name, paths in input_sets().items():
        papers, refs, _ = read_exports([str(p) for p in paths])
        parsed = parse_references(refs)
        matched, works, decisions = match_references(parsed, papers, {})
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        for label, table in [
            ("parsed", parsed),
            ("matched", matched),
            ("works", works),
            ("decisions", decisions),
        ]:
            _sorted(table).to_csv(folder / f"{label}.csv", index=False)
        print(f"{name}: {len(parsed)} references, {len(works)} works, {len(decisions)} decisions")


def compare(before: Path, after: Path) -> int:
    """Print each table that differs between two ``write`` folders; 1 if any does."""
    names = sorted({p.relative_to(before) for p in before.rglob("*.csv") if p.is_file()})
    names += sorted(
        {p.relative_to(after) for p in after.rglob("*.csv") if p.is_file()} - set(names)
    )
    differ = 0
    for name in names:
        a, b = before / name, after / name
        if not (a.is_file() and b.is_file()) or a.read_bytes() != b.read_bytes():
            differ += 1
            print(f"differs: {name}")
    print(f"{len(names) - differ} of {len(names)} tables identical")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["write", "compare"])
    parser.add_argument("dirs", nargs="+")
    args = parser.parse_args(argv)
    if args.mode == "write":
        write(Path(args.dirs[0]))
        return 0
    if len(args.dirs) != 2:
        print("compare needs BEFORE_DIR AFTER_DIR", file=sys.stderr)
        return 2
    return compare(Path(args.dirs[0]), Path(args.dirs[1]))


if __name__ == "__main__":
    raise SystemExit(main())
