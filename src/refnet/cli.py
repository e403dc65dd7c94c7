"""``refnet`` command line: check a review, start the API emulator."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

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


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``refnet`` command."""
    parser = argparse.ArgumentParser(prog="refnet", description=__doc__)
    parser.add_argument("--version", action="version", version=f"refnet {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check refs/review.yaml and read its inputs")
    check.add_argument("config", nargs="?", default="refs/review.yaml")
    check.add_argument("--root", default=".", help="folder the paths in the config start from")
    check.set_defaults(func=_validate)
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
