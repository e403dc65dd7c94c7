"""``refnet`` command line: check a review, run one stage, start the API emulator."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from refnet import __version__
from refnet.errors import RefnetError


def _validate(args: argparse.Namespace) -> int:
    from refnet.config import load_config
    from refnet.inputs.seeds import read_review_papers

    config = load_config(args.config)
    papers, problems = read_review_papers(config, args.root)
    print(f"{args.config}: valid; {len(papers)} review papers, {len(problems)} problems")
    for row in problems.itertuples():
        print(f"  {row.origin}: {row.reason} ({row.value})")
    return 0


def _emulator(args: argparse.Namespace) -> int:
    from refnet.emulator.__main__ import main as emulator_main

    return emulator_main(args.rest)


def _pairs(given: Sequence[str], option: str) -> dict[str, list[str]]:
    """``name=path`` options → name → paths (a name given twice keeps both, in order)."""
    from refnet.errors import InputError

    files: dict[str, list[str]] = {}
    for item in given:
        name, sep, path = item.partition("=")
        if not sep or not name or not path:
            raise InputError("expected NAME=PATH", value=item, origin=option)
        files.setdefault(name, []).append(path)
    return files


def _settings(text: str | None) -> dict:
    """``--settings``: JSON or YAML text, or ``@file`` holding it; a mapping."""
    import yaml

    from refnet.errors import InputError

    if not text:
        return {}
    origin = "--settings"
    if text.startswith("@"):
        origin = text[1:]
        try:
            text = Path(origin).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot read the settings file: {exc}", value=origin) from exc
    try:
        data = yaml.safe_load(text)  # JSON is YAML
    except yaml.YAMLError as exc:
        raise InputError(f"not JSON or YAML: {exc}", value=text[:80], origin=origin) from exc
    if not isinstance(data, dict):
        raise InputError("settings must be a mapping", value=text[:80], origin=origin)
    return data


def _run(args: argparse.Namespace) -> int:
    import logging

    from refnet.stages import STAGES, run_named

    if args.list or not args.stage:
        for name, spec in STAGES.items():
            print(f"{name}: {spec.doc}")
            print(f"  inputs: {' '.join(spec.inputs) or '-'}")
            print(f"  outputs: {' '.join(spec.outputs)}")
            print(f"  settings: {' '.join(spec.settings) or '-'}")
        return 0
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    run_named(
        args.stage,
        _pairs(args.input, "--input"),
        _pairs(args.output, "--output"),
        _settings(args.settings),
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``refnet`` command."""
    parser = argparse.ArgumentParser(prog="refnet", description=__doc__)
    parser.add_argument("--version", action="version", version=f"refnet {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check refs/review.yaml and read its inputs")
    check.add_argument("config", nargs="?", default="refs/review.yaml")
    check.add_argument("--root", default=".", help="folder the paths in the config start from")
    check.set_defaults(func=_validate)
    run = commands.add_parser(
        "run",
        help="run one stage of the workflow without Snakemake",
        description="Run one stage on named files, e.g. refnet run bibtex --input "
        "papers=results/resolved/papers.parquet --input works=results/match/works.parquet "
        "--output review=review.bib --output cited=cited.bib. A name marked * in "
        "`refnet run --list` may be given several times.",
    )
    run.add_argument("stage", nargs="?", help="the stage (refnet run --list shows them)")
    run.add_argument("--input", action="append", default=[], metavar="NAME=PATH")
    run.add_argument("--output", action="append", default=[], metavar="NAME=PATH")
    run.add_argument(
        "--settings", help="the stage's settings as JSON or YAML text, or @file (a YAML file)"
    )
    run.add_argument("--list", action="store_true", help="list the stages and their names")
    run.set_defaults(func=_run)
    emulator = commands.add_parser("emulator", help="start the loopback API emulator")
    emulator.add_argument("rest", nargs=argparse.REMAINDER, help="options of the emulator")
    emulator.set_defaults(func=_emulator)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except RefnetError as exc:
        print(f"refnet: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
